using Klynge.Core.Data;
using Klynge.Core.Prescribing;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Indicators;

/// <summary>
/// One run of the indicator engine over the database: streams every dispensing once, computes every
/// indicator in the catalogue for every practice, cluster, region and the nation, and replaces the stored results.
/// </summary>
public static class IndicatorRun
{
    public record Summary(long Dispensings, int Results, int Indicators, int Quarters);

    public static async Task<Summary> RunAsync(KlyngeDbContext db, IReadOnlyList<IndicatorDefinition> definitions, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var practices = await db.Practices.AsNoTracking()
            .Select(p => new { p.Id, p.ProviderNumber, p.Municipality!.RegionCode })
            .ToDictionaryAsync(p => p.Id, ct);
        var memberships = (await db.ClusterMemberships.AsNoTracking()
                .Select(m => new { m.PracticeId, m.ClusterId, m.ValidFrom, m.ValidTo })
                .ToListAsync(ct))
            .ToLookup(m => m.PracticeId);
        var units = new IndicatorUnits(
            id => practices[id].ProviderNumber,
            (id, quarter) => memberships[id].FirstOrDefault(m => m.ValidFrom <= quarter.LastDay && (m.ValidTo == null || m.ValidTo > quarter.LastDay))?.ClusterId,
            id => practices.TryGetValue(id, out var p) ? p.RegionCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);

        long read = 0;
        IEnumerable<Dispensing> Stream()
        {
            // Synchronous streaming: EF reads row by row; nothing is buffered but the engine's own sums.
            foreach (var row in db.Dispensings.AsNoTracking().AsEnumerable())
            {
                if (++read % 500_000 == 0) progress?.Report(read);
                yield return row;
            }
            progress?.Report(read);
        }

        var computation = IndicatorEngine.Compute(Stream(), db.ListSizes.AsNoTracking().AsEnumerable(), definitions, units);
        var stored = await IndicatorResultStore.ReplaceAllAsync(db, computation.Results, computation.Distributions, ct);
        return new Summary(read, stored, definitions.Count, computation.Results.Select(r => r.Quarter).Distinct().Count());
    }
}
