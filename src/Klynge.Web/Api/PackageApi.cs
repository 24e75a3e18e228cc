using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Klynge.Core.Csv;
using Klynge.Core.Packages;
using Klynge.Web.Packages;

namespace Klynge.Web.Api;

/// <summary>
/// A cluster package's data as JSON and CSV, made from the same <see cref="PackageView"/> as the page, so the
/// privacy rules are the page's. The PDF is served at <c>/api/packages/{id}.pdf</c> by its own endpoint; these
/// routes match only a bare id and <c>.csv</c>.
/// </summary>
public static class PackageApi
{
    // The snapshot's options, with Danish letters written as they are (markup characters are still escaped).
    private static readonly JsonSerializerOptions Json = new(PackageSnapshot.Json) { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public const string CsvHeader = "indicator_id,quarter,level,unit,numerator,denominator,value,standardised_value,percentile,suppressed";

    public static void MapPackageApi(this RouteGroupBuilder api)
    {
        api.MapGet("/packages/{id:int}", async (int id, PackageAccess packages, CancellationToken ct) =>
            {
                var (opened, refusal) = await packages.OpenAsync(id, ct);
                if (opened is null) return Refuse(refusal);
                await packages.RecordAsync(opened, "json", ct);
                return Results.Json(opened.View, Json);
            })
            .RequireAuthorization()
            .WithSummary("A cluster package as the signed-in user may see it (peers by letter unless the cluster shares openly; counts of 1-4 suppressed); 403 when not theirs, 404 when unknown.");

        api.MapGet("/packages/{id:int}.csv", async (int id, PackageAccess packages, CancellationToken ct) =>
            {
                var (opened, refusal) = await packages.OpenAsync(id, ct);
                if (opened is null) return Refuse(refusal);
                await packages.RecordAsync(opened, "csv", ct);
                return Results.File(Encoding.UTF8.GetBytes(Csv(opened.View)), "text/csv; charset=utf-8", $"klyngepakke-{id}.csv");
            })
            .RequireAuthorization()
            .WithSummary("A cluster package's figures as CSV, one row per indicator, quarter and unit, with the same privacy rules as the page.");
    }

    private static IResult Refuse(PackageRefusal refusal) => refusal == PackageRefusal.NotFound ? Results.NotFound() : Results.Forbid();

    /// <summary>
    /// The view's figures as CSV in invariant culture. A practice's unit is its label as the viewer sees it (name or
    /// letter); a suppressed row keeps its denominator and leaves numerator, value, standardised value and percentile empty.
    /// </summary>
    public static string Csv(PackageView view)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        CsvWriter.WriteRow(writer, CsvHeader.Split(','));
        foreach (var indicator in view.Indicators)
        {
            for (var q = 0; q < view.Quarters.Count; q++)
            {
                foreach (var practice in view.Practices)
                    Row(writer, indicator.Id, view.Quarters[q], "practice", practice.Label, indicator.Practices.First(s => s.Key == practice.Key).Figures[q]);
                Row(writer, indicator.Id, view.Quarters[q], "cluster", view.ClusterName, indicator.Cluster[q]);
                Row(writer, indicator.Id, view.Quarters[q], "region", view.RegionName, indicator.Region[q]);
                Row(writer, indicator.Id, view.Quarters[q], "nation", "Danmark", indicator.Nation[q]);
            }
        }
        return writer.ToString();
    }

    private static void Row(TextWriter writer, string indicator, string quarter, string level, string unit, ViewFigure? f)
    {
        if (f is null) return;
        static string? N(double? v) => v?.ToString("R", CultureInfo.InvariantCulture);
        CsvWriter.WriteRow(writer, indicator, quarter, level, unit,
            f.Suppressed ? "" : N(f.Numerator), N(f.Denominator),
            f.Suppressed ? "" : N(f.Value), f.Suppressed ? "" : N(f.Standardised), f.Suppressed ? "" : N(f.Percentile),
            f.Suppressed ? "true" : "false");
    }
}
