using Klynge.Core.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Klynge.IntegrationTests;

/// <summary>
/// A fresh, migrated database for one test: a temporary SQLite file, or a new database on the
/// PostgreSQL server named by <c>KLYNGE_TEST_POSTGRES</c> (scripts/test starts one and sets it).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "KLYNGE_TEST_POSTGRES";

    private readonly string? _sqliteFile;
    private readonly string? _postgresName;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? sqliteFile, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqliteFile = sqliteFile;
        _postgresName = postgresName;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public DatabaseSettings Settings => new(Provider, ConnectionString);

    /// <summary>Both providers, for <c>[Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]</c>.</summary>
    public static TheoryData<DatabaseProvider> Providers => new() { DatabaseProvider.Sqlite, DatabaseProvider.Postgres };

    /// <summary>Creates an empty database; <paramref name="migrate"/> applies the schema and reference data.</summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool migrate = true)
    {
        TestDatabase db;
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"klynge-test-{Guid.NewGuid():N}.db");
            db = new TestDatabase(provider, $"Data Source={file};Pooling=False", file, null);
        }
        else
        {
            var server = ServerConnectionString();
            var name = $"klynge_test_{Guid.NewGuid():N}";
            await using (var connection = new NpgsqlConnection(server))
            {
                await connection.OpenAsync();
                await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                await cmd.ExecuteNonQueryAsync();
            }
            var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
            db = new TestDatabase(provider, builder.ConnectionString, null, name);
        }
        if (migrate)
        {
            await using var context = db.NewContext();
            await Database.MigrateAsync(context);
        }
        return db;
    }

    public KlyngeDbContext NewContext() => DatabaseOptions.CreateContext(Provider, ConnectionString);

    public static string ServerConnectionString() =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"PostgreSQL tests need a server: run scripts/test, or start one with scripts/start-postgres and set {PostgresVariable} to the connection string it prints.");

    public async ValueTask DisposeAsync()
    {
        if (_sqliteFile is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(_sqliteFile + suffix);
        }
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(ServerConnectionString());
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", connection);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
