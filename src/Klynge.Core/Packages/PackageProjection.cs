using Klynge.Core.Indicators;

namespace Klynge.Core.Packages;

/// <summary>Makes a <see cref="PackageView"/> from a snapshot for one audience; the only place the privacy rules are applied.</summary>
public static class PackageProjection
{
    /// <summary>A change counts as clear only when it is also at least this large relative to the earlier value.</summary>
    public const double ClearChangeAtLeast = 0.10;

    public static PackageView For(ClusterPackage package, PackageSnapshot snapshot, PackageAudience audience, IReadOnlySet<int> ownPractices)
    {
        var names = audience == PackageAudience.Analyst || snapshot.Cluster.OpenData;
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

        var indicators = snapshot.Indicators.Select(i =>
        {
            var series = visible.Select(v => new ViewSeries(v.View.Key, [.. i.Practices.GetValueOrDefault(v.Source.Id, []).Select(f => ViewFigure.From(f, true))])).ToList();
            var cluster = i.Cluster.Select(f => ViewFigure.From(f, true)).ToList();
            var points = new List<TalkingPoint>();
            foreach (var s in series) points.AddRange(TalkingPoints(i, s.Key, s.Figures, last));
            points.AddRange(TalkingPoints(i, null, cluster, last, i.Nation[last]));
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
                Nation = [.. i.Nation.Select(f => ViewFigure.From(f, false))],
                Region = [.. i.Region.Select(f => ViewFigure.From(f, true))],
                Cluster = cluster,
                Practices = series,
                Funnel = audience == PackageAudience.Partner ? [] : i.Funnel,
                Limits = i.Limits,
                Deciles = i.Deciles,
                Standings = [.. visible.Where(v => v.View.Own).Select(v => Standing(v.View.Key, series, last))],
                TalkingPoints = points,
                Change = baselineIndex >= 0 ? Change(snapshot, i, baselineIndex, last) : null,
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
    private static IEnumerable<TalkingPoint> TalkingPoints(PackageIndicator i, string? key, IReadOnlyList<ViewFigure?> figures, int last, PackageFigure? nation = null)
    {
        if (figures[last] is not { Value: { } value, Numerator: { } numerator } now) yield break;
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
        if (last >= 4 && figures[last - 4] is { Value: { } before, Numerator: { } beforeNumerator } earlier && earlier.Denominator > 0 && before > 0
            && Math.Abs(value - before) >= ClearChangeAtLeast * before
            && IndicatorFunnel.Limits(i.Kind, i.ShareBy, beforeNumerator / earlier.Denominator, now.Denominator) is { } around)
        {
            var position = around.Classify(numerator);
            if (position is FunnelPosition.Above95 or FunnelPosition.Above998) yield return new TalkingPoint(TalkingPointKind.ClearRise, i.Id, key, value, before);
            if (position is FunnelPosition.Below95 or FunnelPosition.Below998) yield return new TalkingPoint(TalkingPointKind.ClearFall, i.Id, key, value, before);
        }
    }

    private static ChangeComparison Change(PackageSnapshot snapshot, PackageIndicator i, int before, int after)
    {
        var scale = IndicatorFunnel.Scale(i.Kind);
        double? Rate(PackageFigure? f) => f is { Denominator: > 0 } x && !x.Small ? x.Numerator / x.Denominator * scale : null;
        double? Rest(PackageFigure? whole, PackageFigure? part) =>
            whole is null || part is null || whole.Denominator - part.Denominator <= 0 ? null
            : (whole.Numerator - part.Numerator) / (whole.Denominator - part.Denominator) * scale;
        return new ChangeComparison(
            snapshot.Quarters[before], snapshot.Quarters[after],
            Rate(i.Cluster[before]), Rate(i.Cluster[after]),
            Rest(i.Region[before], i.Cluster[before]), Rest(i.Region[after], i.Cluster[after]),
            Rest(i.Nation[before], i.Cluster[before]), Rest(i.Nation[after], i.Cluster[after]));
    }
}
