using System.Text.Json;
using System.Text.Json.Serialization;
using Klynge.Core.Indicators;
using Klynge.Core.Topics;

namespace Klynge.Core.Packages;

/// <summary>
/// Everything a package shows, frozen when it is generated: the topic's texts, the cluster's practices with their
/// letters, and for each indicator every figure for the practices, the cluster, the region and the nation over the
/// last eight quarters, with the national funnel. Views are projections of this (see <see cref="PackageView"/>);
/// nothing is read from the live tables once a package exists.
/// </summary>
public sealed record PackageSnapshot
{
    /// <summary>Bumped if the shape ever changes, so old snapshots can still be read.</summary>
    public int Version { get; init; } = 1;
    public required PackageCluster Cluster { get; init; }
    public required PackageTopic Topic { get; init; }
    /// <summary>The last quarter of data, <c>YYYY-Qn</c>.</summary>
    public required string CutOff { get; init; }
    /// <summary>Up to eight quarters ending with <see cref="CutOff"/>, oldest first; every series follows this order.</summary>
    public required IReadOnlyList<string> Quarters { get; init; }
    /// <summary>For a follow-up: the original package's cut-off (the "before").</summary>
    public string? Baseline { get; init; }
    /// <summary>Every member practice on the day the package was generated, in letter order.</summary>
    public required IReadOnlyList<PackagePractice> Practices { get; init; }
    public required IReadOnlyList<PackageIndicator> Indicators { get; init; }
    /// <summary>For a follow-up: what the cluster agreed to do, as recorded at the meetings.</summary>
    public IReadOnlyList<PackageAction> Actions { get; init; } = [];
    public DateTime GeneratedAtUtc { get; init; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static PackageSnapshot FromJson(string json) =>
        JsonSerializer.Deserialize<PackageSnapshot>(json, Json) ?? throw new JsonException("Empty package snapshot.");
}

/// <summary>The cluster as it was when the package was generated; <see cref="OpenData"/> decides whether peers are named.</summary>
public sealed record PackageCluster(int Id, string Name, int RegionCode, string RegionName, bool OpenData);

/// <summary>A topic's texts as they were when the package was generated.</summary>
public sealed record PackageTopic(
    string Id,
    TopicText Title,
    TopicText Introduction,
    IReadOnlyList<TopicText> DiscussionQuestions,
    IReadOnlyList<TopicText> SuggestedChanges,
    IReadOnlyList<GuidelineReference> GuidelineReferences,
    int? FollowUpMonths,
    string GuideDa,
    string? GuideEn);

/// <summary>
/// A member practice. <see cref="Letter"/> stands in for the name wherever peers may not be named; it is drawn at
/// random per package, so letters cannot be matched across packages. Practices that have not consented to sharing
/// are kept (their own members still see their data) but never shown to peers.
/// </summary>
public sealed record PackagePractice(int Id, string ProviderNumber, string Name, string Letter, bool Consented);

/// <summary>An action the cluster agreed on, for the follow-up; <see cref="PracticeId"/> null means the whole cluster.</summary>
public sealed record PackageAction(string Text, int? PracticeId, string? Owner, DateOnly? Due, string Status);

/// <summary>One indicator of the package with its frozen definition texts and figures.</summary>
public sealed record PackageIndicator
{
    public required string Id { get; init; }
    public required LocalizedText Title { get; init; }
    public required LocalizedText Description { get; init; }
    public required LocalizedText WhyItMatters { get; init; }
    public required IndicatorKind Kind { get; init; }
    /// <summary>What a share counts (dispensings for other kinds); decides the kind of funnel limits.</summary>
    public ShareBy ShareBy { get; init; }
    public required string Unit { get; init; }
    public bool? LowIsGood { get; init; }
    public IndicatorTarget? Target { get; init; }
    public bool Headline { get; init; }
    /// <summary>Per quarter of <see cref="PackageSnapshot.Quarters"/>; null where no result was computed.</summary>
    public required IReadOnlyList<PackageFigure?> Nation { get; init; }
    public required IReadOnlyList<PackageFigure?> Region { get; init; }
    public required IReadOnlyList<PackageFigure?> Cluster { get; init; }
    /// <summary>Per practice id, per quarter.</summary>
    public required IReadOnlyDictionary<int, IReadOnlyList<PackageFigure?>> Practices { get; init; }
    /// <summary>Every practice in the country with a value at the cut-off (no names; small numbers left out).</summary>
    public required IReadOnlyList<FunnelPoint> Funnel { get; init; }
    /// <summary>The 95 % and 99.8 % limits around the national value at the cut-off, on the indicator's scale.</summary>
    public required IReadOnlyList<FunnelBand> Limits { get; init; }
    /// <summary>National P10..P90 at the cut-off; empty when none is stored.</summary>
    public required IReadOnlyList<double?> Deciles { get; init; }
}

/// <summary>One unit's figure for one quarter, as the engine computed it.</summary>
public sealed record PackageFigure(
    double Numerator,
    double Denominator,
    double? Value,
    double? Standardised = null,
    double? Percentile = null,
    FunnelPosition? Funnel = null,
    bool Small = false);

/// <summary>One practice in the national funnel plot.</summary>
public sealed record FunnelPoint(double Denominator, double Value);

/// <summary>Funnel limits at one denominator, on the indicator's scale.</summary>
public sealed record FunnelBand(double Denominator, double Lower998, double Lower95, double Upper95, double Upper998);
