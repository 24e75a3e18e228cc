using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Data;

/// <summary>
/// Applies the versioned SQL scripts in <c>Data/Schema/{provider}/NNNN_name.sql</c> in order,
/// each in its own transaction, and records them in <c>schema_versions</c>.
/// The scripts, not EF migrations, are the schema's history (see docs/operations.md).
/// </summary>
public static class SchemaMigrator
{
    public record Script(int Version, string Name, string Sql);

    public static IReadOnlyList<Script> Scripts(DatabaseProvider provider)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var prefix = $"{assembly.GetName().Name}.Data.Schema.{provider.ToString().ToLowerInvariant()}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..^4];
                var version = int.Parse(name.Split('_')[0]);
                return new Script(version, name, Read(assembly, n));
            })
            .OrderBy(s => s.Version)
            .ToList();
    }

    /// <summary>Applies every script not yet applied; returns the names of those applied now.</summary>
    public static Task<IReadOnlyList<string>> MigrateAsync(KlyngeDbContext db, CancellationToken ct = default) =>
        MigrateAsync(db, int.MaxValue, ct);

    /// <summary>Applies the scripts not yet applied up to and including <paramref name="upToVersion"/>, e.g. to test a script against data made by the ones before it.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(KlyngeDbContext db, int upToVersion, CancellationToken ct = default)
    {
        var provider = db.Database.IsNpgsql() ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        var connection = db.Database.GetDbConnection();
        if (provider == DatabaseProvider.Sqlite) EnsureSqliteFolder(connection.ConnectionString);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // A SQLite file runs in write-ahead-log mode (kept in the file): readers no longer wait for a writer, so
            // people reading pages while their views are written to the audit log do not meet "database is locked".
            if (provider == DatabaseProvider.Sqlite && !IsInMemory(connection.ConnectionString))
                await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL", ct);
            await ExecuteAsync(connection, null,
                "CREATE TABLE IF NOT EXISTS schema_versions (version integer PRIMARY KEY, name varchar(200) NOT NULL, applied_at varchar(40) NOT NULL)", ct);
            var applied = new HashSet<int>();
            await using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = "SELECT version FROM schema_versions";
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) applied.Add(reader.GetInt32(0));
            }

            var done = new List<string>();
            foreach (var script in Scripts(provider).Where(s => s.Version <= upToVersion && !applied.Contains(s.Version)))
            {
                await using var tx = await connection.BeginTransactionAsync(ct);
                await ExecuteAsync(connection, tx, script.Sql, ct);
                await using (var cmd = connection.CreateCommand())
                {
                    cmd.Transaction = tx;
                    cmd.CommandText = "INSERT INTO schema_versions (version, name, applied_at) VALUES (@v, @n, @a)";
                    AddParameter(cmd, "@v", script.Version);
                    AddParameter(cmd, "@n", script.Name);
                    AddParameter(cmd, "@a", DateTime.UtcNow.ToString("O"));
                    await cmd.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                done.Add(script.Name);
            }
            return done;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static bool IsInMemory(string connectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        return string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == Microsoft.Data.Sqlite.SqliteOpenMode.Memory;
    }

    private static void EnsureSqliteFolder(string connectionString)
    {
        if (IsInMemory(connectionString)) return;
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static void AddParameter(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
