using Klynge.Core.Registry;
using Klynge.Web.Access;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klynge.Web.Pages;

public class IndexModel(ClusterDirectory directory, RequestAccess access) : PageModel
{
    public NationalFigures Figures { get; private set; } = null!;
    public IReadOnlyList<ClusterFigures> Clusters { get; private set; } = [];

    /// <summary>Clusters by number of GPs, in bands of ten: the shape the published figures describe.</summary>
    public IEnumerable<(string Band, int Count)> SizeBands()
    {
        var active = Clusters.Where(c => c.Practices > 0).ToList();
        for (var low = 0; low < 70; low += 10)
            yield return ($"{low}-{low + 9}", active.Count(c => c.Gps >= low && c.Gps < low + 10));
        yield return ("70+", active.Count(c => c.Gps >= 70));
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Figures = await directory.NationalAsync(access.Today, ct);
        Clusters = await directory.ClustersAsync(access.Today, null, ct);
    }
}
