using Klynge.Core.Indicators;
using Klynge.Core.Topics;

namespace Klynge.Core.Packages;

/// <summary>Who is looking at a package, which decides what of the snapshot they see.</summary>
public enum PackageAudience
{
    /// <summary>A GP or staff member of a member practice: own practice named, peers by letter unless the cluster shares openly.</summary>
    Member,
    /// <summary>A coordinator of the cluster: sees what members see, plus drafts, ordering and publishing.</summary>
    Coordinator,
    /// <summary>An analyst of the cluster's region, or an administrator: every practice named.</summary>
    Analyst,
    /// <summary>A municipal or regional partner: the cluster, region and nation only, never a practice.</summary>
    Partner,
}

/// <summary>
/// What one viewer may see of a package: the projection every format (page, print, PDF, CSV, JSON) is made from,
/// so that the privacy rules are applied once. Peers are named only when the cluster shares data openly (or for
/// analysts), practices without consent are left out for everyone but their own members, and counts of 1-4 are
/// suppressed below national level.
/// </summary>
public sealed record PackageView
{
    public required int PackageId { get; init; }
    public required PackageKind Kind { get; init; }
    public required PackageAudience Audience { get; init; }
    public required string ClusterName { get; init; }
    public required int ClusterId { get; init; }
    public required string RegionName { get; init; }
    public required bool OpenData { get; init; }
    public required PackageTopic Topic { get; init; }
    public required string CutOff { get; init; }
    public string? Baseline { get; init; }
    public required IReadOnlyList<string> Quarters { get; init; }
    public DateOnly? MeetingOn { get; init; }
    public DateOnly? PublishOn { get; init; }
    public DateTime GeneratedAtUtc { get; init; }
    /// <summary>The practices this viewer sees, own first, then by label.</summary>
    public required IReadOnlyList<ViewPractice> Practices { get; init; }
    /// <summary>Member practices left out because they have not consented to sharing (0 for analysts and own members).</summary>
    public required int LeftOut { get; init; }
    public required IReadOnlyList<ViewIndicator> Indicators { get; init; }
    public IReadOnlyList<PackageAction> Actions { get; init; } = [];

    /// <summary>The viewer's own practice(s) in this package.</summary>
    public IEnumerable<ViewPractice> Own => Practices.Where(p => p.Own);
}

/// <summary>A practice as this viewer sees it: <see cref="Label"/> is its name or its letter.</summary>
public sealed record ViewPractice(string Key, string Label, bool Own, bool Named);

/// <summary>
/// A figure as shown. A suppressed figure loses everything that reveals its count; <see cref="Denominator"/> is null
/// where the viewer may not see the unit's size (a peer in a closed cluster) or where it is itself a count (a share).
/// </summary>
public sealed record ViewFigure(double? Numerator, double? Denominator, double? Value, double? Standardised, double? Percentile, FunnelPosition? Funnel, bool Suppressed)
{
    /// <param name="hidden">The figure is suppressed: a small count, or one hidden so that a small count cannot be worked out.</param>
    /// <param name="sizeHidden">The unit's numerator and denominator are not shown at all (its value is, unless hidden).</param>
    /// <param name="countHidden">The denominator is a count that goes with the numerator when the figure is hidden.</param>
    public static ViewFigure? Of(PackageFigure? f, bool hidden, bool sizeHidden, bool countHidden) =>
        f is null ? null
        : hidden ? new ViewFigure(null, sizeHidden || countHidden ? null : f.Denominator, null, null, null, null, true)
        : new ViewFigure(sizeHidden ? null : f.Numerator, sizeHidden ? null : f.Denominator, f.Value, f.Standardised, f.Percentile, f.Funnel, false);
}

