using Klynge.Core.Data;
using Klynge.Core.Registry;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Demo;

/// <summary>Writes a <see cref="DemoCountry"/> to a database in one transaction.</summary>
public static class DemoCountryWriter
{
    /// <summary>Writes the country into a database that has no practices yet.</summary>
    public static Task WriteAsync(KlyngeDbContext db, DemoCountry country, CancellationToken ct = default) =>
        WriteAsync(db, country, replace: false, ct);

    /// <summary>
    /// Writes the country with its ids as they are. An existing registry is refused unless
    /// <paramref name="replace"/> is set; then its practices, people, clusters and everything hanging
    /// on them are deleted first. Regions, municipalities and log-ins are kept.
    /// </summary>
    public static async Task WriteAsync(KlyngeDbContext db, DemoCountry country, bool replace, CancellationToken ct = default)
    {
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (await db.Practices.AnyAsync(ct) || await db.Clusters.AnyAsync(ct) || await db.People.AnyAsync(ct))
            {
                if (!replace)
                    throw new InvalidOperationException(
                        "The database already has practices, people or clusters; the demo country is only written into an empty registry. Use --replace to delete the existing registry first.");
                await DeleteRegistryAsync(db, ct);
            }

            db.Clusters.AddRange(country.Clusters);
            db.Practices.AddRange(country.Practices);
            db.People.AddRange(country.People);
            db.PracticeAffiliations.AddRange(country.Affiliations);
            db.ClusterMunicipalities.AddRange(country.ClusterMunicipalities);
            db.ClusterMemberships.AddRange(country.Memberships);
            db.ClusterRoles.AddRange(country.Roles);
            db.DataSharingConsents.AddRange(country.Consents);
            db.Guilds.AddRange(country.Guilds);
            db.GuildMemberships.AddRange(country.GuildMemberships);
            await db.SaveChangesAsync(ct);
            if (db.Database.IsNpgsql()) await ResetIdentitySequencesAsync(db, ct);
            await transaction.CommitAsync(ct);
        }
        finally
        {
            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    private static async Task DeleteRegistryAsync(KlyngeDbContext db, CancellationToken ct)
    {
        // Packages, prescribing, results and meetings hang on practices and clusters, so they go first.
        await db.PackagePdfs.ExecuteDeleteAsync(ct);
        await db.Packages.ExecuteDeleteAsync(ct);
        await db.PlantedEffects.ExecuteDeleteAsync(ct);
        await db.Meetings.ExecuteDeleteAsync(ct);
        await db.IndicatorResults.ExecuteDeleteAsync(ct);
        await db.Dispensings.ExecuteDeleteAsync(ct);
        await db.ListSizes.ExecuteDeleteAsync(ct);
        await db.ImportRuns.ExecuteDeleteAsync(ct);
        await db.GuildMemberships.ExecuteDeleteAsync(ct);
        await db.Guilds.ExecuteDeleteAsync(ct);
        await db.DataSharingConsents.ExecuteDeleteAsync(ct);
        await db.ClusterRoles.ExecuteDeleteAsync(ct);
        await db.ClusterMemberships.ExecuteDeleteAsync(ct);
        await db.ClusterMunicipalities.ExecuteDeleteAsync(ct);
        await db.PracticeAffiliations.ExecuteDeleteAsync(ct);
        await db.People.ExecuteDeleteAsync(ct);
        await db.Practices.ExecuteDeleteAsync(ct);
        await db.Clusters.ExecuteDeleteAsync(ct);
    }

    /// <summary>
    /// Explicit ids do not move PostgreSQL's identity sequences, so later inserts by the app would
    /// collide with the demo rows without this. SQLite's AUTOINCREMENT follows explicit ids itself.
    /// </summary>
    private static async Task ResetIdentitySequencesAsync(KlyngeDbContext db, CancellationToken ct)
    {
        Type[] generated =
        [
            typeof(Practice), typeof(Person), typeof(PracticeAffiliation), typeof(ClusterMembership), typeof(ClusterRole),
            typeof(DataSharingConsent), typeof(Guild), typeof(GuildMembership),
        ];
        foreach (var type in generated)
        {
            var table = db.Model.FindEntityType(type)!.GetTableName()!;
#pragma warning disable EF1002 // table names come from the model, not from input
            await db.Database.ExecuteSqlRawAsync(
                $"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {table}", ct);
#pragma warning restore EF1002
        }
    }
}
