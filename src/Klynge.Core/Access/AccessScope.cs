using Klynge.Core.Data;
using Klynge.Core.Registry;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Access;

/// <summary>
/// What one signed-in user may see and change, worked out once per request from their roles and
/// the registry: the clusters they coordinate, the practice they work at, the region they analyse.
/// Every page and endpoint asks this, so the rules live in one place.
/// </summary>
public class AccessScope
{
    private AccessScope(string userName, IReadOnlySet<string> roles)
    {
        UserName = userName;
        Roles = roles;
    }

    public string UserName { get; }
    public IReadOnlySet<string> Roles { get; }
    public int? PersonId { get; private init; }
    /// <summary>Clusters this user coordinates today.</summary>
    public IReadOnlySet<int> CoordinatedClusters { get; private init; } = new HashSet<int>();
    /// <summary>Clusters where this user is chair, treasurer or board member today, whatever their log-in's roles.</summary>
    public IReadOnlySet<int> BoardClusters { get; private init; } = new HashSet<int>();
    /// <summary>Practices where this user works today (as GP or staff).</summary>
    public IReadOnlySet<int> OwnPractices { get; private init; } = new HashSet<int>();
    /// <summary>Practices this user owns today as an owner GP: owners keep the practice's staff list and consent.</summary>
    public IReadOnlySet<int> OwnedPractices { get; private init; } = new HashSet<int>();
    /// <summary>Clusters where this user is chair or treasurer today: they keep the cluster's accounts with the coordinators.</summary>
    public IReadOnlySet<int> OfficerClusters { get; private init; } = new HashSet<int>();
    /// <summary>Clusters of the user's own practices today.</summary>
    public IReadOnlySet<int> MemberClusters { get; private init; } = new HashSet<int>();
    /// <summary>Analysts: null for national scope, else their region. Partners: their region, if a regional partner.</summary>
    public int? RegionCode { get; private init; }
    public int? PartnerMunicipalityCode { get; private init; }

    public bool IsAdmin => Roles.Contains(Access.Roles.Admin);
    public bool IsAnalyst => Roles.Contains(Access.Roles.Analyst);
    public bool IsNationalAnalyst => IsAnalyst && RegionCode is null;
    public bool IsPartner => Roles.Contains(Access.Roles.Partner);
    public bool IsCoordinator => CoordinatedClusters.Count > 0;

    public static AccessScope Anonymous { get; } = new("", new HashSet<string>());

    // Compiled once: every request of a signed-in user asks these, and translating the LINQ each time cost more
    // than running the queries.
    private static readonly CompiledPerModel<Func<KlyngeDbContext, int, DateOnly, IAsyncEnumerable<ClusterRole>>> RolesOn = new(() => EF.CompileAsyncQuery(
        (KlyngeDbContext db, int personId, DateOnly today) => db.ClusterRoles.AsNoTracking()
            .Where(r => r.PersonId == personId && r.ValidFrom <= today && (r.ValidTo == null || r.ValidTo > today))));

    private static readonly CompiledPerModel<Func<KlyngeDbContext, int, DateOnly, IAsyncEnumerable<PracticeAffiliation>>> AffiliationsOn = new(() => EF.CompileAsyncQuery(
        (KlyngeDbContext db, int personId, DateOnly today) => db.PracticeAffiliations.AsNoTracking()
            .Where(a => a.PersonId == personId && a.ValidFrom <= today && (a.ValidTo == null || a.ValidTo > today))));

    // The clusters of the practices the person works at, both on the day.
    private static readonly CompiledPerModel<Func<KlyngeDbContext, int, DateOnly, IAsyncEnumerable<int>>> MemberClustersOn = new(() => EF.CompileAsyncQuery(
        (KlyngeDbContext db, int personId, DateOnly today) => db.ClusterMemberships.AsNoTracking()
            .Where(m => m.ValidFrom <= today && (m.ValidTo == null || m.ValidTo > today)
                && db.PracticeAffiliations.Any(a => a.PracticeId == m.PracticeId && a.PersonId == personId && a.ValidFrom <= today && (a.ValidTo == null || a.ValidTo > today)))
            .Select(m => m.ClusterId)));

