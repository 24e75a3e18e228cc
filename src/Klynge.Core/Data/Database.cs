using Klynge.Core.Registry;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Data;

public static class Database
{
    /// <summary>Brings a database to the current schema and makes sure the reference data are there.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(KlyngeDbContext db, CancellationToken ct = default)
    {
        if (db.Database.IsSqlite()) await UseWriteAheadLogAsync(db, ct);
        var applied = await SchemaMigrator.MigrateAsync(db, ct);
        await ReferenceData.EnsureAsync(db, ct);
        return applied;
    }

    /// <summary>
    /// Puts a SQLite file in write-ahead-log mode (kept in the file): readers no longer wait for a writer, so many
    /// people reading pages while views are written to the audit log do not run into "database is locked".
    /// </summary>
    private static async Task UseWriteAheadLogAsync(KlyngeDbContext db, CancellationToken ct)
    {
        var source = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:") return;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL";
            await command.ExecuteScalarAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
