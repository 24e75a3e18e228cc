using Klynge.Core.Indicators;
using Klynge.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Klynge.Web.Api;

public record TargetDto(double Value, string Direction);
public record NationalValueDto(string Quarter, double? Value, int Practices);
public record IndicatorSummaryDto(string Id, LocalizedText Title, string Kind, string Unit, IReadOnlyList<string> Tags, bool? LowIsGood, TargetDto? Target, NationalValueDto? Latest);
public record AtcCodeDto(string Code, bool Excluded, string? Name, string? Comment, IReadOnlyList<string> Covers);
public record DistributionPointDto(string Quarter, double? National, double Numerator, double Denominator, int Practices,
    double? P10, double? P20, double? P30, double? P40, double? P50, double? P60, double? P70, double? P80, double? P90);
public record IndicatorDetailDto(
    string Id, LocalizedText Title, LocalizedText Description, LocalizedText WhyItMatters, IReadOnlyList<string> Tags,
    string Kind, string Unit, bool? LowIsGood, TargetDto? Target,
    IReadOnlyList<AtcCodeDto> Numerator, IReadOnlyList<AtcCodeDto> Denominator, IReadOnlyList<AtcCodeDto> GroupB,
    int? AgeFrom, int? AgeTo, string? Sex, IndicatorParameters Parameters,
    string AuthoredBy, string CheckedBy, DateOnly? ReviewDate, bool ReviewOverdue,
    IReadOnlyList<DistributionPointDto> Series);

/// <summary>The indicator catalogue as JSON: definitions and national figures, which hold no practice data.</summary>
public static class IndicatorApi
{
    public static void MapIndicatorApi(this RouteGroupBuilder api)
    {
        api.MapGet("/indicators", async (IndicatorLibrary library, IndicatorFigures figures, CancellationToken ct) =>
            {
                var latest = await figures.LatestAsync(ct);
                return library.All.Select(d =>
                {
                    var l = latest.GetValueOrDefault(d.Id);
                    return new IndicatorSummaryDto(d.Id, d.Title!, d.KindName, d.Unit, d.Tags, d.LowIsGood, Target(d),
                        l is null ? null : new NationalValueDto(l.Quarter.ToString(), l.Value, l.Practices));
                }).ToList();
            })
            .RequireAuthorization()
            .WithSummary("Every indicator in the catalogue with its latest national value; any signed-in user.");

        api.MapGet("/indicators/{id}", async Task<Results<Ok<IndicatorDetailDto>, NotFound>> (string id, IndicatorLibrary library, IndicatorFigures figures, RequestAccess access, CancellationToken ct) =>
            {
                if (library.Find(id) is not { } d) return TypedResults.NotFound();
                var series = await figures.SeriesAsync(id, ct);
                return TypedResults.Ok(new IndicatorDetailDto(
                    d.Id, d.Title!, d.Description!, d.WhyItMatters!, d.Tags, d.KindName, d.Unit, d.LowIsGood, Target(d),
                    Codes(d.Numerator), Codes(d.Denominator), Codes(d.Parameters.GroupB),
                    d.AgeFrom, d.AgeTo, d.Sex, d.Parameters, d.AuthoredBy, d.CheckedBy, d.ReviewDate,
                    d.ReviewDate is { } review && review < access.Today,
                    [.. series.Select(p => new DistributionPointDto(p.Quarter.ToString(), p.Value, p.Numerator, p.Denominator, p.Practices,
                        p.Deciles[0], p.Deciles[1], p.Deciles[2], p.Deciles[3], p.Deciles[4], p.Deciles[5], p.Deciles[6], p.Deciles[7], p.Deciles[8]))]));
            })
            .RequireAuthorization()
            .WithSummary("One indicator's definition with named ATC codes, and its national value and practice deciles (P10-P90) per quarter; any signed-in user.");
    }

    private static TargetDto? Target(IndicatorDefinition d) => d.Target is { } t ? new TargetDto(t.Value, t.Direction) : null;

    private static List<AtcCodeDto> Codes(IEnumerable<string>? entries) =>
        [.. AtcReference.Describe(entries).Select(e => new AtcCodeDto(e.Code, e.Excluded, e.Name, e.Comment, [.. e.Covers.Select(c => c.Atc)]))];
}
