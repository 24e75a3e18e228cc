using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Klynge.Core.Access;
using Klynge.Core.Indicators;
using Klynge.Core.Packages;
using Klynge.Core.Prescribing;
using Klynge.Core.Registry;
using Klynge.IntegrationTests.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klynge.IntegrationTests.Packages;

/// <summary>
/// A closed cluster in Region Hovedstaden made to test the package disclosure rules: eight practices, among them the
/// member's own (with small counts of its own), a peer with 3 in many quarters, two peers whose 1 and 2 add up to
/// under 5, a practice without consent and one that joined between the first and the second package. Results for two
/// people-counting indicators of <see cref="Topic"/> over nine quarters are written directly, with the rest of the
/// region and of the country (open cluster A of the <see cref="TestRegistry"/> included), so every true figure is
/// known here. Three packages are published to the cluster: the first before the newcomer joined, the second after,
/// both with the same quarters, and a follow-up of the first with one quarter more.
/// </summary>
public sealed class DisclosureAttackData
{
    public const string Topic = "dependency-forming-medicine";
    public const string Benzodiazepines = "benzodiazepine-long-term-users";
    public const string Opioids = "opioid-long-term-users";
    public static readonly string[] Indicators = [Benzodiazepines, Opioids];
    public const string Member = "laege.norrebro@klynge.test";
    public const int ClusterId = 201;

    /// <summary>One practice's true figures: per indicator a count per quarter (oldest first) over its list size.</summary>
    public sealed record Seeded(string ProviderNumber, string Name, int ListedPatients, int[] Benzodiazepines, int[] Opioids, bool Consents = true, bool InCluster = true, bool Joins = false)
    {
        public int Count(string indicator, int quarter) => (indicator == DisclosureAttackData.Benzodiazepines ? Benzodiazepines : Opioids)[quarter];

        /// <summary>The listed patients at the end of a quarter: growing by 3 a quarter up to the registry's figure now.</summary>
        public int ListSize(int quarter) => ListedPatients - 3 * (QuarterCount - 1 - quarter);
    }

    public const int QuarterCount = PackageBuilder.TrendQuarters + 1;

    // The cluster. Quarter 0 is the oldest; the first two packages cover 0-7, the follow-up 1-8.
    public static readonly Seeded Own = new("410001", "Lægerne Nørrebrogade", 1873, [21, 2, 19, 3, 22, 20, 1, 18, 23], [30, 31, 4, 29, 33, 32, 30, 2, 31]);
    public static readonly Seeded Three = new("410002", "Lægehuset Jagtvej", 1219, [3, 3, 12, 3, 14, 3, 3, 11, 3], [3, 14, 3, 16, 3, 15, 17, 3, 14]);
    public static readonly Seeded One = new("410003", "Lægerne Fælledvej", 2457, [25, 1, 27, 26, 28, 24, 29, 30, 27], [12, 13, 1, 14, 15, 11, 2, 16, 13]);
    public static readonly Seeded Two = new("410004", "Lægerne Borups Allé", 3046, [31, 2, 33, 30, 32, 34, 35, 29, 36], [22, 21, 2, 23, 24, 20, 1, 25, 22]);
    public static readonly Seeded Large = new("410005", "Lægehuset Godthåbsvej", 2764, [45, 47, 44, 46, 48, 43, 49, 50, 45], [60, 58, 61, 59, 62, 57, 63, 64, 60]);
    public static readonly Seeded Four = new("410006", "Lægerne Falkoner Allé", 1588, [17, 16, 4, 15, 18, 19, 16, 14, 17], [9, 8, 10, 11, 4, 12, 9, 10, 8]);
    public static readonly Seeded NoConsent = new("410007", "Lægerne Gammel Kongevej", 2391, [38, 39, 2, 37, 40, 41, 36, 42, 39], [27, 28, 26, 29, 25, 30, 2, 28, 27], Consents: false);
    public static readonly Seeded Newcomer = new("410008", "Lægehuset Nordre Fasanvej", 1677, [26, 27, 25, 2, 24, 28, 3, 29, 27], [4, 19, 18, 20, 21, 3, 22, 17, 19], Joins: true);
    public static readonly Seeded[] ClusterPractices = [Own, Three, One, Two, Large, Four, NoConsent, Newcomer];

