using Klynge.Core.Data;
using Klynge.Core.Registry;
using Klynge.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Web.Pages.Clusters;

public class IndexModel(ClusterDirectory directory, RequestAccess access, KlyngeDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public int? Region { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sharing { get; set; }
    [BindProperty(SupportsGet = true)] public string? Size { get; set; }

    public IReadOnlyList<ClusterFigures> Clusters { get; private set; } = [];
    public IReadOnlyList<Klynge.Core.Registry.Region> Regions { get; private set; } = [];
    public int Total { get; private set; }

    private Klynge.Core.Access.AccessScope _scope = Klynge.Core.Access.AccessScope.Anonymous;

    /// <summary>A cluster's total of listed patients as this user may see it (see <see cref="Klynge.Core.Access.AccessScope.SeesExactClusterSize"/>).</summary>
    public string Patients(ClusterFigures c) => _scope.SeesExactClusterSize(c.Id, c.RegionCode, c.DataSharing)
        ? c.Patients.ToString("N0") : "≈ " + Klynge.Core.Access.AccessScope.ToNearestThousand(c.Patients).ToString("N0");

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = await access.GetAsync(ct);
        _scope = scope;
        var all = await directory.ClustersAsync(access.Today, await scope.VisibleClustersAsync(db, ct), ct);
        Regions = await db.Regions.AsNoTracking().OrderBy(r => r.Code).ToListAsync(ct);
        Total = all.Count;
        IEnumerable<ClusterFigures> shown = all;
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q.Trim();
            shown = shown.Where(c => c.Name.Contains(q, StringComparison.CurrentCultureIgnoreCase)
                                     || c.MainMunicipalityName.Contains(q, StringComparison.CurrentCultureIgnoreCase)
                                     || c.Coordinators.Any(n => n.Contains(q, StringComparison.CurrentCultureIgnoreCase)));
        }
        if (Region is int region) shown = shown.Where(c => c.RegionCode == region);
        if (Sharing is "open" or "closed") shown = shown.Where(c => c.DataSharing == (Sharing == "open" ? DataSharing.Open : DataSharing.Closed));
        shown = Size switch
        {
            "small" => shown.Where(c => c.Gps < 20),
            "medium" => shown.Where(c => c.Gps is >= 20 and <= 40),
            "large" => shown.Where(c => c.Gps > 40),
            _ => shown,
        };
        Clusters = shown.ToList();
    }
}
