using Klynge.Core.Data;
using Klynge.Core.Demo;
using Klynge.Core.Indicators;
using Klynge.Core.Prescribing;
using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Indicators;

/// <summary>
/// A run over the database (plain readers, the database-side row filter, the bulk result writer) gives exactly what
/// the engine gives over the same rows in memory.
/// </summary>
public class IndicatorRunTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_run_over_the_database_equals_the_engine_over_the_same_rows_in_memory(DatabaseProvider provider)
    {
        var country = DemoCountryGenerator.Generate(2018, new DateOnly(2025, 6, 1));
        // All medicines: most rows are codes that only the polypharmacy indicator (65+) reads, so the database
        // leaves the younger patients' rows out, and the answer must not change.
        var prescribing = DemoPrescribingGenerator.Generate(country, 11, Quarter.Parse("2025-Q1"), quarters: 4, scale: 0.004, allMedicines: true);
        var definitions = IndicatorCatalogue.LoadDefault();
        await using var test = await TestDatabase.CreateAsync(provider);
        await using (var db = test.NewContext())
        {
            await DemoCountryWriter.WriteAsync(db, country);
            await DemoPrescribingWriter.WriteAsync(db, prescribing);
        }

        IndicatorRun.Summary summary;
        await using (var db = test.NewContext()) summary = await IndicatorRun.RunAsync(db, definitions);

        var providerNumbers = country.Practices.ToDictionary(p => p.Id, p => p.ProviderNumber);
        var expected = IndicatorEngine.Compute(prescribing.Dispensings(), prescribing.ListSizes(), definitions,
                new IndicatorUnits(id => providerNumbers[id], (_, _) => null, _ => null))
            .Results.ToDictionary(r => (r.IndicatorId, r.Level, r.UnitId, r.Quarter));
        await using var read = test.NewContext();
        var stored = await read.IndicatorResults.AsNoTracking()
            .Where(r => r.Level == ResultLevel.Practice || r.Level == ResultLevel.Nation).ToListAsync();

        Assert.True(summary.Dispensings < prescribing.Dispensings().LongCount(), "the database sent every row; the filter did nothing");
        Assert.Equal(expected.Count, stored.Count);
        foreach (var actual in stored)
        {
            var e = expected[(actual.IndicatorId, actual.Level, actual.UnitId, actual.Quarter)];
            var where = $"{actual.IndicatorId} {actual.Level} {actual.UnitId} {actual.Quarter}";
            Assert.True(e.Numerator == actual.Numerator, $"{where}: numerator {actual.Numerator}, expected {e.Numerator}");
            Assert.True(e.Denominator == actual.Denominator, $"{where}: denominator {actual.Denominator}, expected {e.Denominator}");
            Assert.Equal(e.Value, actual.Value);
            Assert.Equal(e.Percentile, actual.Percentile);
            Assert.Equal(e.Funnel, actual.Funnel);
            Assert.Equal(e.SmallNumber, actual.SmallNumber);
        }
        Assert.Contains(stored, r => r.IndicatorId == "older-polypharmacy" && r.Level == ResultLevel.Nation && r.Numerator > 0);
    }
}
