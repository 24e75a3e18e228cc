using Klynge.Core.Data;
using Klynge.Core.Indicators;
using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Indicators;

public class IndicatorResultStoreTests
{
    private static IndicatorResult Result(string id, ResultLevel level, string unit, int quarter, double numerator, double denominator, double? value) =>
        new() { IndicatorId = id, Level = level, UnitId = unit, Quarter = quarter, Numerator = numerator, Denominator = denominator, Value = value };

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Export_writes_the_fixed_format_with_invariant_numbers_and_empty_values_for_empty_denominators(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using (var db = test.NewContext())
        {
            await IndicatorResultStore.ReplaceAllAsync(db,
            [
                Result("penicillin-v-share", ResultLevel.Practice, "012345", 20241, 12, 40, 30),
                Result("benzodiazepine-users", ResultLevel.Nation, "DK", 20242, 163_250, 5_512_004, 29.617177),
                Result("benzodiazepine-users", ResultLevel.Practice, "012345", 20241, 0, 0, null),
                Result("benzodiazepine-users", ResultLevel.Cluster, "101", 20241, 1234.5, 40000, 30.8625),
            ]);
        }

        var writer = new StringWriter();
        await using (var db = test.NewContext()) await IndicatorResultStore.ExportAsync(db, writer);

        Assert.Equal(
            """
            indicator_id,level,unit_id,period,numerator,denominator,value
            benzodiazepine-users,cluster,101,2024-Q1,1234.5,40000,30.8625
            benzodiazepine-users,nation,DK,2024-Q2,163250,5512004,29.617177
            benzodiazepine-users,practice,012345,2024-Q1,0,0,
            penicillin-v-share,practice,012345,2024-Q1,12,40,30

            """.ReplaceLineEndings("\n"), writer.ToString().ReplaceLineEndings("\n"));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Replacing_results_removes_every_earlier_row(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using (var db = test.NewContext())
            await IndicatorResultStore.ReplaceAllAsync(db, [Result("a", ResultLevel.Nation, "DK", 20241, 1, 2, 0.5), Result("b", ResultLevel.Nation, "DK", 20241, 1, 2, 0.5)]);
        await using (var db = test.NewContext())
            Assert.Equal(1, await IndicatorResultStore.ReplaceAllAsync(db, [Result("c", ResultLevel.Nation, "DK", 20241, 3, 4, 0.75)]));

        await using var check = test.NewContext();
        Assert.Equal(["c"], await check.IndicatorResults.Select(r => r.IndicatorId).ToListAsync());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Replacing_some_indicators_keeps_every_other_indicators_results_and_deciles(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        IndicatorDistribution Deciles(string id) => new(id, new Klynge.Core.Prescribing.Quarter(2024, 1), 10, [.. Enumerable.Range(1, 9).Select(i => (double)i)]);
        await using (var db = test.NewContext())
            await IndicatorResultStore.ReplaceAllAsync(db,
                [Result("a", ResultLevel.Nation, "DK", 20241, 1, 2, 0.5), Result("b", ResultLevel.Nation, "DK", 20241, 1, 2, 0.5), Result("b", ResultLevel.Practice, "012345", 20241, 1, 4, 0.25)],
                [Deciles("a"), Deciles("b")]);
        await using (var db = test.NewContext())
            Assert.Equal(1, await IndicatorResultStore.ReplaceAsync(db, ["b"], [Result("b", ResultLevel.Nation, "DK", 20241, 3, 4, 0.75)], [Deciles("b")]));

        await using var check = test.NewContext();
        var rows = await check.IndicatorResults.OrderBy(r => r.IndicatorId).Select(r => new { r.IndicatorId, r.Level, r.Numerator }).ToListAsync();
        Assert.Equal([("a", ResultLevel.Nation, 1.0), ("b", ResultLevel.Nation, 3.0)], rows.Select(r => (r.IndicatorId, r.Level, r.Numerator)));
        Assert.Equal(["a", "b"], await check.IndicatorDistributions.OrderBy(d => d.IndicatorId).Select(d => d.IndicatorId).ToListAsync());
    }
}
