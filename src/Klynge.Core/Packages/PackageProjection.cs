using Klynge.Core.Indicators;

namespace Klynge.Core.Packages;

/// <summary>Makes a <see cref="PackageView"/> from a snapshot for one audience; the only place the privacy rules are applied.</summary>
public static class PackageProjection
{
    /// <summary>A change counts as clear only when it is also at least this large relative to the earlier value.</summary>
    public const double ClearChangeAtLeast = 0.10;

    /// <param name="earlier">
    /// The snapshots of the cluster's packages made before this one, oldest first
    /// (<see cref="PackageDisclosure.EarlierAsync"/>): a member's view hides what those would give away together with it.
    /// </param>
    public static PackageView For(ClusterPackage package, PackageSnapshot snapshot, PackageAudience audience, IReadOnlySet<int> ownPractices, IReadOnlyList<PackageSnapshot> earlier)
    {
        var names = audience == PackageAudience.Analyst || snapshot.Cluster.OpenData;
        // Members and coordinators see the cluster's own table: complementary suppression, a total over the
        // consenting practices, and in a closed cluster no peer's size. Analysts may export everything unsuppressed.
        var member = audience is PackageAudience.Member or PackageAudience.Coordinator;
        var suppression = member ? PackageDisclosure.For([.. earlier, snapshot], ownPractices) : null;
        var visible = audience == PackageAudience.Partner ? []
            : snapshot.Practices
                .Where(p => p.Consented || audience == PackageAudience.Analyst || ownPractices.Contains(p.Id))
                .Select(p =>
                {
                    var own = ownPractices.Contains(p.Id) && audience != PackageAudience.Analyst;
                    var named = names || own;
                    return (Source: p, View: new ViewPractice(p.Letter, named ? p.Name : p.Letter, own, named));
                })
                .OrderByDescending(p => p.View.Own).ThenBy(p => p.Source.Letter.Length).ThenBy(p => p.Source.Letter, StringComparer.Ordinal)
                .ToList();
        var leftOut = audience == PackageAudience.Partner ? 0 : snapshot.Practices.Count - visible.Count;
        var last = snapshot.Quarters.Count - 1;
        var baselineIndex = snapshot.Baseline is { } b ? snapshot.Quarters.ToList().IndexOf(b) : -1;
        var consenting = snapshot.Practices.Where(p => p.Consented).Select(p => p.Id).ToList();

        var indicators = snapshot.Indicators.Select(i =>
        {
            var counts = PackageDisclosure.CountsPeople(i);
            var shownPractices = visible.Select(v =>
            {
                var figures = i.Practices.GetValueOrDefault(v.Source.Id, []);
                var hidden = figures.Select((f, q) => f is not null && (suppression is not null && v.Source.Consented
                    ? suppression.Hides(i.Id, snapshot.Quarters[q], v.Source.Id)
                    : counts && PackageDisclosure.SmallCount(i, f))).ToList();
                // A peer in a closed cluster: no numerator or denominator, and values to two significant digits, as
                // exact values of several indicators over one denominator would give the denominator back.
                var peerInClosed = member && !names && !v.View.Own;
                if (peerInClosed) figures = [.. figures.Select(Coarse)];
                return (v.View.Key, Usable: Mask(figures, hidden), Shown: new ViewSeries(v.View.Key,
                    [.. figures.Select((f, q) => ViewFigure.Of(f, hidden[q], sizeHidden: peerInClosed, countHidden: i.Kind == IndicatorKind.Share))]));
            }).ToList();
            var series = shownPractices.Select(p => p.Shown).ToList();
            // The cluster's figure as a member sees it: the sum over the consenting practices, whatever the stored
            // cluster result (which counts members at each quarter's end, with or without consent) says.
            var clusterSource = suppression is null ? i.Cluster
                : [.. snapshot.Quarters.Select((quarter, q) => Sum(i, consenting.Select(id => i.Practices.GetValueOrDefault(id)?.ElementAtOrDefault(q)).OfType<PackageFigure>()))];
            var clusterHidden = clusterSource.Select((f, q) => f is not null && (suppression?.HidesTotal(i.Id, snapshot.Quarters[q]) == true
                || (counts && PackageDisclosure.SmallCount(i, f)))).ToList();
            var clusterUsable = Mask(clusterSource, clusterHidden);
            // A hidden cluster figure loses its denominator too: it may be hidden because it would give a practice's size away.
            var cluster = clusterSource.Select((f, q) => ViewFigure.Of(f, clusterHidden[q], sizeHidden: false, countHidden: true)).ToList();
            var points = new List<TalkingPoint>();
            foreach (var p in shownPractices) points.AddRange(TalkingPoints(i, p.Key, p.Usable, last));
            points.AddRange(TalkingPoints(i, null, clusterUsable, last, i.Nation[last]));
            return new ViewIndicator
            {
                Id = i.Id,
                Title = i.Title,
                Description = i.Description,
                WhyItMatters = i.WhyItMatters,
                Kind = i.Kind,
                Unit = i.Unit,
                LowIsGood = i.LowIsGood,
                Target = i.Target,
                Headline = i.Headline,
                Nation = [.. i.Nation.Select(f => ViewFigure.Of(f, false, false, false))],
                Region = [.. i.Region.Select(f => ViewFigure.Of(f, f is not null && counts && PackageDisclosure.SmallCount(i, f), false, i.Kind == IndicatorKind.Share))],
                Cluster = cluster,
                Practices = series,
                // The national dots let a reader find a peer's size from its value; in a closed cluster they are left out.
                Funnel = audience == PackageAudience.Partner || (member && !names) ? [] : i.Funnel,
                Limits = i.Limits,
                Deciles = i.Deciles,
                Standings = [.. visible.Where(v => v.View.Own).Select(v => Standing(v.View.Key, series, last))],
                TalkingPoints = points,
                Change = baselineIndex >= 0 ? Change(snapshot, i, clusterUsable, baselineIndex, last) : null,
            };
        }).ToList();

        return new PackageView
        {
            PackageId = package.Id,
            Kind = package.Kind,
            Audience = audience,
            ClusterId = snapshot.Cluster.Id,
            ClusterName = snapshot.Cluster.Name,
            RegionName = snapshot.Cluster.RegionName,
            OpenData = snapshot.Cluster.OpenData,
            Topic = snapshot.Topic,
            CutOff = snapshot.CutOff,
            Baseline = snapshot.Baseline,
            Quarters = snapshot.Quarters,
            MeetingOn = package.MeetingOn,
            PublishOn = package.PublishOn,
            GeneratedAtUtc = snapshot.GeneratedAtUtc,
            Practices = [.. visible.Select(v => v.View)],
            LeftOut = leftOut,
            Indicators = indicators,
            Actions = audience == PackageAudience.Partner ? [] : [.. snapshot.Actions.Where(a =>
                a.PracticeId is null || audience == PackageAudience.Analyst || ownPractices.Contains(a.PracticeId.Value)
                || (names && visible.Any(v => v.Source.Id == a.PracticeId)))],
        };
    }

