using Klynge.Core.Data;
using Klynge.Core.Indicators;
using Klynge.Core.Prescribing;
using Klynge.Core.Registry;
using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Indicators;

/// <summary>The national deciles an indicator run stores beside the practice values, and how a re-run replaces them.</summary>
public class IndicatorDistributionTests
{
    private static readonly Quarter Q1 = new(2024, 1), Q2 = new(2024, 2);
    private static readonly string[] Ids = ["benzodiazepine-users", "penicillin-v-share"];

    private static IReadOnlyList<IndicatorDefinition> Definitions(params string[] ids) =>
        [.. IndicatorCatalogue.LoadDefault().Where(d => ids.Contains(d.Id))];

    /// <summary>
    /// Fifteen practices with varied list sizes and prescribing in two quarters. The last practice has no list size in
    /// Q2 (no rate there) and the second last no antibiotics in Q2 (no share there), so the distributions leave them out.
    /// </summary>
    private static async Task<List<int>> SeedAsync(KlyngeDbContext db, int seed)
    {
        var practices = Enumerable.Range(0, 15).Select(i => new Practice
        {
            ProviderNumber = (500_000 + seed * 100 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Name = $"Lægehuset {i}",
            MunicipalityCode = 101,
            OpenedOn = new DateOnly(2000, 1, 1),
        }).ToList();
        db.Practices.AddRange(practices);
        await db.SaveChangesAsync();

        var random = new Random(seed);
        for (var i = 0; i < practices.Count; i++)
        {
            var id = practices[i].Id;
            foreach (var quarter in new[] { Q1, Q2 })
            {
                if (i == practices.Count - 1 && quarter == Q2) continue;
                foreach (var sex in new[] { Sex.F, Sex.M })
                foreach (var band in new[] { 20, 45, 70 })
                    db.ListSizes.Add(new ListSize { PracticeId = id, Quarter = quarter, Sex = sex, AgeBandFrom = band, Patients = 100 + random.Next(400) });

                var patients = 5 + random.Next(40);
                for (var p = 0; p < patients; p++)
                {
                    var day = quarter.FirstDay.AddDays(random.Next(80));
                    string atc = random.Next(3) switch
                    {
                        0 => "N05BA01",
                        1 => "J01CE02",
                        _ => "J01CA04",
                    };
                    if (atc.StartsWith('J') && i == practices.Count - 2 && quarter == Q2) atc = "N05BA04";
                    db.Dispensings.Add(new Dispensing
                    {
                        PatientId = $"s{seed}-p{i}-{p}",
                        BirthYear = 1940 + random.Next(60),
                        Sex = random.Next(2) == 0 ? Sex.F : Sex.M,
                        PracticeId = id,
                        Atc = atc,
                        DispensedOn = day,
                        Packages = 1 + random.Next(2),
                        Ddd = 20,
                    });
                }
            }
        }
        await db.SaveChangesAsync();
        return [.. practices.Select(p => p.Id)];
    }

    /// <summary>Percentile by linear interpolation between the closest ranks: rank 1 + (n - 1) p, 1-based.</summary>
    private static double Percentile(IReadOnlyList<double> values, int percent)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        var rank = 1 + (sorted.Length - 1) * percent / 100.0;
        var below = (int)rank;
        var fraction = rank - below;
        if (below >= sorted.Length) return sorted[^1];
        return sorted[below - 1] + fraction * (sorted[below] - sorted[below - 1]);
    }