    // The rest of Region Hovedstaden and of Region Midtjylland: results only, no registry entry needed.
    private static readonly Seeded[] RestOfHovedstaden =
    [
        new("420001", "H1", 1500, Flat(20), Flat(10), InCluster: false), new("420002", "H2", 2200, Flat(30), Flat(35), InCluster: false),
        new("420003", "H3", 2900, Flat(40), Flat(28), InCluster: false), new("420004", "H4", 3300, Flat(25), Flat(41), InCluster: false),
        new("420005", "H5", 1800, Flat(15), Flat(19), InCluster: false),
    ];
    private static readonly Seeded Norregade = new("100001", "Lægerne Nørregade", 3200, Flat(50), Flat(44), InCluster: false);
    private static readonly Seeded Trojborg = new("100002", "Lægehuset Trøjborg", 2100, Flat(38), Flat(27), InCluster: false);
    private static readonly Seeded[] RestOfMidtjylland =
    [
        new("520001", "M1", 2500, Flat(70), Flat(52), InCluster: false), new("520002", "M2", 3100, Flat(80), Flat(61), InCluster: false),
        new("520003", "M3", 1900, Flat(45), Flat(33), InCluster: false),
    ];

    public required WebTestHost Host { get; init; }
    public required IReadOnlyList<Quarter> Quarters { get; init; }
    /// <summary>Registry ids of the seeded practices of the cluster, by provider number.</summary>
    public required IReadOnlyDictionary<string, int> PracticeIds { get; init; }
    public required int First { get; init; }
    public required int Second { get; init; }
    public required int FollowUp { get; init; }
    /// <summary>A package of open cluster A, to a GP at Nørregade (<see cref="TestRegistry.GpA"/>).</summary>
    public required int OpenPackage { get; init; }

    public int IdOf(Seeded practice) => PracticeIds[practice.ProviderNumber];
    public Seeded PracticeWithId(int id) => ClusterPractices.Single(p => PracticeIds[p.ProviderNumber] == id);
    public int QuarterIndex(string quarter) => Quarters.Select(q => q.ToString()).ToList().IndexOf(quarter);

