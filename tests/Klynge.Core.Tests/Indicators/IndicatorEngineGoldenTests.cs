using Klynge.Core.Indicators;
using Klynge.Core.Prescribing;

namespace Klynge.Core.Tests.Indicators;

/// <summary>Small data sets whose values are worked out by hand in the comments.</summary>
public class IndicatorEngineGoldenTests
{
    private static readonly IReadOnlyList<IndicatorDefinition> Catalogue = IndicatorCatalogue.LoadDefault();
    private static readonly Quarter Q1 = new(2024, 1);

    private static readonly IndicatorUnits Units = new(
        p => p == 1 ? "011111" : "022222",
        (_, _) => 7,
        p => p == 1 ? "1084" : "1085");

    // 2024-Q1 has 31 + 29 + 31 = 91 days. Practice 1 lists F 0-4: 100, F 65-69: 50, M 70-74: 50, M 30-34: 800
    // (1,000 in all, 100 aged 65+, 100 aged 0-14); practice 2 lists M 30-34: 200.
    private static List<ListSize> Sizes() =>
    [
        Size(1, Sex.F, 0, 100), Size(1, Sex.F, 65, 50), Size(1, Sex.M, 70, 50), Size(1, Sex.M, 30, 800),
        Size(2, Sex.M, 30, 200),
    ];

    private static readonly string[] TenDrugs = ["C10AA01", "C10AA05", "C07AB02", "C09AA05", "C08CA01", "C03CA01", "B01AF01", "B01AF02", "A02BC01", "N06AB04"];

    private static List<Dispensing> Rows()
    {
        var rows = new List<Dispensing>
        {
            // P1, woman aged 74: benzodiazepine, and opioid 150 DDD (150 / 91 = 1.65 DDD a day).
            Row("P1", 1950, Sex.F, 1, "N05BA01", "2024-01-10", 1, 20),
            Row("P1", 1950, Sex.F, 1, "N02AA01", "2024-02-01", 2, 150),
            // P2, man aged 34: a hypnotic returned in full, so not a user.
            Row("P2", 1990, Sex.M, 1, "N05CD02", "2024-01-05", 1, 10),
            Row("P2", 1990, Sex.M, 1, "N05CD02", "2024-01-20", -1, -10),
            // P3, man aged 69: z-drug and 60 DDD of tramadol.
            Row("P3", 1955, Sex.M, 1, "N05CF01", "2024-03-01", 1, 30),
            Row("P3", 1955, Sex.M, 1, "N02AX02", "2024-03-02", 3, 60),
            // P4, girl aged 4: penicillin V, eye drops without DDD, amoxicillin.
            Row("P4", 2020, Sex.F, 1, "J01CE02", "2024-01-15", 1, 5),
            Row("P4", 2020, Sex.F, 1, "S01AA01", "2024-02-10", 1, null),
            Row("P4", 2020, Sex.F, 1, "J01CA04", "2024-03-10", 1, 7),
            // P5, man aged 44: penicillin V returned, clarithromycin kept.
            Row("P5", 1980, Sex.M, 1, "J01CE02", "2024-01-03", 1, 10),
            Row("P5", 1980, Sex.M, 1, "J01FA09", "2024-02-03", 1, 7),
            Row("P5", 1980, Sex.M, 1, "J01CE02", "2024-02-05", -1, -10),
            // P6, man aged 64: tramadol in 2023-Q2, 2023-Q3 and 2024-Q1 at practice 1 (not in 2023-Q4).
            Row("P6", 1960, Sex.M, 1, "N02AX02", "2023-05-01", 1, 30),
            Row("P6", 1960, Sex.M, 1, "N02AX02", "2023-08-01", 1, 30),
            Row("P6", 1960, Sex.M, 1, "N02AX02", "2024-01-20", 1, 30),
            // P7, woman aged 54: oxycodone at practice 2 in 2023-Q2 and Q3, then at practice 1 in 2024-Q1.
            Row("P7", 1970, Sex.F, 2, "N02AA05", "2023-05-01", 1, 10),
            Row("P7", 1970, Sex.F, 2, "N02AA05", "2023-08-01", 1, 10),
            Row("P7", 1970, Sex.F, 1, "N02AA05", "2024-02-15", 1, 10),
        };
        // P8, woman aged 84: ten different drugs. P9, woman aged 79: the same ten, one returned, so nine.
        rows.AddRange(TenDrugs.Select(atc => Row("P8", 1940, Sex.F, 1, atc, "2024-02-20", 1, 1)));
        rows.AddRange(TenDrugs.Select(atc => Row("P9", 1945, Sex.F, 1, atc, "2024-02-20", 1, 1)));
        rows.Add(Row("P9", 1945, Sex.F, 1, "N06AB04", "2024-03-20", -1, -1));
        return rows;
    }

