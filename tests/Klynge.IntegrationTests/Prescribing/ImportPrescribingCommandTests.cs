using System.Diagnostics;
using Klynge.Cli;
using Klynge.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using static Klynge.IntegrationTests.Prescribing.PrescribingSamples;

namespace Klynge.IntegrationTests.Prescribing;

/// <summary>Runs <c>klynge import dispensings|list-sizes</c> against a temporary SQLite database chosen by environment variables.</summary>
[Collection("environment")]
public sealed class ImportPrescribingCommandTests : IAsyncLifetime
{
    private const string ProviderVariable = "Klynge__Database__Provider";
    private const string ConnectionVariable = "ConnectionStrings__Klynge";
    private readonly string? _oldProvider = Environment.GetEnvironmentVariable(ProviderVariable);
    private readonly string? _oldConnection = Environment.GetEnvironmentVariable(ConnectionVariable);
    private readonly TempFolder _files = new("klynge-rx-cli-");
    private readonly string _connection;

    public ImportPrescribingCommandTests()
    {
        _connection = $"Data Source={Path.Combine(_files.Path, "klynge.db")};Pooling=False";
        Environment.SetEnvironmentVariable(ProviderVariable, "sqlite");
        Environment.SetEnvironmentVariable(ConnectionVariable, _connection);
    }

    public async Task InitializeAsync()
    {
        await using var db = NewContext();
        await Database.MigrateAsync(db);
        await AddPracticesAsync(db);
    }

    public Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(ProviderVariable, _oldProvider);
        Environment.SetEnvironmentVariable(ConnectionVariable, _oldConnection);
        SqliteConnection.ClearAllPools();
        _files.Dispose();
        return Task.CompletedTask;
    }

    private KlyngeDbContext NewContext() => DatabaseOptions.CreateContext(DatabaseProvider.Sqlite, _connection);

    private static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await KlyngeCommand.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Good_files_import_with_a_summary()
    {
        var dispensings = _files.Write("d.csv", Lines(DispensingsHeader, "p1,1950,F,171020,N05BA01,2024-01-02,1,10", "p2,1950,M,171021,N05BA01,2024-07-02,-1,"));
        var sizes = _files.Write("s.csv", Lines(ListSizesHeader, "171020,2024-Q1,F,0-4,120"));

        var (code, output, error) = await RunAsync("import", "dispensings", dispensings);
        var (sizesCode, sizesOutput, _) = await RunAsync("import", "list-sizes", sizes);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("Imported 2 dispensings rows from 1 file(s)", output);
        Assert.Contains("quarters replaced: 2024-Q1, 2024-Q3", output);
        Assert.Equal(0, sizesCode);
        Assert.Contains("Imported 1 list-sizes rows", sizesOutput);
        await using var db = NewContext();
        Assert.Equal(2, await db.Dispensings.CountAsync());
        Assert.Equal(120, await db.ListSizes.SumAsync(l => l.Patients));
    }

    [Fact]
    public async Task Bad_rows_exit_1_print_the_first_50_and_write_all_to_the_errors_file()
    {
        var rows = Enumerable.Range(0, 60).Select(i => $"p{i},1950,F,171020,N05BA1,2024-01-02,1,10");
        var path = _files.Write("d.csv", Lines([DispensingsHeader, .. rows]));
        var report = Path.Combine(_files.Path, "errors.csv");

        var (code, _, error) = await RunAsync("import", "dispensings", path, "--errors", report);

        Assert.Equal(1, code);
        Assert.StartsWith("Nothing was imported: 60 error(s).", error);
        Assert.Contains("d.csv:2 atc: must be an ATC level-5 code such as N05BA01 (letter, 2 digits, 2 letters, 2 digits) (value 'N05BA1')", error);
        Assert.Contains("... and 10 more", error);
        var lines = File.ReadAllLines(report);
        Assert.Equal(61, lines.Length);
        Assert.Equal("d.csv,61,atc,N05BA1,\"must be an ATC level-5 code such as N05BA01 (letter, 2 digits, 2 letters, 2 digits)\"", lines[^1]);
        await using var db = NewContext();
        Assert.Equal(0, await db.Dispensings.CountAsync());
    }

    /// <summary>
    /// The CLI's own build output (next to its full dependency list); the copy in the test folder is described
    /// by the test project's dependencies and cannot start on its own.
    /// </summary>
    private static string CliAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (output.Name, output.Parent!.Name);
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Klynge.slnx"))) root = root.Parent;
        var path = Path.Combine(root!.FullName, "src", "Klynge.Cli", "bin", configuration, framework, "klynge.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build src/Klynge.Cli first: {path} is missing.");
    }

    [Fact]
    public async Task Killing_the_process_mid_load_leaves_the_database_as_before()
    {
        var earlier = _files.Write("earlier.csv", Lines(DispensingsHeader,
            "a1,1950,F,171020,N05BA01,2024-01-02,1,10", "a2,1951,M,171021,N05BA01,2024-02-03,1,10", "a3,1952,F,042017,N05BA01,2024-03-04,1,"));
        Assert.Equal(0, (await RunAsync("import", "dispensings", earlier)).Code);
        var big = Path.Combine(_files.Path, "big.csv");
        WriteBigDispensings(big, 2_000_000);

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliAssembly());
        foreach (var a in new[] { "import", "dispensings", big }) start.ArgumentList.Add(a);
        start.Environment[ProviderVariable] = "sqlite";
        start.Environment[ConnectionVariable] = _connection;
        using var process = Process.Start(start)!;
        var seen = new List<string>();
        string? loadedLine = null;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            seen.Add(line);
            if (line.StartsWith("loaded ", StringComparison.Ordinal))
            {
                loadedLine = line;
                process.Kill(entireProcessTree: true);
                break;
            }
        }
        await process.WaitForExitAsync();

        Assert.True(loadedLine is not null, "the import never reported loading rows: " + string.Join(" | ", seen) + await process.StandardError.ReadToEndAsync());
        Assert.NotEqual(0, process.ExitCode);
        await using var db = NewContext();
        Assert.Equal(["a1", "a2", "a3"], await db.Dispensings.OrderBy(d => d.PatientId).Select(d => d.PatientId).ToListAsync());
        Assert.Equal(1, await db.ImportRuns.CountAsync());
    }
}
