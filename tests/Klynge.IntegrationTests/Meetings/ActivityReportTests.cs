using Klynge.Core.Data;
using Klynge.Core.Funds;
using Klynge.Core.Meetings;
using Klynge.Core.Packages;
using Klynge.Core.Topics;
using Klynge.IntegrationTests.Web;
using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Meetings;

/// <summary>
/// Annual activity reports on hand-built meetings: the figures are checked against counts worked out from the
/// test's own lists, and a report goes from draft to submitted (read-only) to a reopened second version.
/// </summary>
public class ActivityReportTests
{
    private const int Year = 2025;
    private static readonly TopicLibrary Topics = TopicLibrary.Load();
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);

    private static DateTime Utc(int y, int m, int d, int h, int min = 0) => new(y, m, d, h, min, 0, DateTimeKind.Utc);

    /// <summary>One hand-built meeting: whether it belongs to the report is decided by the test, not by the code under test.</summary>
    private sealed record Built(
        string Key, int Cluster, DateTime StartsAt, MeetingStatus Status, MeetingFormat Formats, string TopicId, string Title,
        (InviteeKind Kind, bool Attended)[] Invited, ActionStatus[] Actions, (int P, int D, int C, int A)[] Evaluations, bool InReport);

    private sealed class Seeded
    {
        public int ClusterA, ClusterB;
        public List<Built> Meetings = [];
        public Dictionary<string, int> Ids = [];
        public List<int> ExpectedPackages = [];
    }

    private static async Task<Seeded> SeedAsync(KlyngeDbContext db)
    {
        var registry = await TestRegistry.WriteAsync(db);
        var s = new Seeded { ClusterA = registry.ClusterA.Id, ClusterB = registry.ClusterB.Id };
        var a = s.ClusterA;
        s.Meetings =
        [
            new("m1", a, Utc(2025, 2, 10, 15, 30), MeetingStatus.Held, MeetingFormat.Plenary | MeetingFormat.GroupWork, "antibiotics", "Antibiotika 1",
                [(InviteeKind.Member, true), (InviteeKind.Member, true), (InviteeKind.Member, true), (InviteeKind.Member, false), (InviteeKind.Guest, true)],
                [ActionStatus.Done, ActionStatus.Open], [(4, 5, 3, 4), (2, 3, 4, 5)], true),
            new("m2", a, Utc(2025, 5, 12, 14, 30), MeetingStatus.Held, MeetingFormat.Plenary | MeetingFormat.CaseDiscussion, "antibiotics", "Antibiotika 2",
                [(InviteeKind.Member, true), (InviteeKind.Member, false), (InviteeKind.Member, false), (InviteeKind.Staff, true)],
                [ActionStatus.Done, ActionStatus.Dropped, ActionStatus.Done], [(5, 5, 5, 5)], true),
            // 23:30 Danish time on New Year's Eve: still 2025.
            new("m3", a, Utc(2025, 12, 31, 22, 30), MeetingStatus.Held, MeetingFormat.ExternalSpeaker, "", "Samarbejde med kommunen",
                [(InviteeKind.Member, true), (InviteeKind.Member, true)], [], [], true),
            new("cancelled", a, Utc(2025, 9, 1, 14, 30), MeetingStatus.Cancelled, MeetingFormat.Plenary, "antibiotics", "Aflyst", [], [], [], false),
            new("planned", a, Utc(2025, 11, 3, 15, 30), MeetingStatus.Planned, MeetingFormat.Plenary, "antibiotics", "Ikke holdt", [(InviteeKind.Member, false)], [ActionStatus.Open], [], false),
            // 00:30 Danish time on New Year's Day: already 2026.
            new("next-year", a, Utc(2025, 12, 31, 23, 30), MeetingStatus.Held, MeetingFormat.GroupWork, "", "Nytårsmøde",
                [(InviteeKind.Member, true), (InviteeKind.Member, true)], [ActionStatus.Done], [(1, 1, 1, 1)], false),
            new("last-year", a, Utc(2024, 11, 4, 15, 30), MeetingStatus.Held, MeetingFormat.Plenary, "antibiotics", "Sidste år", [(InviteeKind.Member, true)], [ActionStatus.Done], [], false),
            new("other-cluster", s.ClusterB, Utc(2025, 3, 3, 15, 30), MeetingStatus.Held, MeetingFormat.Plenary, "antibiotics", "B", [(InviteeKind.Member, false)], [ActionStatus.Done], [], false),
        ];
        var n = 0;
        foreach (var b in s.Meetings)
        {
            var meeting = new Meeting { ClusterId = b.Cluster, StartsAt = b.StartsAt, EndsAt = b.StartsAt.AddHours(2.5), Status = b.Status, Formats = b.Formats, TopicId = b.TopicId, Title = b.Title };
            db.Meetings.Add(meeting);
            await db.SaveChangesAsync();
            s.Ids[b.Key] = meeting.Id;
            var invitations = b.Invited.Select(i => new MeetingInvitation
            {
                MeetingId = meeting.Id, Kind = i.Kind, Name = $"Person {++n}", Email = $"p{n}@klynge.test", Token = $"token-{n}",
                InvitedAtUtc = b.StartsAt.AddDays(-14), AttendedAtUtc = i.Attended ? b.StartsAt : null,
            }).ToList();
            db.MeetingInvitations.AddRange(invitations);
            db.AgreedActions.AddRange(b.Actions.Select(st => new AgreedAction { MeetingId = meeting.Id, ClusterId = b.Cluster, Text = $"Aftale {++n}", Status = st }));
            await db.SaveChangesAsync();
            db.MeetingEvaluations.AddRange(b.Evaluations.Select((e, k) => new MeetingEvaluation
            {
                MeetingId = meeting.Id, InvitationId = invitations[k].Id, Productive = e.P, DataUseful = e.D, Commitment = e.C, AgreementEasy = e.A, SubmittedAtUtc = b.StartsAt,
            }));
            await db.SaveChangesAsync();
        }

        ClusterPackage Package(int cluster, int? meetingId, DateOnly? publishOn) => new()
        {
            ClusterId = cluster, TopicId = "antibiotics", MeetingId = meetingId, MeetingOn = publishOn, CutOff = 20244, CreatedAtUtc = Utc(2024, 12, 1, 9),
            CreatedBy = "koordinator", PublishOn = publishOn, Snapshot = "{}",
        };
        var forMeeting = Package(a, s.Ids["m1"], new(2025, 2, 1));
        var publishedInYear = Package(a, null, new(2025, 8, 1));
        var draftForHeldMeeting = Package(a, s.Ids["m2"], null);
        db.Packages.AddRange(forMeeting, publishedInYear, draftForHeldMeeting, Package(a, null, new(2024, 10, 1)), Package(s.ClusterB, null, new(2025, 3, 1)));
        await db.SaveChangesAsync();
        s.ExpectedPackages = [forMeeting.Id, publishedInYear.Id, draftForHeldMeeting.Id];

        var funds = new ClusterFunds(db);
        await funds.SetBudgetAsync(a, Year, 12_000m, "", "kasserer", Now);
        var venue = await funds.AddExpenseAsync(new ExpenseInput(a, new(2025, 2, 10), ExpenseCategory.Venue, 1_250.50m, "Lokale", s.Ids["m1"], "Karen Dahl"), Year, "koordinator", Now);
        await funds.SetStatusAsync(venue.Id, ReimbursementStatus.Approved, "", "kasserer", Now);
        await funds.AddExpenseAsync(new ExpenseInput(a, new(2025, 5, 12), ExpenseCategory.Food, 800m, "Mad", s.Ids["m2"], "Karen Dahl"), Year, "koordinator", Now);
        return s;
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Figures_count_only_the_years_held_meetings_of_the_cluster(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        Seeded s;
        await using (var db = test.NewContext()) s = await SeedAsync(db);

        await using var read = test.NewContext();
        var f = await new ActivityReports(read, Topics).ComputeAsync(s.ClusterA, Year, Now);

        var inReport = s.Meetings.Where(m => m.InReport).ToList();
        Assert.Equal(3, inReport.Count);
        Assert.Equal(inReport.Count, f.MeetingsHeld);
        Assert.Equal(1, f.MeetingsCancelled);
        foreach (var format in new[] { MeetingFormat.Plenary, MeetingFormat.GroupWork, MeetingFormat.CaseDiscussion, MeetingFormat.ExternalSpeaker })
            Assert.Equal(inReport.Count(m => m.Formats.HasFlag(format)), f.Formats.Single(x => x.Format == format).Meetings);
        Assert.Equal([2, 1, 1, 1], f.Formats.Select(x => x.Meetings));

        var antibiotics = Topics.Find("antibiotics")!.Title!.Da;
        Assert.Equal([("antibiotics", antibiotics, 2), ("", "Samarbejde med kommunen", 1)], f.Topics.Select(t => (t.TopicId, t.Title, t.Meetings)));
        Assert.Equal(s.ExpectedPackages.Order(), f.Packages.Select(p => p.PackageId).Order());

        var members = inReport.SelectMany(m => m.Invited).Where(i => i.Kind == InviteeKind.Member).ToList();
        Assert.Equal((members.Count, members.Count(i => i.Attended)), (f.GpsInvited, f.GpsAttended));
        Assert.Equal((9, 6), (f.GpsInvited, f.GpsAttended));
        Assert.Equal(6 / 9.0, f.AttendanceRate!.Value, 12);

        var actions = inReport.SelectMany(m => m.Actions).ToList();
        Assert.Equal((actions.Count, actions.Count(a => a == ActionStatus.Done), actions.Count(a => a == ActionStatus.Dropped)), (f.ActionsAgreed, f.ActionsDone, f.ActionsDropped));
        Assert.Equal(3 / 5.0, f.DoneShare!.Value, 12);
        Assert.Equal(1, f.ActionsOpen);

        var evaluations = inReport.SelectMany(m => m.Evaluations).ToList();
        var e = f.Evaluations!;
        Assert.Equal(evaluations.Count, e.Answers);
        Assert.Equal((4 + 2 + 5) / 3.0, e.Productive, 12);
        Assert.Equal(evaluations.Average(x => x.D), e.DataUseful, 12);
        Assert.Equal(evaluations.Average(x => x.C), e.Commitment, 12);
        Assert.Equal(evaluations.Average(x => x.A), e.AgreementEasy, 12);
        Assert.Equal(evaluations.Average(x => (x.P + x.D + x.C + x.A) / 4.0), e.Overall, 12);

        Assert.Equal((12_000m, 1_250.50m), (f.BudgetDkk, f.SpentDkk));

        var empty = await new ActivityReports(read, Topics).ComputeAsync(s.ClusterA, 2023, Now);
        Assert.Equal((0, 0, (double?)null, (double?)null, (EvaluationMeans?)null), (empty.MeetingsHeld, empty.GpsInvited, empty.AttendanceRate, empty.DoneShare, empty.Evaluations));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_report_is_prefilled_edited_submitted_frozen_and_reopened_as_a_new_version(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        Seeded s;
        await using (var db = test.NewContext()) s = await SeedAsync(db);
        var a = s.ClusterA;

        int firstId;
        await using (var db = test.NewContext())
        {
            var reports = new ActivityReports(db, Topics);
            var draft = await reports.StartAsync(a, Year, "koordinator", Now);
            firstId = draft.Id;
            Assert.Equal((1, ActivityReportStatus.Draft), (draft.Version, draft.Status));
            Assert.StartsWith("I 2025 holdt Klynge Aarhus Nord 3 møder om ", draft.Summary);
            Assert.Contains(Topics.Find("antibiotics")!.Title!.Da, draft.Summary);
            Assert.Contains("6 af 9 invitationer", draft.Summary);
            Assert.Contains("aftalte 5 konkrete ændringer, og 3 er gennemført", draft.Summary);
            // Open actions of the cluster are carried into the plans: m1's open one and the unheld meeting's.
            Assert.Equal(2, draft.PlansNextYear.Split('\n').Count(l => l.StartsWith("- Aftale", StringComparison.Ordinal)));
            Assert.StartsWith("Planer for 2026:", draft.PlansNextYear);
            Assert.Equal(draft.Id, (await reports.StartAsync(a, Year, "koordinator", Now)).Id);

            await reports.SaveAsync(a, Year, "Et godt år med fokus på antibiotika.", "Vi tager KOL op i 2026.", "koordinator", Now);
            await Assert.ThrowsAsync<ActivityReportException>(() => reports.ReopenAsync(a, Year, "koordinator", Now));
            var submitted = await reports.SubmitAsync(a, Year, "koordinator", Now.AddDays(1));
            Assert.Equal((ActivityReportStatus.Submitted, "koordinator"), (submitted.Status, submitted.SubmittedBy));
        }

        await using (var db = test.NewContext())
        {
            var reports = new ActivityReports(db, Topics);
            await Assert.ThrowsAsync<ActivityReportException>(() => reports.SaveAsync(a, Year, "Ændret bagefter", "", "koordinator", Now));
            await Assert.ThrowsAsync<ActivityReportException>(() => reports.SubmitAsync(a, Year, "koordinator", Now));
            // A meeting recorded after submission does not change what was sent.
            db.Meetings.Add(new Meeting { ClusterId = a, StartsAt = Utc(2025, 10, 6, 14, 30), EndsAt = Utc(2025, 10, 6, 17), Status = MeetingStatus.Held, Title = "Efterregistreret" });
            await db.SaveChangesAsync();
        }

        await using (var db = test.NewContext())
        {
            var v1 = await db.ActivityReports.SingleAsync();
            Assert.Equal(("Et godt år med fokus på antibiotika.", "Vi tager KOL op i 2026.", ActivityReportStatus.Submitted), (v1.Summary, v1.PlansNextYear, v1.Status));
            Assert.Equal(3, ActivityReports.FiguresOf(v1)!.MeetingsHeld);

            var v2 = await new ActivityReports(db, Topics).ReopenAsync(a, Year, "koordinator", Now.AddDays(2));
            Assert.Equal((2, ActivityReportStatus.Draft, v1.Summary, v1.PlansNextYear), (v2.Version, v2.Status, v2.Summary, v2.PlansNextYear));
            Assert.Equal(4, ActivityReports.FiguresOf(v2)!.MeetingsHeld);
        }

        await using (var db = test.NewContext())
        {
            var reports = new ActivityReports(db, Topics);
            await reports.SaveAsync(a, Year, "Rettet resumé", "Rettede planer", "koordinator", Now.AddDays(3));
            var versions = await reports.VersionsAsync(a, Year);
            Assert.Equal([2, 1], versions.Select(v => v.Version));
            Assert.Equal("Rettet resumé", versions[0].Summary);
            var v1 = versions.Single(v => v.Id == firstId);
            Assert.Equal(("Et godt år med fokus på antibiotika.", 3), (v1.Summary, ActivityReports.FiguresOf(v1)!.MeetingsHeld));
            var audit = (await db.AuditEntries.Where(x => x.Action.StartsWith("report.")).Select(x => x.Action).ToListAsync()).Order().ToList();
            Assert.Equal(["report.reopened", "report.saved", "report.saved", "report.started", "report.submitted"], audit);
        }
    }
}
