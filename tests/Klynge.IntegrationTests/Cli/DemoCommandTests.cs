using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Cli;

/// <summary><c>klynge demo</c> options that the benchmark relies on.</summary>
public sealed class DemoCommandTests() : CliTest("klynge.db")
{
    [Fact]
    public async Task Registry_only_writes_the_country_and_no_prescribing()
    {
        var (exit, stdout, stderr) = await RunAsync("demo", "--registry-only");

        Assert.True(exit == 0, stderr);
        Assert.Contains("clusters", stdout);
        await using var db = NewContext();
        Assert.Equal(114, await db.Clusters.CountAsync());
        Assert.True(await db.Practices.CountAsync() > 1_700);
        Assert.Equal(0, await db.Dispensings.CountAsync());
        Assert.Equal(0, await db.ListSizes.CountAsync());
        Assert.Equal(0, await db.IndicatorResults.CountAsync());
    }

    [Theory]
    [InlineData("--quarters", "1", "--quarters must be between 2 and 40.")]
    [InlineData("--scale", "0", "--scale must be above 0 and at most 1.")]
    [InlineData("--scale", "1.5", "--scale must be above 0 and at most 1.")]
    public async Task Out_of_range_options_are_refused_before_anything_is_written(string option, string value, string message)
    {
        var (exit, _, stderr) = await RunAsync("demo", option, value);

        Assert.NotEqual(0, exit);
        Assert.Contains(message, stderr);
        // The options are checked before the database is opened, so not even an empty database is created.
        Assert.False(File.Exists(Path.Combine(Folder, "klynge.db")));
    }
}