    public static TheoryData<string, double, double, double?> PracticeOneValues => new()
    {
        // Users of N05BA/N05CD: P1 only (P2 returned) -> 1 / 1,000 x 1,000 = 1.
        { "benzodiazepine-users", 1, 1000, 1.0 },
        // Users aged 65+ of N05BA/N05CD/N05CF: P1 (74) and P3 (69) -> 2 / 100 x 1,000 = 20.
        { "older-benzodiazepine-users", 2, 100, 20.0 },
        // N02A DDD: 150 (P1) + 60 (P3) + 30 (P6) + 10 (P7) = 250; 250 / (1,000 x 91) x 1,000 = 2.747253.
        { "opioid-ddd", 250, 91000, 250.0 / 91 },
        // J01 dispensings: P4 2 + P5 (1 + 1 - 1) = 3; 3 x 4 / 1,000 x 1,000 = 12 per 1,000 per year.
        { "antibiotic-dispensings", 3, 1000, 12.0 },
        // J01CE02 dispensings 1 + (1 - 1) = 1 of 3 J01 dispensings -> 33.33 %.
        { "penicillin-v-share", 1, 3, 100.0 / 3 },
        // J01FA dispensings: 1 of 3 -> 33.33 %.
        { "macrolide-share", 1, 3, 100.0 / 3 },
        // Above 1.5 DDD a day: P1 with 150 / 91 = 1.65; P3 60 / 91 = 0.66 is not -> 1 per 1,000.
        { "opioid-high-dose-users", 1, 1000, 1.0 },
        // Opioid and benzodiazepine/z-drug in the quarter: P1 (N02AA01 + N05BA01), P3 (N02AX02 + N05CF01) -> 2.
        { "opioid-benzodiazepine-concurrent-users", 2, 1000, 2.0 },
        // Opioid user in >= 3 of 2023-Q2..2024-Q1 at practice 1: P6 (Q2, Q3, Q1 = 3); P7 only once here -> 1.
        { "opioid-long-term-users", 1, 1000, 1.0 },
        // S01AA users aged 0-14: P4 -> 1 / 100 x 1,000 = 10.
        { "child-eye-antibiotic-users", 1, 100, 10.0 },
        // >= 10 distinct ATC codes, 65+: P8 has 10; P9 has 9 after the return -> 1 / 100 x 1,000 = 10.
        { "older-polypharmacy", 1, 100, 10.0 },
        // No diabetes drug users: 0 / 0 -> no value.
        { "diabetes-sglt2-glp1-share", 0, 0, null },
    };

    [Theory, MemberData(nameof(PracticeOneValues))]
    public void Practice_values_match_hand_calculation(string id, double numerator, double denominator, double? value)
    {
        var result = Compute(Rows(), Sizes()).Single(r => r.IndicatorId == id && r.Level == ResultLevel.Practice && r.UnitId == "011111" && r.Quarter == Q1.ToKey());
        Assert.Equal(numerator, result.Numerator, 9);
        Assert.Equal(denominator, result.Denominator, 9);
        if (value is null) Assert.Null(result.Value);
        else Assert.Equal(value.Value, result.Value!.Value, 9);
    }

    [Fact]
    public void Long_term_use_needs_enough_quarters_at_the_same_practice()
    {
        var results = Compute(Rows(), Sizes()).Where(r => r.IndicatorId == "opioid-long-term-users").ToList();
        // 2023-Q3 at practice 1: P6 has Q2 and Q3 only (2 < 3). Practice 2: P7 has two quarters there.
        Assert.All(results.Where(r => r.Quarter != Q1.ToKey() || r.UnitId == "022222"), r => Assert.Equal(0, r.Numerator));
        // Quarters with rows but no list sizes still get a result, with no value.
        var empty = results.Single(r => r.Level == ResultLevel.Practice && r.UnitId == "022222" && r.Quarter == 20232);
        Assert.Equal(0, empty.Denominator);
        Assert.Null(empty.Value);
    }

    [Fact]
    public void Higher_levels_sum_numerators_and_denominators()
    {
        var results = Compute(Rows(), Sizes()).Where(r => r.IndicatorId == "benzodiazepine-users" && r.Quarter == Q1.ToKey()).ToList();
        // Practice 1: 1 / 1,000; practice 2: 0 / 200 -> cluster 7 and nation 1 / 1,200 x 1,000 = 0.8333.
        var cluster = results.Single(r => r.Level == ResultLevel.Cluster);
        Assert.Equal("7", cluster.UnitId);
        Assert.Equal(1, cluster.Numerator);
        Assert.Equal(1200, cluster.Denominator);
        Assert.Equal(1000.0 / 1200, cluster.Value!.Value, 9);
        var nation = results.Single(r => r.Level == ResultLevel.Nation);
        Assert.Equal("DK", nation.UnitId);
        Assert.Equal(1000.0 / 1200, nation.Value!.Value, 9);
        Assert.Equal(0, results.Single(r => r.Level == ResultLevel.Region && r.UnitId == "1085").Value);
        Assert.Equal(1.0, results.Single(r => r.Level == ResultLevel.Region && r.UnitId == "1084").Value);
        // Numerator 1 is a small number; practice 2's 0 is not.
        Assert.True(results.Single(r => r.UnitId == "011111").SmallNumber);
        Assert.False(results.Single(r => r.UnitId == "022222").SmallNumber);
        // Percent rank over two practices: 0.833 is the top (100), 0 the bottom (0).
        Assert.Equal(100, results.Single(r => r.UnitId == "011111").Percentile);
        Assert.Equal(0, results.Single(r => r.UnitId == "022222").Percentile);
    }

