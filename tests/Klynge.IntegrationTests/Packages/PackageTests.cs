using Klynge.Core.Data;
using Klynge.Core.Indicators;
using Klynge.Core.Mail;
using Klynge.Core.Meetings;
using Klynge.Core.Packages;
using Klynge.Core.Prescribing;
using Klynge.Core.Topics;
using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Packages;

/// <summary>Package snapshots, views, follow-ups and publishing on the hand-built country of <see cref="PackageFixture"/>.</summary>
public class PackageTests
{
    private static readonly TopicLibrary Library = TopicLibrary.Load();
    private static readonly DateTimeOffset Now = new(2026, 2, 15, 9, 0, 0, TimeSpan.Zero);
    private const string Topic = "antibiotics";

    private static PackageIndicator Penicillin(PackageSnapshot s) => s.Indicators.Single(i => i.Id == PackageFixture.Indicator);
    private static ViewIndicator Penicillin(PackageView v) => v.Indicators.Single(i => i.Id == PackageFixture.Indicator);

    // The cluster's packages made before this one, as every view of a package is given them.
    private static async Task<IReadOnlyList<PackageSnapshot>> EarlierAsync(Klynge.Core.Data.KlyngeDbContext db, ClusterPackage package) =>
        [.. (await PackageDisclosure.HistoryAsync(db, package, PackageSnapshot.FromJson(package.Snapshot))).SkipLast(1)];

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Snapshot_freezes_every_practice_cluster_region_and_national_figure(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        var fx = await PackageFixture.SeedAsync(db);

        var package = await new PackageService(db, Library).OrderAsync(fx.Nord.Id, Topic, null, new DateOnly(2026, 3, 10), null, "coordinator", Now);
        var snapshot = PackageSnapshot.FromJson(package.Snapshot);

        Assert.Equal(PackageFixture.CutOff.ToKey(), package.CutOff);
        Assert.Equal(["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"], snapshot.Quarters);
        Assert.Equal("Klynge Nord", snapshot.Cluster.Name);
        Assert.Equal("Region Hovedstaden", snapshot.Cluster.RegionName);
        Assert.False(snapshot.Cluster.OpenData);
        Assert.Equal(["P1", "P2", "P3", "P4"], snapshot.Practices.Select(p => p.Name[^2..]).Order());
        Assert.Equal(["A", "B", "C", "D"], snapshot.Practices.Select(p => p.Letter));
        Assert.False(snapshot.Practices.Single(p => p.Name.EndsWith("P3")).Consented);
        Assert.Equal(Library.Find(Topic)!.Indicators.Select(i => i.Id), snapshot.Indicators.Select(i => i.Id));

        var pen = Penicillin(snapshot);
        Assert.Equal(new PackageFigure(183, 460, 183 / 460.0 * 100), pen.Cluster[^1]! with { Standardised = null });
        Assert.Equal(133, pen.Cluster[0]!.Numerator);
        Assert.Equal((388.0, 960.0), (pen.Region[^1]!.Numerator, pen.Region[^1]!.Denominator));
        Assert.Equal((588.0, 1460.0), (pen.Nation[^1]!.Numerator, pen.Nation[^1]!.Denominator));
        var p1 = snapshot.Practices.Single(p => p.Name.EndsWith("P1")).Id;
        Assert.Equal(55, pen.Practices[p1][^1]!.Value!.Value, 9);
        Assert.Equal(FunnelPosition.Above998, pen.Practices[p1][^1]!.Funnel);
        Assert.True(pen.Practices[fx.Practices["P4"].Id][^1]!.Small);
        // Indicators of the topic without stored results are kept, with empty series.
        Assert.All(snapshot.Indicators.Where(i => i.Id != PackageFixture.Indicator), i => Assert.All(i.Nation, Assert.Null));

        // The national funnel: every practice but the small one (P4), and limits that widen as practices shrink.
        Assert.Equal(7, pen.Funnel.Count);
        Assert.DoesNotContain(pen.Funnel, f => f.Denominator == 10);
        Assert.Equal(100, pen.Limits[0].Denominator, 9);
        Assert.Equal(500, pen.Limits[^1].Denominator, 6);
        var p0 = 588 / 1460.0;
        var at100 = IndicatorStatistics.BinomialLimits(p0, 100);
        // The curves are kept to six significant digits: they are drawn, and listed at the indicator's decimals.
        Assert.Equal(SignificantDigits.Round(at100.Upper998, 6), pen.Limits[0].Upper998);
        Assert.Equal(at100.Upper998, pen.Limits[0].Upper998, 4);
        Assert.True(pen.Limits[0].Upper998 - pen.Limits[0].Lower998 > pen.Limits[^1].Upper998 - pen.Limits[^1].Lower998);
        Assert.All(pen.Limits, l => Assert.InRange(p0 * 100, l.Lower95, l.Upper95));

        Assert.Equal(package.Snapshot, snapshot.ToJson());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_package_reads_the_same_after_the_results_are_replaced(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        var fx = await PackageFixture.SeedAsync(db);
        var service = new PackageService(db, Library);
        var package = await service.OrderAsync(fx.Nord.Id, Topic, null, null, null, "coordinator", Now);
        var before = await service.FindAsync(package.Id);

        await IndicatorResultStore.ReplaceAllAsync(db, PackageFixture.Results(fx.Practices, fx.Nord, fx.Syd, p1Last: 10));
        Assert.Equal(10, (await db.IndicatorResults.SingleAsync(r => r.UnitId == fx.Practices["P1"].ProviderNumber && r.Quarter == PackageFixture.CutOff.ToKey())).Numerator);

        var after = await service.FindAsync(package.Id);
        Assert.Equal(before!.Value.Package.Snapshot, after!.Value.Package.Snapshot);
        Assert.Equal(110, Penicillin(after.Value.Snapshot).Practices[fx.Practices["P1"].Id][^1]!.Numerator);
        // A new package sees the new data.
        var fresh = await service.OrderAsync(fx.Nord.Id, Topic, null, null, null, "coordinator", Now);
        Assert.Equal(10, Penicillin(PackageSnapshot.FromJson(fresh.Snapshot)).Practices[fx.Practices["P1"].Id][^1]!.Numerator);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_member_of_a_closed_cluster_sees_own_practice_named_peers_by_letter_and_no_one_without_consent(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        var fx = await PackageFixture.SeedAsync(db);
        var package = await new PackageService(db, Library).OrderAsync(fx.Nord.Id, Topic, null, null, null, "coordinator", Now);
        var snapshot = PackageSnapshot.FromJson(package.Snapshot);
        var letter = snapshot.Practices.ToDictionary(p => p.Name[^2..], p => p.Letter);

        var view = PackageProjection.For(package, snapshot, PackageAudience.Member, new HashSet<int> { fx.Practices["P1"].Id }, await EarlierAsync(db, package));

        Assert.Equal(
            [("Lægerne P1", true, true), .. new[] { letter["P2"], letter["P4"] }.Order(StringComparer.Ordinal).Select(l => (l, false, false))],
            view.Practices.Select(p => (p.Label, p.Own, p.Named)));
        Assert.Equal(1, view.LeftOut);
        var json = System.Text.Json.JsonSerializer.Serialize(view, PackageSnapshot.Json);
        foreach (var peer in new[] { "P2", "P3", "P4" })
        {
            Assert.DoesNotContain($"Lægerne {peer}", json);
            Assert.DoesNotContain(fx.Practices[peer].ProviderNumber, json);
        }

        var pen = Penicillin(view);
        // P4's 3 of 10 is hidden, with its denominator (a share's denominator is a count, and a closed cluster shows no
        // peer's size). P2's 40 of 100 is hidden with it: the cluster's total (P1 110 + P2 40 + P4 3, P3 without
        // consent left out) less P1's own 110 would give P4's 3.
        Assert.Equal(new ViewFigure(null, null, null, null, null, null, true), pen.Latest(letter["P4"]));
        Assert.Equal(new ViewFigure(null, null, null, null, null, null, true), pen.Latest(letter["P2"]));
        Assert.DoesNotContain(pen.Practices, s => s.Key == letter["P3"]);
        Assert.Equal((153.0, 310.0), (pen.Cluster[^1]!.Numerator, pen.Cluster[^1]!.Denominator));
        Assert.Empty(pen.Funnel);
        // Standing: no peer has a shown value to compare with.
        Assert.Equal(new ClusterStanding(letter["P1"], 0, 0, 0), Assert.Single(pen.Standings));

        // Talking points: P1 beyond the 99.8 % limit and clearly up on 2024-Q4 (30 % -> 55 %); the cluster clearly up
        // (103/310 -> 153/310) and, at 49.4 % of 310 against the national 588/1460 = 40.3 %, beyond the 99.8 % limit.
        Assert.Equal(
            [
                (TalkingPointKind.AboveUpperLimit, letter["P1"]),
                (TalkingPointKind.ClearRise, letter["P1"]),
                (TalkingPointKind.AboveUpperLimit, (string?)null),
                (TalkingPointKind.ClearRise, (string?)null),
            ],
            pen.TalkingPoints.Select(t => (t.Kind, t.PracticeKey)).ToList());
        var clusterRise = pen.TalkingPoints.Single(t => t.PracticeKey is null && t.Kind == TalkingPointKind.ClearRise);
        Assert.Equal(153 / 3.1, clusterRise.Value, 9);
        Assert.Equal(103 / 3.1, clusterRise.Reference!.Value, 9);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Open_clusters_name_peers_analysts_see_everyone_partners_see_no_practice(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        var fx = await PackageFixture.SeedAsync(db);
        var service = new PackageService(db, Library);
        var syd = await service.OrderAsync(fx.Syd.Id, Topic, null, null, null, "coordinator", Now);
        var nord = await service.OrderAsync(fx.Nord.Id, Topic, null, null, null, "analyst", Now);

        var member = PackageProjection.For(syd, PackageSnapshot.FromJson(syd.Snapshot), PackageAudience.Member, new HashSet<int> { fx.Practices["Q1"].Id }, await EarlierAsync(db, syd));
        Assert.Equal(["Lægerne Q1", "Lægerne Q2"], member.Practices.Select(p => p.Label));
        Assert.True(member.Practices.All(p => p.Named));

        var analyst = PackageProjection.For(nord, PackageSnapshot.FromJson(nord.Snapshot), PackageAudience.Analyst, new HashSet<int>(), await EarlierAsync(db, nord));
        Assert.Equal(["Lægerne P1", "Lægerne P2", "Lægerne P3", "Lægerne P4"], analyst.Practices.Select(p => p.Label).Order());
        Assert.Equal(0, analyst.LeftOut);
        Assert.DoesNotContain(analyst.Practices, p => p.Own);

        // The practice without consent still sees itself, named.
        var ownP3 = PackageProjection.For(nord, PackageSnapshot.FromJson(nord.Snapshot), PackageAudience.Member, new HashSet<int> { fx.Practices["P3"].Id }, await EarlierAsync(db, nord));
        Assert.Equal("Lægerne P3", ownP3.Practices[0].Label);
        Assert.Equal(0, ownP3.LeftOut);

        var partner = PackageProjection.For(nord, PackageSnapshot.FromJson(nord.Snapshot), PackageAudience.Partner, new HashSet<int>(), await EarlierAsync(db, nord));
        Assert.Empty(partner.Practices);
        Assert.All(partner.Indicators, i => { Assert.Empty(i.Practices); Assert.Empty(i.Funnel); });
        Assert.Equal(183, Penicillin(partner).Cluster[^1]!.Numerator);
        var json = System.Text.Json.JsonSerializer.Serialize(partner, PackageSnapshot.Json);
        Assert.All(fx.Practices.Values, p => Assert.DoesNotContain(p.ProviderNumber, json));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_follow_up_compares_the_clusters_change_with_the_rest_of_region_and_country(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        var fx = await PackageFixture.SeedAsync(db);
        var service = new PackageService(db, Library);
        var original = await service.OrderAsync(fx.Nord.Id, Topic, new Quarter(2025, 2), null, null, "coordinator", Now);

        // The meeting where the package was used agreed two actions; one from before the package is not carried.
        var planner = new Klynge.Core.Meetings.MeetingPlanner(db, Library, "https://klynge.example", "k@klynge.example");
        Klynge.Core.Meetings.MeetingPlan Plan(DateOnly day) => new(fx.Nord.Id, "", day, new TimeOnly(16, 30), new TimeOnly(19, 0), "Lægehuset", null,
            Klynge.Core.Meetings.MeetingFormat.Plenary, Topic, "", null, null, "", false, "");
        var earlier = await planner.PlanAsync(Plan(new DateOnly(2025, 11, 4)), "coordinator", Now.AddMonths(-4));
        await planner.AddActionAsync(earlier.Id, "Gammel aftale", null, "", null, "coordinator");
        var used = await planner.PlanAsync(Plan(new DateOnly(2026, 3, 3)), "coordinator", Now);
        await planner.AddActionAsync(used.Id, "Fælles brev til dagtilbud", null, "Ida Holm", new DateOnly(2026, 4, 1), "coordinator");
        var own = await planner.AddActionAsync(used.Id, "Gennemgå telefonrecepter", fx.Practices["P1"].Id, "Ida Holm", null, "coordinator");
        await planner.SetActionStatusAsync(own.Id, Klynge.Core.Meetings.ActionStatus.Done, "coordinator", Now);

        var followUp = await service.FollowUpAsync(original.Id, "coordinator", Now);

        Assert.Equal(PackageKind.FollowUp, followUp.Kind);
        Assert.Equal(original.Id, followUp.FollowsPackageId);
        var snapshot = PackageSnapshot.FromJson(followUp.Snapshot);
        Assert.Equal("2025-Q2", snapshot.Baseline);
        Assert.Equal(PackageSnapshot.FromJson(original.Snapshot).Practices.Select(p => (p.Id, p.Letter)), snapshot.Practices.Select(p => (p.Id, p.Letter)));

        Assert.Equal([("Fælles brev til dagtilbud", (int?)null, "open"), ("Gennemgå telefonrecepter", fx.Practices["P1"].Id, "done")],
            snapshot.Actions.Select(a => (a.Text, a.PracticeId, a.Status)));
        // A peer in the closed cluster sees the cluster's action, not P1's own.
        var peerView = PackageProjection.For(followUp, snapshot, PackageAudience.Member, new HashSet<int> { fx.Practices["P2"].Id }, await EarlierAsync(db, followUp));
        Assert.Equal(["Fælles brev til dagtilbud"], peerView.Actions.Select(a => a.Text));
        var change = Penicillin(PackageProjection.For(followUp, snapshot, PackageAudience.Coordinator, new HashSet<int>(), await EarlierAsync(db, followUp))).Change!;
        Assert.Equal(("2025-Q2", "2025-Q4"), (change.Before, change.After));
        // The cluster as its coordinator sees it: P1, P2 and P4 (P3 has not consented), 103/310 before, 153/310 after.
        Assert.Equal(103 / 3.1, change.ClusterBefore!.Value, 9);
        Assert.Equal(153 / 3.1, change.ClusterAfter!.Value, 9);
        // Rest of the region: (318 - 103) / (960 - 310) = 33.08 % before, (388 - 153) / 650 = 36.15 % after.
        Assert.Equal(215 / 6.5, change.RestOfRegionBefore!.Value, 9);
        Assert.Equal(235 / 6.5, change.RestOfRegionAfter!.Value, 9);
        // Rest of the country: (518 - 103) / 1150 = 36.09 % before, (588 - 153) / 1150 = 37.83 % after.
        Assert.Equal(415 / 11.5, change.RestOfCountryBefore!.Value, 9);
        Assert.Equal(435 / 11.5, change.RestOfCountryAfter!.Value, 9);
        Assert.Equal(50 / 3.1 - 20 / 6.5, change.DifferenceFromRegion!.Value, 9);
        Assert.Equal(50 / 3.1 - 20 / 11.5, change.DifferenceFromCountry!.Value, 9);

        // No follow-up before there is a newer quarter.
        var latest = await service.OrderAsync(fx.Nord.Id, Topic, null, null, null, "coordinator", Now);
        var refused = await Assert.ThrowsAsync<PackageException>(() => service.FollowUpAsync(latest.Id, "coordinator", Now));
        Assert.Contains("after 2025-Q4", refused.Message);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Publishing_queues_one_mail_per_person_at_a_member_practice_due_on_the_day(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        var fx = await PackageFixture.SeedAsync(db);
        var service = new PackageService(db, Library);
        var package = await service.OrderAsync(fx.Nord.Id, Topic, null, null, null, "coordinator", Now);

        var queued = await service.PublishAsync(package.Id, new DateOnly(2026, 2, 20), "coordinator", "https://klynge.example/", Now);

        Assert.Equal(2, queued);
        var mails = await db.OutboxMessages.AsNoTracking().OrderBy(m => m.ToAddress).ToListAsync();
        Assert.Equal(["bo.lund@example.dk", "ida.holm@example.dk"], mails.Select(m => m.ToAddress));
        Assert.All(mails, m =>
        {
            Assert.Equal(PackageService.PublishedMailKind, m.Kind);
            Assert.Equal(new DateTime(2026, 2, 20, 7, 0, 0), m.NextAttemptAtUtc);
            Assert.Contains($"https://klynge.example/Packages/{package.Id}", m.TextBody);
            Assert.Equal(MailStatus.Pending, m.Status);
        });
        var stored = await db.Packages.AsNoTracking().SingleAsync(p => p.Id == package.Id);
        Assert.Equal(new DateOnly(2026, 2, 20), stored.PublishOn);
        Assert.False(stored.IsPublishedOn(new DateOnly(2026, 2, 19)));
        Assert.True(stored.IsPublishedOn(new DateOnly(2026, 2, 20)));

        // Moving the date queues nothing more; a date in the past is refused.
        Assert.Equal(0, await service.PublishAsync(package.Id, new DateOnly(2026, 2, 16), "coordinator", "https://klynge.example", Now));
        Assert.Equal(2, await db.OutboxMessages.CountAsync());
        await Assert.ThrowsAsync<PackageException>(() => service.PublishAsync(package.Id, new DateOnly(2026, 2, 1), "coordinator", "x", Now));
        Assert.Equal(3, await db.AuditEntries.CountAsync(a => a.EntityType == "package" && a.EntityId == package.Id.ToString()));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_cut_off_is_the_latest_ended_quarter_with_results_and_a_missing_one_is_refused(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        var fx = await PackageFixture.SeedAsync(db);

        Assert.Equal(new Quarter(2025, 4), await PackageBuilder.LatestCutOffAsync(db, new DateOnly(2026, 1, 1)));
        Assert.Equal(new Quarter(2025, 3), await PackageBuilder.LatestCutOffAsync(db, new DateOnly(2025, 12, 31)));
        var service = new PackageService(db, Library);
        var missing = await Assert.ThrowsAsync<PackageException>(() => service.OrderAsync(fx.Nord.Id, Topic, new Quarter(2026, 1), null, null, "c", Now));
        Assert.Contains("2026-Q1", missing.Message);
        await Assert.ThrowsAsync<PackageException>(() => service.OrderAsync(fx.Nord.Id, "no-such-topic", null, null, null, "c", Now));
        Assert.Equal(0, await db.Packages.CountAsync());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Generating_for_every_cluster_makes_one_package_each(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        var fx = await PackageFixture.SeedAsync(db);
        var reports = new List<(int, int)>();

        var packages = await new PackageService(db, Library).GenerateAllAsync(Topic, null, "analyst", Now, new Direct(reports.Add));

        Assert.Equal([fx.Nord.Id, fx.Syd.Id], packages.Select(p => p.ClusterId));
        Assert.Equal([(1, 2), (2, 2)], reports);
        Assert.Equal(2, await db.Packages.CountAsync());
        var syd = PackageSnapshot.FromJson((await db.Packages.SingleAsync(p => p.ClusterId == fx.Syd.Id)).Snapshot);
        Assert.Equal(95, Penicillin(syd).Cluster[^1]!.Numerator);
    }

    private sealed class Direct(Action<(int, int)> report) : IProgress<(int, int)>
    {
        public void Report((int, int) value) => report(value);
    }
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Past_meetings_get_their_topics_package_at_the_quarter_before_published_a_week_ahead(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        var fx = await PackageFixture.SeedAsync(db);
        var day = new DateOnly(2026, 2, 10);
        var meetings = new[] { fx.Nord, fx.Syd }.Select(c => new Meeting
        {
            ClusterId = c.Id, Title = "Antibiotika", TopicId = Topic, StartsAt = DanishTime.ToUtc(day, new TimeOnly(16, 30)),
            EndsAt = DanishTime.ToUtc(day, new TimeOnly(19, 0)), Status = MeetingStatus.Held, CreatedBy = "test", CreatedAtUtc = Now.UtcDateTime,
        }).ToList();
        db.Meetings.AddRange(meetings);
        await db.SaveChangesAsync();

        var made = await new PackageService(db, Library).PublishForPastMeetingsAsync(
            meetings.Select(m => new PackageService.PastMeeting(m.Id, m.ClusterId, Topic, day)), "demo", Now);

        Assert.Equal(2, made);
        var packages = await db.Packages.AsNoTracking().OrderBy(p => p.ClusterId).ToListAsync();
        Assert.Equal(meetings.Select(m => (int?)m.Id), packages.Select(p => p.MeetingId));
        Assert.All(packages, p =>
        {
            // February 2026 is in 2026-Q1, so the data end with 2025-Q4; published a week before the meeting.
            Assert.Equal(PackageFixture.CutOff.ToKey(), p.CutOff);
            Assert.Equal(day, p.MeetingOn);
            Assert.Equal(new DateOnly(2026, 2, 3), p.PublishOn);
            Assert.Equal("demo", p.PublishedBy);
        });
        // The same figures an order would have given: Nord's penicillin V share in the last quarter.
        Assert.Equal(new PackageFigure(183, 460, 183 / 460.0 * 100), Penicillin(PackageSnapshot.FromJson(packages[0].Snapshot)).Cluster[^1]! with { Standardised = null });
        // The programme counts both meetings as held with a package.
        var rows = await MeetingProgramme.RowsAsync(db, new ProgrammeFilter());
        Assert.Equal([true, true], rows.Select(r => r.PackageUsed));
    }
}
