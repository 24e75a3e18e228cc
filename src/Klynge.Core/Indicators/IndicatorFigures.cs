using Klynge.Core.Data;
using Klynge.Core.Prescribing;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Indicators;

/// <summary>
/// The national value of one indicator in one quarter beside the distribution over practices. National figures
/// hold no practice data, so every signed-in role may read them.
/// </summary>
/// <param name="Value">The nation's value (its summed numerator over its summed denominator); null when the denominator is 0.</param>
/// <param name="Practices">Practices with a value that quarter (0 when no distribution is stored).</param>
/// <param name="Deciles">P10 to P90; nine nulls when no distribution is stored or no practice had a value.</param>
public sealed record NationalQuarter(Quarter Quarter, double? Value, double Numerator, double Denominator, int Practices, IReadOnlyList<double?> Deciles)
{
    public double? P10 => Deciles[0];
    public double? P20 => Deciles[1];
    public double? P50 => Deciles[4];
    public double? P80 => Deciles[7];
    public double? P90 => Deciles[8];
}

/// <summary>Reads stored national values and distributions for the indicator catalogue.</summary>
public sealed class IndicatorFigures(KlyngeDbContext db)
{
    private static readonly double?[] NoDeciles = new double?[9];

    /// <summary>Per indicator id, the latest quarter with a stored national result.</summary>
    public async Task<IReadOnlyDictionary<string, NationalQuarter>> LatestAsync(CancellationToken ct = default)
    {
        var national = await db.IndicatorResults.AsNoTracking()
            .Where(r => r.Level == ResultLevel.Nation)
            .Select(r => new { r.IndicatorId, r.Quarter, r.Value, r.Numerator, r.Denominator })
            .ToListAsync(ct);
        var latest = national.GroupBy(r => r.IndicatorId).Select(g => g.MaxBy(r => r.Quarter)!).ToList();
        var keys = latest.Select(r => r.Quarter).Distinct().ToList();
        var distributions = (await db.IndicatorDistributions.AsNoTracking().Where(d => keys.Contains(d.Quarter)).ToListAsync(ct))
            .ToDictionary(d => (d.IndicatorId, d.Quarter));
        return latest.ToDictionary(
            r => r.IndicatorId,
            r => Point(r.Quarter, r.Value, r.Numerator, r.Denominator, distributions.GetValueOrDefault((r.IndicatorId, r.Quarter))),
            StringComparer.Ordinal);
    }

    /// <summary>Every quarter with a national result or a stored distribution for the indicator, oldest first.</summary>
    public async Task<IReadOnlyList<NationalQuarter>> SeriesAsync(string indicatorId, CancellationToken ct = default)
    {
        var national = await db.IndicatorResults.AsNoTracking()
            .Where(r => r.IndicatorId == indicatorId && r.Level == ResultLevel.Nation)
            .ToDictionaryAsync(r => r.Quarter, ct);
        var distributions = await db.IndicatorDistributions.AsNoTracking()
            .Where(d => d.IndicatorId == indicatorId)
            .ToDictionaryAsync(d => d.Quarter, ct);
        return [.. national.Keys.Union(distributions.Keys).Order().Select(q =>
        {
            var n = national.GetValueOrDefault(q);
            return Point(q, n?.Value, n?.Numerator ?? 0, n?.Denominator ?? 0, distributions.GetValueOrDefault(q));
        })];
    }

    private static NationalQuarter Point(int quarter, double? value, double numerator, double denominator, IndicatorDeciles? deciles) =>
        new(Quarter.FromKey(quarter), value, numerator, denominator, deciles?.Practices ?? 0, deciles?.Values ?? NoDeciles);
}
