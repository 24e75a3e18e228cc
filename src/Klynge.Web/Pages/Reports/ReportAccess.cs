using Klynge.Core.Access;
using Klynge.Core.Data;
using Klynge.Core.Meetings;
using Klynge.Core.Registry;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Web.Pages.Reports;

/// <summary>A cluster and what the signed-in user may do with its activity reports.</summary>
public sealed record ReportRights(Cluster Cluster, bool CanEdit, bool CanViewDrafts)
{
    /// <summary>Drafts are shown to those who may see them; analysts of the region see submitted versions only.</summary>
    public bool MaySee(ActivityReport report) => CanViewDrafts || report.Status == ActivityReportStatus.Submitted;

    public static async Task<ReportRights?> LoadAsync(KlyngeDbContext db, AccessScope scope, int clusterId, CancellationToken ct)
    {
        var cluster = await db.Clusters.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clusterId, ct);
        return cluster is null ? null : new ReportRights(cluster, scope.CanEditActivityReport(clusterId), scope.CanViewActivityReportDrafts(clusterId));
    }

    public static bool MayOpen(AccessScope scope, Cluster cluster) => scope.CanViewSubmittedActivityReport(cluster);
}
