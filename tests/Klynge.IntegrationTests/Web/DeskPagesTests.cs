using System.Net;
using Klynge.Core.Access;
using Klynge.Core.Coordination;
using Klynge.Core.Data;
using Klynge.Core.Meetings;
using Klynge.Core.Registry;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klynge.IntegrationTests.Web;

/// <summary>The coordinator's desk and "Mine opgaver" over HTTP: who may open and change them, and what they show.</summary>
public class DeskPagesTests
{
    private static string Desk(TestRegistry r) => $"/Clusters/{r.ClusterA.Id}/Desk";

    /// <summary>The yearly duties the desk makes on its first opening: this year's, and from November also next year's.</summary>
    private static int YearlyOnFirstOpening => ClusterCoordination.YearlyDuties.Count * (WebTestHost.Today.Month >= 11 ? 2 : 1);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Coordinator_sees_what_is_due_and_shares_tasks_that_show_under_my_tasks(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        int meetingId;
        await using (var db = host.NewContext())
        {
            // Ten days ahead and nobody invited: the invitations were due three weeks before.
            var day = WebTestHost.Today.AddDays(10);
            var meeting = new Meeting
            {
                ClusterId = r.ClusterA.Id, Title = "Astma og KOL", Venue = "Trøjborg", Status = MeetingStatus.Planned, CreatedBy = "test", CreatedAtUtc = DateTime.UtcNow,
                StartsAt = DanishTime.ToUtc(day, new TimeOnly(16, 30)), EndsAt = DanishTime.ToUtc(day, new TimeOnly(19, 0)),
            };
            db.Meetings.Add(meeting);
            await db.SaveChangesAsync();
            meetingId = meeting.Id;
        }
        var coordinator = await host.LoginAsync(TestRegistry.CoordinatorA);

        var cluster = await WebAssert.TextAsync(await coordinator.GetAsync($"/Clusters/{r.ClusterA.Id}"));
        Assert.Contains($"href=\"{Desk(r)}\"", cluster);
        Assert.Contains("href=\"/Tasks\"", cluster);

        var response = await coordinator.GetAsync(Desk(r));
        WebAssert.Status(HttpStatusCode.OK, response, "the coordinator's desk");
        var page = await WebAssert.TextAsync(response);
        Assert.Contains($"data-due=\"SendInvitations\" data-meeting=\"{meetingId}\" data-task=\"\" data-overdue=\"true\"", page);
        Assert.Contains($"data-due=\"OrderPackage\" data-meeting=\"{meetingId}\"", page);
        Assert.Contains($"data-next=\"{meetingId}\"", page);
        await using (var db = host.NewContext())
        {
            var yearly = await db.ClusterTasks.Where(t => t.ClusterId == r.ClusterA.Id).ToListAsync();
            Assert.Equal(YearlyOnFirstOpening, yearly.Count);
            Assert.All(yearly, t => Assert.Equal(r.KarenDahl.Id, t.AssignedPersonId));
            Assert.Equal(4, yearly.Count(t => t.Year == WebTestHost.Today.Year));
        }
        // Opening again makes nothing new.
        await coordinator.GetAsync(Desk(r));
        await using (var db = host.NewContext()) Assert.Equal(YearlyOnFirstOpening, await db.ClusterTasks.CountAsync());

        var due = WebTestHost.Today.AddDays(5);
        var created = await WebTestHost.PostFormAsync(coordinator, $"{Desk(r)}?handler=Create", new Dictionary<string, string>
        {
            ["title"] = "Book lokale til juni", ["notes"] = "Spørg Trøjborg først", ["dueOn"] = due.ToString("yyyy-MM-dd"), ["assignedPersonId"] = r.KarenDahl.Id.ToString(),
        });
        WebAssert.RedirectsTo(Desk(r), created, "creating a task");
        int taskId;
        await using (var db = host.NewContext())
        {
            var task = await db.ClusterTasks.SingleAsync(t => t.Kind == ClusterTaskKind.Other);
            Assert.Equal(("Book lokale til juni", "Spørg Trøjborg først", (DateOnly?)due, (int?)r.KarenDahl.Id, TestRegistry.CoordinatorA),
                (task.Title, task.Notes, task.DueOn, task.AssignedPersonId, task.CreatedBy));
            taskId = task.Id;
        }
        // A task may not go to a GP without a role; the page says why and nothing changes.
        var refused = await WebTestHost.PostFormAsync(coordinator, $"{Desk(r)}?handler=Assign", new Dictionary<string, string> { ["taskId"] = taskId.ToString(), ["personId"] = r.AnneHolm.Id.ToString() }, Desk(r));
        WebAssert.Status(HttpStatusCode.OK, refused, "assigning to a GP without a role");
        Assert.Contains("Opgaver kan kun gives til klyngens koordinatorer og bestyrelsesmedlemmer.", await WebAssert.TextAsync(refused));
        await using (var db = host.NewContext()) Assert.Equal(r.KarenDahl.Id, (await db.ClusterTasks.SingleAsync(t => t.Id == taskId)).AssignedPersonId);

        var mine = await WebAssert.TextAsync(await coordinator.GetAsync("/Tasks"));
        Assert.Contains($"data-task=\"{taskId}\"", mine);
        Assert.Contains("Book lokale til juni", mine);
        Assert.Contains($"data-desk=\"{r.ClusterA.Id}\"", mine);

        var completed = await WebTestHost.PostFormAsync(coordinator, $"{Desk(r)}?handler=Complete", new Dictionary<string, string> { ["taskId"] = taskId.ToString(), ["back"] = "tasks" }, "/Tasks");
        WebAssert.RedirectsTo("/Tasks", completed, "completing from my tasks");
        await using (var db = host.NewContext())
        {
            var task = await db.ClusterTasks.SingleAsync(t => t.Id == taskId);
            Assert.Equal((ClusterTaskStatus.Done, TestRegistry.CoordinatorA), (task.Status, task.CompletedBy));
            Assert.Equal([ClusterTaskEventKind.Created, ClusterTaskEventKind.Completed],
                await db.ClusterTaskEvents.Where(e => e.TaskId == taskId).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync());
        }
        Assert.DoesNotContain($"data-task=\"{taskId}\"", await WebAssert.TextAsync(await coordinator.GetAsync("/Tasks")));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_board_member_works_at_the_desk_but_only_a_coordinator_hands_over(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        await using (var db = host.NewContext())
        {
            // Nina Krog, the nurse behind the staff log-in, chairs cluster A.
            db.ClusterRoles.Add(new ClusterRole { ClusterId = r.ClusterA.Id, PersonId = r.NinaKrog.Id, Kind = ClusterRoleKind.Chair, ValidFrom = new(2024, 1, 1) });
            await db.SaveChangesAsync();
        }
        var coordinator = await host.LoginAsync(TestRegistry.CoordinatorA);
        WebAssert.RedirectsTo(Desk(r), await WebTestHost.PostFormAsync(coordinator, $"{Desk(r)}?handler=Create", new Dictionary<string, string>
        {
            ["title"] = "Skriv til formanden", ["notes"] = "", ["dueOn"] = "", ["assignedPersonId"] = r.NinaKrog.Id.ToString(),
        }), "giving the chair a task");

        var chair = await host.LoginAsync(TestRegistry.StaffA);
        var home = await WebAssert.TextAsync(await chair.GetAsync("/"));
        Assert.Contains("href=\"/Tasks\"", home);
        var desk = await chair.GetAsync(Desk(r));
        WebAssert.Status(HttpStatusCode.OK, desk, "the chair's desk");
        var page = await WebAssert.TextAsync(desk);
        Assert.Contains("data-list=\"my-tasks\"", page);
        Assert.DoesNotContain("name=\"toPersonId\"", page);
        Assert.Contains("Skriv til formanden", await WebAssert.TextAsync(await chair.GetAsync("/Tasks")));

        var rolesBefore = await RolesAsync(host);
        WebAssert.Refused(await WebTestHost.PostFormAsync(chair, $"{Desk(r)}?handler=HandOver", new Dictionary<string, string>
        {
            ["toPersonId"] = r.NinaKrog.Id.ToString(), ["on"] = WebTestHost.Today.ToString("yyyy-MM-dd"), ["note"] = "",
        }, Desk(r)), "the chair handing over");
        Assert.Equal(rolesBefore, await RolesAsync(host));
        await using (var db = host.NewContext()) Assert.Empty(await db.ClusterHandOvers.ToListAsync());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Hand_over_moves_the_role_the_tasks_and_the_log_in_and_keeps_the_note(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        var today = WebTestHost.Today;
        var karen = await host.LoginAsync(TestRegistry.CoordinatorA);
        WebAssert.Status(HttpStatusCode.OK, await karen.GetAsync(Desk(r)), "the desk before the hand-over");
        int openBefore;
        await using (var db = host.NewContext()) openBefore = await db.ClusterTasks.CountAsync(t => t.AssignedPersonId == r.KarenDahl.Id && t.Status == ClusterTaskStatus.Open);
        Assert.Equal(YearlyOnFirstOpening, openBefore);

        // Anne Holm (the GP log-in) takes over from today.
        var handedOver = await WebTestHost.PostFormAsync(karen, $"{Desk(r)}?handler=HandOver", new Dictionary<string, string>
        {
            ["toPersonId"] = r.AnneHolm.Id.ToString(), ["on"] = today.ToString("yyyy-MM-dd"), ["note"] = "Lokalet er booket til næste møde.",
        }, Desk(r));
        WebAssert.RedirectsTo(Desk(r), handedOver, "handing over");
        await using (var db = host.NewContext())
        {
            var roles = await db.ClusterRoles.Where(x => x.ClusterId == r.ClusterA.Id && x.Kind == ClusterRoleKind.Coordinator).OrderBy(x => x.ValidFrom).ToListAsync();
            (int, DateOnly, DateOnly?)[] expected = [(r.KarenDahl.Id, TestRegistry.Since, today), (r.AnneHolm.Id, today, null)];
            Assert.Equal(expected, roles.Select(x => (x.PersonId, x.ValidFrom, x.ValidTo)));
            Assert.Equal(openBefore, await db.ClusterTasks.CountAsync(t => t.AssignedPersonId == r.AnneHolm.Id && t.Status == ClusterTaskStatus.Open));
            Assert.Equal(0, await db.ClusterTasks.CountAsync(t => t.AssignedPersonId == r.KarenDahl.Id));
            var handOver = await db.ClusterHandOvers.SingleAsync();
            Assert.Equal((r.KarenDahl.Id, r.AnneHolm.Id, "Lokalet er booket til næste møde.", openBefore), (handOver.FromPersonId, handOver.ToPersonId, handOver.Note, handOver.TasksMoved));
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "cluster.hand-over"));
        }
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<KlyngeUser>>();
            Assert.True(await users.IsInRoleAsync((await users.FindByEmailAsync(TestRegistry.GpA))!, Roles.Coordinator));
        }

