using Klynge.Core.Data;
using Klynge.Core.Registry;
using Klynge.Web.Access;
using Klynge.Web.Meetings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klynge.Web.Pages.Clusters;

public class DetailsModel(KlyngeDbContext db, RequestAccess access) : PageModel
{
    public ClusterDetail Detail { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public bool CanViewMembers { get; private set; }
    public bool CanViewMeetings { get; private set; }
    public bool CanUseDesk { get; private set; }
    public bool CanViewFunds { get; private set; }
    public bool CanViewReports { get; private set; }
    public DateOnly Today => access.Today;
    private Klynge.Core.Access.AccessScope _scope = Klynge.Core.Access.AccessScope.Anonymous;

    /// <summary>The cluster's total of listed patients as this user may see it (see <see cref="Klynge.Core.Access.AccessScope.SeesExactClusterSize"/>).</summary>
    public string Patients(int patients) => _scope.SeesExactClusterSize(Detail.Cluster.Id, Detail.Cluster.RegionCode, Detail.Cluster.DataSharing)
        ? patients.ToString("N0") : "≈ " + Klynge.Core.Access.AccessScope.ToNearestThousand(patients).ToString("N0");

    /// <summary>Whether the member practice's list size is shown to this user (never a peer's in a closed cluster).</summary>
    public bool CanSeeListSize(int practiceId) => _scope.CanSeeListSize(practiceId, Detail.Cluster.RegionCode, [Detail.Cluster]);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var detail = await ClusterDetails.LoadAsync(db, id, access.Today, ct);
        if (detail is null) return NotFound();
        var scope = await access.GetAsync(ct);
        if (!scope.CanViewCluster(detail.Cluster, detail.Cluster.Municipalities.Select(m => m.MunicipalityCode))) return Forbid();
        Detail = detail;
        _scope = scope;
        CanManage = scope.CanManageCluster(detail.Cluster);
        CanViewMembers = scope.CanViewClusterMembers(detail.Cluster);
        CanViewMeetings = MeetingAccess.RightTo(scope, detail.Cluster) != MeetingRight.None;
        CanUseDesk = scope.CanUseDesk(detail.Cluster.Id);
        CanViewFunds = scope.CanViewFundsTotals(detail.Cluster.Id);
        CanViewReports = scope.CanViewSubmittedActivityReport(detail.Cluster);
        return Page();
    }
}
