using System.Text;
using Klynge.Core.Demo;
using Klynge.Core.Registry;

namespace Klynge.Core.Tests.Demo;

/// <summary>
/// Checks the generated country against the published KiAP figures (November 2019). Every figure
/// is recomputed here from the raw lists, independently of <see cref="DemoCountrySummary"/>.
/// </summary>
public class DemoCountryGeneratorTests
{
    private static readonly DateOnly Today = new(2025, 6, 1);
    private static readonly Lazy<DemoCountry> Default = new(() => DemoCountryGenerator.Generate(DemoCountryGenerator.DefaultSeed, Today));
    private static readonly Dictionary<int, DemoCountry> BySeed = [];

    private static DemoCountry Country(int seed)
    {
        if (seed == DemoCountryGenerator.DefaultSeed) return Default.Value;
        lock (BySeed)
        {
            if (!BySeed.TryGetValue(seed, out var country))
                BySeed[seed] = country = DemoCountryGenerator.Generate(seed, Today);
            return country;
        }
    }

    public static TheoryData<int> Seeds => new() { DemoCountryGenerator.DefaultSeed, 1, 7, 42, 4711 };

    private sealed record ClusterSize(Cluster Cluster, List<Practice> Members, int Gps, int Patients, int Coordinators);

    private static List<ClusterSize> Sizes(DemoCountry c)
    {
        var result = new List<ClusterSize>();
        var practices = c.Practices.ToDictionary(p => p.Id);
        var currentMemberships = c.Memberships.Where(m => m.ValidFrom <= Today && (m.ValidTo is null || m.ValidTo > Today)).ToList();
        var currentGps = c.Affiliations.Where(a => a.ValidFrom <= Today && (a.ValidTo is null || a.ValidTo > Today)
                                                   && (a.Role == PracticeRole.OwnerGp || a.Role == PracticeRole.EmployedGp)).ToList();
        foreach (var cluster in c.Clusters)
        {
            var members = currentMemberships.Where(m => m.ClusterId == cluster.Id).Select(m => practices[m.PracticeId])
                .Where(p => p.ClosedOn is null || p.ClosedOn > Today).Distinct().ToList();
            var memberIds = members.Select(p => p.Id).ToHashSet();
            var gps = currentGps.Where(a => memberIds.Contains(a.PracticeId)).Select(a => a.PersonId).Distinct().Count();
            var coordinators = c.Roles.Count(r => r.ClusterId == cluster.Id && r.Kind == ClusterRoleKind.Coordinator
                                                  && r.ValidFrom <= Today && (r.ValidTo is null || r.ValidTo > Today));
            result.Add(new ClusterSize(cluster, members, gps, members.Sum(p => p.ListedPatients), coordinators));
        }
        return result;
    }

    private static string Fingerprint(DemoCountry c)
    {
        var sb = new StringBuilder();
        foreach (var p in c.Practices)
            sb.AppendLine($"P{p.Id}|{p.ProviderNumber}|{p.Name}|{p.Address}|{p.PostalCode}|{p.City}|{p.MunicipalityCode}|{p.OpenedOn}|{p.ClosedOn}|{p.OrganisationForm}|{p.ListedPatients}|{p.Email}");
        foreach (var p in c.People) sb.AppendLine($"H{p.Id}|{p.FirstName}|{p.LastName}|{p.Email}|{p.Phone}");
        foreach (var a in c.Affiliations) sb.AppendLine($"A{a.Id}|{a.PersonId}|{a.PracticeId}|{a.Role}|{a.ValidFrom}|{a.ValidTo}|{a.TakesPartInClusterWork}");
        foreach (var k in c.Clusters)
            sb.AppendLine($"C{k.Id}|{k.Name}|{k.RegionCode}|{k.MainMunicipalityCode}|{k.FoundedOn}|{k.DataSharing}|{k.MaxMissedMeetingsPerYear}|{k.Rules}");
        foreach (var m in c.ClusterMunicipalities) sb.AppendLine($"CM{m.ClusterId}|{m.MunicipalityCode}");
        foreach (var m in c.Memberships) sb.AppendLine($"M{m.Id}|{m.PracticeId}|{m.ClusterId}|{m.ValidFrom}|{m.ValidTo}");
        foreach (var r in c.Roles) sb.AppendLine($"R{r.Id}|{r.ClusterId}|{r.PersonId}|{r.Kind}|{r.ValidFrom}|{r.ValidTo}");
        foreach (var d in c.Consents) sb.AppendLine($"D{d.Id}|{d.PracticeId}|{d.Given}|{d.On}|{d.RecordedBy}");
        foreach (var g in c.Guilds) sb.AppendLine($"G{g.Id}|{g.Name}|{g.MunicipalityCode}");
        foreach (var g in c.GuildMemberships) sb.AppendLine($"GM{g.Id}|{g.GuildId}|{g.PracticeId}|{g.ValidFrom}|{g.ValidTo}");
        return sb.ToString();
    }