        // Karen's role ended today, so her desk is closed; Anne's is open and shows the note.
        WebAssert.Refused(await karen.GetAsync(Desk(r)), "the old coordinator after the hand-over");
        var anne = await host.LoginAsync(TestRegistry.GpA);
        var page = await WebAssert.TextAsync(await anne.GetAsync(Desk(r)));
        Assert.Contains("Overdragelse fra Karen Dahl til Anne Holm", page);
        Assert.Contains("Lokalet er booket til næste møde.", page);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task GPs_other_coordinators_partners_and_analysts_are_refused_and_nothing_changes(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        var coordinator = await host.LoginAsync(TestRegistry.CoordinatorA);
        await coordinator.GetAsync(Desk(r));
        WebAssert.RedirectsTo(Desk(r), await WebTestHost.PostFormAsync(coordinator, $"{Desk(r)}?handler=Create", new Dictionary<string, string>
        {
            ["title"] = "Koordinatorens egen", ["notes"] = "", ["dueOn"] = "", ["assignedPersonId"] = r.KarenDahl.Id.ToString(),
        }), "the coordinator's own task");
        int taskId;
        await using (var db = host.NewContext()) taskId = (await db.ClusterTasks.SingleAsync(t => t.Title == "Koordinatorens egen")).Id;
        var before = await SnapshotAsync(host);

        (string Url, Dictionary<string, string> Fields)[] posts =
        [
            ($"{Desk(r)}?handler=Create", new() { ["title"] = "Ubuden", ["assignedPersonId"] = "" }),
            ($"{Desk(r)}?handler=Assign", new() { ["taskId"] = taskId.ToString(), ["personId"] = "" }),
            ($"{Desk(r)}?handler=Complete", new() { ["taskId"] = taskId.ToString() }),
            ($"{Desk(r)}?handler=Reopen", new() { ["taskId"] = taskId.ToString() }),
            ($"{Desk(r)}?handler=HandOver", new() { ["fromPersonId"] = r.KarenDahl.Id.ToString(), ["toPersonId"] = r.AnneHolm.Id.ToString(), ["on"] = WebTestHost.Today.ToString("yyyy-MM-dd") }),
        ];
        foreach (var user in new[] { TestRegistry.GpA, TestRegistry.CoordinatorC, TestRegistry.Partner, TestRegistry.NationalAnalyst, TestRegistry.RegionalAnalyst })
        {
            var client = await host.LoginAsync(user);
            WebAssert.Refused(await client.GetAsync(Desk(r)), $"{user} opening the desk");
            Assert.DoesNotContain($"href=\"{Desk(r)}\"", await WebAssert.TextAsync(await client.GetAsync($"/Clusters/{r.ClusterA.Id}")));
            foreach (var (url, fields) in posts)
                WebAssert.Refused(await WebTestHost.PostFormAsync(client, url, fields, "/Account/Manage"), $"{user} posting {url}");
            // My tasks shows only the user's own: none of A's.
            Assert.DoesNotContain($"data-task=\"{taskId}\"", await WebAssert.TextAsync(await client.GetAsync("/Tasks")));
        }
        Assert.Equal(before, await SnapshotAsync(host));

        WebAssert.Status(HttpStatusCode.NotFound, await coordinator.GetAsync("/Clusters/999/Desk"), "an unknown cluster");
        var admin = await host.LoginAsync(TestRegistry.Admin);
        WebAssert.Status(HttpStatusCode.OK, await admin.GetAsync(Desk(r)), "the admin");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_admin_hands_over_for_any_coordinator(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        var admin = await host.LoginAsync(TestRegistry.Admin);
        var desk = $"/Clusters/{r.ClusterC.Id}/Desk";
        var page = await WebAssert.TextAsync(await admin.GetAsync(desk));
        Assert.Contains($"<option value=\"{r.LarsWinther.Id}\">Lars Winther</option>", page);
        var on = WebTestHost.Today.AddDays(30);
        WebAssert.RedirectsTo(desk, await WebTestHost.PostFormAsync(admin, $"{desk}?handler=HandOver", new Dictionary<string, string>
        {
            ["fromPersonId"] = r.LarsWinther.Id.ToString(), ["toPersonId"] = r.MetteJuhl.Id.ToString(), ["on"] = on.ToString("yyyy-MM-dd"), ["note"] = "",
        }), "the admin handing over");
        await using var db = host.NewContext();
        var roles = await db.ClusterRoles.Where(x => x.ClusterId == r.ClusterC.Id).OrderBy(x => x.ValidFrom).ToListAsync();
        (int, DateOnly?)[] expected = [(r.LarsWinther.Id, on), (r.MetteJuhl.Id, null)];
        Assert.Equal(expected, roles.Select(x => (x.PersonId, x.ValidTo)));
        Assert.Equal(on, roles[1].ValidFrom);
        Assert.Equal(TestRegistry.Admin, (await db.ClusterHandOvers.SingleAsync()).RecordedBy);
        // Lars keeps the desk until the day itself.
        var lars = await host.LoginAsync(TestRegistry.CoordinatorC);
        WebAssert.Status(HttpStatusCode.OK, await lars.GetAsync(desk), "the coordinator before the hand-over day");
    }

    private static async Task<string> RolesAsync(WebTestHost host)
    {
        await using var db = host.NewContext();
        var roles = await db.ClusterRoles.OrderBy(x => x.Id).Select(x => $"{x.Id}:{x.PersonId}:{x.Kind}:{x.ValidFrom}:{x.ValidTo}").ToListAsync();
        return string.Join("|", roles);
    }

    /// <summary>Every row the desk can change: tasks, their events, hand-overs, roles and the audit log.</summary>
    private static async Task<string> SnapshotAsync(WebTestHost host)
    {
        await using var db = host.NewContext();
        var tasks = await db.ClusterTasks.OrderBy(t => t.Id).Select(t => $"{t.Id}:{t.Title}:{t.Status}:{t.AssignedPersonId}:{t.CompletedBy}").ToListAsync();
        var events = await db.ClusterTaskEvents.CountAsync();
        var handOvers = await db.ClusterHandOvers.CountAsync();
        var audit = await db.AuditEntries.CountAsync(a => a.Action.StartsWith("task.") || a.Action.StartsWith("cluster.") || a.Action.StartsWith("user."));
        return $"{string.Join("|", tasks)}#{events}#{handOvers}#{audit}#{await RolesAsync(host)}";
    }
}
