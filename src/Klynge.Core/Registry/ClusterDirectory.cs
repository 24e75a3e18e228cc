using Klynge.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Registry;

/// <summary>Key figures of a cluster on a given day, from its current member practices.</summary>
public record ClusterFigures(
    int Id,
    string Name,
    int RegionCode,
    string RegionName,
    int MainMunicipalityCode,
    string MainMunicipalityName,
    DataSharing DataSharing,
    int Practices,
    int Gps,
    int Patients,
    IReadOnlyList<string> Coordinators);

public record RegionFigures(int Code, string Name, int Clusters, int Practices, int MemberPractices, int Gps, int MemberGps, int Patients, int MemberPatients)
{
    public double Coverage => Gps == 0 ? 0 : (double)MemberGps / Gps;
}

public record NationalFigures(int Clusters, int Practices, int MemberPractices, int Gps, int MemberGps, int Patients, int MemberPatients, IReadOnlyList<RegionFigures> Regions)
{
    /// <summary>Share of GPs in open practices whose practice is in a cluster.</summary>
    public double Coverage => Gps == 0 ? 0 : (double)MemberGps / Gps;
}

/// <summary>Read-side queries over the registry: clusters with their key figures, and the national picture.</summary>
public class ClusterDirectory(KlyngeDbContext db)
{
    /// <summary>Key figures for the given clusters (all when <paramref name="clusterIds"/> is null) on <paramref name="day"/>.</summary>
    public async Task<IReadOnlyList<ClusterFigures>> ClustersAsync(DateOnly day, IReadOnlyCollection<int>? clusterIds = null, CancellationToken ct = default)
    {
        var clusterQuery = db.Clusters.AsNoTracking();
        if (clusterIds is not null) clusterQuery = clusterQuery.Where(c => clusterIds.Contains(c.Id));
        var clusters = await clusterQuery
            .Select(c => new { c.Id, c.Name, c.RegionCode, RegionName = c.Region!.Name, c.MainMunicipalityCode, MunicipalityName = c.MainMunicipality!.Name, c.DataSharing })
            .ToListAsync(ct);
        var ids = clusters.Select(c => c.Id).ToList();

        var members = await CurrentMembersAsync(day, ids, ct);
        var practiceIds = members.Select(m => m.PracticeId).ToList();
        var gpsByPractice = await GpsByPracticeAsync(day, practiceIds, ct);
        var patientsByPractice = await db.Practices.AsNoTracking()
            .Where(p => practiceIds.Contains(p.Id))
            .Select(p => new { p.Id, p.ListedPatients })
            .ToDictionaryAsync(p => p.Id, p => p.ListedPatients, ct);

        var roles = await db.ClusterRoles.AsNoTracking()
            .Where(r => ids.Contains(r.ClusterId) && r.Kind == ClusterRoleKind.Coordinator && r.ValidFrom <= day && (r.ValidTo == null || r.ValidTo > day))
            .Select(r => new { r.ClusterId, r.Person!.FirstName, r.Person.LastName })
            .ToListAsync(ct);
        var coordinators = roles.ToLookup(r => r.ClusterId, r => $"{r.FirstName} {r.LastName}");
        var byCluster = members.ToLookup(m => m.ClusterId, m => m.PracticeId);

        return clusters
            .Select(c =>
            {
                var practices = byCluster[c.Id].ToList();
                return new ClusterFigures(c.Id, c.Name, c.RegionCode, c.RegionName, c.MainMunicipalityCode, c.MunicipalityName, c.DataSharing,
                    practices.Count,
                    practices.Sum(p => gpsByPractice.GetValueOrDefault(p)),
                    practices.Sum(p => patientsByPractice.GetValueOrDefault(p)),
                    coordinators[c.Id].Order(StringComparer.Ordinal).ToList());
            })
            .OrderBy(c => c.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("da-DK"), false))
            .ToList();
    }

    /// <summary>Clusters, practices, GPs and patients by region and for the country, with coverage.</summary>
    public async Task<NationalFigures> NationalAsync(DateOnly day, CancellationToken ct = default)
    {
        var regions = await db.Regions.AsNoTracking().OrderBy(r => r.Code).ToListAsync(ct);
        var practices = await db.Practices.AsNoTracking()
            .Where(p => p.OpenedOn <= day && (p.ClosedOn == null || p.ClosedOn > day))
            .Select(p => new { p.Id, p.ListedPatients, p.Municipality!.RegionCode })
            .ToListAsync(ct);
        var members = (await CurrentMembersAsync(day, null, ct)).Select(m => m.PracticeId).ToHashSet();
        var gps = await GpsByPracticeAsync(day, null, ct);
        var clusters = await db.Clusters.AsNoTracking()
            .Where(c => c.Memberships.Any(m => m.ValidFrom <= day && (m.ValidTo == null || m.ValidTo > day)))
            .GroupBy(c => c.RegionCode)
            .Select(g => new { Region = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Region, g => g.Count, ct);

        var byRegion = regions.Select(r =>
        {
            var inRegion = practices.Where(p => p.RegionCode == r.Code).ToList();
            var inCluster = inRegion.Where(p => members.Contains(p.Id)).ToList();
            return new RegionFigures(r.Code, r.Name, clusters.GetValueOrDefault(r.Code),
                inRegion.Count, inCluster.Count,
                inRegion.Sum(p => gps.GetValueOrDefault(p.Id)), inCluster.Sum(p => gps.GetValueOrDefault(p.Id)),
                inRegion.Sum(p => p.ListedPatients), inCluster.Sum(p => p.ListedPatients));
        }).ToList();

        return new NationalFigures(
            byRegion.Sum(r => r.Clusters), byRegion.Sum(r => r.Practices), byRegion.Sum(r => r.MemberPractices),
            byRegion.Sum(r => r.Gps), byRegion.Sum(r => r.MemberGps), byRegion.Sum(r => r.Patients), byRegion.Sum(r => r.MemberPatients),
            byRegion);
    }

    private async Task<List<(int ClusterId, int PracticeId)>> CurrentMembersAsync(DateOnly day, List<int>? clusterIds, CancellationToken ct)
    {
        var query = db.ClusterMemberships.AsNoTracking().Where(m => m.ValidFrom <= day && (m.ValidTo == null || m.ValidTo > day));
        if (clusterIds is not null) query = query.Where(m => clusterIds.Contains(m.ClusterId));
        var rows = await query.Select(m => new { m.ClusterId, m.PracticeId }).ToListAsync(ct);
        return rows.Select(r => (r.ClusterId, r.PracticeId)).ToList();
    }

    private async Task<Dictionary<int, int>> GpsByPracticeAsync(DateOnly day, List<int>? practiceIds, CancellationToken ct)
    {
        var gpRoles = new[] { PracticeRole.OwnerGp, PracticeRole.EmployedGp };
        var query = db.PracticeAffiliations.AsNoTracking()
            .Where(a => gpRoles.Contains(a.Role) && a.ValidFrom <= day && (a.ValidTo == null || a.ValidTo > day));
        if (practiceIds is not null) query = query.Where(a => practiceIds.Contains(a.PracticeId));
        return await query.GroupBy(a => a.PracticeId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }
}
