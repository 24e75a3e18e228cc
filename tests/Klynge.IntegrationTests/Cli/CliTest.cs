using Klynge.Cli;
using Klynge.Core.Data;
using Microsoft.Data.Sqlite;

namespace Klynge.IntegrationTests.Cli;

/// <summary>
/// Base of tests that run the <c>klynge</c> command against a temporary SQLite database chosen, as in
/// production, by environment variables. Such tests share the process environment, so they run in the
/// "environment" collection, one at a time.
/// </summary>
[Collection("environment")]
public abstract class CliTest : IDisposable
{
    protected const string ProviderVariable = "Klynge__Database__Provider";
    protected const string ConnectionVariable = "ConnectionStrings__Klynge";
    private readonly string? _oldProvider = Environment.GetEnvironmentVariable(ProviderVariable);
    private readonly string? _oldConnection = Environment.GetEnvironmentVariable(ConnectionVariable);

    protected CliTest(string databaseFile = "klynge.db")
    {
        Folder = Directory.CreateTempSubdirectory("klynge-cli-").FullName;
        ConnectionString = $"Data Source={Path.Combine(Folder, databaseFile)};Pooling=False";
        Environment.SetEnvironmentVariable(ProviderVariable, "sqlite");
        Environment.SetEnvironmentVariable(ConnectionVariable, ConnectionString);
    }

    protected string Folder { get; }
    protected string ConnectionString { get; }

    protected KlyngeDbContext NewContext() => DatabaseOptions.CreateContext(DatabaseProvider.Sqlite, ConnectionString);

    protected static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await KlyngeCommand.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(ProviderVariable, _oldProvider);
        Environment.SetEnvironmentVariable(ConnectionVariable, _oldConnection);
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