    public static async Task<AccessScope> ForUserAsync(KlyngeDbContext db, KlyngeUser user, IEnumerable<string> roles, DateOnly today, CancellationToken ct = default)
    {
        var roleSet = roles.ToHashSet(StringComparer.OrdinalIgnoreCase);
        HashSet<int> coordinated = [], board = [], officer = [], practices = [], ownedPractices = [], memberClusters = [];
        if (user.PersonId is int personId)
        {
            // Every cluster role today in one query: coordinators (with the log-in role) coordinate, everyone with a
            // role uses the desk, chairs and treasurers also the funds.
            var clusterRoles = new List<(int ClusterId, ClusterRoleKind Kind)>();
            await foreach (var role in RolesOn.For(db)(db, personId, today).WithCancellation(ct)) clusterRoles.Add((role.ClusterId, role.Kind));
            if (roleSet.Contains(Access.Roles.Coordinator))
                coordinated = clusterRoles.Where(r => r.Kind == ClusterRoleKind.Coordinator).Select(r => r.ClusterId).ToHashSet();
            board = clusterRoles.Where(r => r.Kind != ClusterRoleKind.Coordinator).Select(r => r.ClusterId).ToHashSet();
            officer = clusterRoles.Where(r => r.Kind is ClusterRoleKind.Chair or ClusterRoleKind.Treasurer).Select(r => r.ClusterId).ToHashSet();
            await foreach (var affiliation in AffiliationsOn.For(db)(db, personId, today).WithCancellation(ct))
            {
                practices.Add(affiliation.PracticeId);
                if (affiliation.Role == PracticeRole.OwnerGp) ownedPractices.Add(affiliation.PracticeId);
            }
            await foreach (var clusterId in MemberClustersOn.For(db)(db, personId, today).WithCancellation(ct)) memberClusters.Add(clusterId);
        }
        return new AccessScope(user.UserName ?? "", roleSet)
        {
            PersonId = user.PersonId,
            CoordinatedClusters = coordinated,
            BoardClusters = board,
            OfficerClusters = officer,
            OwnPractices = roleSet.Contains(Access.Roles.Gp) || roleSet.Contains(Access.Roles.Staff) || coordinated.Count > 0 ? practices : new HashSet<int>(),
            OwnedPractices = roleSet.Contains(Access.Roles.Gp) || coordinated.Count > 0 ? ownedPractices : new HashSet<int>(),
            MemberClusters = memberClusters,
            RegionCode = user.RegionCode,
            PartnerMunicipalityCode = user.MunicipalityCode,
        };
    }

    /// <summary>May open the cluster's page: members of it, its coordinators, analysts covering its region, partners in its area, admins.</summary>
    public bool CanViewCluster(Cluster cluster, IEnumerable<int> coveredMunicipalities) =>
        IsAdmin
        || CanAnalyseRegion(cluster.RegionCode)
        || CoordinatedClusters.Contains(cluster.Id)
        || MemberClusters.Contains(cluster.Id)
        || (IsPartner && PartnerMunicipalityCode is int m && (cluster.MainMunicipalityCode == m || coveredMunicipalities.Contains(m)))
        || (IsPartner && PartnerMunicipalityCode is null && RegionCode == cluster.RegionCode);

    /// <summary>May see who the cluster's members are: everyone who may view the cluster except partners, who see aggregates only.</summary>
    public bool CanViewClusterMembers(Cluster cluster) =>
        IsAdmin || CanAnalyseRegion(cluster.RegionCode) || CoordinatedClusters.Contains(cluster.Id) || MemberClusters.Contains(cluster.Id);

    /// <summary>
    /// May see a member practice's list size: its own people, analysts of the region and admins always; the cluster's
    /// members and coordinators only when the cluster shares data openly. In a closed cluster a peer's size would turn
    /// a package's letters back into names (docs/privacy.md).
    /// </summary>
    public bool CanSeeListSize(int practiceId, int regionCode, IEnumerable<Cluster> currentClusters) =>
        IsAdmin || CanAnalyseRegion(regionCode) || OwnPractices.Contains(practiceId)
        || currentClusters.Any(c => c.DataSharing == DataSharing.Open && CanViewClusterMembers(c));

    /// <summary>
    /// Whether the user sees the cluster's exact total of listed patients. Members and coordinators of a closed cluster
    /// see it to the nearest 1,000 (<see cref="ToNearestThousand"/>): the exact total less the total of a package,
    /// which counts consenting practices only, would give a practice's list size.
    /// </summary>
    public bool SeesExactClusterSize(int clusterId, int regionCode, DataSharing sharing) =>
        sharing == DataSharing.Open || IsAdmin || CanAnalyseRegion(regionCode)
        || !(MemberClusters.Contains(clusterId) || CoordinatedClusters.Contains(clusterId));

    public static int ToNearestThousand(int patients) => (int)Math.Round(patients / 1000.0, MidpointRounding.AwayFromZero) * 1000;

    /// <summary>May change members, coordinators, board and rules: the cluster's coordinators, analysts of its region, admins.</summary>
    public bool CanManageCluster(Cluster cluster) =>
        IsAdmin || CanAnalyseRegion(cluster.RegionCode) || CoordinatedClusters.Contains(cluster.Id);

