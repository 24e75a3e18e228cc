using Klynge.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Registry;

public record ClusterMemberRow(
    int MembershipId,
    int PracticeId,
    string ProviderNumber,
    string PracticeName,
    string MunicipalityName,
    DateOnly ValidFrom,
    DateOnly? ValidTo,
    int Gps,
    int Patients,
    bool? ConsentGiven,
    IReadOnlyList<ClusterPersonRow> People);

public record ClusterPersonRow(int PersonId, string Name, PracticeRole Role, bool TakesPartInClusterWork, string? Email);

public record ClusterRoleRow(int RoleId, int PersonId, string Name, ClusterRoleKind Kind, DateOnly ValidFrom, DateOnly? ValidTo);

/// <summary>Everything the cluster page shows: the cluster, its members now and before, its people, roles and guild overlap.</summary>
public record ClusterDetail(
    Cluster Cluster,
    string RegionName,
    string MainMunicipalityName,
    IReadOnlyList<string> CoveredMunicipalities,
    IReadOnlyList<ClusterMemberRow> Members,
    IReadOnlyList<ClusterMemberRow> FormerMembers,
    IReadOnlyList<ClusterRoleRow> Roles,
    IReadOnlyList<GuildOverlap> Guilds)
{
    public int Gps => Members.Sum(m => m.Gps);
    public int Patients => Members.Sum(m => m.Patients);
    public IEnumerable<ClusterRoleRow> CurrentRoles(DateOnly day) => Roles.Where(r => Validity.Covers(r.ValidFrom, r.ValidTo, day));
}

/// <summary>How a lægelaug overlaps the cluster: member practices in both.</summary>
public record GuildOverlap(int GuildId, string Name, int GuildPractices, int SharedPractices);

public static class ClusterDetails
{
    public static async Task<ClusterDetail?> LoadAsync(KlyngeDbContext db, int clusterId, DateOnly day, CancellationToken ct = default)
    {
        var cluster = await db.Clusters.AsNoTracking()
            .Include(c => c.Region).Include(c => c.MainMunicipality)
            .Include(c => c.Municipalities).ThenInclude(m => m.Municipality)
            .SingleOrDefaultAsync(c => c.Id == clusterId, ct);
        if (cluster is null) return null;

        var memberships = await db.ClusterMemberships.AsNoTracking()
            .Where(m => m.ClusterId == clusterId)
            .Select(m => new { m.Id, m.PracticeId, m.ValidFrom, m.ValidTo, m.Practice!.ProviderNumber, m.Practice.Name, Municipality = m.Practice.Municipality!.Name, m.Practice.ListedPatients })
            .ToListAsync(ct);
        var practiceIds = memberships.Select(m => m.PracticeId).Distinct().ToList();
        var people = await db.PracticeAffiliations.AsNoTracking()
            .Where(a => practiceIds.Contains(a.PracticeId) && a.ValidFrom <= day && (a.ValidTo == null || a.ValidTo > day))
            .Select(a => new { a.PracticeId, a.PersonId, a.Person!.FirstName, a.Person.LastName, a.Role, a.TakesPartInClusterWork, a.Person.Email })
            .ToListAsync(ct);
        var peopleByPractice = people.ToLookup(p => p.PracticeId);
        var consents = await db.DataSharingConsents.AsNoTracking()
            .Where(c => practiceIds.Contains(c.PracticeId) && c.On <= day)
            .Select(c => new { c.Id, c.PracticeId, c.Given, c.On })
            .ToListAsync(ct);
        var latestConsent = consents.GroupBy(c => c.PracticeId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.On).ThenByDescending(c => c.Id).First().Given);

        var rows = memberships.Select(m => new ClusterMemberRow(
                m.Id, m.PracticeId, m.ProviderNumber, m.Name, m.Municipality, m.ValidFrom, m.ValidTo,
                peopleByPractice[m.PracticeId].Count(p => p.Role is PracticeRole.OwnerGp or PracticeRole.EmployedGp),
                m.ListedPatients,
                latestConsent.TryGetValue(m.PracticeId, out var given) ? given : null,
                peopleByPractice[m.PracticeId]
                    .OrderBy(p => p.Role).ThenBy(p => p.LastName).ThenBy(p => p.FirstName)
                    .Select(p => new ClusterPersonRow(p.PersonId, $"{p.FirstName} {p.LastName}", p.Role, p.TakesPartInClusterWork, p.Email))
                    .ToList()))
            .OrderBy(r => r.PracticeName, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("da-DK"), false))
            .ToList();
        var current = rows.Where(r => Validity.Covers(r.ValidFrom, r.ValidTo, day)).ToList();
        var former = rows.Where(r => !Validity.Covers(r.ValidFrom, r.ValidTo, day)).OrderByDescending(r => r.ValidTo).ToList();

        // Enums are stored as text, so order by the enum (coordinator first) in memory, not in SQL.
        var roles = (await db.ClusterRoles.AsNoTracking()
            .Where(r => r.ClusterId == clusterId)
            .Select(r => new ClusterRoleRow(r.Id, r.PersonId, r.Person!.FirstName + " " + r.Person.LastName, r.Kind, r.ValidFrom, r.ValidTo))
            .ToListAsync(ct))
            .OrderBy(r => r.Kind).ThenBy(r => r.ValidFrom).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();

        var currentIds = current.Select(c => c.PracticeId).ToList();
        var guilds = await db.Guilds.AsNoTracking()
            .Where(g => g.Memberships.Any(m => currentIds.Contains(m.PracticeId) && m.ValidFrom <= day && (m.ValidTo == null || m.ValidTo > day)))
            .Select(g => new GuildOverlap(g.Id, g.Name,
                g.Memberships.Count(m => m.ValidFrom <= day && (m.ValidTo == null || m.ValidTo > day)),
                g.Memberships.Count(m => currentIds.Contains(m.PracticeId) && m.ValidFrom <= day && (m.ValidTo == null || m.ValidTo > day))))
            .ToListAsync(ct);

        return new ClusterDetail(cluster, cluster.Region!.Name, cluster.MainMunicipality!.Name,
            cluster.Municipalities.Select(m => m.Municipality!.Name).Order().ToList(),
            current, former, roles, guilds);
    }
}