    public static async Task<DisclosureAttackData> SeedAsync(WebTestHost host)
    {
        var r = host.Registry;
        var today = WebTestHost.Today;
        var latest = Quarter.Of(today).Previous;
        var quarters = new List<Quarter> { latest };
        while (quarters.Count < QuarterCount) quarters.Insert(0, quarters[0].Previous);

        var ids = new Dictionary<string, int>();
        await using (var db = host.NewContext())
        {
            var cluster = new Cluster
            {
                Id = ClusterId, Name = "Klynge Nørrebro og Frederiksberg", RegionCode = TestRegistry.Hovedstaden, MainMunicipalityCode = 147,
                FoundedOn = new(2019, 3, 1), DataSharing = DataSharing.Closed,
            };
            db.Clusters.Add(cluster);
            var practices = ClusterPractices.ToDictionary(p => p.ProviderNumber, p => new Practice
            {
                ProviderNumber = p.ProviderNumber, Name = p.Name, MunicipalityCode = p == Own ? 101 : 147, OpenedOn = new(2005, 1, 1),
                ListedPatients = p.ListedPatients, Address = "Testvej 3", PostalCode = "2000", City = "Frederiksberg",
            });
            db.Practices.AddRange(practices.Values);
            var ida = new Person { FirstName = "Ida", LastName = "Bech", Email = "ida.bech@praksis.test" };
            db.People.Add(ida);
            db.PracticeAffiliations.Add(new PracticeAffiliation { Person = ida, Practice = practices[Own.ProviderNumber], Role = PracticeRole.OwnerGp, ValidFrom = TestRegistry.Since, TakesPartInClusterWork = true });
            foreach (var p in ClusterPractices)
            {
                // The newcomer joined ten days ago: after the first package (made as of 30 days ago), before the second.
                db.ClusterMemberships.Add(new ClusterMembership { Practice = practices[p.ProviderNumber], Cluster = cluster, ValidFrom = p.Joins ? today.AddDays(-10) : TestRegistry.Since });
            }
            await db.SaveChangesAsync();
            foreach (var p in ClusterPractices)
            {
                ids[p.ProviderNumber] = practices[p.ProviderNumber].Id;
                db.DataSharingConsents.Add(new DataSharingConsent { PracticeId = practices[p.ProviderNumber].Id, Given = p.Consents, On = TestRegistry.Since, RecordedBy = "test" });
            }
            foreach (var id in new[] { r.Norregade.Id, r.Trojborg.Id })
                db.DataSharingConsents.Add(new DataSharingConsent { PracticeId = id, Given = true, On = TestRegistry.Since, RecordedBy = "test" });
            await db.SaveChangesAsync();

            var results = new List<IndicatorResult>();
            foreach (var indicator in Indicators)
            {
                for (var q = 0; q < QuarterCount; q++)
                {
                    var key = quarters[q].ToKey();
                    void Add(ResultLevel level, string unit, IEnumerable<Seeded> of, double? percentile = null)
                    {
                        var list = of.ToList();
                        double numerator = list.Sum(p => p.Count(indicator, q)), denominator = list.Sum(p => p.ListSize(q));
                        results.Add(new IndicatorResult
                        {
                            IndicatorId = indicator, Level = level, UnitId = unit, Quarter = key, Numerator = numerator, Denominator = denominator,
                            Value = numerator / denominator * 1000, StandardisedValue = numerator / denominator * 1000 * 1.01, Percentile = percentile,
                            SmallNumber = level != ResultLevel.Nation && numerator is > 0 and < 5,
                        });
                    }
                    var everyone = ClusterPractices.Concat(RestOfHovedstaden).Append(Norregade).Append(Trojborg).Concat(RestOfMidtjylland).ToList();
                    for (var i = 0; i < everyone.Count; i++) Add(ResultLevel.Practice, everyone[i].ProviderNumber, [everyone[i]], 5 + 7 * i % 90);
                    // As the engine counts it: every member at the quarter's end, consent or not; the newcomer had not joined.
                    Add(ResultLevel.Cluster, ClusterId.ToString(CultureInfo.InvariantCulture), ClusterPractices.Where(p => !p.Joins));
                    Add(ResultLevel.Cluster, r.ClusterA.Id.ToString(CultureInfo.InvariantCulture), [Norregade, Trojborg]);
                    Add(ResultLevel.Region, TestRegistry.Hovedstaden.ToString(CultureInfo.InvariantCulture), ClusterPractices.Concat(RestOfHovedstaden));
                    Add(ResultLevel.Region, TestRegistry.Midtjylland.ToString(CultureInfo.InvariantCulture), RestOfMidtjylland.Append(Norregade).Append(Trojborg));
                    Add(ResultLevel.Nation, "DK", everyone);
                }
            }
            await IndicatorResultStore.ReplaceAllAsync(db, results);
        }

        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<KlyngeUser>>();
            await using var db = host.NewContext();
            var personId = await db.People.Where(p => p.Email == "ida.bech@praksis.test").Select(p => p.Id).SingleAsync();
            var user = new KlyngeUser { UserName = Member, Email = Member, EmailConfirmed = true, DisplayName = Member, PersonId = personId };
            Check(await users.CreateAsync(user, TestRegistry.Password));
            Check(await users.AddToRoleAsync(user, Roles.Gp));
        }

