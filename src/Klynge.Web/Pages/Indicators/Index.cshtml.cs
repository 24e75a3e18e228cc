using Klynge.Core.Indicators;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klynge.Web.Pages.Indicators;

/// <summary>The indicator catalogue with the latest national value of each; national figures only, so open to every role.</summary>
public class IndexModel(IndicatorLibrary library, IndicatorFigures figures) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Tag { get; set; }

    public IReadOnlyList<string> Tags => library.Tags;
    public IReadOnlyList<IndicatorDefinition> Indicators { get; private set; } = [];
    public IReadOnlyDictionary<string, NationalQuarter> Latest { get; private set; } = new Dictionary<string, NationalQuarter>();
    public int Total => library.All.Count;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Latest = await figures.LatestAsync(ct);
        Indicators = [.. library.All
            .Where(d => string.IsNullOrEmpty(Tag) || d.Tags.Contains(Tag))
            .OrderBy(d => IndicatorText.Of(d.Title), StringComparer.CurrentCulture)];
    }
}