    [Fact]
    public void Same_seed_gives_an_identical_country_and_another_seed_a_different_one()
    {
        var first = Fingerprint(DemoCountryGenerator.Generate(99, Today));
        var again = Fingerprint(DemoCountryGenerator.Generate(99, Today));
        var other = Fingerprint(DemoCountryGenerator.Generate(100, Today));

        Assert.True(first.Length > 1_000_000, $"fingerprint only {first.Length} characters");
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Theory, MemberData(nameof(Seeds))]
    public void Cluster_sizes_follow_the_published_distribution(int seed)
    {
        var sizes = Sizes(Country(seed));

        Assert.Equal(114, sizes.Count);
        Assert.Equal(Enumerable.Range(1, 114), sizes.Select(s => s.Cluster.Id).Order());
        Assert.InRange(sizes.Average(s => s.Gps), 26.0, 32.0);
        Assert.InRange(sizes.Average(s => s.Patients), 44_000.0, 52_000.0);
        Assert.All(sizes, s => Assert.InRange(s.Gps, 10, 73));
        Assert.All(sizes, s => Assert.InRange(s.Patients, 17_000, 110_000));
        Assert.InRange(sizes.Count(s => s.Patients > 60_000) / 114.0, 0.15, 0.25);
        Assert.True(sizes.Count(s => s.Gps is >= 10 and <= 40) / 114.0 >= 0.70);
    }

    [Theory, MemberData(nameof(Seeds))]
    public void Totals_match_Denmark(int seed)
    {
        var c = Country(seed);
        var open = c.Practices.Where(p => p.ClosedOn is null || p.ClosedOn > Today).ToList();
        var openIds = open.Select(p => p.Id).ToHashSet();
        var current = c.Affiliations.Where(a => openIds.Contains(a.PracticeId) && a.ValidFrom <= Today && (a.ValidTo is null || a.ValidTo > Today)).ToList();
        var gps = current.Where(a => a.Role is PracticeRole.OwnerGp or PracticeRole.EmployedGp).Select(a => a.PersonId).Distinct().Count();
        var trainees = current.Count(a => a.Role == PracticeRole.TraineeGp);
        var patients = open.Sum(p => (long)p.ListedPatients);
        var population = ReferenceData.Municipalities.Sum(m => (long)m.Population);

        Assert.InRange(open.Count, 1_700, 1_800);
        Assert.InRange(gps, 3_200, 3_450);
        Assert.InRange(trainees, 50, 400);
        Assert.InRange(patients, 5_300_000, 5_700_000);
        Assert.InRange((double)patients / population, 0.91, 0.95);
        Assert.InRange((double)patients / gps, 1_500, 1_800);
        Assert.InRange(open.Count(p => p.OrganisationForm == OrganisationForm.Solo) / (double)open.Count, 0.38, 0.47);
        Assert.Contains(open, p => p.OrganisationForm == OrganisationForm.Shared);
        var gpsPerPractice = current.Where(a => a.Role is PracticeRole.OwnerGp or PracticeRole.EmployedGp).GroupBy(a => a.PracticeId).Select(g => g.Count()).ToList();
        Assert.Equal(1, gpsPerPractice.Min());
        Assert.True(gpsPerPractice.Max() >= 6);
        var staffPerPractice = current.Where(a => !a.Role.IsGp()).GroupBy(a => a.PracticeId).Select(g => g.Count()).ToList();
        Assert.InRange(staffPerPractice.Average(), 2.0, 4.0);
        Assert.InRange(current.Count(a => !a.Role.IsGp() && a.TakesPartInClusterWork) / (double)current.Count(a => !a.Role.IsGp()), 0.15, 0.40);

        // Listed patients follow the population municipality by municipality.
        foreach (var m in ReferenceData.Municipalities)
            Assert.InRange(open.Where(p => p.MunicipalityCode == m.Code).Sum(p => p.ListedPatients) / (double)m.Population, 0.90, 0.96);
    }

