using System.Globalization;
using Klynge.Core.Data;
using Klynge.Core.Prescribing;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Indicators;

/// <summary>The computed indicator values in the database: replaced as a whole, exported in the fixed format.</summary>
public static class IndicatorResultStore
{
    public const string ExportHeader = "indicator_id,level,unit_id,period,numerator,denominator,value";

    /// <summary>
    /// Replaces every stored result with <paramref name="results"/> and clears the stored distributions, in one
    /// transaction: readers see the old set or the new, never a mix.
    /// </summary>
    public static Task<int> ReplaceAllAsync(KlyngeDbContext db, IEnumerable<IndicatorResult> results, CancellationToken ct = default) =>
        ReplaceAllAsync(db, results, [], ct);

    /// <summary>
    /// Replaces every stored result and every stored national distribution in one transaction, so the deciles
    /// always belong to the practice values beside them. Returns the number of results written.
    /// </summary>
    public static Task<int> ReplaceAllAsync(KlyngeDbContext db, IEnumerable<IndicatorResult> results, IEnumerable<IndicatorDistribution> distributions, CancellationToken ct = default) =>
        ReplaceAsync(db, null, results, distributions, ct);

    /// <summary>
    /// Replaces the stored results and distributions of the given indicators only (all of them when
    /// <paramref name="indicatorIds"/> is null) in one transaction; every other indicator's stay as they are.
    /// </summary>
    public static async Task<int> ReplaceAsync(KlyngeDbContext db, IReadOnlyCollection<string>? indicatorIds, IEnumerable<IndicatorResult> results,
        IEnumerable<IndicatorDistribution> distributions, CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ids = indicatorIds?.ToList();
        if (ids is null)
        {
            await db.IndicatorResults.ExecuteDeleteAsync(ct);
            await db.IndicatorDistributions.ExecuteDeleteAsync(ct);
        }
        else
        {
            await db.IndicatorResults.Where(r => ids.Contains(r.IndicatorId)).ExecuteDeleteAsync(ct);
            await db.IndicatorDistributions.Where(d => ids.Contains(d.IndicatorId)).ExecuteDeleteAsync(ct);
        }
        var count = await IndicatorResultWriter.InsertAsync(db, results, ct);
        // A few hundred rows (indicators x quarters): EF is quick enough here.
        db.IndicatorDistributions.AddRange(distributions.Select(IndicatorDeciles.From));
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        await tx.CommitAsync(ct);
        return count;
    }

    /// <summary>
    /// Writes every stored result as the analyst's export (DATA-FORMATS.md): unsuppressed, invariant numbers,
    /// empty value when the denominator is 0, ordered by indicator, level, unit and period.
    /// </summary>
    public static async Task<long> ExportAsync(KlyngeDbContext db, TextWriter writer, CancellationToken ct = default)
    {
        await writer.WriteLineAsync(ExportHeader);
        long rows = 0;
        var query = db.IndicatorResults.AsNoTracking()
            .OrderBy(r => r.IndicatorId).ThenBy(r => r.Level).ThenBy(r => r.UnitId).ThenBy(r => r.Quarter)
            .AsAsyncEnumerable();
        await foreach (var r in query.WithCancellation(ct))
        {
            await writer.WriteLineAsync(string.Join(',',
                r.IndicatorId,
                r.Level.ToString().ToLowerInvariant(),
                r.UnitId,
                Quarter.FromKey(r.Quarter).ToString(),
                Number(r.Numerator),
                Number(r.Denominator),
                r.Denominator == 0 || r.Value is null ? "" : Number(r.Value.Value)));
            rows++;
        }
        return rows;
    }

    /// <summary>Shortest round-trip form, no thousands separator, '.' as decimal point.</summary>
    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
