using Klynge.Core.Registry;

namespace Klynge.Core.Data;

public static class Database
{
    /// <summary>Brings a database to the current schema and makes sure the reference data are there.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(KlyngeDbContext db, CancellationToken ct = default)
    {
        var applied = await SchemaMigrator.MigrateAsync(db, ct);
        await ReferenceData.EnsureAsync(db, ct);
        return applied;
    }
}
