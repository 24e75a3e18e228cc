using System.Globalization;
using Klynge.Core.Data;
using Klynge.Core.Packages;
using Klynge.Core.Prescribing;
using Klynge.Core.Registry;
using Klynge.Core.Topics;
using Klynge.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Klynge.Web.Pages.Clusters;

/// <summary>A cluster's packages, and for its coordinators and analysts the form that orders a new one.</summary>
public class PackagesModel(KlyngeDbContext db, RequestAccess access, PackageService packages, TopicLibrary library, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    public Cluster Cluster { get; private set; } = null!;
    public IReadOnlyList<PackageSummary> Packages { get; private set; } = [];
    public bool CanPrepare { get; private set; }
    public IReadOnlyList<TopicDefinition> Topics => library.Topics;
    public IReadOnlyList<Quarter> CutOffs { get; private set; } = [];
    public DateOnly Today => access.Today;

    [BindProperty] public string? TopicId { get; set; }
    [BindProperty] public string? CutOff { get; set; }
    [BindProperty] public DateOnly? MeetingOn { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused) return refused;
        CutOff ??= CutOffs.Count > 0 ? (await PackageBuilder.LatestCutOffAsync(db, Today, ct) ?? CutOffs[0]).ToString() : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused) return refused;
        if (!CanPrepare) return Forbid();
        if (string.IsNullOrEmpty(TopicId) || library.Find(TopicId) is null)
            ModelState.AddModelError(nameof(TopicId), l["Vælg et emne."]);
        Quarter? cutOff = null;
        if (!Quarter.TryParse(CutOff, out var parsed) || !CutOffs.Contains(parsed))
            ModelState.AddModelError(nameof(CutOff), l["Vælg et kvartal, der er beregnet indikatorer for."]);
        else cutOff = parsed;
        if (MeetingOn is { } meeting && meeting < Today.AddYears(-1))
            ModelState.AddModelError(nameof(MeetingOn), l["Mødedatoen ligger mere end et år tilbage."]);
        if (!ModelState.IsValid) return Page();
        try
        {
            var scope = await access.GetAsync(ct);
            var package = await packages.OrderAsync(id, TopicId!, cutOff, MeetingOn, null, scope.UserName, time.GetUtcNow(), ct);
            return Redirect($"/Packages/{package.Id}");
        }
        catch (PackageException e)
        {
            ModelState.AddModelError("", string.Format(l["Pakken kunne ikke bestilles: {0}"], e.Message));
            return Page();
        }
    }

    public string TopicTitle(string topicId) => Klynge.Web.Packages.PackageLabels.Topic(library, topicId, CultureInfo.CurrentUICulture);

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var cluster = await db.Clusters.AsNoTracking().Include(c => c.Municipalities).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (cluster is null) return NotFound();
        var scope = await access.GetAsync(ct);
        if (!scope.CanViewCluster(cluster, cluster.Municipalities.Select(m => m.MunicipalityCode))) return Forbid();
        Cluster = cluster;
        CanPrepare = PackageService.CanPrepare(scope, cluster);
        Packages = await packages.ListAsync(scope, id, Today, ct);
        if (CanPrepare)
        {
            var quarters = new HashSet<Quarter>();
            foreach (var topic in library.Topics) quarters.UnionWith(await PackageBuilder.AvailableCutOffsAsync(db, topic, ct));
            CutOffs = [.. quarters.OrderDescending()];
        }
        return null;
    }
}
