using Klynge.Core.Data;
using Klynge.Core.Meetings;
using Klynge.Core.Registry;
using Klynge.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Web.Pages.Reports;

/// <summary>A year of the cluster's reports: the latest version the user may see, if any.</summary>
public sealed record ReportYear(int Year, ActivityReport? Latest);

/// <summary>The cluster's annual activity reports by year (<c>/Clusters/{id}/Reports</c>).</summary>
public class IndexModel(KlyngeDbContext db, RequestAccess access) : PageModel
{
    public Cluster Cluster { get; private set; } = null!;
    public IReadOnlyList<ReportYear> Years { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var scope = await access.GetAsync(ct);
        if (await ReportRights.LoadAsync(db, scope, id, ct) is not { } rights) return NotFound();
        if (!ReportRights.MayOpen(scope, rights.Cluster)) return Forbid();
        Cluster = rights.Cluster;
        var reports = (await db.ActivityReports.AsNoTracking().Where(r => r.ClusterId == id).ToListAsync(ct)).Where(rights.MaySee).ToList();
        var today = access.Today;
        var first = Math.Min(Cluster.FoundedOn.Year, today.Year);
        Years = Enumerable.Range(first, today.Year - first + 1).Reverse()
            .Select(y => new ReportYear(y, reports.Where(r => r.Year == y).MaxBy(r => r.Version))).ToList();
        return Page();
    }
}
