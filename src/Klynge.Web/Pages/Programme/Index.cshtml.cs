using System.Globalization;
using System.Text;
using Klynge.Core.Data;
using Klynge.Core.Meetings;
using Klynge.Core.Registry;
using Klynge.Core.Topics;
using Klynge.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Web.Pages.Programme;

/// <summary>One cluster's line in the programme table.</summary>
public sealed record ProgrammeClusterRow(int ClusterId, string Name, string RegionName, ProgrammeSummary Summary);

/// <summary>
/// The programme evaluation of cluster meetings for analysts: meetings, formats, topics, package use, attendance and
/// evaluation scores, nationally, per region and per cluster, with the per-meeting rows as CSV. National analysts and
/// admins see the whole country, regional analysts their own region; everyone else is refused.
/// </summary>
public class IndexModel(KlyngeDbContext db, RequestAccess access, TopicLibrary topics) : PageModel
{
    public static readonly string[] SortKeys = ["name", "region", "held", "attendance", "evaluation", "package", "actions"];

    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public int? Region { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }

    /// <summary>True when the user may choose the region (national analysts and admins).</summary>
    public bool ChoosesRegion { get; private set; }
    public IReadOnlyList<Region> Regions { get; private set; } = [];
    public IReadOnlyList<int> Years { get; private set; } = [];
    /// <summary>The figures of everything shown: the country, or the one region.</summary>
    public ProgrammeSummary Total { get; private set; } = ProgrammeSummary.Of([]);
    public IReadOnlyList<(Region Region, ProgrammeSummary Summary)> ByRegion { get; private set; } = [];
    public IReadOnlyList<(int Year, ProgrammeSummary Summary)> ByYear { get; private set; } = [];
    public IReadOnlyList<ProgrammeClusterRow> Clusters { get; private set; } = [];
    public string SortKey => SortKeys.Contains(Sort) ? Sort! : "name";
    public CultureInfo Culture => CultureInfo.CurrentUICulture;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await RegionInScopeAsync(ct) is not { } scope) return Forbid();
        var region = scope.Region;
        // Every year of the region is read once: the per-year table needs them all, the rest is filtered in memory.
        var all = await MeetingProgramme.RowsAsync(db, new ProgrammeFilter(region), ct);
        Years = all.Select(m => m.Year).Distinct().Order().ToList();
        ByYear = all.GroupBy(m => m.Year).OrderBy(g => g.Key).Select(g => (g.Key, ProgrammeSummary.Of(g))).ToList();
        var rows = Year is int year ? all.Where(m => m.Year == year).ToList() : all;
        Total = ProgrammeSummary.Of(rows);

        var regions = await db.Regions.AsNoTracking().Where(r => region == null || r.Code == region).OrderBy(r => r.Code).ToListAsync(ct);
        Regions = ChoosesRegion ? await db.Regions.AsNoTracking().OrderBy(r => r.Code).ToListAsync(ct) : regions;
        var byRegion = rows.ToLookup(m => m.RegionCode);
        ByRegion = regions.Where(r => byRegion.Contains(r.Code)).Select(r => (r, ProgrammeSummary.Of(byRegion[r.Code]))).ToList();

        // Clusters without a meeting in the period are listed too: they are what an analyst looks for.
        var clusters = await db.Clusters.AsNoTracking().Where(c => region == null || c.RegionCode == region)
            .Select(c => new { c.Id, c.Name, c.RegionCode }).ToListAsync(ct);
        var names = regions.ToDictionary(r => r.Code, r => r.Name);
        var byCluster = rows.ToLookup(m => m.ClusterId);
        Clusters = Order(clusters.Select(c => new ProgrammeClusterRow(c.Id, c.Name, names.GetValueOrDefault(c.RegionCode, ""), ProgrammeSummary.Of(byCluster[c.Id]))));
        return Page();
    }

    /// <summary>The per-meeting rows of the chosen region and year as CSV, in the format of <c>klynge export meetings</c>.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (await RegionInScopeAsync(ct) is not { } scope) return Forbid();
        var filter = Year is int year ? ProgrammeFilter.Year(year, scope.Region) : new ProgrammeFilter(scope.Region);
        var rows = await MeetingProgramme.RowsAsync(db, filter, ct);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        await MeetingProgramme.WriteCsvAsync(rows, writer, ct);
        var name = $"meetings{(scope.Region is int r ? $"-{r}" : "")}{(Year is int y ? $"-{y}" : "")}.csv";
        return File(new UTF8Encoding(false).GetBytes(writer.ToString()), "text/csv; charset=utf-8", name);
    }

    public string TopicName(string topicId) =>
        topicId.Length == 0 ? "" : topics.Find(topicId)?.Title?.In(Culture) ?? topicId;

    public string SortLink(string key) => Url.Page("/Programme/Index", new { year = Year, region = Region, sort = key }) ?? "";

    public static string Percent(double? share) => share is double s ? s.ToString("P0", CultureInfo.CurrentCulture) : "–";

    /// <summary>A figure for data attributes: invariant, round-trip, empty when missing.</summary>
    public static string Invariant(double? value) => value is double v ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    public static string Score(double? mean) => mean is double m ? m.ToString("0.00", CultureInfo.CurrentCulture) : "–";

    /// <summary>Who may see which region: null for the user who may not see the programme at all.</summary>
    private async Task<ProgrammeScope?> RegionInScopeAsync(CancellationToken ct)
    {
        var scope = await access.GetAsync(ct);
        if (!scope.CanViewProgramme) return null;
        if (scope.ProgrammeRegion is int own)
        {
            // A regional analyst asking for another region is refused rather than quietly shown their own.
            if (Region is int asked && asked != own) return null;
            Region = own;
            return new ProgrammeScope(own);
        }
        ChoosesRegion = true;
        return new ProgrammeScope(Region);
    }

    private sealed record ProgrammeScope(int? Region);

    private List<ProgrammeClusterRow> Order(IEnumerable<ProgrammeClusterRow> rows)
    {
        var byName = StringComparer.Create(CultureInfo.GetCultureInfo("da-DK"), ignoreCase: true);
        // Figures sort highest first and clusters without the figure last, so the table reads as a ranking.
        static double Key(double? value) => value ?? double.NegativeInfinity;
        return (SortKey switch
        {
            "region" => rows.OrderBy(r => r.RegionName, byName).ThenBy(r => r.Name, byName),
            "held" => rows.OrderByDescending(r => r.Summary.Held).ThenBy(r => r.Name, byName),
            "attendance" => rows.OrderByDescending(r => Key(r.Summary.AttendanceRate)).ThenBy(r => r.Name, byName),
            "evaluation" => rows.OrderByDescending(r => Key(r.Summary.Evaluations.Mean)).ThenBy(r => r.Name, byName),
            "package" => rows.OrderByDescending(r => Key(r.Summary.PackageShare)).ThenBy(r => r.Name, byName),
            "actions" => rows.OrderByDescending(r => Key(r.Summary.ActionsDoneShare)).ThenBy(r => r.Name, byName),
            _ => rows.OrderBy(r => r.Name, byName),
        }).ToList();
    }
}
