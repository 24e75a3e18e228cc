using Klynge.Core.Data;
using Klynge.Core.Meetings;
using Klynge.Core.Registry;
using Klynge.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klynge.Web.Pages.Reports;

/// <summary>The printable activity report (<c>/Clusters/{id}/Reports/{year}/Print</c>): one version, no forms.</summary>
public class PrintModel(KlyngeDbContext db, ActivityReports reports, RequestAccess access) : PageModel
{
    public Cluster Cluster { get; private set; } = null!;
    public ActivityReport Report { get; private set; } = null!;
    public ActivityFigures? Figures { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, int year, int? version, CancellationToken ct)
    {
        var scope = await access.GetAsync(ct);
        if (await ReportRights.LoadAsync(db, scope, id, ct) is not { } rights) return NotFound();
        if (!ReportRights.MayOpen(scope, rights.Cluster)) return Forbid();
        var versions = (await reports.VersionsAsync(id, year, ct)).Where(rights.MaySee).ToList();
        var report = version is int v ? versions.FirstOrDefault(r => r.Version == v) : versions.FirstOrDefault();
        if (report is null) return NotFound();
        Cluster = rights.Cluster;
        Report = report;
        Figures = ActivityReports.FiguresOf(report);
        return Page();
    }
}
