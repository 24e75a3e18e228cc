using Klynge.Core.Access;
using Klynge.Core.Data;
using Klynge.Core.Indicators;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Packages;

/// <summary>
/// Which figures of a package a member of its cluster does not see, decided with <see cref="DisclosureControl"/> over
/// every package of the cluster up to this one, so that no total, difference or other package gives a hidden small
/// count away. Cells are the consenting practices' counts per indicator and quarter; the total is the cluster's
/// figure over those practices (practices without consent are in no table and no total a member sees).
/// </summary>
public sealed class PackageSuppression
{
    private readonly HashSet<(string Indicator, string Quarter, int Practice)> _hidden = [];
    private readonly HashSet<(string Indicator, string Quarter)> _hiddenTotals = [];

    /// <summary>Whether the practice's figure for the indicator and quarter is hidden (a small count or one protecting it).</summary>
    public bool Hides(string indicator, string quarter, int practice) => _hidden.Contains((indicator, quarter, practice));

    /// <summary>Whether the cluster's figure for the indicator and quarter is hidden.</summary>
    public bool HidesTotal(string indicator, string quarter) => _hiddenTotals.Contains((indicator, quarter));

    internal void Hide(string indicator, string quarter, IEnumerable<int> practices)
    {
        foreach (var p in practices) _hidden.Add((indicator, quarter, p));
    }

    internal void HideTotal(string indicator, string quarter) => _hiddenTotals.Add((indicator, quarter));
}

/// <summary>Builds the disclosure tables of a cluster's packages and reads back the decision for the newest.</summary>
public static class PackageDisclosure
{
    /// <summary>
    /// The suppression of the last package in <paramref name="history"/> for a viewer who knows
    /// <paramref name="ownPractices"/>' figures. <paramref name="history"/> is every package of the cluster up to and
    /// including that one, oldest first (by id: a package's decision never changes once it exists).
    /// </summary>
    public static PackageSuppression For(IReadOnlyList<PackageSnapshot> history, IReadOnlySet<int> ownPractices)
    {
        var blocks = BlockNames(history);
        string Block(string quarter, string indicator, Part part) => blocks.GetValueOrDefault((quarter, indicator, part)) ?? Name(quarter, indicator, part);
        var sets = new List<DisclosureSet>();
        var readBack = new List<(string Indicator, string Quarter, bool Last)>();
        for (var s = 0; s < history.Count; s++)
        {
            var snapshot = history[s];
            var consenting = snapshot.Practices.Where(p => p.Consented).ToList();
            foreach (var indicator in snapshot.Indicators.Where(i => Counted(i) is not null))
            {
                for (var q = 0; q < snapshot.Quarters.Count; q++)
                {
                    var quarter = snapshot.Quarters[q];
                    var figures = consenting
                        .Select(p => (p.Id, Figure: indicator.Practices.GetValueOrDefault(p.Id)?.ElementAtOrDefault(q)))
                        .Where(x => x.Figure is not null)
                        .Select(x => (x.Id, Figure: x.Figure!))
                        .ToList();
                    var tables = new List<DisclosureTable>
                    {
                        Table(Block(quarter, indicator.Id, Part.Numerator), figures, f => f.Numerator, f => SmallCount(indicator, f), ownPractices, f => Ceiling(indicator, f)),
                    };
                    if (Counted(indicator) == Part.Denominator)
                        tables.Add(Table(Block(quarter, indicator.Id, Part.Denominator), figures, f => f.Denominator, f => IsSmall(f.Denominator), ownPractices, _ => double.PositiveInfinity));
                    sets.Add(new DisclosureSet(tables));
                    readBack.Add((indicator.Id, quarter, s == history.Count - 1));
                }
            }
        }

        var decisions = DisclosureControl.Protect(sets);
        var result = new PackageSuppression();
        for (var i = 0; i < decisions.Count; i++)
        {
            var (indicator, quarter, last) = readBack[i];
            if (!last) continue;
            result.Hide(indicator, quarter, decisions[i].Hidden);
            if (decisions[i].TotalShown.Any(shown => !shown)) result.HideTotal(indicator, quarter);
        }
        return result;
    }

    /// <summary>The ids of the cluster's packages made before <paramref name="package"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<int>> EarlierAsync(KlyngeDbContext db, ClusterPackage package, CancellationToken ct = default) =>
        await db.Packages.AsNoTracking()
            .Where(p => p.ClusterId == package.ClusterId && p.Id < package.Id)
            .OrderBy(p => p.Id).Select(p => p.Id)
            .ToListAsync(ct);