    /// <summary>Checks every stored distribution against the stored practice values, and that nothing else is stored.</summary>
    private static async Task AssertDecilesMatchPracticeValuesAsync(TestDatabase test, IReadOnlyCollection<string> ids)
    {
        await using var db = test.NewContext();
        var values = await db.IndicatorResults.AsNoTracking()
            .Where(r => r.Level == ResultLevel.Practice && r.Value != null)
            .Select(r => new { r.IndicatorId, r.Quarter, Value = r.Value!.Value })
            .ToListAsync();
        var stored = await db.IndicatorDistributions.AsNoTracking().ToListAsync();

        var expectedKeys = values.Select(v => (v.IndicatorId, v.Quarter)).Distinct().OrderBy(k => k).ToList();
        Assert.Equal(ids.SelectMany(id => new[] { (id, Q1.ToKey()), (id, Q2.ToKey()) }).Order().ToList(), expectedKeys);
        Assert.Equal(expectedKeys, stored.Select(d => (d.IndicatorId, d.Quarter)).OrderBy(k => k).ToList());
        foreach (var row in stored)
        {
            var practiceValues = values.Where(v => v.IndicatorId == row.IndicatorId && v.Quarter == row.Quarter).Select(v => v.Value).ToList();
            Assert.True(practiceValues.Count >= 10, $"{row.IndicatorId} {row.Quarter}: only {practiceValues.Count} practice values");
            Assert.Equal(practiceValues.Count, row.Practices);
            var expected = Enumerable.Range(1, 9).Select(d => Percentile(practiceValues, d * 10)).ToList();
            for (var d = 0; d < 9; d++)
            {
                Assert.NotNull(row.Values[d]);
                Assert.True(Math.Abs(expected[d] - row.Values[d]!.Value) < 1e-9,
                    $"{row.IndicatorId} {row.Quarter} P{(d + 1) * 10}: stored {row.Values[d]}, expected {expected[d]}");
            }
            // The spread is real: a run whose deciles were all equal would prove little.
            Assert.True(row.P90 > row.P10, $"{row.IndicatorId} {row.Quarter}: P10 {row.P10}, P90 {row.P90}");
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_run_stores_deciles_equal_to_those_of_the_stored_practice_values_and_a_rerun_replaces_them(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using (var db = test.NewContext())
        {
            await SeedAsync(db, 1);
            await IndicatorRun.RunAsync(db, Definitions(Ids));
        }
        await AssertDecilesMatchPracticeValuesAsync(test, Ids);

        List<IndicatorDeciles> first;
        await using (var db = test.NewContext())
        {
            first = await db.IndicatorDistributions.AsNoTracking().ToListAsync();
            Assert.Equal(14, first.Single(d => d.IndicatorId == "benzodiazepine-users" && d.Quarter == Q2.ToKey()).Practices);
            // The practice without antibiotics in Q2 has no share there, so the helper above did not count it.
            var share = await db.IndicatorResults.SingleAsync(r => r.IndicatorId == "penicillin-v-share" && r.Level == ResultLevel.Practice && r.UnitId == "500113" && r.Quarter == 20242);
            Assert.Null(share.Value);

            // More prescribing in new practices, and a run of one indicator only: the other's deciles must go.
            await SeedAsync(db, 2);
            await IndicatorRun.RunAsync(db, Definitions("benzodiazepine-users"));
        }
        await AssertDecilesMatchPracticeValuesAsync(test, ["benzodiazepine-users"]);

        await using var check = test.NewContext();
        var second = await check.IndicatorDistributions.AsNoTracking().ToListAsync();
        Assert.Equal(30, second.Single(d => d.Quarter == Q1.ToKey()).Practices);
        Assert.NotEqual(first.Single(d => d.IndicatorId == "benzodiazepine-users" && d.Quarter == Q1.ToKey()).P50, second.Single(d => d.Quarter == Q1.ToKey()).P50);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Results_and_deciles_are_replaced_together_or_not_at_all(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var result = new IndicatorResult { IndicatorId = "a", Level = ResultLevel.Nation, UnitId = "DK", Quarter = Q1.ToKey(), Numerator = 1, Denominator = 2, Value = 0.5 };
        await using (var db = test.NewContext())
        {
            await IndicatorResultStore.ReplaceAllAsync(db, [result],
                [new IndicatorDistribution("a", Q1, 3, [1, 2, 3, 4, 5, 6, 7, 8, 9]), new IndicatorDistribution("a", Q2, 0, [])]);
        }

        static IEnumerable<IndicatorDistribution> Failing()
        {
            yield return new IndicatorDistribution("b", Q1, 2, [9, 8, 7, 6, 5, 4, 3, 2, 1]);
            throw new IOException("the engine failed half way");
        }
        await using (var db = test.NewContext())
        {
            var replacement = new IndicatorResult { IndicatorId = "b", Level = ResultLevel.Nation, UnitId = "DK", Quarter = Q1.ToKey(), Numerator = 1, Denominator = 4, Value = 0.25 };
            await Assert.ThrowsAsync<IOException>(() => IndicatorResultStore.ReplaceAllAsync(db, [replacement], Failing()));
        }

        await using var check = test.NewContext();
        Assert.Equal(["a"], await check.IndicatorResults.Select(r => r.IndicatorId).ToListAsync());
        var kept = await check.IndicatorDistributions.AsNoTracking().OrderBy(d => d.Quarter).ToListAsync();
        Assert.Equal([(Q1.ToKey(), 3), (Q2.ToKey(), 0)], kept.Select(d => (d.Quarter, d.Practices)).ToList());
        Assert.Equal([1.0, 2, 3, 4, 5, 6, 7, 8, 9], kept[0].Values.Select(v => v!.Value).ToList());
        Assert.All(kept[1].Values, v => Assert.Null(v));
    }
}