/// <summary>One indicator as this viewer sees it, with the readings and talking points made from the figures.</summary>
public sealed record ViewIndicator
{
    public required string Id { get; init; }
    public required LocalizedText Title { get; init; }
    public required LocalizedText Description { get; init; }
    public required LocalizedText WhyItMatters { get; init; }
    public required IndicatorKind Kind { get; init; }
    public required string Unit { get; init; }
    public bool? LowIsGood { get; init; }
    public IndicatorTarget? Target { get; init; }
    public bool Headline { get; init; }
    public required IReadOnlyList<ViewFigure?> Nation { get; init; }
    public required IReadOnlyList<ViewFigure?> Region { get; init; }
    public required IReadOnlyList<ViewFigure?> Cluster { get; init; }
    /// <summary>Per visible practice (same order as <see cref="PackageView.Practices"/>), per quarter.</summary>
    public required IReadOnlyList<ViewSeries> Practices { get; init; }
    public required IReadOnlyList<FunnelPoint> Funnel { get; init; }
    public required IReadOnlyList<FunnelBand> Limits { get; init; }
    public required IReadOnlyList<double?> Deciles { get; init; }
    /// <summary>Where each own practice stands among the cluster's practices at the cut-off.</summary>
    public required IReadOnlyList<ClusterStanding> Standings { get; init; }
    public required IReadOnlyList<TalkingPoint> TalkingPoints { get; init; }
    /// <summary>For a follow-up: before and after for the cluster against the rest of the region and country.</summary>
    public ChangeComparison? Change { get; init; }

    /// <summary>The cut-off figure of a practice, by key.</summary>
    public ViewFigure? Latest(string practiceKey) => Practices.FirstOrDefault(p => p.Key == practiceKey)?.Figures[^1];
}

/// <summary>One practice's figures per quarter.</summary>
public sealed record ViewSeries(string Key, IReadOnlyList<ViewFigure?> Figures);

/// <summary>"Higher than <see cref="Below"/> of the <see cref="Compared"/> other practices in the cluster."</summary>
public sealed record ClusterStanding(string PracticeKey, int Below, int Above, int Compared);

/// <summary>What a talking point is about; the text is made per language by whatever shows it.</summary>
public enum TalkingPointKind
{
    /// <summary>Beyond the upper 99.8 % funnel limit: unlikely to be chance.</summary>
    AboveUpperLimit,
    BelowLowerLimit,
    /// <summary>In the least favourable tenth of the country's practices.</summary>
    WorstDecile,
    TargetMissed,
    /// <summary>Changed since the same quarter a year before by more than chance explains.</summary>
    ClearRise,
    ClearFall,
}

/// <summary>
/// A point worth discussing. <see cref="PracticeKey"/> is null for the cluster as a whole; <see cref="Value"/> is the
/// value at the cut-off and <see cref="Reference"/> what it is compared with (target, earlier value, decile).
/// </summary>
public sealed record TalkingPoint(TalkingPointKind Kind, string IndicatorId, string? PracticeKey, double Value, double? Reference);

/// <summary>
/// Before and after for a follow-up: the cluster's change against the change in the rest of its region and the
/// rest of the country (the region or country without the cluster), and the difference in change.
/// </summary>
public sealed record ChangeComparison(
    string Before,
    string After,
    double? ClusterBefore,
    double? ClusterAfter,
    double? RestOfRegionBefore,
    double? RestOfRegionAfter,
    double? RestOfCountryBefore,
    double? RestOfCountryAfter)
{
    public double? ClusterChange => ClusterAfter - ClusterBefore;
    public double? RestOfRegionChange => RestOfRegionAfter - RestOfRegionBefore;
    public double? RestOfCountryChange => RestOfCountryAfter - RestOfCountryBefore;
    /// <summary>The cluster's change minus the rest of the region's.</summary>
    public double? DifferenceFromRegion => ClusterChange - RestOfRegionChange;
    /// <summary>The cluster's change minus the rest of the country's.</summary>
    public double? DifferenceFromCountry => ClusterChange - RestOfCountryChange;
}
