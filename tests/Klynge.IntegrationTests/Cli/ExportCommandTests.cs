namespace Klynge.IntegrationTests.Cli;

/// <summary><c>klynge export indicators</c>: the stored results in the fixed format, written whole or not at all.</summary>
public sealed class ExportCommandTests : CliTest
{
    [Fact]
    public async Task Export_indicators_writes_the_stored_results_to_the_file()
    {
        await using (var db = NewContext())
        {
            await Klynge.Core.Data.Database.MigrateAsync(db);
            await Klynge.Core.Indicators.IndicatorResultStore.ReplaceAllAsync(db,
                [new() { IndicatorId = "opioid-ddd", Level = Klynge.Core.Indicators.ResultLevel.Nation, UnitId = "DK", Quarter = 20244, Numerator = 92, Denominator = 1000, Value = 0.092 }]);
        }
        var file = Path.Combine(Folder, "indicators.csv");

        var (exit, stdout, _) = await RunAsync("export", "indicators", "--out", file);

        Assert.Equal(0, exit);
        Assert.Contains("1 rows", stdout);
        Assert.Equal(["indicator_id,level,unit_id,period,numerator,denominator,value", "opioid-ddd,nation,DK,2024-Q4,92,1000,0.092"], File.ReadAllLines(file));
        Assert.False(File.Exists(file + ".partial"));
    }

    [Fact]
    public async Task Export_without_out_is_a_usage_error()
    {
        var (exit, _, stderr) = await RunAsync("export", "indicators");

        Assert.NotEqual(0, exit);
        Assert.Contains("--out", stderr);
    }
}