    /// <summary>
    /// May open the cluster's coordinator desk and share its tasks: the cluster's coordinators and board members
    /// today, and admins. Analysts and partners are not part of the cluster's own work.
    /// </summary>
    public bool CanUseDesk(int clusterId) => IsAdmin || CoordinatedClusters.Contains(clusterId) || BoardClusters.Contains(clusterId);

    /// <summary>May hand the cluster over to a new coordinator: its coordinators today, and admins.</summary>
    public bool CanHandOver(int clusterId) => IsAdmin || CoordinatedClusters.Contains(clusterId);

    /// <summary>The clusters whose desks this user opens from the navigation.</summary>
    public IReadOnlySet<int> DeskClusters => CoordinatedClusters.Union(BoardClusters).ToHashSet();

    /// <summary>May load national files (registry, dispensings, list sizes) and recompute the indicators: national analysts and admins, since the files span every region.</summary>
    public bool CanImportNationalData => IsAdmin || IsNationalAnalyst;

    /// <summary>May open the programme evaluation of meetings: analysts (national or regional) and admins.</summary>
    public bool CanViewProgramme => IsAdmin || IsAnalyst;

    /// <summary>The region the programme evaluation is limited to: null (the whole country) for admins and national analysts.</summary>
    public int? ProgrammeRegion => IsAdmin || IsNationalAnalyst ? null : RegionCode;

    public bool CanAnalyseRegion(int regionCode) => IsAnalyst && (RegionCode is null || RegionCode == regionCode);

    /// <summary>May open a practice's page: its own people, coordinators of its current cluster, analysts of its region, admins.</summary>
    public bool CanViewPractice(int practiceId, int regionCode, IEnumerable<int> currentClusters) =>
        IsAdmin || CanAnalyseRegion(regionCode) || OwnPractices.Contains(practiceId) || currentClusters.Any(CoordinatedClusters.Contains);

    /// <summary>May keep the practice's staff list and its data-sharing consent: its owner GPs and admins.</summary>
    public bool CanManagePractice(int practiceId) => IsAdmin || OwnedPractices.Contains(practiceId);

    /// <summary>
    /// May keep the cluster's accounts (budget, expenses, receipts, reimbursements): its coordinators, chair and
    /// treasurer, and admins. Analysts and partners are not: the accounts are the cluster's own business.
    /// </summary>
    public bool CanManageFunds(int clusterId) => IsAdmin || CoordinatedClusters.Contains(clusterId) || OfficerClusters.Contains(clusterId);

    /// <summary>
    /// May see the cluster's budget and totals (not single expenses or receipts): those who manage the funds, and
    /// the GPs of its member practices, whose cluster the money is for. Staff are not included.
    /// </summary>
    public bool CanViewFundsTotals(int clusterId) =>
        CanManageFunds(clusterId) || (Roles.Contains(Access.Roles.Gp) && MemberClusters.Contains(clusterId));

    /// <summary>May write, submit and reopen the cluster's annual activity report: its coordinators and admins.</summary>
    public bool CanEditActivityReport(int clusterId) => IsAdmin || CoordinatedClusters.Contains(clusterId);

    /// <summary>
    /// May read the cluster's activity reports, drafts included: its coordinators, chair and treasurer, its GPs, and admins.
    /// Analysts of its region read submitted reports only (<see cref="CanViewSubmittedActivityReport"/>).
    /// </summary>
    public bool CanViewActivityReportDrafts(int clusterId) => CanEditActivityReport(clusterId) || CanViewFundsTotals(clusterId);

    /// <summary>May read the cluster's submitted reports: those who see its drafts, and analysts of its region, to whom the report is made.</summary>
    public bool CanViewSubmittedActivityReport(Cluster cluster) => CanViewActivityReportDrafts(cluster.Id) || CanAnalyseRegion(cluster.RegionCode);

    /// <summary>The clusters this user's cluster list shows; null means all.</summary>
    public async Task<IReadOnlyCollection<int>?> VisibleClustersAsync(KlyngeDbContext db, CancellationToken ct = default)
    {
        if (IsAdmin || IsNationalAnalyst) return null;
        var visible = new HashSet<int>(CoordinatedClusters);
        visible.UnionWith(MemberClusters);
        if (IsAnalyst && RegionCode is int region)
            visible.UnionWith(await db.Clusters.Where(c => c.RegionCode == region).Select(c => c.Id).ToListAsync(ct));
        if (IsPartner && PartnerMunicipalityCode is int municipality)
            visible.UnionWith(await db.Clusters
                .Where(c => c.MainMunicipalityCode == municipality || c.Municipalities.Any(m => m.MunicipalityCode == municipality))
                .Select(c => c.Id).ToListAsync(ct));
        else if (IsPartner && RegionCode is int partnerRegion)
            visible.UnionWith(await db.Clusters.Where(c => c.RegionCode == partnerRegion).Select(c => c.Id).ToListAsync(ct));
        return visible;
    }
}