    [Fact]
    public void Standardisation_reweights_to_the_national_age_and_sex_structure()
    {
        // Practice 1: F 0-4 100, M 30-34 100, two male users aged 34. Practice 2: F 0-4 300, M 30-34 100, one.
        // National structure: F 0-4 400, M 30-34 200 -> weights 2/3 and 1/3.
        // Practice 1: crude 2 / 200 x 1,000 = 10; standardised (2/3 x 0 + 1/3 x 2/100) x 1,000 = 6.6667.
        // Practice 2: crude 1 / 400 x 1,000 = 2.5; standardised 1/3 x 1/100 x 1,000 = 3.3333.
        // Nation: crude 3 / 600 x 1,000 = 5; standardised 1/3 x 3/200 x 1,000 = 5.
        List<ListSize> sizes = [Size(1, Sex.F, 0, 100), Size(1, Sex.M, 30, 100), Size(2, Sex.F, 0, 300), Size(2, Sex.M, 30, 100)];
        List<Dispensing> rows =
        [
            Row("A", 1990, Sex.M, 1, "N05BA01", "2024-01-10", 1, 10),
            Row("B", 1990, Sex.M, 1, "N05BA04", "2024-02-10", 1, 10),
            Row("C", 1990, Sex.M, 2, "N05BA01", "2024-03-10", 2, 20),
        ];
        var results = Compute(rows, sizes).Where(r => r.IndicatorId == "benzodiazepine-users").ToList();
        var one = results.Single(r => r.UnitId == "011111");
        var two = results.Single(r => r.UnitId == "022222");
        var nation = results.Single(r => r.Level == ResultLevel.Nation);
        Assert.Equal(10, one.Value!.Value, 9);
        Assert.Equal(20.0 / 3, one.StandardisedValue!.Value, 9);
        Assert.Equal(2.5, two.Value!.Value, 9);
        Assert.Equal(10.0 / 3, two.StandardisedValue!.Value, 9);
        Assert.Equal(5, nation.StandardisedValue!.Value, 9);
        // Shares are not standardised.
        Assert.All(Compute(rows, sizes).Where(r => r.IndicatorId == "penicillin-v-share"), r => Assert.Null(r.StandardisedValue));
    }

    [Fact]
    public void Funnel_places_practices_against_exact_binomial_limits_around_the_national_share()
    {
        // Practice 1: 30 of 100 J01 dispensings are penicillin V; practice 2: 150 of 300. National share
        // 180 / 400 = 0.45. Exact limits (Spiegelhalter 2005, interpolated; computed separately from binomial sums):
        // n = 100: 99.8 % lower 29.31, 95 % lower 34.79 -> 30 is below the 95 % limit only.
        // n = 300: 95 % limits 117.65 .. 151.45 -> 150 is inside.
        var rows = new List<Dispensing>();
        for (var i = 0; i < 100; i++) rows.Add(Row("A" + i, 1980, Sex.F, 1, i < 30 ? "J01CE02" : "J01CA04", "2024-02-01", 1, 1));
        for (var i = 0; i < 300; i++) rows.Add(Row("B" + i, 1980, Sex.F, 2, i < 150 ? "J01CE02" : "J01CA04", "2024-02-01", 1, 1));
        var results = Compute(rows, Sizes()).Where(r => r.IndicatorId == "penicillin-v-share").ToList();
        Assert.Equal(FunnelPosition.Below95, results.Single(r => r.UnitId == "011111").Funnel);
        Assert.Equal(FunnelPosition.Inside, results.Single(r => r.UnitId == "022222").Funnel);
        Assert.Null(results.Single(r => r.Level == ResultLevel.Nation).Funnel);
    }

    private static List<IndicatorResult> Compute(List<Dispensing> rows, List<ListSize> sizes) =>
        [.. IndicatorEngine.Compute(rows, sizes, Catalogue, Units).Results];

    private static ListSize Size(int practice, Sex sex, int band, int patients) =>
        new() { PracticeId = practice, Quarter = Q1, Sex = sex, AgeBandFrom = band, Patients = patients };

    private static Dispensing Row(string patient, int birthYear, Sex sex, int practice, string atc, string day, int packages, double? ddd) => new()
    {
        PatientId = patient,
        BirthYear = birthYear,
        Sex = sex,
        PracticeId = practice,
        Atc = atc,
        DispensedOn = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture),
        Packages = packages,
        Ddd = ddd,
    };
}
