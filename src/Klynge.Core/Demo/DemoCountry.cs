using Klynge.Core.Data;
using Klynge.Core.Registry;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Demo;

/// <summary>
/// A whole demo registry: practices, people, clusters and their history, with ids assigned so
/// the lists refer to each other by id. Navigation properties are left empty.
/// </summary>
public sealed class DemoCountry
{
    /// <summary>The seed it was generated from; empty when read back from a database.</summary>
    public int? Seed { get; init; }
    /// <summary>The day the country describes as "today": closures, hand-overs and trainees are placed relative to it.</summary>
    public required DateOnly Today { get; init; }
    public required List<Practice> Practices { get; init; }
    public required List<Person> People { get; init; }
    public required List<PracticeAffiliation> Affiliations { get; init; }
    public required List<Cluster> Clusters { get; init; }
    public required List<ClusterMunicipality> ClusterMunicipalities { get; init; }
    public required List<ClusterMembership> Memberships { get; init; }
    public required List<ClusterRole> Roles { get; init; }
    public required List<DataSharingConsent> Consents { get; init; }
    public required List<Guild> Guilds { get; init; }
    public required List<GuildMembership> GuildMemberships { get; init; }

    /// <summary>Reads the registry rows of a database into the same shape, e.g. to summarise what was written.</summary>
    public static async Task<DemoCountry> LoadAsync(KlyngeDbContext db, DateOnly today, CancellationToken ct = default) => new()
    {
        Today = today,
        Practices = await db.Practices.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
        People = await db.People.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
        Affiliations = await db.PracticeAffiliations.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
        Clusters = await db.Clusters.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
        ClusterMunicipalities = await db.ClusterMunicipalities.AsNoTracking()
            .OrderBy(x => x.ClusterId).ThenBy(x => x.MunicipalityCode).ToListAsync(ct),
        Memberships = await db.ClusterMemberships.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
        Roles = await db.ClusterRoles.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
        Consents = await db.DataSharingConsents.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
        Guilds = await db.Guilds.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
        GuildMemberships = await db.GuildMemberships.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
    };
}
