using Klynge.Cli;
using Klynge.IntegrationTests.Cli;
using Klynge.Core.Data;
using Klynge.Core.Registry.Import;
using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Registry;

/// <summary>Runs <c>klynge import registry</c> against a temporary SQLite database chosen by environment variables.</summary>
public sealed class ImportRegistryCommandTests : CliTest
{
    private string[] WriteFiles(RegistrySamples files)
    {
        var paths = new[] { "practices.csv", "clusters.csv", "memberships.csv" }.Select(n => Path.Combine(Folder, n)).ToArray();
        File.WriteAllText(paths[0], files.Practices);
        File.WriteAllText(paths[1], files.Clusters);
        File.WriteAllText(paths[2], files.Memberships);
        return paths;
    }

    private async Task<int> CountPracticesAsync()
    {
        await using var db = NewContext();
        return await db.Practices.CountAsync();
    }

    [Fact]
    public async Task Good_files_import_and_print_counts()
    {
        var paths = WriteFiles(RegistrySamples.Load());

        var (code, output, error) = await RunAsync(["import", "registry", .. paths]);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("practices:   6 inserted, 0 updated, 0 unchanged", output);
        Assert.Contains("memberships: 6 inserted, 0 updated, 0 unchanged", output);
        Assert.Equal(6, await CountPracticesAsync());
        Assert.False(File.Exists(Path.Combine(Folder, ImportCommands.DefaultErrorsFileName)));
    }

    [Fact]
    public async Task Bad_files_exit_1_print_the_error_and_write_the_report_next_to_the_first_file()
    {
        var files = RegistrySamples.Load();
        var paths = WriteFiles(files with { Clusters = RegistrySamples.ReplaceLine(files.Clusters, 3, "201,\"Klynge Aarhus, Horsens\",1082,shared") });

        var (code, output, error) = await RunAsync(["import", "registry", .. paths]);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains("clusters.csv:3 data_sharing: must be open or closed (value 'shared')", error);
        Assert.DoesNotContain("   at ", error);
        var report = File.ReadAllLines(Path.Combine(Folder, ImportCommands.DefaultErrorsFileName));
        Assert.Equal([ImportError.CsvHeader, "clusters.csv,3,data_sharing,shared,must be open or closed"], report);
        Assert.Equal(0, await CountPracticesAsync());
    }

    [Fact]
    public async Task Errors_option_chooses_the_report_file_and_a_missing_file_is_an_error()
    {
        var paths = WriteFiles(RegistrySamples.Load());
        var report = Path.Combine(Folder, "report.csv");

        var (code, _, error) = await RunAsync("import", "registry", paths[0], Path.Combine(Folder, "nope.csv"), paths[2], "--errors", report);

        Assert.Equal(1, code);
        Assert.Contains("nope.csv: file not found:", error);
        Assert.StartsWith("nope.csv,,,,file not found:", File.ReadAllLines(report)[1]);
    }
}
