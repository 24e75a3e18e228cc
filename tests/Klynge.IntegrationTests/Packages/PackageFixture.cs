using System.Globalization;
using Klynge.Core.Data;
using Klynge.Core.Indicators;
using Klynge.Core.Prescribing;
using Klynge.Core.Registry;

namespace Klynge.IntegrationTests.Packages;

/// <summary>
/// A small country worked out by hand for package tests. Region Hovedstaden holds the closed cluster "Klynge Nord"
/// (P1, P2, P3 without consent, P4 with a numerator of 3), the open cluster "Klynge Syd" (Q1, Q2) and the unclustered
/// R1; S1 lies in Region Nordjylland. Penicillin V share (percent, scale 100) is stored for 2024-Q1 to 2025-Q4 and is
/// the same every quarter except 2025-Q4, when P1 rises from 60/200 to 110/200 and R1 from 90/300 to 110/300:
///   before: Nord 133/460, region 318/960, nation 518/1460;  2025-Q4: Nord 183/460, region 388/960, nation 588/1460.
/// </summary>
public sealed class PackageFixture
{
    public const string Indicator = "penicillin-v-share";
    public static readonly Quarter First = new(2024, 1), CutOff = new(2025, 4);
    public const string Hovedstaden = "1084", Nordjylland = "1081";

    public required Cluster Nord { get; init; }
    public required Cluster Syd { get; init; }
    public required IReadOnlyDictionary<string, Practice> Practices { get; init; }
    public required Person P1Doctor { get; init; }

    /// <summary>Numerator and denominator per practice name, before 2025-Q4 and in 2025-Q4.</summary>
    public static readonly IReadOnlyDictionary<string, (int Den, int Before, int Last)> Figures = new Dictionary<string, (int, int, int)>
    {
        ["P1"] = (200, 60, 110),
        ["P2"] = (100, 40, 40),
        ["P3"] = (150, 30, 30),
        ["P4"] = (10, 3, 3),
        ["Q1"] = (100, 50, 50),
        ["Q2"] = (100, 45, 45),
        ["R1"] = (300, 90, 110),
        ["S1"] = (500, 200, 200),
    };

    /// <summary>National percent ranks at 2025-Q4 of 55, 40, 20, 30, 50, 45, 36.7, 40 (ties share the lower rank).</summary>
    private static readonly IReadOnlyDictionary<string, double> LastPercentile = new Dictionary<string, double>
    {
        ["P1"] = 100, ["P2"] = 300 / 7.0, ["P3"] = 0, ["P4"] = 100 / 7.0, ["Q1"] = 600 / 7.0, ["Q2"] = 500 / 7.0, ["R1"] = 200 / 7.0, ["S1"] = 300 / 7.0,
    };

