using Klynge.Cli;
using Klynge.Core.Data;
using Klynge.Core.Registry.Import;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Registry;

/// <summary>Runs <c>klynge import registry</c> against a temporary SQLite database chosen by environment variables.</summary>
[Collection("environment")]
public sealed class ImportRegistryCommandTests : IDisposable
{
    private const string ProviderVariable = "Klynge__Database__Provider";
    private const string ConnectionVariable = "ConnectionStrings__Klynge";
    private readonly string? _oldProvider = Environment.GetEnvironmentVariable(ProviderVariable);
    private readonly string? _oldConnection = Environment.GetEnvironmentVariable(ConnectionVariable);
    private readonly string _folder = Directory.CreateTempSubdirectory("klynge-cli-").FullName;
    private readonly string _database;

    public ImportRegistryCommandTests()
    {
        _database = Path.Combine(_folder, "klynge.db");
        Environment.SetEnvironmentVariable(ProviderVariable, "sqlite");
        Environment.SetEnvironmentVariable(ConnectionVariable, $"Data Source={_database};Pooling=False");
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(ProviderVariable, _oldProvider);
        Environment.SetEnvironmentVariable(ConnectionVariable, _oldConnection);
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string[] WriteFiles(RegistrySamples files)
    {
        var paths = new[] { "practices.csv", "clusters.csv", "memberships.csv" }.Select(n => Path.Combine(_folder, n)).ToArray();
        File.WriteAllText(paths[0], files.Practices);
        File.WriteAllText(paths[1], files.Clusters);
        File.WriteAllText(paths[2], files.Memberships);
        return paths;
    }

    private static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await KlyngeCommand.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private async Task<int> CountPracticesAsync()
    {
        await using var db = DatabaseOptions.CreateContext(DatabaseProvider.Sqlite, $"Data Source={_database};Pooling=False");
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
        Assert.False(File.Exists(Path.Combine(_folder, ImportCommands.DefaultErrorsFileName)));
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
        var report = File.ReadAllLines(Path.Combine(_folder, ImportCommands.DefaultErrorsFileName));
        Assert.Equal([ImportError.CsvHeader, "clusters.csv,3,data_sharing,shared,must be open or closed"], report);
        Assert.Equal(0, await CountPracticesAsync());
    }

    [Fact]
    public async Task Errors_option_chooses_the_report_file_and_a_missing_file_is_an_error()
    {
        var paths = WriteFiles(RegistrySamples.Load());
        var report = Path.Combine(_folder, "report.csv");

        var (code, _, error) = await RunAsync("import", "registry", paths[0], Path.Combine(_folder, "nope.csv"), paths[2], "--errors", report);

        Assert.Equal(1, code);
        Assert.Contains("nope.csv: file not found:", error);
        Assert.StartsWith("nope.csv,,,,file not found:", File.ReadAllLines(report)[1]);
    }
}