        int first, second, followUp, open;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<PackageService>();
            var now = DateTimeOffset.UtcNow;
            first = (await service.OrderAsync(ClusterId, Topic, latest.Previous, null, null, "test", now.AddDays(-30))).Id;
            second = (await service.OrderAsync(ClusterId, Topic, latest.Previous, null, null, "test", now)).Id;
            followUp = (await service.FollowUpAsync(first, "test", now)).Id;
            open = (await service.OrderAsync(r.ClusterA.Id, Topic, latest, null, null, "test", now)).Id;
        }
        await using (var db = host.NewContext())
        {
            int[] all = [first, second, followUp, open];
            await db.Packages.Where(p => all.Contains(p.Id)).ExecuteUpdateAsync(u => u.SetProperty(p => p.PublishOn, today));
        }
        return new DisclosureAttackData
        {
            Host = host, Quarters = quarters, PracticeIds = ids, First = first, Second = second, FollowUp = followUp, OpenPackage = open,
        };
    }

    /// <summary>The stored snapshot of a package: the truth the reader is given (letters, member sets, every figure).</summary>
    public async Task<PackageSnapshot> SnapshotAsync(int packageId)
    {
        await using var db = Host.NewContext();
        return PackageSnapshot.FromJson(await db.Packages.Where(p => p.Id == packageId).Select(p => p.Snapshot).SingleAsync());
    }

    /// <summary>The cluster's figure as the engine stored it: every member at the quarter's end, consent or not.</summary>
    public async Task<(double Numerator, double Denominator)> StoredClusterAsync(string indicator, string quarter)
    {
        await using var db = Host.NewContext();
        var key = Quarter.Parse(quarter).ToKey();
        var unit = ClusterId.ToString(CultureInfo.InvariantCulture);
        var r = await db.IndicatorResults.SingleAsync(x => x.IndicatorId == indicator && x.Level == ResultLevel.Cluster && x.UnitId == unit && x.Quarter == key);
        return (r.Numerator, r.Denominator);
    }

    private static int[] Flat(int around) => [.. Enumerable.Range(0, QuarterCount).Select(q => around + q % 3)];

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}

/// <summary>One package in every format a member can fetch it in, with its stored snapshot.</summary>
public sealed record SeenPackage(int Id, PackageSnapshot Truth, JsonElement Json, string JsonText, IReadOnlyList<string[]> Csv, string CsvText, string Page, string Print)
{
    /// <summary>The practice behind a letter in this package.</summary>
    public PackagePractice PracticeOf(string letter) => Truth.Practices.Single(p => p.Letter == letter);

    public JsonElement Indicator(string id) => Json.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == id);

    public IReadOnlyList<string> Quarters => [.. Json.GetProperty("quarters").EnumerateArray().Select(q => q.GetString()!)];
}

/// <summary>Everything one signed-in user fetches: the package list, every package of the cluster in every format, and the cluster's pages.</summary>
public sealed partial class MemberSight
{
    public required IReadOnlyList<SeenPackage> Packages { get; init; }
    /// <summary>Other pages by address, with their status; texts are HTML-decoded.</summary>
    public required IReadOnlyDictionary<string, (HttpStatusCode Status, string Text)> Pages { get; init; }

    public static async Task<MemberSight> FetchAsync(DisclosureAttackData data, HttpClient client, int clusterId, IEnumerable<int> peerPracticeIds)
    {
        var pages = new Dictionary<string, (HttpStatusCode, string)>();
        async Task<string> Get(string url)
        {
            var response = await client.GetAsync(url);
            var text = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            pages[url] = (response.StatusCode, text);
            return text;
        }
        var list = await Get("/Packages");
        var clusterList = await Get($"/Clusters/{clusterId}/Packages");
        await Get($"/Clusters/{clusterId}");
        await Get($"/Clusters/{clusterId}/Members");
        foreach (var id in peerPracticeIds) await Get($"/Practices/{id}");

        var ids = PackageLink().Matches(list + clusterList).Select(m => int.Parse(m.Groups["id"].Value, CultureInfo.InvariantCulture)).Distinct().Order().ToList();
        var packages = new List<SeenPackage>();
        foreach (var id in ids)
        {
            var truth = await data.SnapshotAsync(id);
            if (truth.Cluster.Id != clusterId) continue;
            var json = await Fetch(client, $"/api/packages/{id}");
            var csv = await Fetch(client, $"/api/packages/{id}.csv");
            var page = await Fetch(client, $"/Packages/{id}");
            var print = await Fetch(client, $"/Packages/{id}/Print");
            packages.Add(new SeenPackage(id, truth, JsonDocument.Parse(json).RootElement.Clone(), json,
                [.. csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(','))], csv, page, print));
        }
        return new MemberSight { Packages = packages, Pages = pages };
    }

    // Raw text: the pages are parsed cell by cell and decoded there, so "<" in a cell cannot hide a row.
    private static async Task<string> Fetch(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} gave {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("""href="/Packages/(?<id>\d+)"[^>]*>""")]
    private static partial Regex PackageLink();
}