    [Theory, MemberData(nameof(Seeds))]
    public void Provider_numbers_are_unique_six_digit_numbers(int seed)
    {
        var numbers = Country(seed).Practices.Select(p => p.ProviderNumber).ToList();

        Assert.All(numbers, n => Assert.Matches("^[0-9]{6}$", n));
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }

    [Theory, MemberData(nameof(Seeds))]
    public void A_practice_is_in_at_most_one_cluster_on_any_day_and_almost_every_open_practice_is_a_member(int seed)
    {
        var c = Country(seed);
        foreach (var rows in c.Memberships.GroupBy(m => m.PracticeId))
        {
            var list = rows.ToList();
            for (var i = 0; i < list.Count; i++)
            {
                Assert.True(list[i].ValidTo is null || list[i].ValidTo > list[i].ValidFrom);
                for (var j = i + 1; j < list.Count; j++)
                    Assert.False(Validity.Overlaps(list[i].ValidFrom, list[i].ValidTo, list[j].ValidFrom, list[j].ValidTo),
                        $"practice {rows.Key} has overlapping memberships {list[i].Id} and {list[j].Id}");
            }
        }
        var open = c.Practices.Where(p => p.IsOpenOn(Today)).ToList();
        var members = open.Count(p => c.Memberships.Any(m => m.PracticeId == p.Id && m.IsValidOn(Today)));
        Assert.InRange(members / (double)open.Count, 0.975, 0.995);

        // History: some practices moved cluster, some left; their old rows are kept and closed.
        var moved = c.Memberships.GroupBy(m => m.PracticeId).Count(g => g.Select(m => m.ClusterId).Distinct().Count() > 1);
        var left = open.Count(p => c.Memberships.Any(m => m.PracticeId == p.Id) && !c.Memberships.Any(m => m.PracticeId == p.Id && m.ValidTo is null));
        Assert.InRange(moved, 2, 60);
        Assert.InRange(left, 2, 30);
    }

    [Theory, MemberData(nameof(Seeds))]
    public void Closed_practices_closed_recently_and_have_no_current_membership(int seed)
    {
        var c = Country(seed);
        var closed = c.Practices.Where(p => p.ClosedOn is not null).ToList();

        Assert.InRange(closed.Count, 5, 25);
        Assert.All(closed, p => Assert.InRange(p.ClosedOn!.Value, Today.AddYears(-2), Today));
        foreach (var p in closed)
        {
            var rows = c.Memberships.Where(m => m.PracticeId == p.Id).ToList();
            Assert.NotEmpty(rows);
            Assert.All(rows, m => Assert.True(m.ValidTo is { } to && to <= p.ClosedOn, $"membership {m.Id} of closed practice {p.Id} runs on"));
            Assert.All(c.Affiliations.Where(a => a.PracticeId == p.Id), a => Assert.True(a.ValidTo is { } to && to <= p.ClosedOn));
        }
    }

    [Theory, MemberData(nameof(Seeds))]
    public void Coordinators_are_GPs_of_member_practices_and_about_a_third_of_clusters_share_coordination(int seed)
    {
        var c = Country(seed);
        var sizes = Sizes(c);

        Assert.All(sizes, s => Assert.InRange(s.Coordinators, 1, 3));
        Assert.InRange(sizes.Count(s => s.Coordinators >= 2) / 114.0, 0.22, 0.46);
        foreach (var role in c.Roles)
        {
            // Whoever holds a role is a GP at a practice that is a member of that cluster on the role's first day.
            var day = role.ValidFrom;
            Assert.Contains(c.Affiliations, a => a.PersonId == role.PersonId && a.Role.IsGp() && a.IsValidOn(day)
                && c.Memberships.Any(m => m.PracticeId == a.PracticeId && m.ClusterId == role.ClusterId && m.IsValidOn(day)));
        }
        var handOvers = c.Roles.Count(r => r.Kind == ClusterRoleKind.Coordinator && r.ValidTo is not null);
        Assert.InRange(handOvers, 1, 20);
        Assert.True(c.Roles.Count(r => r.Kind == ClusterRoleKind.Chair) >= 60);
        Assert.True(c.Roles.Count(r => r.Kind == ClusterRoleKind.Treasurer) >= 60);
        Assert.All(c.Roles.GroupBy(r => (r.ClusterId, r.PersonId)), g => Assert.Single(g));
    }

