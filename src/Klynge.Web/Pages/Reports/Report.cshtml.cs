using Klynge.Core.Data;
using Klynge.Core.Meetings;
using Klynge.Core.Registry;
using Klynge.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Klynge.Web.Pages.Reports;

/// <summary>
/// One year's activity report (<c>/Clusters/{id}/Reports/{year}</c>, <c>?version=</c> for an earlier one). The
/// coordinator starts it, edits the text while it is a draft and submits it; a submitted version is read-only and can
/// only be followed by a new version. <see cref="PrintModel"/> shows the same without forms.
/// </summary>
public class ReportModel(KlyngeDbContext db, ActivityReports reports, RequestAccess access, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    public Cluster Cluster { get; private set; } = null!;
    public int Year { get; private set; }
    public bool CanEdit { get; private set; }
    public IReadOnlyList<ActivityReport> Versions { get; private set; } = [];
    /// <summary>The version shown; null when the year has no report the user may see.</summary>
    public ActivityReport? Report { get; private set; }
    public ActivityFigures? Figures { get; private set; }
    public bool IsLatest => Report is not null && Report.Version == Versions[0].Version;
    public bool Editable => CanEdit && IsLatest && Report!.Status == ActivityReportStatus.Draft;
    private string UserName => User.Identity?.Name ?? "";

    public async Task<IActionResult> OnGetAsync(int id, int year, int? version, CancellationToken ct) => await LoadAsync(id, year, version, edit: false, ct) ?? Page();

    public Task<IActionResult> OnPostStartAsync(int id, int year, CancellationToken ct) =>
        ChangeAsync(id, year, () => reports.StartAsync(id, year, UserName, time.GetUtcNow(), ct), l["Rapporten er påbegyndt."], ct);

    public Task<IActionResult> OnPostSaveAsync(int id, int year, string? summary, string? plans, CancellationToken ct) =>
        ChangeAsync(id, year, () => reports.SaveAsync(id, year, summary ?? "", plans ?? "", UserName, time.GetUtcNow(), ct), l["Rapporten er gemt."], ct);

    public Task<IActionResult> OnPostSubmitAsync(int id, int year, string? summary, string? plans, CancellationToken ct) =>
        ChangeAsync(id, year, async () =>
        {
            await reports.SaveAsync(id, year, summary ?? "", plans ?? "", UserName, time.GetUtcNow(), ct);
            return await reports.SubmitAsync(id, year, UserName, time.GetUtcNow(), ct);
        }, l["Rapporten er indsendt."], ct);

    public Task<IActionResult> OnPostReopenAsync(int id, int year, CancellationToken ct) =>
        ChangeAsync(id, year, () => reports.ReopenAsync(id, year, UserName, time.GetUtcNow(), ct), l["En ny version af rapporten er åbnet."], ct);

    private async Task<IActionResult> ChangeAsync(int id, int year, Func<Task<ActivityReport>> change, string done, CancellationToken ct)
    {
        if (await LoadAsync(id, year, null, edit: true, ct) is { } refused) return refused;
        try
        {
            await change();
        }
        catch (ActivityReportException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            db.ChangeTracker.Clear();
            return await LoadAsync(id, year, null, edit: true, ct) ?? Page();
        }
        TempData["Message"] = done;
        return Redirect($"/Clusters/{id}/Reports/{year}");
    }

    private async Task<IActionResult?> LoadAsync(int id, int year, int? version, bool edit, CancellationToken ct)
    {
        var scope = await access.GetAsync(ct);
        if (await ReportRights.LoadAsync(db, scope, id, ct) is not { } rights) return NotFound();
        if (!ReportRights.MayOpen(scope, rights.Cluster) || (edit && !rights.CanEdit)) return Forbid();
        if (year < 2000 || year > access.Today.Year) return NotFound();
        Cluster = rights.Cluster;
        Year = year;
        CanEdit = rights.CanEdit;
        Versions = (await reports.VersionsAsync(id, year, ct)).Where(rights.MaySee).ToList();
        Report = version is int v ? Versions.FirstOrDefault(r => r.Version == v) : Versions.FirstOrDefault();
        if (version is not null && Report is null) return NotFound();
        // A draft shows the figures as they are now; a submitted version the figures it was sent with.
        Figures = Report is { Status: ActivityReportStatus.Submitted } ? ActivityReports.FiguresOf(Report)
            : CanEdit || rights.CanViewDrafts ? await reports.ComputeAsync(id, year, time.GetUtcNow(), ct) : null;
        return null;
    }
}