    // Ranks only against peers with a shown value: a suppressed or missing value is neither above nor below.
    private static ClusterStanding Standing(string key, IReadOnlyList<ViewSeries> series, int last)
    {
        var own = series.First(s => s.Key == key).Figures[last]?.Value;
        var others = series.Where(s => s.Key != key).Select(s => s.Figures[last]?.Value).OfType<double>().ToList();
        return own is { } v
            ? new ClusterStanding(key, others.Count(o => o < v), others.Count(o => o > v), others.Count)
            : new ClusterStanding(key, 0, 0, others.Count);
    }

    /// <summary>
    /// Talking points for a practice (its own funnel position and national percentile) or, with
    /// <paramref name="nation"/>, for the cluster (its own funnel position against the national rate).
    /// </summary>
    private static IEnumerable<TalkingPoint> TalkingPoints(PackageIndicator i, string? key, IReadOnlyList<PackageFigure?> figures, int last, PackageFigure? nation = null)
    {
        if (figures[last] is not { Value: { } value } now) yield break;
        var numerator = now.Numerator;
        var funnel = now.Funnel;
        if (nation is { Denominator: > 0 } n && IndicatorFunnel.Limits(i.Kind, i.ShareBy, n.Numerator / n.Denominator, now.Denominator) is { } limits)
            funnel = limits.Classify(numerator);
        if (funnel == FunnelPosition.Above998) yield return new TalkingPoint(TalkingPointKind.AboveUpperLimit, i.Id, key, value, nation?.Value);
        if (funnel == FunnelPosition.Below998) yield return new TalkingPoint(TalkingPointKind.BelowLowerLimit, i.Id, key, value, nation?.Value);
        if (key is not null && now.Percentile is { } p && i.LowIsGood is { } lowIsGood && (lowIsGood ? p >= 90 : p <= 10))
            yield return new TalkingPoint(TalkingPointKind.WorstDecile, i.Id, key, value, i.Deciles.Count == 9 ? i.Deciles[lowIsGood ? 8 : 0] : null);
        if (i.Target is { } t && (t.Direction == "below" ? value > t.Value : value < t.Value))
            yield return new TalkingPoint(TalkingPointKind.TargetMissed, i.Id, key, value, t.Value);
        // The same quarter a year before, so that seasons (antibiotics in winter) do not look like change.
        if (last >= 4 && figures[last - 4] is { Value: { } before } earlier && earlier.Denominator > 0 && before > 0
            && Math.Abs(value - before) >= ClearChangeAtLeast * before
            && IndicatorFunnel.Limits(i.Kind, i.ShareBy, earlier.Numerator / earlier.Denominator, now.Denominator) is { } around)
        {
            var position = around.Classify(numerator);
            if (position is FunnelPosition.Above95 or FunnelPosition.Above998) yield return new TalkingPoint(TalkingPointKind.ClearRise, i.Id, key, value, before);
            if (position is FunnelPosition.Below95 or FunnelPosition.Below998) yield return new TalkingPoint(TalkingPointKind.ClearFall, i.Id, key, value, before);
        }
    }