    /// <summary>The package's history read from the database (earlier snapshots, then its own), for prints and the CLI.</summary>
    public static async Task<IReadOnlyList<PackageSnapshot>> HistoryAsync(KlyngeDbContext db, ClusterPackage package, PackageSnapshot snapshot, CancellationToken ct = default)
    {
        var earlier = await EarlierAsync(db, package, ct);
        var json = await db.Packages.AsNoTracking().Where(p => earlier.Contains(p.Id)).OrderBy(p => p.Id).Select(p => p.Snapshot).ToListAsync(ct);
        return [.. json.Select(PackageSnapshot.FromJson), snapshot];
    }

    /// <summary>A count of 1-4: shown nowhere below national level.</summary>
    public static bool IsSmall(double count) => count is >= 1 and < DisclosureControl.Threshold;

    /// <summary>
    /// A figure that may not be shown for itself: a count of people or dispensings of 1-4, or a share of 1-4 people
    /// or dispensings (the value would give the small count away).
    /// </summary>
    public static bool SmallCount(PackageIndicator indicator, PackageFigure figure) =>
        figure.Small || (Counted(indicator) == Part.Denominator && IsSmall(figure.Denominator));

    /// <summary>Whether the indicator's figures are counts of people or dispensings, which small-count rules apply to.</summary>
    public static bool CountsPeople(PackageIndicator indicator) => Counted(indicator) is not null;

    private enum Part { Numerator, Denominator }

    // Which parts of an indicator are counts: none for DDD volumes and DDD shares, both for other shares (their
    // denominator counts people or dispensings too), else the numerator.
    private static Part? Counted(PackageIndicator i) => i.Kind switch
    {
        IndicatorKind.Volume => null,
        IndicatorKind.Share => i.ShareBy == ShareBy.Ddd ? null : Part.Denominator,
        _ => Part.Numerator,
    };

    // People counted per 1,000 listed are at most the listed patients; dispensings and shares have no such bound.
    private static double Ceiling(PackageIndicator i, PackageFigure f) =>
        i.Kind is IndicatorKind.Dispensings or IndicatorKind.Share ? double.PositiveInfinity : f.Denominator;

    private static DisclosureTable Table(string block, List<(int Id, PackageFigure Figure)> figures, Func<PackageFigure, double> count,
        Func<PackageFigure, bool> small, IReadOnlySet<int> own, Func<PackageFigure, double> ceiling) =>
        new(block, [.. figures.Select(x => new DisclosureCell(x.Id, count(x.Figure), small(x.Figure), own.Contains(x.Id), ceiling(x.Figure)))],
            IsSmall(figures.Sum(x => count(x.Figure))));

    private static string Name(string quarter, string indicator, Part part) => $"{quarter}|{indicator}|{part}";

    /// <summary>
    /// One block name per quarter and counted quantity. Two indicators whose counts agree for every practice in a
    /// quarter (a share's denominator and another indicator's numerator, say) are taken to count the same thing and
    /// share a block, as a reader comparing them would assume.
    /// </summary>
    private static Dictionary<(string Quarter, string Indicator, Part Part), string> BlockNames(IReadOnlyList<PackageSnapshot> history)
    {
        var counts = new Dictionary<(string Quarter, string Indicator, Part Part), SortedSet<(int, double)>>();
        foreach (var snapshot in history)
        {
            foreach (var indicator in snapshot.Indicators)
            {
                if (Counted(indicator) is not { } counted) continue;
                for (var q = 0; q < snapshot.Quarters.Count; q++)
                {
                    foreach (var p in snapshot.Practices.Where(p => p.Consented))
                    {
                        if (indicator.Practices.GetValueOrDefault(p.Id)?.ElementAtOrDefault(q) is not { } f) continue;
                        Add((snapshot.Quarters[q], indicator.Id, Part.Numerator), (p.Id, f.Numerator));
                        if (counted == Part.Denominator) Add((snapshot.Quarters[q], indicator.Id, Part.Denominator), (p.Id, f.Denominator));
                    }
                }
            }
        }
        return counts
            .GroupBy(c => (c.Key.Quarter, Values: string.Join(';', c.Value.Select(v => $"{v.Item1}:{v.Item2:R}"))))
            .SelectMany(g =>
            {
                var name = g.Select(c => Name(c.Key.Quarter, c.Key.Indicator, c.Key.Part)).Order(StringComparer.Ordinal).First();
                return g.Select(c => (c.Key, name));
            })
            .ToDictionary(x => x.Key, x => x.name);

        void Add((string, string, Part) key, (int, double) cell)
        {
            if (!counts.TryGetValue(key, out var set)) counts[key] = set = [];
            set.Add(cell);
        }
    }
}
