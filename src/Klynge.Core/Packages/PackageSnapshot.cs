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
    /// <summary>
    /// Bumped if the stored shape changes, so old snapshots can still be read. 2: funnel dots and limits stored as
    /// arrays (<c>[denominator, value]</c>) instead of objects; version 1 snapshots read as before.
    /// </summary>
    public int Version { get; init; } = 2;
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

    /// <summary>
    /// How a snapshot is stored: <see cref="Json"/>, with the national funnel's dots and limit curves as arrays of
    /// numbers. They are most of a snapshot (about 1,700 dots an indicator), and as objects half their text was names.
    /// </summary>
    private static readonly JsonSerializerOptions Stored = new(Json) { Converters = { new FunnelPointArray(), new FunnelBandArray() } };

    public string ToJson() => JsonSerializer.Serialize(this, Stored);

    public static PackageSnapshot FromJson(string json) =>
        JsonSerializer.Deserialize<PackageSnapshot>(json, Stored) ?? throw new JsonException("Empty package snapshot.");

    /// <summary>Numbers in a stored array, or the object a version 1 snapshot has (read with the default rules).</summary>
    private static double[] Numbers(ref Utf8JsonReader reader, int count, Func<JsonElement, double[]> fromObject)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
            return fromObject(JsonElement.ParseValue(ref reader));
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"Expected an array of {count} numbers.");
        var numbers = new double[count];
        for (var i = 0; i < count; i++)
        {
            if (!reader.Read()) throw new JsonException($"Expected an array of {count} numbers.");
            numbers[i] = reader.TokenType switch
            {
                JsonTokenType.Number => reader.GetDouble(),
                // NaN and the infinities, which JSON has no numbers for (Json allows them as strings).
                JsonTokenType.String => double.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                _ => throw new JsonException($"Expected an array of {count} numbers."),
            };
        }
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray) throw new JsonException($"Expected an array of {count} numbers.");
        return numbers;
    }

    private static void Write(Utf8JsonWriter writer, params ReadOnlySpan<double> numbers)
    {
        writer.WriteStartArray();
        foreach (var n in numbers)
        {
            if (double.IsFinite(n)) writer.WriteNumberValue(n);
            else writer.WriteStringValue(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        writer.WriteEndArray();
    }

    private static double Get(JsonElement e, string name) => e.GetProperty(name).GetDouble();

    private sealed class FunnelPointArray : JsonConverter<FunnelPoint>
    {
        public override FunnelPoint Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var n = Numbers(ref reader, 2, e => [Get(e, "denominator"), Get(e, "value")]);
            return new FunnelPoint(n[0], n[1]);
        }

        public override void Write(Utf8JsonWriter writer, FunnelPoint value, JsonSerializerOptions options) =>
            PackageSnapshot.Write(writer, value.Denominator, value.Value);
    }

    private sealed class FunnelBandArray : JsonConverter<FunnelBand>
    {
        public override FunnelBand Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var n = Numbers(ref reader, 5, e => [Get(e, "denominator"), Get(e, "lower998"), Get(e, "lower95"), Get(e, "upper95"), Get(e, "upper998")]);
            return new FunnelBand(n[0], n[1], n[2], n[3], n[4]);
        }

        public override void Write(Utf8JsonWriter writer, FunnelBand value, JsonSerializerOptions options) =>
            PackageSnapshot.Write(writer, value.Denominator, value.Lower998, value.Lower95, value.Upper95, value.Upper998);
    }
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

/// <summary>Rounding to significant digits, for figures that are drawn rather than read.</summary>
public static class SignificantDigits
{
    /// <summary>
    /// <paramref name="value"/> with at most <paramref name="digits"/> significant digits after the decimal point;
    /// the integer part is never rounded (123456.7 to 4 digits is 123457).
    /// </summary>
    public static double Round(double value, int digits) =>
        value == 0 || !double.IsFinite(value) ? value
        : Math.Round(value, Math.Clamp(digits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(value))), 0, 15));
}

/// <summary>One practice in the national funnel plot.</summary>
public sealed record FunnelPoint(double Denominator, double Value);

/// <summary>Funnel limits at one denominator, on the indicator's scale.</summary>
public sealed record FunnelBand(double Denominator, double Lower998, double Lower95, double Upper95, double Upper998);
