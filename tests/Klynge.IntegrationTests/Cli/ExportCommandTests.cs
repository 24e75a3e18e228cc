namespace Klynge.IntegrationTests.Cli;

/// <summary><c>klynge export indicators</c> and <c>klynge export meetings</c>: fixed formats, written whole or not at all.</summary>
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
    public async Task Export_meetings_writes_one_row_per_meeting_in_the_day_range()
    {
        List<Klynge.IntegrationTests.Meetings.SampleMeeting> sample;
        await using (var db = NewContext())
        {
            await Klynge.Core.Data.Database.MigrateAsync(db);
            sample = await Klynge.IntegrationTests.Meetings.ProgrammeSample.WriteAsync(db, await Klynge.IntegrationTests.Web.TestRegistry.WriteAsync(db));
        }
        var file = Path.Combine(Folder, "meetings.csv");

        var (exit, stdout, _) = await RunAsync("export", "meetings", "--out", file, "--from", "2025-05-01", "--to", "2026-01-01");

        Assert.Equal(0, exit);
        Assert.Contains("3 meetings", stdout);
        // Worked out by hand from the sample: A's September meeting (3 actions, 2 done, one evaluation of 4s, a draft package
        // only), B's May meeting, and C's meeting at 00:30 on New Year's Day, which is 23:30 UTC the day before.
        int[] id = [.. sample.Select(s => s.Id)];
        Assert.Equal(
        [
            "cluster_id,meeting_id,starts_at,topic_id,formats,package_used,invited,attended,actions_agreed,actions_done,evaluation_mean,region_code,status,evaluations",
            $"101,{id[1]},2025-09-09T14:30:00Z,,case-discussion,false,4,4,3,2,4,1082,held,1",
            $"102,{id[2]},2025-05-20T14:30:00Z,antibiotics,plenary,false,6,2,0,0,,1082,held,0",
            $"103,{id[3]},2025-12-31T23:30:00Z,benzodiazepines,plenary+case-discussion+external-speaker,true,3,3,1,1,3.75,1084,held,3",
        ], File.ReadAllLines(file));
        Assert.False(File.Exists(file + ".partial"));

        Assert.Equal(0, (await RunAsync("export", "meetings", "--out", file)).Exit);
        Assert.Equal(sample.Count + 1, File.ReadAllLines(file).Length);
        Assert.Contains($"101,{id[0]},2025-03-11T15:30:00Z,antibiotics,plenary+group-work,true,5,3,2,1,3.5,1082,held,2", File.ReadAllLines(file));
    }

    [Fact]
    public async Task Export_meetings_refuses_a_range_that_ends_before_it_starts()
    {
        var file = Path.Combine(Folder, "meetings.csv");

        var (exit, _, stderr) = await RunAsync("export", "meetings", "--out", file, "--from", "2026-01-01", "--to", "2025-12-31");

        Assert.Equal(2, exit);
        Assert.Contains("before --from", stderr);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Export_without_out_is_a_usage_error()
    {
        var (exit, _, stderr) = await RunAsync("export", "indicators");

        Assert.NotEqual(0, exit);
        Assert.Contains("--out", stderr);
    }
}
