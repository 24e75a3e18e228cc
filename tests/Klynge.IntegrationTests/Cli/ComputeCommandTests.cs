using Klynge.Core.Demo;
using Klynge.Core.Indicators;
using Klynge.Core.Prescribing;
using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Cli;

/// <summary><c>klynge compute</c> and <c>klynge compute --only</c>: which stored results a run replaces.</summary>
public sealed class ComputeCommandTests : CliTest
{
    private static readonly string[] Chosen = ["benzodiazepine-users", "penicillin-v-share"];

    [Fact]
    public async Task Compute_only_replaces_the_named_indicators_and_keeps_the_rest()
    {
        var country = DemoCountryGenerator.Generate(2018, new DateOnly(2025, 6, 1));
        var prescribing = DemoPrescribingGenerator.Generate(country, 11, Quarter.Parse("2025-Q1"), quarters: 2, scale: 0.002);
        await using (var db = NewContext())
        {
            await Klynge.Core.Data.Database.MigrateAsync(db);
            await DemoCountryWriter.WriteAsync(db, country);
            await DemoPrescribingWriter.WriteAsync(db, prescribing);
        }
        var all = await RunAsync("compute");
        Assert.Equal(0, all.Exit);
        var catalogue = IndicatorCatalogue.LoadDefault();
        Assert.Contains($"Computed {catalogue.Count} indicators", all.Out);
        var computed = await ResultsAsync();

        // The chosen indicators' results go; another indicator's nation value is changed, which a full run would undo.
        await using (var db = NewContext())
        {
            await db.IndicatorResults.Where(r => Chosen.Contains(r.IndicatorId)).ExecuteDeleteAsync();
            await db.IndicatorDistributions.Where(d => Chosen.Contains(d.IndicatorId)).ExecuteDeleteAsync();
            await db.IndicatorResults.Where(r => r.IndicatorId == "opioid-ddd" && r.Level == ResultLevel.Nation).ExecuteUpdateAsync(u => u.SetProperty(r => r.Numerator, -1));
        }

        var only = await RunAsync("compute", "--only", "benzodiazepine-users,penicillin-v-share");

        Assert.Equal(0, only.Exit);
        Assert.Contains("Computed 2 indicators", only.Out);
        var after = await ResultsAsync();
        Assert.Equal(computed.Count, after.Count);
        foreach (var (key, numerator) in computed)
            Assert.True(after[key] == (key.Id == "opioid-ddd" && key.Level == ResultLevel.Nation ? -1 : numerator), $"{key}: {after[key]}, expected {numerator}");
        await using var check = NewContext();
        Assert.Equal(Chosen, await check.IndicatorDistributions.Where(d => Chosen.Contains(d.IndicatorId)).Select(d => d.IndicatorId).Distinct().OrderBy(i => i).ToListAsync());
    }

    [Fact]
    public async Task Compute_only_with_an_unknown_id_names_it_and_changes_nothing()
    {
        await using (var db = NewContext())
        {
            await Klynge.Core.Data.Database.MigrateAsync(db);
            await IndicatorResultStore.ReplaceAllAsync(db,
                [new() { IndicatorId = "opioid-ddd", Level = ResultLevel.Nation, UnitId = "DK", Quarter = 20244, Numerator = 92, Denominator = 1000, Value = 0.092 }]);
        }

        var (exit, _, error) = await RunAsync("compute", "--only", "opioid-ddd", "no-such-indicator");

        Assert.Equal(1, exit);
        Assert.Contains("no indicator no-such-indicator in the catalogue", error);
        Assert.Contains("benzodiazepine-users", error);
        await using var check = NewContext();
        Assert.Equal(92, (await check.IndicatorResults.SingleAsync()).Numerator);
    }

    private async Task<Dictionary<(string Id, ResultLevel Level, string Unit, int Quarter), double>> ResultsAsync()
    {
        await using var db = NewContext();
        return await db.IndicatorResults.AsNoTracking().ToDictionaryAsync(r => (r.IndicatorId, r.Level, r.UnitId, r.Quarter), r => r.Numerator);
    }
}