    [Theory, MemberData(nameof(Seeds))]
    public void Clusters_cover_merged_small_municipalities_and_split_big_cities(int seed)
    {
        var c = Country(seed);
        int ClustersIn(int code) => c.Clusters.Count(k => k.MainMunicipalityCode == code);

        Assert.InRange(ClustersIn(101), 5, 15);
        Assert.InRange(ClustersIn(751), 3, 8);
        Assert.InRange(ClustersIn(461), 2, 5);
        Assert.InRange(ClustersIn(851), 2, 5);
        foreach (var (small, neighbour) in new[] { (825, 813), (563, 561), (741, 727), (492, 479) })
        {
            Assert.Equal(0, ClustersIn(small));
            var coveringClusters = c.ClusterMunicipalities.Where(m => m.MunicipalityCode == small).Select(m => m.ClusterId).ToList();
            var covering = Assert.Single(coveringClusters);
            Assert.Equal(neighbour, c.Clusters.Single(k => k.Id == covering).MainMunicipalityCode);
            var practices = c.Practices.Where(p => p.MunicipalityCode == small && p.IsOpenOn(Today)).Select(p => p.Id).ToHashSet();
            Assert.All(c.Memberships.Where(m => practices.Contains(m.PracticeId) && m.IsValidOn(Today)), m => Assert.Equal(covering, m.ClusterId));
        }
        Assert.All(c.Clusters, k => Assert.StartsWith("Klynge ", k.Name));
        Assert.Equal(114, c.Clusters.Select(k => k.Name).Distinct().Count());
        Assert.All(c.Clusters, k => Assert.InRange(k.FoundedOn.Year, 2018, 2019));
        Assert.All(c.Clusters, k => Assert.Equal(ReferenceData.Municipalities.Single(m => m.Code == k.MainMunicipalityCode).RegionCode, k.RegionCode));
        Assert.InRange(c.Clusters.Count(k => k.DataSharing == DataSharing.Open) / 114.0, 0.45, 0.75);
        Assert.True(c.Clusters.Count(k => k.MaxMissedMeetingsPerYear == 1) > 57);
        Assert.True(c.Clusters.Count(k => k.Rules.Length > 0) > 57);
    }

    [Theory, MemberData(nameof(Seeds))]
    public void Consents_and_guilds_are_realistic(int seed)
    {
        var c = Country(seed);
        var latest = c.Consents.GroupBy(d => d.PracticeId).ToDictionary(g => g.Key, g => g.OrderBy(d => d.On).ThenBy(d => d.Id).Last());
        var members = c.Practices.Where(p => p.IsOpenOn(Today) && c.Memberships.Any(m => m.PracticeId == p.Id && m.IsValidOn(Today))).ToList();

        Assert.All(members, p => Assert.True(latest.ContainsKey(p.Id), $"member practice {p.Id} has no consent row"));
        Assert.InRange(members.Count(p => latest[p.Id].Given) / (double)members.Count, 0.92, 0.98);
        Assert.Contains(c.Consents.GroupBy(d => d.PracticeId), g => g.Count() == 2 && g.First().Given && !g.Last().Given);

        Assert.InRange(c.Guilds.Count, 80, 98);
        var guildMembers = c.GuildMemberships.Where(g => g.ValidTo is null).Select(g => g.PracticeId).ToHashSet();
        var open = c.Practices.Where(p => p.IsOpenOn(Today)).ToList();
        Assert.InRange(open.Count(p => guildMembers.Contains(p.Id)) / (double)open.Count, 0.70, 0.85);
    }

    [Fact]
    public void People_have_Danish_names_and_unique_demo_email_addresses()
    {
        var c = Default.Value;
        var surnames = c.People.GroupBy(p => p.LastName).OrderByDescending(g => g.Count()).Select(g => g.Key).Take(3).ToList();
        var emails = c.People.Where(p => p.Email is not null).Select(p => p.Email!).ToList();
        var gpIds = c.Affiliations.Where(a => a.Role.IsGp() && a.ValidTo is null).Select(a => a.PersonId).ToHashSet();

        Assert.Subset(new HashSet<string> { "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen" }, surnames.ToHashSet());
        Assert.All(emails, e => Assert.Matches("^[a-z0-9.-]+@klynge-demo\\.dk$", e));
        Assert.Equal(emails.Count, emails.Distinct().Count());
        Assert.All(c.People.Where(p => gpIds.Contains(p.Id)), p => Assert.NotNull(p.Email));
        Assert.Contains(c.Practices, p => p.Name.StartsWith("Lægerne ", StringComparison.Ordinal));
        Assert.Contains(c.Practices, p => p.Name.StartsWith("Lægehuset i ", StringComparison.Ordinal));
        Assert.Contains(c.Practices, p => p.Name.StartsWith("Læge ", StringComparison.Ordinal) && p.OrganisationForm == OrganisationForm.Solo);
        Assert.All(c.Practices, p => Assert.Matches("^[0-9]{4}$", p.PostalCode));
    }

