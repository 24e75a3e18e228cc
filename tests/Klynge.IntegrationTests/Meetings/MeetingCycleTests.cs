using System.Text;
using Ical.Net;
using Klynge.Core.Data;
using Klynge.Core.Meetings;
using Klynge.Core.Topics;
using Klynge.IntegrationTests.Packages;
using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Meetings;

/// <summary>The coordinator's meeting cycle on the small country of <see cref="PackageFixture"/>: Klynge Nord has an owner GP at P1 and a nurse at P2.</summary>
public class MeetingCycleTests
{
    private static readonly TopicLibrary Topics = TopicLibrary.Load();
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Day = new(2026, 4, 14);

    private static MeetingPlanner Planner(KlyngeDbContext db) => new(db, Topics, "https://klynge.example", "koordinator@klynge.example");

    private static MeetingPlan Plan(int clusterId, string venue = "Lægehuset, Havnegade 1") => new(
        clusterId, "", Day, MeetingPlan.DefaultStart, MeetingPlan.DefaultEnd, venue, null,
        MeetingFormat.Plenary | MeetingFormat.GroupWork, "antibiotics", "Flere børn med øjenbetændelse skal klare sig uden antibiotika; vi måler det i næste pakke.",
        null, null, "Ida Holm", false, MeetingTemplates.Get("agenda")!);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_whole_cycle_plan_invite_answer_remind_attend_minutes_actions_evaluation(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        var fx = await PackageFixture.SeedAsync(db);
        var planner = Planner(db);

        var meeting = await planner.PlanAsync(Plan(fx.Nord.Id), "coordinator", Now);
        Assert.Equal("Antibiotika", meeting.Title);
        // 16:30 Danish summer time is 14:30 UTC.
        Assert.Equal(new DateTime(2026, 4, 14, 14, 30, 0), meeting.StartsAt);
        Assert.Equal(new DateTime(2026, 4, 14, 17, 0, 0), meeting.EndsAt);

        var invited = await planner.InviteAsync(meeting.Id, includeStaff: true, [new MeetingGuest("Tove Kommune", "tove@kommune.example", "Aarhus Kommune")], "coordinator", Now);
        Assert.Equal([("ida.holm@example.dk", InviteeKind.Member), ("bo.lund@example.dk", InviteeKind.Staff), ("tove@kommune.example", InviteeKind.Guest)],
            invited.Select(i => (i.Email, i.Kind)));
        // The GP of the other cluster is not invited; inviting again adds no one.
        Assert.Empty(await planner.InviteAsync(meeting.Id, true, [], "coordinator", Now));

        var mails = await db.OutboxMessages.AsNoTracking().Include(m => m.Attachments).Where(m => m.Kind == MeetingPlanner.InvitationMailKind).OrderBy(m => m.Id).ToListAsync();
        Assert.Equal(3, mails.Count);
        var ida = invited.Single(i => i.Kind == InviteeKind.Member);
        var idaMail = mails.Single(m => m.ToAddress == ida.Email);
        Assert.Contains($"https://klynge.example/Rsvp/{ida.Token}?svar=ja", idaMail.TextBody);
        Assert.Contains("kl. 16:30-19:00", idaMail.TextBody);
        var ics = Encoding.UTF8.GetString(Assert.Single(idaMail.Attachments).Content);
        var calendar = Calendar.Load(ics)!;
        Assert.Equal("REQUEST", calendar.Method);
        var e = Assert.Single(calendar.Events);
        Assert.Equal($"meeting-{meeting.Id}@klynge.example", e.Uid);
        Assert.Equal(new DateTime(2026, 4, 14, 14, 30, 0, DateTimeKind.Utc), e.Start!.AsUtc);
        Assert.Equal("Klynge Nord: Antibiotika", e.Summary);
        Assert.Equal("mailto:ida.holm@example.dk", Assert.Single(e.Attendees).Value!.ToString());

        await planner.RespondAsync(ida.Token, RsvpResponse.Yes, Now);
        await planner.RespondAsync(invited.Single(i => i.Kind == InviteeKind.Guest).Token, RsvpResponse.Maybe, Now);
        await Assert.ThrowsAsync<MeetingException>(() => planner.RespondAsync("not-a-token", RsvpResponse.Yes, Now));
        Assert.Equal(1, await planner.RemindAsync(meeting.Id, "coordinator", Now));
        Assert.Equal(0, await planner.RemindAsync(meeting.Id, "coordinator", Now.AddHours(2)));
        Assert.Equal("bo.lund@example.dk", (await db.OutboxMessages.SingleAsync(m => m.Kind == MeetingPlanner.ReminderMailKind)).ToAddress);

        var atMeeting = Now.AddDays(43);
        await planner.CheckInAsync(meeting.Id, new HashSet<int> { ida.Id, invited.Single(i => i.Kind == InviteeKind.Staff).Id }, "coordinator", atMeeting);
        Assert.Equal(MeetingStatus.Held, (await db.Meetings.AsNoTracking().SingleAsync()).Status);
        await planner.RecordMinutesAsync(meeting.Id, "Vi gennemgik pakken.", "coordinator");
        var cluster = await planner.AddActionAsync(meeting.Id, "Fælles brev til dagtilbud", null, "Ida Holm", Day.AddDays(30), "coordinator");
        var p1 = await planner.AddActionAsync(meeting.Id, "Gennemgå telefonrecepter", fx.Practices["P1"].Id, "Ida Holm", Day.AddDays(60), "coordinator");
        await Assert.ThrowsAsync<MeetingException>(() => planner.AddActionAsync(meeting.Id, "Uden for klyngen", fx.Practices["Q1"].Id, "", null, "coordinator"));
        await planner.SetActionStatusAsync(cluster.Id, ActionStatus.Done, "coordinator", atMeeting.AddDays(20));
        Assert.Equal([p1.Id], (await planner.OpenActionsAsync(fx.Nord.Id)).Select(a => a.Id));

        Assert.Equal(2, await planner.SendEvaluationsAsync(meeting.Id, "coordinator", atMeeting));
        Assert.Equal(0, await planner.SendEvaluationsAsync(meeting.Id, "coordinator", atMeeting));
        await planner.SubmitEvaluationAsync(ida.Token, 5, 4, 4, 3, "Godt møde", atMeeting);
        await Assert.ThrowsAsync<MeetingException>(() => planner.SubmitEvaluationAsync(ida.Token, 5, 5, 5, 5, "", atMeeting));
        await Assert.ThrowsAsync<MeetingException>(() => planner.SubmitEvaluationAsync(invited.Single(i => i.Kind == InviteeKind.Guest).Token, 5, 5, 5, 5, "", atMeeting));
        var stored = await db.MeetingEvaluations.AsNoTracking().SingleAsync();
        Assert.Equal(4.0, stored.Mean);
        await planner.SubmitEvaluationAsync(invited.Single(i => i.Kind == InviteeKind.Staff).Token, 4, 3, 3, 2, "", atMeeting);

        // The meeting's programme row, worked out by hand: three invited, Ida and Bo came, two actions of which one is done,
        // and the mean of Ida's 5, 4, 4, 3 and Bo's 4, 3, 3, 2 is 28 / 8. No package was made for it.
        var row = Assert.Single(await MeetingProgramme.RowsAsync(db, new ProgrammeFilter()));
        Assert.Equal((fx.Nord.Id, meeting.Id, meeting.StartsAt, "antibiotics", MeetingFormat.Plenary | MeetingFormat.GroupWork, false, MeetingStatus.Held),
            (row.ClusterId, row.MeetingId, row.StartsAtUtc, row.TopicId, row.Formats, row.PackageUsed, row.Status));
        Assert.Equal((3, 2, 2, 1, 2), (row.Invited, row.Attended, row.ActionsAgreed, row.ActionsDone, row.Evaluations.Count));
        Assert.Equal(3.5, row.EvaluationMean);
        Assert.Equal($"{fx.Nord.Id},{meeting.Id},2026-04-14T14:30:00Z,antibiotics,plenary+group-work,false,3,2,2,1,3.5,1084,held,2",
            string.Join(',', MeetingProgramme.CsvFields(row)));

        Assert.Equal(
            ["meeting.planned", "meeting.invited", "meeting.invited", "meeting.rsvp", "meeting.rsvp", "meeting.reminded", "meeting.reminded",
             "meeting.attendance", "meeting.minutes", "action.added", "action.added", "action.status", "meeting.evaluation-sent", "meeting.evaluation-sent"],
            await db.AuditEntries.Where(a => a.EntityType == "meeting").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Moving_a_meeting_sends_a_newer_invitation_to_those_who_have_not_declined(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        var fx = await PackageFixture.SeedAsync(db);
        var planner = Planner(db);
        var meeting = await planner.PlanAsync(Plan(fx.Nord.Id), "coordinator", Now);
        var invited = await planner.InviteAsync(meeting.Id, true, [], "coordinator", Now);
        await planner.RespondAsync(invited.Single(i => i.Kind == InviteeKind.Staff).Token, RsvpResponse.No, Now);

        await planner.UpdateAsync(meeting.Id, Plan(fx.Nord.Id, venue: "Sundhedshuset"), "coordinator", Now);

        var updates = await db.OutboxMessages.AsNoTracking().Include(m => m.Attachments).Where(m => m.Subject.StartsWith("Ændret")).ToListAsync();
        var update = Assert.Single(updates);
        Assert.Equal("ida.holm@example.dk", update.ToAddress);
        var e = Assert.Single(Calendar.Load(Encoding.UTF8.GetString(update.Attachments[0].Content))!.Events);
        Assert.Equal(1, e.Sequence);
        Assert.Equal("Sundhedshuset", e.Location);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_plans_are_refused_with_a_reason_and_nothing_is_written(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        var fx = await PackageFixture.SeedAsync(db);
        var planner = Planner(db);
        var good = Plan(fx.Nord.Id);

        foreach (var (plan, reason) in new[]
        {
            (good with { Ends = new TimeOnly(16, 0) }, "slutte efter"),
            (good with { Venue = "", OnlineUrl = null }, "mødested"),
            (good with { OnlineUrl = "teams" }, "https://"),
            (good with { TopicId = "no-such-topic" }, "findes ikke i kataloget"),
            (good with { TopicId = "", Title = " " }, "titel"),
            (good with { ContentResponsibleId = 99_999 }, "ansvarlige"),
        })
        {
            var refused = await Assert.ThrowsAsync<MeetingException>(() => planner.PlanAsync(plan, "coordinator", Now));
            Assert.Contains(reason, refused.Message);
        }
        Assert.Equal(0, await db.Meetings.CountAsync());
        var meeting = await planner.PlanAsync(good, "coordinator", Now);
        await Assert.ThrowsAsync<MeetingException>(() => planner.InviteAsync(meeting.Id, false, [new MeetingGuest("X", "not an address", "")], "c", Now));
        Assert.Equal(0, await db.MeetingInvitations.CountAsync());
    }

    [Fact]
    public void Templates_exist_in_Danish_and_fall_back_to_Danish()
    {
        Assert.All(MeetingTemplates.Names, n => Assert.True(MeetingTemplates.Get(n)!.Length > 100, n));
        Assert.StartsWith("# Dagsorden", MeetingTemplates.Get("agenda"));
        Assert.Contains("Agenda", MeetingTemplates.Get("agenda", "en"));
        Assert.Equal(MeetingTemplates.Get("statutes"), MeetingTemplates.Get("statutes", "en"));
        Assert.Null(MeetingTemplates.Get("no-such-template"));
    }
}