    // Rest of the region and country: the region or country without the cluster's figure as this viewer sees it, so
    // that nothing hidden from the cluster's own figure can be solved from the difference.
    private static ChangeComparison Change(PackageSnapshot snapshot, PackageIndicator i, IReadOnlyList<PackageFigure?> cluster, int before, int after)
    {
        var scale = IndicatorFunnel.Scale(i.Kind);
        double? Rate(PackageFigure? f) => f is { Denominator: > 0 } x ? x.Numerator / x.Denominator * scale : null;
        double? Rest(PackageFigure? whole, PackageFigure? part) =>
            whole is null || part is null || whole.Denominator - part.Denominator <= 0 ? null
            : (whole.Numerator - part.Numerator) / (whole.Denominator - part.Denominator) * scale;
        return new ChangeComparison(
            snapshot.Quarters[before], snapshot.Quarters[after],
            Rate(cluster[before]), Rate(cluster[after]),
            Rest(i.Region[before], cluster[before]), Rest(i.Region[after], cluster[after]),
            Rest(i.Nation[before], cluster[before]), Rest(i.Nation[after], cluster[after]));
    }

    /// <summary>How many significant digits a closed cluster's members see of a peer's value.</summary>
    public const int PeerDigits = 2;

    private static PackageFigure? Coarse(PackageFigure? f) =>
        f is null ? null : f with { Value = Coarse(f.Value), Standardised = Coarse(f.Standardised) };

    // Rounds to PeerDigits significant digits, the integer part too (345.6 becomes 350).
    private static double? Coarse(double? value)
    {
        if (value is not { } v || v == 0 || !double.IsFinite(v)) return value;
        var exponent = (int)Math.Floor(Math.Log10(Math.Abs(v))) - (PeerDigits - 1);
        var step = Math.Pow(10, exponent);
        // The second rounding drops the binary noise of the multiplication (0.30000000000000004).
        return Math.Round(Math.Round(v / step) * step, Math.Clamp(-exponent, 0, 15));
    }

    // The figures a talking point or comparison may use: none that is hidden from this viewer.
    private static IReadOnlyList<PackageFigure?> Mask(IReadOnlyList<PackageFigure?> figures, IReadOnlyList<bool> hidden) =>
        [.. figures.Select((f, q) => hidden[q] ? null : f)];

    // A unit's figure summed from its practices', on the indicator's scale; null when no practice has one.
    private static PackageFigure? Sum(PackageIndicator i, IEnumerable<PackageFigure> figures)
    {
        var list = figures.ToList();
        if (list.Count == 0) return null;
        var numerator = list.Sum(f => f.Numerator);
        var denominator = list.Sum(f => f.Denominator);
        return new PackageFigure(numerator, denominator, denominator != 0 ? numerator / denominator * IndicatorFunnel.Scale(i.Kind) : null,
            Small: PackageDisclosure.CountsPeople(i) && PackageDisclosure.IsSmall(numerator));
    }
}
