using Klynge.Core.Coordination;
using Klynge.Core.Data;
using Klynge.Core.Meetings;
using Klynge.Core.Packages;
using Klynge.Core.Registry;
using Klynge.IntegrationTests.Web;
using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Coordination;

/// <summary>
/// The coordinator's desk and shared tasks on the hand-built <see cref="TestRegistry"/>: Karen Dahl coordinates cluster A
/// (Nørregade and Trøjborg), Lars Winther cluster C. Meetings are built by hand so every expected figure is known.
/// </summary>
public class CoordinatorDeskTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 12, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 5, 12);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Due_items_follow_from_what_each_meeting_lacks(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        var r = await TestRegistry.WriteAsync(db);
        var a = r.ClusterA.Id;

        var soon = Add(db, a, new(2026, 5, 20), MeetingStatus.Planned, "Uden pakke og indkaldelse");
        var draft = Add(db, a, new(2026, 6, 30), MeetingStatus.Planned, "Pakken er en kladde");
        var ready = Add(db, a, new(2026, 6, 10), MeetingStatus.Planned, "Alt er klar");
        var lateScheduled = Add(db, a, new(2026, 7, 15), MeetingStatus.Planned, "Pakken udgives efter mødet");
        var noMinutes = Add(db, a, new(2026, 5, 5), MeetingStatus.Held, "Mangler referat og evaluering");
        var noAttendance = Add(db, a, new(2026, 4, 28), MeetingStatus.Planned, "Fremmøde ikke registreret");
        var done = Add(db, a, new(2026, 4, 7), MeetingStatus.Held, "Afsluttet", minutes: "Referat");
        Add(db, a, new(2026, 5, 27), MeetingStatus.Cancelled, "Aflyst");
        Add(db, a, new(2026, 1, 20), MeetingStatus.Planned, "For længe siden");
        Add(db, r.ClusterC.Id, new(2026, 5, 19), MeetingStatus.Planned, "Anden klynge");
        await db.SaveChangesAsync();

        AddPackage(db, draft, publishOn: null);
        AddPackage(db, ready, publishOn: new(2026, 6, 1));
        AddPackage(db, lateScheduled, publishOn: new(2026, 7, 20));
        var anne = Invite(db, draft, r.AnneHolm, r.Norregade);
        var bo = Invite(db, draft, r.BoLund, r.Norregade, RsvpResponse.Yes);
        var karen = Invite(db, draft, r.KarenDahl, r.Trojborg);
        Invite(db, draft, null, null, name: "Eva Lind");
        Invite(db, ready, r.AnneHolm, r.Norregade, RsvpResponse.No);
        Invite(db, lateScheduled, r.AnneHolm, r.Norregade, RsvpResponse.Maybe);
        Invite(db, noMinutes, r.AnneHolm, r.Norregade, attended: true, evaluationSent: true);
        Invite(db, noMinutes, r.KarenDahl, r.Trojborg, attended: true);
        Invite(db, noAttendance, r.AnneHolm, r.Norregade);
        Invite(db, done, r.AnneHolm, r.Norregade, attended: true, evaluationSent: true);
        await db.SaveChangesAsync();

        var desk = (await new CoordinatorDesk(db).LoadAsync(a, Today, Now))!;

        (DueItemKind, DateOnly, int?, bool)[] expected =
        [
            (DueItemKind.SendInvitations, new(2026, 4, 29), soon.Id, true),
            (DueItemKind.RecordAttendance, new(2026, 4, 29), noAttendance.Id, true),
            (DueItemKind.WriteMinutes, new(2026, 5, 5), noAttendance.Id, true),
            (DueItemKind.SendEvaluations, new(2026, 5, 7), noMinutes.Id, true),
            (DueItemKind.OrderPackage, new(2026, 5, 13), soon.Id, false),
            // Due today is not yet overdue.
            (DueItemKind.WriteMinutes, new(2026, 5, 12), noMinutes.Id, false),
            (DueItemKind.PublishPackage, new(2026, 6, 23), draft.Id, false),
            (DueItemKind.PublishPackage, new(2026, 7, 8), lateScheduled.Id, false),
        ];
        Assert.Equal(expected.OrderBy(e => e.Item2).ThenBy(e => e.Item1).ToList(), desk.Due.Select(d => (d.Kind, d.DueOn, d.MeetingId, d.Overdue)).ToList());
        Assert.Equal(4, desk.Overdue.Count());

        Assert.Equal([soon.Id, ready.Id, draft.Id], desk.NextMeetings.Select(m => m.Meeting.Id));
        var d = desk.NextMeetings.Single(m => m.Meeting.Id == draft.Id);
        Assert.Equal((4, 1, 0, 0, 3, false), (d.Invited, d.Yes, d.No, d.Maybe, d.NoAnswer, d.PackagePublished));
        Assert.True(desk.NextMeetings.Single(m => m.Meeting.Id == ready.Id).PackagePublished);

        // Members who have not answered: the guest is left out, and so are answers (no, maybe) and past meetings.
        Assert.Equal([(draft.Id, karen.Id, "Lægehuset Trøjborg", "Karen Dahl"), (draft.Id, anne.Id, "Lægerne Nørregade", "Anne Holm")],
            desk.Unanswered.Select(u => (u.MeetingId, u.InvitationId, u.PracticeName, u.PersonName)));
        Assert.DoesNotContain(desk.Unanswered, u => u.InvitationId == bo.Id);

        // A task with a due date joins the list; one without stays off it.
        var tasks = new ClusterCoordination(db);
        var task = await tasks.CreateTaskAsync(a, "Book lokale", "", new(2026, 5, 1), r.KarenDahl.Id, "karen", Today, Now);
        await tasks.CreateTaskAsync(a, "Overvej nyt emne", "", null, null, "karen", Today, Now);
        desk = (await new CoordinatorDesk(db).LoadAsync(a, Today, Now))!;
        var due = Assert.Single(desk.Due, x => x.Kind == DueItemKind.Task);
        Assert.Equal((task.Id, new DateOnly(2026, 5, 1), true, (int?)r.KarenDahl.Id), (due.TaskId!.Value, due.DueOn, due.Overdue, due.AssignedPersonId));
        Assert.Equal(2, desk.Tasks.Count);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Missed_meetings_are_counted_per_practice_for_this_year_against_the_rule(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        var r = await TestRegistry.WriteAsync(db);
        var a = r.ClusterA.Id;
        (await db.Clusters.SingleAsync(c => c.Id == a)).MaxMissedMeetingsPerYear = 1;
        // Skejby joins in March: the January and February meetings do not count against it.
        db.ClusterMemberships.Add(new ClusterMembership { PracticeId = r.Skejby.Id, ClusterId = a, ValidFrom = new(2026, 3, 15) });

        var lastYear = Add(db, a, new(2025, 11, 4), MeetingStatus.Held, "Sidste år");
        var january = Add(db, a, new(2026, 1, 13), MeetingStatus.Held, "Januar");
        var february = Add(db, a, new(2026, 2, 10), MeetingStatus.Held, "Februar");
        var april = Add(db, a, new(2026, 4, 14), MeetingStatus.Held, "April");
        var noList = Add(db, a, new(2026, 3, 10), MeetingStatus.Planned, "Intet fremmøde registreret");
        var upcoming = Add(db, a, new(2026, 6, 9), MeetingStatus.Planned, "Kommende");
        await db.SaveChangesAsync();

        Invite(db, lastYear, r.AnneHolm, r.Norregade, attended: true);
        Invite(db, lastYear, r.KarenDahl, r.Trojborg);
        Invite(db, january, r.AnneHolm, r.Norregade, attended: true);
        Invite(db, january, r.KarenDahl, r.Trojborg);
        // February: only a guest came; both member practices missed it.
        Invite(db, february, r.AnneHolm, r.Norregade);
        Invite(db, february, null, null, name: "Eva Lind", attended: true);
        // April: one of Nørregade's two GPs is enough; Trøjborg's trainee counts for Trøjborg; Skejby stayed away.
        Invite(db, april, r.AnneHolm, r.Norregade);
        Invite(db, april, r.BoLund, r.Norregade, attended: true);
        Invite(db, april, r.TimRavn, r.Trojborg, attended: true);
        Invite(db, april, r.JensIbsen, r.Skejby);
        Invite(db, noList, r.AnneHolm, r.Norregade);
        Invite(db, upcoming, r.AnneHolm, r.Norregade);
        await db.SaveChangesAsync();

        var desk = (await new CoordinatorDesk(db).LoadAsync(a, Today, Now))!;
        Assert.Equal(
            [("Lægehuset Trøjborg", 3, 2, false, true), ("Lægehuset Skejby", 1, 1, true, false), ("Lægerne Nørregade", 3, 1, true, false)],
            desk.Attendance.Select(x => (x.PracticeName, x.Held, x.Missed, x.AtLimit, x.OverLimit)));
        Assert.Equal(3, desk.AtOrOverLimit.Count());
        Assert.All(desk.Attendance, x => Assert.Equal(1, x.Limit));

        // Without a rule nobody is flagged, though the counts stay.
        (await db.Clusters.SingleAsync(c => c.Id == a)).MaxMissedMeetingsPerYear = null;
        await db.SaveChangesAsync();
        desk = (await new CoordinatorDesk(db).LoadAsync(a, Today, Now))!;
        Assert.Empty(desk.AtOrOverLimit);
        Assert.Equal(2, desk.Attendance.Single(x => x.PracticeId == r.Trojborg.Id).Missed);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Yearly_duties_are_made_once_per_cluster_and_year_for_the_coordinator_and_treasurer(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        var r = await TestRegistry.WriteAsync(db);
        db.ClusterRoles.Add(new ClusterRole { ClusterId = r.ClusterA.Id, PersonId = r.AnneHolm.Id, Kind = ClusterRoleKind.Treasurer, ValidFrom = new(2024, 1, 1) });
        await db.SaveChangesAsync();
        var tasks = new ClusterCoordination(db);

        var made = await tasks.EnsureYearlyTasksAsync(r.ClusterA.Id, 2026, "karen", Today, Now);
        Assert.Equal(
            [
                (ClusterTaskKind.MemberListCheck, "Tjek medlemslisten 2026", new DateOnly(2026, 1, 15), r.KarenDahl.Id),
                (ClusterTaskKind.ActivityReport, "Aktivitetsrapport for 2025", new DateOnly(2026, 1, 31), r.KarenDahl.Id),
                (ClusterTaskKind.AnnualAccounts, "Årsregnskab for 2025", new DateOnly(2026, 2, 28), r.AnneHolm.Id),
                (ClusterTaskKind.Budget, "Budget for 2026 til generalforsamlingen", new DateOnly(2026, 3, 15), r.AnneHolm.Id),
            ],
            (await db.ClusterTasks.AsNoTracking().Where(t => t.ClusterId == r.ClusterA.Id).OrderBy(t => t.DueOn).ToListAsync())
                .Select(t => (t.Kind, t.Title, t.DueOn!.Value, t.AssignedPersonId!.Value)));
        Assert.Equal(4, made.Count);
        Assert.All(made, t => Assert.Equal(2026, t.Year));
        Assert.Empty(await tasks.EnsureYearlyTasksAsync(r.ClusterA.Id, 2026, "karen", Today, Now));
        Assert.Equal(4, await db.ClusterTasks.CountAsync());
        Assert.Equal(4, await db.ClusterTaskEvents.CountAsync(e => e.Kind == ClusterTaskEventKind.Created));

        // A cluster without a treasurer gives the money to its coordinator; another year is another set.
        await tasks.EnsureYearlyTasksAsync(r.ClusterC.Id, 2026, "lars", Today, Now);
        Assert.All(await db.ClusterTasks.Where(t => t.ClusterId == r.ClusterC.Id).ToListAsync(), t => Assert.Equal(r.LarsWinther.Id, t.AssignedPersonId));
        Assert.Equal(4, (await tasks.EnsureYearlyTasksAsync(r.ClusterA.Id, 2027, "karen", Today, Now)).Count);
        Assert.Equal(12, await db.ClusterTasks.CountAsync());

        // Due in January to March 2026, open on 12 May: all four are overdue on the desk.
        var desk = (await new CoordinatorDesk(db).LoadAsync(r.ClusterA.Id, Today, Now))!;
        Assert.Equal(4, desk.Overdue.Count(x => x.Kind == DueItemKind.Task));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Tasks_go_only_to_coordinators_and_board_members_and_every_step_is_kept(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        var r = await TestRegistry.WriteAsync(db);
        var a = r.ClusterA.Id;
        var tasks = new ClusterCoordination(db);

        var task = await tasks.CreateTaskAsync(a, "  Find oplægsholder  ", "Spørg apoteket", new(2026, 6, 1), r.KarenDahl.Id, "karen", Today, Now);
        Assert.Equal(("Find oplægsholder", ClusterTaskStatus.Open, (int?)r.KarenDahl.Id), (task.Title, task.Status, task.AssignedPersonId));

        // Bo Lund has no role in A, and Lars Winther coordinates another cluster.
        await Assert.ThrowsAsync<CoordinationException>(() => tasks.AssignAsync(a, task.Id, r.BoLund.Id, "karen", Today, Now));
        await Assert.ThrowsAsync<CoordinationException>(() => tasks.AssignAsync(a, task.Id, r.LarsWinther.Id, "karen", Today, Now));
        await Assert.ThrowsAsync<CoordinationException>(() => tasks.CreateTaskAsync(a, "Til en fremmed", "", null, r.LarsWinther.Id, "karen", Today, Now));
        await Assert.ThrowsAsync<CoordinationException>(() => tasks.CreateTaskAsync(a, " ", "", null, null, "karen", Today, Now));
        // A task is reached only through its own cluster.
        await Assert.ThrowsAsync<CoordinationException>(() => tasks.CompleteAsync(r.ClusterC.Id, task.Id, "lars", Now));
        db.ChangeTracker.Clear();
        Assert.Equal(r.KarenDahl.Id, (await db.ClusterTasks.AsNoTracking().SingleAsync()).AssignedPersonId);
        Assert.Equal(1, await db.ClusterTasks.CountAsync());

        db.ClusterRoles.Add(new ClusterRole { ClusterId = a, PersonId = r.BoLund.Id, Kind = ClusterRoleKind.BoardMember, ValidFrom = new(2026, 1, 1) });
        await db.SaveChangesAsync();
        Assert.Equal([(r.KarenDahl.Id, "Karen Dahl"), (r.BoLund.Id, "Bo Lund")], (await tasks.AssigneesAsync(a, Today)).Select(x => (x.PersonId, x.Name)));

        await tasks.AssignAsync(a, task.Id, r.BoLund.Id, "karen", Today, Now.AddHours(1));
        Assert.Equal([task.Id], (await tasks.OpenTasksOfAsync(r.BoLund.Id)).Select(t => t.Id));
        Assert.Empty(await tasks.OpenTasksOfAsync(r.KarenDahl.Id));
        await tasks.CompleteAsync(a, task.Id, "bo", Now.AddHours(2));
        await Assert.ThrowsAsync<CoordinationException>(() => tasks.AssignAsync(a, task.Id, r.KarenDahl.Id, "bo", Today, Now.AddHours(3)));
        Assert.Empty(await tasks.OpenTasksOfAsync(r.BoLund.Id));
        await tasks.ReopenAsync(a, task.Id, "karen", Now.AddHours(4));
        await tasks.CompleteAsync(a, task.Id, "karen", Now.AddHours(5));

        db.ChangeTracker.Clear();
        var stored = await db.ClusterTasks.AsNoTracking().SingleAsync();
        Assert.Equal((ClusterTaskStatus.Done, "karen", Now.AddHours(5).UtcDateTime, (int?)r.BoLund.Id), (stored.Status, stored.CompletedBy, stored.CompletedAtUtc!.Value, stored.AssignedPersonId));
        var events = await db.ClusterTaskEvents.AsNoTracking().Where(e => e.TaskId == task.Id).OrderBy(e => e.Id).ToListAsync();
        (ClusterTaskEventKind, string, int?, int?)[] expectedEvents =
            [
                (ClusterTaskEventKind.Created, "karen", null, r.KarenDahl.Id),
                (ClusterTaskEventKind.Assigned, "karen", r.KarenDahl.Id, r.BoLund.Id),
                (ClusterTaskEventKind.Completed, "bo", null, null),
                (ClusterTaskEventKind.Reopened, "karen", null, null),
                (ClusterTaskEventKind.Completed, "karen", null, null),
            ];
        Assert.Equal(expectedEvents, events.Select(e => (e.Kind, e.UserName, e.FromPersonId, e.ToPersonId)));
        Assert.Equal(5, await db.AuditEntries.CountAsync(e => e.Action.StartsWith("task.")));

        var history = (await new CoordinatorDesk(db).LoadAsync(a, Today, Now))!.History;
        Assert.Equal(5, history.Count);
        Assert.Equal((ClusterTaskEventKind.Assigned, "Karen Dahl", "Bo Lund", "Find oplægsholder"),
            history.Where(h => h.TaskEvent == ClusterTaskEventKind.Assigned).Select(h => (h.TaskEvent!.Value, h.FromName!, h.ToName!, h.TaskTitle!)).Single());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Hand_over_ends_the_old_role_starts_the_new_moves_open_tasks_and_deletes_nothing(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        var r = await TestRegistry.WriteAsync(db);
        var a = r.ClusterA.Id;
        db.ClusterRoles.Add(new ClusterRole { ClusterId = a, PersonId = r.AnneHolm.Id, Kind = ClusterRoleKind.Treasurer, ValidFrom = new(2024, 1, 1) });
        await db.SaveChangesAsync();
        var tasks = new ClusterCoordination(db);
        var open1 = await tasks.CreateTaskAsync(a, "Planlæg efterårets møder", "", new(2026, 6, 1), r.KarenDahl.Id, "karen", Today, Now);
        var open2 = await tasks.CreateTaskAsync(a, "Svar regionen", "", null, r.KarenDahl.Id, "karen", Today, Now);
        var closed = await tasks.CreateTaskAsync(a, "Bestil pakke", "", null, r.KarenDahl.Id, "karen", Today, Now);
        await tasks.CompleteAsync(a, closed.Id, "karen", Now);
        var annes = await tasks.CreateTaskAsync(a, "Betal lokaleleje", "", null, r.AnneHolm.Id, "karen", Today, Now);
        var rolesBefore = await db.ClusterRoles.CountAsync();
        var on = new DateOnly(2026, 6, 1);

        // Refused: to oneself, from someone who is not coordinator, to someone outside the cluster, before the role began.
        await Assert.ThrowsAsync<CoordinationException>(() => tasks.HandOverAsync(a, r.KarenDahl.Id, r.KarenDahl.Id, on, "", "karen", Now));
        await Assert.ThrowsAsync<CoordinationException>(() => tasks.HandOverAsync(a, r.AnneHolm.Id, r.TimRavn.Id, on, "", "karen", Now));
        await Assert.ThrowsAsync<CoordinationException>(() => tasks.HandOverAsync(a, r.KarenDahl.Id, r.OleBak.Id, on, "", "karen", Now));
        await Assert.ThrowsAsync<CoordinationException>(() => tasks.HandOverAsync(a, r.KarenDahl.Id, r.TimRavn.Id, TestRegistry.Since, "", "karen", Now));
        db.ChangeTracker.Clear();
        Assert.Equal(rolesBefore, await db.ClusterRoles.CountAsync());
        Assert.Empty(await db.ClusterHandOvers.ToListAsync());
        Assert.Null((await db.ClusterRoles.SingleAsync(x => x.ClusterId == a && x.PersonId == r.KarenDahl.Id)).ValidTo);

        var handOver = await tasks.HandOverAsync(a, r.KarenDahl.Id, r.TimRavn.Id, on, "Nøglen til mødelokalet ligger hos Anne.", "karen", Now.AddMinutes(5));
        Assert.Equal(2, handOver.TasksMoved);

        db.ChangeTracker.Clear();
        var roles = await db.ClusterRoles.AsNoTracking().Where(x => x.ClusterId == a && x.Kind == ClusterRoleKind.Coordinator).OrderBy(x => x.ValidFrom).ToListAsync();
        (int, DateOnly, DateOnly?)[] expectedRoles = [(r.KarenDahl.Id, TestRegistry.Since, on), (r.TimRavn.Id, on, null)];
        Assert.Equal(expectedRoles, roles.Select(x => (x.PersonId, x.ValidFrom, x.ValidTo)));
        Assert.Equal(rolesBefore + 1, await db.ClusterRoles.CountAsync());
        var after = await db.ClusterTasks.AsNoTracking().ToDictionaryAsync(t => t.Id);
        Assert.Equal(4, after.Count);
        Assert.Equal((r.TimRavn.Id, r.TimRavn.Id, r.KarenDahl.Id, r.AnneHolm.Id),
            (after[open1.Id].AssignedPersonId, after[open2.Id].AssignedPersonId, after[closed.Id].AssignedPersonId, after[annes.Id].AssignedPersonId));
        Assert.Equal(ClusterTaskStatus.Done, after[closed.Id].Status);
        var moved = await db.ClusterTaskEvents.AsNoTracking().Where(e => e.Kind == ClusterTaskEventKind.HandedOver).OrderBy(e => e.TaskId).ToListAsync();
        Assert.Equal([(open1.Id, r.KarenDahl.Id, r.TimRavn.Id), (open2.Id, r.KarenDahl.Id, r.TimRavn.Id)], moved.Select(e => (e.TaskId, e.FromPersonId!.Value, e.ToPersonId!.Value)));
        // The tasks' earlier steps are still there.
        Assert.Equal(4, await db.ClusterTaskEvents.CountAsync(e => e.Kind == ClusterTaskEventKind.Created));

        var desk = (await new CoordinatorDesk(db).LoadAsync(a, Today, Now.AddHours(1)))!;
        var entry = desk.History.First();
        Assert.NotNull(entry.HandOver);
        Assert.Equal(("Karen Dahl", "Tim Ravn", "Nøglen til mødelokalet ligger hos Anne.", on), (entry.FromName!, entry.ToName!, entry.HandOver.Note, entry.HandOver.HandOverOn));

        // Before the day Karen still coordinates; from it, only Tim does.
        var karenScope = await Core.Access.AccessScope.ForUserAsync(db, new Core.Access.KlyngeUser { UserName = "karen", PersonId = r.KarenDahl.Id }, [Core.Access.Roles.Coordinator], on.AddDays(-1));
        Assert.True(karenScope.CanUseDesk(a));
        karenScope = await Core.Access.AccessScope.ForUserAsync(db, new Core.Access.KlyngeUser { UserName = "karen", PersonId = r.KarenDahl.Id }, [Core.Access.Roles.Coordinator], on);
        Assert.False(karenScope.CanUseDesk(a));
        var timScope = await Core.Access.AccessScope.ForUserAsync(db, new Core.Access.KlyngeUser { UserName = "tim", PersonId = r.TimRavn.Id }, [Core.Access.Roles.Coordinator], on);
        Assert.True(timScope.CanHandOver(a));
    }

    private static Meeting Add(KlyngeDbContext db, int clusterId, DateOnly day, MeetingStatus status, string title, string minutes = "")
    {
        var meeting = new Meeting
        {
            ClusterId = clusterId, Title = title, Status = status, Minutes = minutes, Venue = "Lægehuset",
            StartsAt = DanishTime.ToUtc(day, new TimeOnly(16, 30)), EndsAt = DanishTime.ToUtc(day, new TimeOnly(19, 0)),
            CreatedBy = "test", CreatedAtUtc = Now.UtcDateTime.AddMonths(-6),
        };
        db.Meetings.Add(meeting);
        return meeting;
    }

    private static void AddPackage(KlyngeDbContext db, Meeting meeting, DateOnly? publishOn) =>
        db.Packages.Add(new ClusterPackage
        {
            ClusterId = meeting.ClusterId, TopicId = "antibiotics", MeetingId = meeting.Id, CutOff = 20254, CreatedBy = "test",
            CreatedAtUtc = Now.UtcDateTime, PublishOn = publishOn, PublishedBy = publishOn is null ? null : "test", Snapshot = "{}",
        });

    private static MeetingInvitation Invite(KlyngeDbContext db, Meeting meeting, Person? person, Practice? practice, RsvpResponse response = RsvpResponse.None,
        bool attended = false, bool evaluationSent = false, string? name = null)
    {
        var invitation = new MeetingInvitation
        {
            MeetingId = meeting.Id, Kind = person is null ? InviteeKind.Guest : InviteeKind.Member, PersonId = person?.Id, PracticeId = practice?.Id,
            Name = name ?? person!.FullName, Email = person?.Email ?? $"{Guid.NewGuid():N}@gaest.test", Token = Guid.NewGuid().ToString("N"),
            InvitedAtUtc = Now.UtcDateTime.AddDays(-30), Response = response, RespondedAtUtc = response == RsvpResponse.None ? null : Now.UtcDateTime.AddDays(-20),
            AttendedAtUtc = attended ? meeting.StartsAt : null, EvaluationSentAtUtc = evaluationSent ? meeting.EndsAt : null,
        };
        db.MeetingInvitations.Add(invitation);
        return invitation;
    }
}
