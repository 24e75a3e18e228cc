using System.Globalization;
using System.Text.Json;
using Klynge.Core.Indicators;
using Klynge.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Klynge.Web.Pages.Indicators;

/// <summary>One indicator: its definition, code lists and the national value and deciles over time.</summary>
public class DetailsModel(IndicatorLibrary library, IndicatorFigures figures, RequestAccess access, IStringLocalizer<SharedResource> L) : PageModel
{
    public IndicatorDefinition Definition { get; private set; } = null!;
    public IReadOnlyList<NationalQuarter> Series { get; private set; } = [];
    public IReadOnlyList<AtcEntry> Numerator { get; private set; } = [];
    public IReadOnlyList<AtcEntry> Denominator { get; private set; } = [];
    public IReadOnlyList<AtcEntry> GroupB { get; private set; } = [];
    public bool ReviewOverdue { get; private set; }

    /// <summary>One number of decimals for the whole table and chart.</summary>
    public int Decimals => IndicatorText.Decimals(Series.SelectMany(p => p.Deciles.Append(p.Value)));

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (library.Find(id) is not { } definition) return NotFound();
        Definition = definition;
        Numerator = AtcReference.Describe(definition.Numerator);
        Denominator = AtcReference.Describe(definition.Denominator);
        GroupB = AtcReference.Describe(definition.Parameters.GroupB);
        ReviewOverdue = definition.ReviewDate is { } review && review < access.Today;
        Series = await figures.SeriesAsync(id, ct);
        return Page();
    }

    /// <summary>The series for the fan chart, with its labels in the UI language; the table on the page holds the same figures.</summary>
    public string ChartJson()
    {
        var chart = new
        {
            quarters = Series.Select(p => p.Quarter.ToString()).ToArray(),
            p10 = Series.Select(p => p.P10).ToArray(),
            p20 = Series.Select(p => p.P20).ToArray(),
            p50 = Series.Select(p => p.P50).ToArray(),
            p80 = Series.Select(p => p.P80).ToArray(),
            p90 = Series.Select(p => p.P90).ToArray(),
            national = Series.Select(p => p.Value).ToArray(),
            target = Definition.Target?.Value,
            percent = Definition.Unit == "percent",
            decimals = Decimals,
            locale = CultureInfo.CurrentCulture.Name,
            labels = new
            {
                outer = L["10.-90. percentil"].Value,
                inner = L["20.-80. percentil"].Value,
                median = L["Median (praksisser)"].Value,
                national = L["Landsværdi"].Value,
                target = L["Mål"].Value,
                unit = L[IndicatorText.Unit(Definition.Unit)].Value,
            },
        };
        return JsonSerializer.Serialize(chart);
    }
}
