using Klynge.Core.Audit;
using Klynge.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Registry;

/// <summary>
/// Changes to a cluster: members, coordinators, board and rules. Callers check
/// <see cref="Access.AccessScope.CanManageCluster"/> first; this class checks the registry's own rules
/// and writes every change to the audit log in the same transaction. Messages are in Danish, the
/// platform's working language.
/// </summary>
public class ClusterAdministration(KlyngeDbContext db)
{
    /// <summary>Adds an open practice, not in another cluster on that day, from <paramref name="from"/>.</summary>
    public async Task<RegistryCommandResult> AddPracticeAsync(int clusterId, string providerNumber, DateOnly from, string userName, CancellationToken ct = default)
    {
        providerNumber = providerNumber.Trim();
        if (!Practice.IsValidProviderNumber(providerNumber))
            return RegistryCommandResult.Fail("Ydernummeret skal være seks cifre.");
        var practice = await db.Practices.SingleOrDefaultAsync(p => p.ProviderNumber == providerNumber, ct);
        if (practice is null)
            return RegistryCommandResult.Fail($"Der findes ingen praksis med ydernummer {providerNumber}.");
        if (!practice.IsOpenOn(from))
            return RegistryCommandResult.Fail($"{practice.Name} ({providerNumber}) er ikke åben den {from:yyyy-MM-dd}.");
        var memberships = await db.ClusterMemberships.Where(m => m.PracticeId == practice.Id).ToListAsync(ct);
        var clash = memberships.FirstOrDefault(m => Validity.Overlaps(m.ValidFrom, m.ValidTo, from, null));
        if (clash is not null)
        {
            // The other cluster is not named: the coordinator may not see it, and it may lie in another region.
            return clash.ClusterId == clusterId
                ? RegistryCommandResult.Fail($"{practice.Name} ({providerNumber}) er allerede medlem af klyngen.")
                : RegistryCommandResult.Fail($"{practice.Name} ({providerNumber}) kan ikke tilføjes: praksissen er medlem af en anden klynge i perioden.");
        }
        db.ClusterMemberships.Add(new ClusterMembership { ClusterId = clusterId, PracticeId = practice.Id, ValidFrom = from });
        db.Record(userName, "membership.add", "cluster", clusterId, $"practice {providerNumber} from {from:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return RegistryCommandResult.Ok;
    }

    /// <summary>Ends a membership on <paramref name="leaveOn"/> (the first day outside the cluster); the row is kept as history.</summary>
    public async Task<RegistryCommandResult> RemovePracticeAsync(int clusterId, int membershipId, DateOnly leaveOn, string userName, CancellationToken ct = default)
    {
        var membership = await db.ClusterMemberships.Include(m => m.Practice)
            .SingleOrDefaultAsync(m => m.Id == membershipId && m.ClusterId == clusterId, ct);
        if (membership is null)
            return RegistryCommandResult.Fail("Medlemskabet findes ikke i denne klynge.");
        if (membership.ValidTo is not null && membership.ValidTo <= leaveOn)
            return RegistryCommandResult.Fail($"Medlemskabet sluttede allerede den {membership.ValidTo:yyyy-MM-dd}.");
        if (leaveOn <= membership.ValidFrom)
            return RegistryCommandResult.Fail($"Udmeldelsesdatoen skal ligge efter indmeldelsen ({membership.ValidFrom:yyyy-MM-dd}).");
        membership.ValidTo = leaveOn;
        db.Record(userName, "membership.end", "cluster", clusterId, $"practice {membership.Practice!.ProviderNumber} leaves {leaveOn:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return RegistryCommandResult.Ok;
    }

    /// <summary>Gives a person a coordinator or board role. Coordinators and board members must be GPs or staff at a member practice.</summary>
    public async Task<RegistryCommandResult> AddRoleAsync(int clusterId, int personId, ClusterRoleKind kind, DateOnly from, string userName, CancellationToken ct = default)
    {
        var person = await db.People.SingleOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null)
            return RegistryCommandResult.Fail("Personen findes ikke.");
        var memberPractices = db.ClusterMemberships
            .Where(m => m.ClusterId == clusterId && m.ValidFrom <= from && (m.ValidTo == null || m.ValidTo > from))
            .Select(m => m.PracticeId);
        var worksInCluster = await db.PracticeAffiliations.AnyAsync(a =>
            a.PersonId == personId && memberPractices.Contains(a.PracticeId) && a.ValidFrom <= from && (a.ValidTo == null || a.ValidTo > from), ct);
        if (!worksInCluster)
            return RegistryCommandResult.Fail($"{person.FullName} arbejder ikke i en af klyngens praksisser.");
        var holds = await db.ClusterRoles.AnyAsync(r =>
            r.ClusterId == clusterId && r.PersonId == personId && r.Kind == kind && (r.ValidTo == null || r.ValidTo > from), ct);
        if (holds)
            return RegistryCommandResult.Fail($"{person.FullName} har allerede den rolle.");
        db.ClusterRoles.Add(new ClusterRole { ClusterId = clusterId, PersonId = personId, Kind = kind, ValidFrom = from });
        db.Record(userName, "role.add", "cluster", clusterId, $"{kind} {person.FullName} (person {personId}) from {from:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return RegistryCommandResult.Ok;
    }

    /// <summary>Ends a role; the last coordinator cannot leave without a successor, so a cluster always has one.</summary>
    public async Task<RegistryCommandResult> EndRoleAsync(int clusterId, int roleId, DateOnly endOn, string userName, CancellationToken ct = default)
    {
        var role = await db.ClusterRoles.Include(r => r.Person).SingleOrDefaultAsync(r => r.Id == roleId && r.ClusterId == clusterId, ct);
        if (role is null || (role.ValidTo is not null && role.ValidTo <= endOn))
            return RegistryCommandResult.Fail("Rollen findes ikke eller er allerede afsluttet.");
        if (endOn <= role.ValidFrom)
            return RegistryCommandResult.Fail($"Slutdatoen skal ligge efter starten ({role.ValidFrom:yyyy-MM-dd}).");
        if (role.Kind == ClusterRoleKind.Coordinator)
        {
            var others = await db.ClusterRoles.AnyAsync(r =>
                r.ClusterId == clusterId && r.Id != roleId && r.Kind == ClusterRoleKind.Coordinator && r.ValidFrom <= endOn && (r.ValidTo == null || r.ValidTo > endOn), ct);
            if (!others)
                return RegistryCommandResult.Fail("Klyngen skal have mindst én koordinator: tilføj en ny koordinator, før denne afsluttes.");
        }
        role.ValidTo = endOn;
        db.Record(userName, "role.end", "cluster", clusterId, $"{role.Kind} {role.Person!.FullName} ends {endOn:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return RegistryCommandResult.Ok;
    }

    public async Task<RegistryCommandResult> UpdateSettingsAsync(int clusterId, DataSharing sharing, int? maxMissedMeetings, string rules, string userName, CancellationToken ct = default)
    {
        if (maxMissedMeetings is < 0 or > 12)
            return RegistryCommandResult.Fail("Antal tilladte afbud skal være mellem 0 og 12.");
        var cluster = await db.Clusters.SingleAsync(c => c.Id == clusterId, ct);
        var changes = new List<string>();
        if (cluster.DataSharing != sharing) changes.Add($"data sharing {cluster.DataSharing} -> {sharing}");
        if (cluster.MaxMissedMeetingsPerYear != maxMissedMeetings) changes.Add($"max missed meetings {cluster.MaxMissedMeetingsPerYear} -> {maxMissedMeetings}");
        if (cluster.Rules != rules.Trim()) changes.Add("rules text");
        if (changes.Count == 0) return RegistryCommandResult.Ok;
        cluster.DataSharing = sharing;
        cluster.MaxMissedMeetingsPerYear = maxMissedMeetings;
        cluster.Rules = rules.Trim();
        db.Record(userName, "cluster.settings", "cluster", clusterId, string.Join("; ", changes));
        await db.SaveChangesAsync(ct);
        return RegistryCommandResult.Ok;
    }
}