    [Theory, MemberData(nameof(Seeds))]
    public void Summary_agrees_with_figures_computed_from_the_lists(int seed)
    {
        var c = Country(seed);
        var summary = DemoCountrySummary.From(c);
        var sizes = Sizes(c);
        var open = c.Practices.Where(p => p.IsOpenOn(Today)).ToList();

        Assert.Equal(114, summary.Clusters);
        Assert.Equal(open.Count, summary.OpenPractices);
        Assert.Equal(c.Practices.Count - open.Count, summary.ClosedPractices);
        Assert.Equal(open.Sum(p => (long)p.ListedPatients), summary.ListedPatients);
        Assert.Equal(sizes.Average(s => s.Gps), summary.MeanClusterGps, 9);
        Assert.Equal(sizes.Min(s => s.Gps), summary.MinClusterGps);
        Assert.Equal(sizes.Max(s => s.Gps), summary.MaxClusterGps);
        Assert.Equal(sizes.Average(s => s.Patients), summary.MeanClusterPatients, 6);
        Assert.Equal(sizes.Min(s => s.Patients), summary.MinClusterPatients);
        Assert.Equal(sizes.Max(s => s.Patients), summary.MaxClusterPatients);
        Assert.Equal(sizes.Count(s => s.Patients > 60_000) / 114.0, summary.ShareAbove60000Patients, 9);
        Assert.Equal(sizes.Count(s => s.Gps is >= 10 and <= 40) / 114.0, summary.Share10To40Gps, 9);
        Assert.Equal(sizes.Count(s => s.Coordinators >= 2) / 114.0, summary.SharedCoordinationShare, 9);
        Assert.Equal(c.Guilds.Count, summary.Guilds);
    }

    [Fact]
    public void Personas_are_a_GP_staff_member_and_coordinator_of_one_closed_cluster_in_Midtjylland()
    {
        var c = Default.Value;
        var personas = DemoPersonas.Find(c);
        var cluster = c.Clusters.Single(k => k.Id == personas.ClusterId);
        bool WorksAt(int person, int practice, Func<PracticeRole, bool> role) =>
            c.Affiliations.Any(a => a.PersonId == person && a.PracticeId == practice && role(a.Role) && a.IsValidOn(Today));

        Assert.Equal(1082, cluster.RegionCode);
        Assert.Equal(DataSharing.Closed, cluster.DataSharing);
        Assert.True(c.Roles.Count(r => r.ClusterId == cluster.Id && r.Kind == ClusterRoleKind.Coordinator && r.IsValidOn(Today)) >= 2);
        Assert.Contains(c.Memberships, m => m.PracticeId == personas.PracticeId && m.ClusterId == cluster.Id && m.IsValidOn(Today));
        Assert.True(WorksAt(personas.GpPersonId, personas.PracticeId, r => r == PracticeRole.OwnerGp));
        Assert.True(WorksAt(personas.StaffPersonId, personas.PracticeId, r => !r.IsGp()));
        Assert.Contains(c.Roles, r => r.PersonId == personas.CoordinatorPersonId && r.ClusterId == cluster.Id
                                      && r.Kind == ClusterRoleKind.Coordinator && r.IsValidOn(Today));
        Assert.DoesNotContain(c.Roles, r => r.PersonId == personas.GpPersonId);
        Assert.NotNull(c.People.Single(p => p.Id == personas.GpPersonId).Email);
        Assert.NotNull(c.People.Single(p => p.Id == personas.CoordinatorPersonId).Email);
        Assert.Equal(1082, personas.AnalystRegionCode);
        Assert.Equal(cluster.MainMunicipalityCode, personas.PartnerMunicipalityCode);
        Assert.Equal(personas, DemoPersonas.Find(DemoCountryGenerator.Generate(DemoCountryGenerator.DefaultSeed, Today)));
    }
}
