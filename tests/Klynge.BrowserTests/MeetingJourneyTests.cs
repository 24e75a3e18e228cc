using System.Globalization;
using System.Text.RegularExpressions;
using Klynge.Core.Meetings;
using Klynge.Core.Topics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Klynge.BrowserTests;

/// <summary>A coordinator plans a meeting, invites the cluster and records who came, clicked through in Chromium.</summary>
[Collection(KlyngeHostCollection.Name)]
public partial class MeetingJourneyTests(KlyngeHost host)
{
    [GeneratedRegex(@"/Meetings/(\d+)$")]
    private static partial Regex MeetingPage();

    [Fact]
    public async Task Coordinator_plans_a_meeting_invites_and_checks_in_two_people()
    {
        const string test = "meeting";
        var page = await host.NewPageAsync();
        await Journey.LogInAsync(page, "koordinator@klynge-demo.dk");
        await page.Locator("header nav").GetByRole(AriaRole.Link, new() { Name = "Min klynge" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/Clusters/\d+$"));
        await page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Møder", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/Clusters/\d+/Meetings$"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Planlæg et møde" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/Meetings/New$"));

        Assert.Equal("16:30", await page.GetByLabel("Fra", new() { Exact = true }).InputValueAsync());
        Assert.Equal("19:00", await page.GetByLabel("Til", new() { Exact = true }).InputValueAsync());
        Assert.Contains("Dagsorden", await page.GetByLabel("Dagsorden", new() { Exact = true }).InputValueAsync());
        var day = DateOnly.ParseExact(await page.GetByLabel("Dato", new() { Exact = true }).InputValueAsync(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.GetByLabel("Mødested", new() { Exact = true }).FillAsync("Lægehuset, mødelokalet på 1. sal");
        await page.GetByLabel("Plenum", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Gruppearbejde", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Emne fra kataloget").SelectOptionAsync("antibiotics");
        await page.GetByLabel("Problemformulering", new() { Exact = true }).FillAsync("Færre børn med øjenbetændelse skal have antibiotika; vi ser det i næste klyngepakke.");
        await Journey.ScreenshotAsync(page, test, "1-plan-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Planlæg mødet" }).ClickAsync();
        await page.WaitForURLAsync(MeetingPage());
        var meetingId = int.Parse(MeetingPage().Match(page.Url).Groups[1].Value, CultureInfo.InvariantCulture);
        await page.Locator("main .notice[role=status]", new() { HasText = "Mødet er planlagt." }).WaitForAsync();

        var meeting = await host.InDatabaseAsync(db => db.Meetings.AsNoTracking().SingleAsync(m => m.Id == meetingId));
        Assert.Equal(DanishTime.ToUtc(day, MeetingPlan.DefaultStart), meeting.StartsAt);
        Assert.Equal(MeetingFormat.Plenary | MeetingFormat.GroupWork, meeting.Formats);
        Assert.Equal("antibiotics", meeting.TopicId);

        await page.GetByLabel("Gæster (én pr. linje: navn; e-mail; organisation)").FillAsync("Eva Lind; eva.lind@kommune-demo.dk; Kommunen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send invitationer" }).ClickAsync();
        await page.Locator("main .notice[role=status]", new() { HasText = "er inviteret." }).WaitForAsync();
        var invited = await host.InDatabaseAsync(db => db.MeetingInvitations.AsNoTracking().Where(i => i.MeetingId == meetingId).ToListAsync());
        Assert.True(invited.Count >= 3, $"expected the cluster's GPs and the guest, got {invited.Count}");
        Assert.Contains(invited, i => i.Kind == InviteeKind.Guest && i.Email == "eva.lind@kommune-demo.dk");
        await Journey.ScreenshotAsync(page, test, "2-invited");

        var rows = page.Locator("#checkin tbody tr");
        Assert.Equal(invited.Count, await rows.CountAsync());
        var first = int.Parse((await rows.Nth(0).GetAttributeAsync("data-invitation"))!, CultureInfo.InvariantCulture);
        var second = int.Parse((await rows.Nth(1).GetAttributeAsync("data-invitation"))!, CultureInfo.InvariantCulture);
        await rows.Nth(0).Locator("input[type=checkbox]").CheckAsync();
        await rows.Nth(1).Locator("input[type=checkbox]").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Gem fremmøde" }).ClickAsync();
        await page.Locator("main .notice[role=status]", new() { HasText = "Fremmødet er gemt: 2 deltog." }).WaitForAsync();
        await page.Locator("#checkin").ScrollIntoViewIfNeededAsync();
        await Journey.ScreenshotAsync(page, test, "3-checked-in");

        var attended = await host.InDatabaseAsync(db => db.MeetingInvitations.AsNoTracking()
            .Where(i => i.MeetingId == meetingId && i.AttendedAtUtc != null).Select(i => i.Id).ToListAsync());
        Assert.Equal(new[] { first, second }.Order(), attended.Order());
        Assert.Equal(MeetingStatus.Held, await host.InDatabaseAsync(db => db.Meetings.Where(m => m.Id == meetingId).Select(m => m.Status).SingleAsync()));

        await page.GotoAsync($"/Meetings/{meetingId}/Attendance");
        Assert.Equal(invited.Count, await page.Locator("table.attendance tbody tr").CountAsync());
        await Journey.ScreenshotAsync(page, test, "4-attendance-list");
        await page.Context.CloseAsync();
    }

    /// <summary>Plans a meeting in the demo coordinator's cluster through the Core, for pages that need one to exist.</summary>
    public static Task<(int MeetingId, int ClusterId, string Token)> PlanDemoMeetingAsync(KlyngeHost host, string coordinatorEmail) => host.InDatabaseAsync(async db =>
    {
        var personId = await db.Users.Where(u => u.Email == coordinatorEmail).Select(u => u.PersonId).SingleAsync();
        var clusterId = await db.ClusterRoles.Where(r => r.PersonId == personId && r.Kind == Core.Registry.ClusterRoleKind.Coordinator && r.ValidTo == null)
            .Select(r => r.ClusterId).FirstAsync();
        var planner = new MeetingPlanner(db, host.Services.GetRequiredService<TopicLibrary>(), host.BaseAddress.ToString(), "klynge@localhost");
        var day = DateOnly.FromDateTime(DateTime.Today).AddDays(21);
        var meeting = await planner.PlanAsync(new MeetingPlan(clusterId, "Polyfarmaci hos ældre", day, MeetingPlan.DefaultStart, MeetingPlan.DefaultEnd,
            "Lægehuset", "https://meet.example.dk/klynge", MeetingFormat.Plenary | MeetingFormat.CaseDiscussion, "", "Færre ældre med ti eller flere præparater.",
            null, null, "Koordinatoren", false, MeetingTemplates.Get("agenda")!), "axe", DateTimeOffset.UtcNow);
        var invitations = await planner.InviteAsync(meeting.Id, false, [new MeetingGuest("Gæst Gæstesen", "gaest@kommune-demo.dk", "Kommunen")], "axe", DateTimeOffset.UtcNow);
        var guest = invitations.Single(i => i.Kind == InviteeKind.Guest);
        await planner.CheckInAsync(meeting.Id, new HashSet<int> { guest.Id }, "axe", DateTimeOffset.UtcNow);
        await planner.AddActionAsync(meeting.Id, "Gennemgå medicinlister for beboere på plejehjem", null, "Koordinatoren", day.AddDays(30), "axe");
        return (meeting.Id, clusterId, guest.Token);
    });
}