    public static async Task<PackageFixture> SeedAsync(KlyngeDbContext db)
    {
        var founded = new DateOnly(2020, 1, 1);
        var nord = new Cluster { Id = 7, Name = "Klynge Nord", RegionCode = 1084, MainMunicipalityCode = 101, FoundedOn = founded, DataSharing = DataSharing.Closed };
        var syd = new Cluster { Id = 8, Name = "Klynge Syd", RegionCode = 1084, MainMunicipalityCode = 101, FoundedOn = founded, DataSharing = DataSharing.Open };
        db.Clusters.AddRange(nord, syd);
        var practices = Figures.Keys.Select((name, i) => new Practice
        {
            ProviderNumber = (410_001 + i).ToString(CultureInfo.InvariantCulture),
            Name = $"Lægerne {name}",
            MunicipalityCode = name == "S1" ? 851 : 101,
            OpenedOn = founded,
        }).ToDictionary(p => p.Name["Lægerne ".Length..]);
        db.Practices.AddRange(practices.Values);
        await db.SaveChangesAsync();

        foreach (var (name, cluster) in new[] { ("P1", nord), ("P2", nord), ("P3", nord), ("P4", nord), ("Q1", syd), ("Q2", syd) })
        {
            db.ClusterMemberships.Add(new ClusterMembership { ClusterId = cluster.Id, PracticeId = practices[name].Id, ValidFrom = founded });
            db.DataSharingConsents.Add(new DataSharingConsent { PracticeId = practices[name].Id, Given = name != "P3", On = founded, RecordedBy = "test" });
        }
        var doctor = new Person { FirstName = "Ida", LastName = "Holm", Email = "ida.holm@example.dk" };
        var nurse = new Person { FirstName = "Bo", LastName = "Lund", Email = "bo.lund@example.dk" };
        var outsider = new Person { FirstName = "Eva", LastName = "Berg", Email = "eva.berg@example.dk" };
        db.People.AddRange(doctor, nurse, outsider);
        await db.SaveChangesAsync();
        db.PracticeAffiliations.AddRange(
            new PracticeAffiliation { PersonId = doctor.Id, PracticeId = practices["P1"].Id, Role = PracticeRole.OwnerGp, ValidFrom = founded, TakesPartInClusterWork = true },
            new PracticeAffiliation { PersonId = nurse.Id, PracticeId = practices["P2"].Id, Role = PracticeRole.Nurse, ValidFrom = founded, TakesPartInClusterWork = true },
            new PracticeAffiliation { PersonId = outsider.Id, PracticeId = practices["Q1"].Id, Role = PracticeRole.OwnerGp, ValidFrom = founded, TakesPartInClusterWork = true });
        await db.SaveChangesAsync();

        await IndicatorResultStore.ReplaceAllAsync(db, Results(practices, nord, syd, p1Last: Figures["P1"].Last));
        return new PackageFixture { Nord = nord, Syd = syd, Practices = practices, P1Doctor = doctor };
    }

    /// <summary>Every stored result of the hand-built country; <paramref name="p1Last"/> lets a test re-import a different 2025-Q4.</summary>
    public static List<IndicatorResult> Results(IReadOnlyDictionary<string, Practice> practices, Cluster nord, Cluster syd, int p1Last)
    {
        var results = new List<IndicatorResult>();
        for (var q = First; q <= CutOff; q = q.Next)
        {
            var last = q == CutOff;
            int Num(string name) => !last ? Figures[name].Before : name == "P1" ? p1Last : Figures[name].Last;
            foreach (var (name, f) in Figures)
                results.Add(Result(ResultLevel.Practice, practices[name].ProviderNumber, q, Num(name), f.Den,
                    last ? LastPercentile[name] : null, last && name == "P1" ? FunnelPosition.Above998 : FunnelPosition.Inside));
            string[] northern = ["P1", "P2", "P3", "P4"], southern = ["Q1", "Q2"], region = [.. northern, .. southern, "R1"];
            results.Add(Result(ResultLevel.Cluster, nord.Id.ToString(CultureInfo.InvariantCulture), q, northern.Sum(Num), northern.Sum(n => Figures[n].Den)));
            results.Add(Result(ResultLevel.Cluster, syd.Id.ToString(CultureInfo.InvariantCulture), q, southern.Sum(Num), southern.Sum(n => Figures[n].Den)));
            results.Add(Result(ResultLevel.Region, Hovedstaden, q, region.Sum(Num), region.Sum(n => Figures[n].Den)));
            results.Add(Result(ResultLevel.Region, Nordjylland, q, Num("S1"), Figures["S1"].Den));
            results.Add(Result(ResultLevel.Nation, "DK", q, Figures.Keys.Sum(Num), Figures.Values.Sum(f => f.Den)));
        }
        return results;
    }

    private static IndicatorResult Result(ResultLevel level, string unit, Quarter q, double num, double den, double? percentile = null, FunnelPosition? funnel = null) => new()
    {
        IndicatorId = Indicator,
        Level = level,
        UnitId = unit,
        Quarter = q.ToKey(),
        Numerator = num,
        Denominator = den,
        Value = num / den * 100,
        Percentile = level == ResultLevel.Practice ? percentile : null,
        Funnel = level == ResultLevel.Practice ? funnel : null,
        SmallNumber = num is >= 1 and <= 4,
    };
}
