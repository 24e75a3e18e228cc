using Klynge.Core.Indicators;
using Klynge.Core.Prescribing;

namespace Klynge.Core.Tests.Indicators;

public class IndicatorEngineAgreementTests
{
    private static readonly string[] Atcs =
    [
        "N05BA01", "N05BA06", "N05CD02", "N05CF01", "N05CF02", "N02AA01", "N02AA05", "N02AX02", "N03AX16", "N03AX12",
        "N06BA04", "J01CE02", "J01CA04", "J01CR02", "J01CA08", "J01FA09", "J01MA02", "J01DB01", "J01EA01", "S01AA01",
        "S01AA13", "A10BA02", "A10BJ06", "A10BK01", "A10AE04", "R03AC02", "R03BA02", "R03BB04", "M01AE01", "M01AB05",
        "A02BC01", "N05AH04", "N05AN01", "N06AB04", "B01AF01", "C07AB02", "C09AA05", "C08CA01", "C03CA01", "C10AA05",
    ];

    internal static readonly IndicatorUnits Units = new(
        p => (100000 + p).ToString(System.Globalization.CultureInfo.InvariantCulture),
        // Practice 7 changes cluster from 2024-Q2 on; practice 8 belongs to no cluster.
        (p, q) => p == 8 ? null : p == 7 ? (q >= new Quarter(2024, 2) ? 2 : 1) : p % 3,
        p => p == 5 ? null : p % 2 == 0 ? "1084" : "1085");

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(2024)]
    [InlineData(90210)]
    public void Engine_agrees_with_the_naive_calculation_on_random_data(int seed)
    {
        var (rows, sizes) = RandomData(seed);
        var definitions = IndicatorCatalogue.LoadDefault();

        // Shuffled input: the engine must not depend on order.
        var shuffled = rows.OrderBy(_ => Random.Shared.Next()).ToList();
        var computed = IndicatorEngine.Compute(shuffled, sizes, definitions, Units);

        var compared = 0;
        foreach (var def in definitions)
        {
            var expected = NaiveIndicatorCalculator.Compute(rows, sizes, def, Units)
                .ToDictionary(r => (r.Level, r.Unit, r.Quarter));
            var actual = computed.Results.Where(r => r.IndicatorId == def.Id).ToList();
            Assert.Equal(expected.Count, actual.Count);
            foreach (var a in actual)
            {
                var e = expected[(a.Level.ToString(), a.UnitId, a.Quarter)];
                var where = $"{def.Id} {a.Level} {a.UnitId} {a.Quarter}";
                AssertClose(e.Numerator, a.Numerator, where + " numerator");
                AssertClose(e.Denominator, a.Denominator, where + " denominator");
                AssertClose(e.Value, a.Value, where + " value");
                AssertClose(e.Standardised, a.StandardisedValue, where + " standardised");
                compared++;
            }
            // The data must actually exercise the indicator somewhere.
            Assert.True(actual.Any(r => r.Numerator != 0), $"{def.Id} has no numerator in seed {seed}");
        }
        Assert.True(compared > 1000, $"only {compared} results compared");
    }

    [Theory]
    [InlineData("pseudonym-with-a-long-common-start-")]
    [InlineData("ÆØÅ-æøå-ü-")]
    public void Long_and_non_ascii_patient_ids_give_the_same_results_as_short_ones(string prefix)
    {
        // Patients are kept by their UTF-8 bytes with the first 16 inline: ids that differ only after the 16th byte,
        // or in multi-byte characters, must still be different patients, and the same id the same patient.
        var (rows, sizes) = RandomData(17);
        var definitions = IndicatorCatalogue.LoadDefault();
        var renamed = rows.Select(r => new Dispensing
        {
            PatientId = prefix + r.PatientId,
            BirthYear = r.BirthYear,
            Sex = r.Sex,
            PracticeId = r.PracticeId,
            Atc = r.Atc,
            DispensedOn = r.DispensedOn,
            Packages = r.Packages,
            Ddd = r.Ddd,
        }).ToList();
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(prefix) >= 16 || prefix.Any(c => c > 127));

        var expected = IndicatorEngine.Compute(rows, sizes, definitions, Units).Results;
        var actual = IndicatorEngine.Compute(renamed, sizes, definitions, Units).Results;

        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal((expected[i].IndicatorId, expected[i].Level, expected[i].UnitId, expected[i].Quarter), (actual[i].IndicatorId, actual[i].Level, actual[i].UnitId, actual[i].Quarter));
            Assert.Equal(expected[i].Numerator, actual[i].Numerator);
            Assert.Equal(expected[i].Denominator, actual[i].Denominator);
        }
        Assert.Contains(actual, r => r.IndicatorId == "benzodiazepine-long-term-users" && r.Numerator > 0);
    }

    [Fact]
    public void Percentiles_and_deciles_follow_the_practice_values()
    {
        var (rows, sizes) = RandomData(5);
        var definitions = IndicatorCatalogue.LoadDefault();
        var computed = IndicatorEngine.Compute(rows, sizes, definitions, Units);
        foreach (var group in computed.Results.Where(r => r.Level == ResultLevel.Practice).GroupBy(r => (r.IndicatorId, r.Quarter)))
        {
            var values = group.Where(r => r.Value.HasValue).Select(r => r.Value!.Value).ToList();
            foreach (var r in group)
            {
                if (r.Value is not { } v || values.Count < 2) { Assert.Null(r.Percentile); continue; }
                var expected = values.Count(x => x < v) * 100.0 / (values.Count - 1);
                Assert.Equal(expected, r.Percentile!.Value, 9);
            }
            var distribution = computed.Distributions.Single(d => d.IndicatorId == group.Key.IndicatorId && d.Quarter.ToKey() == group.Key.Quarter);
            Assert.Equal(values.Count, distribution.Practices);
            if (values.Count > 0)
            {
                // numpy's 50th percentile is the ordinary median.
                var sorted = values.Order().ToList();
                var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
                Assert.Equal(median, distribution.Deciles[4], 9);
                Assert.InRange(distribution.Deciles[0], sorted[0], distribution.Deciles[8]);
            }
        }
    }

    [Fact]
    public void Dispensings_are_read_in_a_single_pass()
    {
        var (rows, sizes) = RandomData(3);
        var once = new SinglePass<Dispensing>(rows);
        var computed = IndicatorEngine.Compute(once, sizes, IndicatorCatalogue.LoadDefault(), Units);
        Assert.Equal(1, once.Enumerations);
        Assert.NotEmpty(computed.Results);
    }

    private sealed class SinglePass<T>(IEnumerable<T> items) : IEnumerable<T>
    {
        public int Enumerations { get; private set; }

        public IEnumerator<T> GetEnumerator()
        {
            if (++Enumerations > 1) throw new InvalidOperationException("enumerated twice");
            return items.GetEnumerator();
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static void AssertClose(double? expected, double? actual, string what)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{what}: expected {expected}, got {actual}");
            return;
        }
        var tolerance = 1e-9 * Math.Max(1, Math.Abs(expected.Value));
        Assert.True(Math.Abs(expected.Value - actual.Value) <= tolerance, $"{what}: expected {expected}, got {actual}");
    }

    /// <summary>
    /// Eight practices over eight quarters of 2023-2024. 2023-Q3 has list sizes but no dispensings; practice 8 has
    /// dispensings in 2024-Q4 but no list sizes then. Patients are born so that they cross the 15, 65 and 75 band
    /// edges; some move practice; about one row in eight is later returned; heavy users reach polypharmacy and
    /// high doses.
    /// </summary>
    internal static (List<Dispensing> Rows, List<ListSize> Sizes) RandomData(int seed)
    {
        var random = new Random(seed);
        var quarters = Enumerable.Range(0, 8).Select(i => new Quarter(2023 + i / 4, i % 4 + 1)).ToList();
        var sizes = new List<ListSize>();
        foreach (var q in quarters)
        {
            for (var p = 1; p <= 8; p++)
            {
                if (p == 8 && q == new Quarter(2024, 4)) continue;
                foreach (var sex in new[] { Sex.F, Sex.M })
                {
                    for (var band = 0; band <= 90; band += 5)
                    {
                        // Some empty bands, so standardisation meets strata without listed patients.
                        var patients = random.Next(8) == 0 ? 0 : random.Next(5, 120);
                        sizes.Add(new ListSize { PracticeId = p, Quarter = q, Sex = sex, AgeBandFrom = band, Patients = patients });
                    }
                }
            }
        }

        var rows = new List<Dispensing>();
        var edgeBirthYears = new[] { 2009, 2010, 1958, 1959, 1948, 1949, 1933, 2021 };
        for (var i = 0; i < 260; i++)
        {
            var birthYear = random.Next(3) == 0 ? edgeBirthYears[random.Next(edgeBirthYears.Length)] : random.Next(1925, 2023);
            var sex = random.Next(2) == 0 ? Sex.F : Sex.M;
            var practice = random.Next(1, 9);
            var moveAt = random.Next(5) == 0 ? quarters[random.Next(1, 8)] : (Quarter?)null;
            var heavy = random.Next(6) == 0;
            var favourite = Atcs[random.Next(Atcs.Length)];
            foreach (var q in quarters)
            {
                if (q == new Quarter(2023, 3)) continue;
                if (moveAt is { } m && q >= m) practice = practice % 8 + 1;
                var count = heavy ? random.Next(8, 30) : random.Next(0, 4);
                for (var r = 0; r < count; r++)
                {
                    var atc = random.Next(3) == 0 ? favourite : Atcs[random.Next(Atcs.Length)];
                    var day = q.FirstDay.AddDays(random.Next(q.Days));
                    var packages = random.Next(1, 4);
                    double? ddd = atc.StartsWith("S01", StringComparison.Ordinal) ? null : Math.Round(packages * random.NextDouble() * (heavy ? 60 : 20), 2);
                    rows.Add(Row(i, birthYear, sex, practice, atc, day, packages, ddd));
                    if (random.Next(8) == 0)
                        rows.Add(Row(i, birthYear, sex, practice, atc, day.AddDays(random.Next(0, 5)) is var back && Quarter.Of(back) == q ? back : day, -packages, -ddd));
                }
            }
        }
        if (!rows.Any(r => r.PracticeId == 8 && Quarter.Of(r.DispensedOn) == new Quarter(2024, 4)))
            rows.Add(Row(999, 1950, Sex.F, 8, "N02AA01", new DateOnly(2024, 11, 5), 1, 10));
        return (rows, sizes);
    }

    private static Dispensing Row(int patient, int birthYear, Sex sex, int practice, string atc, DateOnly day, int packages, double? ddd) => new()
    {
        PatientId = "P" + patient,
        BirthYear = birthYear,
        Sex = sex,
        PracticeId = practice,
        Atc = atc,
        DispensedOn = day,
        Packages = packages,
        Ddd = ddd,
    };
}
