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
            // Small counts are protected as if every figure shown gave its count away, as it does in an open cluster.
            // In a closed cluster, where a peer's counts and size are never shown (only a rounded value), no total may
            // give a single peer's count or size away either: from that and its rate, its letter would follow.
            var closed = !snapshot.Cluster.OpenData;
            foreach (var indicator in snapshot.Indicators)
            {
                var counted = Parts(indicator);
                if (counted.Count == 0 && !closed) continue;
                for (var q = 0; q < snapshot.Quarters.Count; q++)
                {
                    var quarter = snapshot.Quarters[q];
                    var figures = consenting
                        .Select(p => (p.Id, Figure: indicator.Practices.GetValueOrDefault(p.Id)?.ElementAtOrDefault(q)))
                        .Where(x => x.Figure is not null)
                        .Select(x => (x.Id, Figure: x.Figure!))
                        .ToList();
                    var tables = counted.Select(part => Table(Block(quarter, indicator.Id, part), indicator, part, figures, ownPractices)).ToList();
                    if (closed)
                        tables.AddRange(new[] { Part.Numerator, Part.Denominator }.Select(part => Identity(Block(quarter, indicator.Id, part), part, figures, ownPractices)));
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

    // The counted parts of an indicator (see Counted): its numerator, and a share's denominator.
    private static IReadOnlyList<Part> Parts(PackageIndicator i) =>
        Counted(i) switch { Part.Numerator => [Part.Numerator], Part.Denominator => [Part.Numerator, Part.Denominator], _ => [] };

    private static double Count(PackageFigure f, Part part) => part == Part.Numerator ? f.Numerator : f.Denominator;

    private static DisclosureTable Table(string block, PackageIndicator i, Part part, List<(int Id, PackageFigure Figure)> figures, IReadOnlySet<int> own)
    {
        var numerator = part == Part.Numerator;
        bool Small(PackageFigure f) => numerator ? SmallCount(i, f) : IsSmall(f.Denominator);
        var cells = figures.Select(x => new DisclosureCell(x.Id, Count(x.Figure, part), Small(x.Figure), own.Contains(x.Id),
            numerator ? Ceiling(i, x.Figure) : double.PositiveInfinity));
        return new DisclosureTable(block, [.. cells], TotalSmall: IsSmall(figures.Sum(x => Count(x.Figure, part))));
    }

    // The same counts as a closed cluster's reader has them: only their own exactly.
    private static DisclosureTable Identity(string block, Part part, List<(int Id, PackageFigure Figure)> figures, IReadOnlySet<int> own) =>
        new("identity|" + block, [.. figures.Select(x => new DisclosureCell(x.Id, Count(x.Figure, part), false, own.Contains(x.Id), Exact: own.Contains(x.Id)))]);

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
                var parts = snapshot.Cluster.OpenData ? Parts(indicator) : [Part.Numerator, Part.Denominator];
                for (var q = 0; q < snapshot.Quarters.Count; q++)
                {
                    foreach (var p in snapshot.Practices.Where(p => p.Consented))
                    {
                        if (indicator.Practices.GetValueOrDefault(p.Id)?.ElementAtOrDefault(q) is not { } f) continue;
                        foreach (var part in parts) Add((snapshot.Quarters[q], indicator.Id, part), (p.Id, Count(f, part)));
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
