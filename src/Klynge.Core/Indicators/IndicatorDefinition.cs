using System.Text.Json.Serialization;

namespace Klynge.Core.Indicators;

/// <summary>How an indicator counts its numerator; each kind has its own parameters and unit.</summary>
public enum IndicatorKind
{
    /// <summary>DDD per 1,000 listed patients per day.</summary>
    Volume,
    /// <summary>Users per 1,000 listed patients.</summary>
    Users,
    /// <summary>Dispensings per 1,000 listed patients per year (quarter count x 4; returns count -1).</summary>
    Dispensings,
    /// <summary>Percent of a denominator drug group, by dispensings, users or DDD.</summary>
    Share,
    /// <summary>Patients who were users in at least k of the last n quarters at the same practice, per 1,000 listed.</summary>
    LongTermUsers,
    /// <summary>Users whose average DDD per day in the quarter is above a threshold, per 1,000 listed.</summary>
    HighDoseUsers,
    /// <summary>Users of both group A (numerator codes) and group B in the same quarter, per 1,000 listed.</summary>
    ConcurrentUsers,
    /// <summary>Patients with at least N distinct ATC level-5 codes in the quarter, per 1,000 listed.</summary>
    Polypharmacy,
}

/// <summary>What a share indicator counts in its numerator and denominator.</summary>
public enum ShareBy { Dispensings, Users, Ddd }

/// <summary>A text in Danish and English.</summary>
public sealed record LocalizedText(
    [property: JsonPropertyName("da")] string Da,
    [property: JsonPropertyName("en")] string En);

/// <summary>A goal for the indicator value, e.g. penicillin V share at least 60 %; direction is <c>below</c> or <c>above</c>.</summary>
public sealed record IndicatorTarget(
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("direction")] string Direction);

/// <summary>Parameters that only some kinds use; <see cref="IndicatorCatalogue"/> checks which are required.</summary>
public sealed record IndicatorParameters
{
    /// <summary>Long-term users: user in at least <c>k</c> ...</summary>
    [JsonPropertyName("k")] public int? K { get; init; }
    /// <summary>... of the last <c>n</c> quarters, ending in the indicator's quarter.</summary>
    [JsonPropertyName("n")] public int? N { get; init; }
    /// <summary>High-dose users: average DDD per day in the quarter above this.</summary>
    [JsonPropertyName("threshold_ddd_per_day")] public double? ThresholdDddPerDay { get; init; }
    /// <summary>Concurrent users: the second drug group.</summary>
    [JsonPropertyName("group_b")] public IReadOnlyList<string>? GroupB { get; init; }
    /// <summary>Polypharmacy: at least this many distinct ATC level-5 codes.</summary>
    [JsonPropertyName("min_distinct")] public int? MinDistinct { get; init; }
    /// <summary>Share: <c>dispensings</c>, <c>users</c> or <c>ddd</c>.</summary>
    [JsonPropertyName("share_by")] public string? ShareBy { get; init; }
}

/// <summary>
/// One indicator as authored in <c>indicators/&lt;id&gt;.json</c>. ATC code lists are prefixes with an optional
/// <c># comment</c>; a code starting with <c>~</c> excludes what it matches (e.g. <c>"~N05BA06 # lorazepam"</c>).
/// The age filter uses age = year of dispensing - birth year and must align with the five-year list-size bands.
/// </summary>
public sealed record IndicatorDefinition
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("title")] public LocalizedText? Title { get; init; }
    [JsonPropertyName("description")] public LocalizedText? Description { get; init; }
    [JsonPropertyName("why_it_matters")] public LocalizedText? WhyItMatters { get; init; }
    [JsonPropertyName("tags")] public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>As written in the file: <c>volume</c>, <c>users</c>, <c>dispensings</c>, <c>share</c>,
    /// <c>long_term_users</c>, <c>high_dose_users</c>, <c>concurrent_users</c>, <c>polypharmacy</c>.</summary>
    [JsonPropertyName("kind")] public string KindName { get; init; } = "";
    [JsonPropertyName("numerator")] public IReadOnlyList<string>? Numerator { get; init; }
    /// <summary>Share only: the drug group the numerator is a part of.</summary>
    [JsonPropertyName("denominator")] public IReadOnlyList<string>? Denominator { get; init; }
    [JsonPropertyName("age_from")] public int? AgeFrom { get; init; }
    /// <summary>Inclusive upper age (e.g. 14 for 0-14); null means no upper bound.</summary>
    [JsonPropertyName("age_to")] public int? AgeTo { get; init; }
    /// <summary><c>F</c>, <c>M</c> or null for both.</summary>
    [JsonPropertyName("sex")] public string? Sex { get; init; }
    [JsonPropertyName("unit")] public string Unit { get; init; } = "";
    /// <summary>Null when neither direction is better.</summary>
    [JsonPropertyName("low_is_good")] public bool? LowIsGood { get; init; }
    [JsonPropertyName("target")] public IndicatorTarget? Target { get; init; }
    [JsonPropertyName("parameters")] public IndicatorParameters Parameters { get; init; } = new();
    [JsonPropertyName("authored_by")] public string AuthoredBy { get; init; } = "";
    [JsonPropertyName("checked_by")] public string CheckedBy { get; init; } = "";
    [JsonPropertyName("review_date")] public DateOnly? ReviewDate { get; init; }

    /// <summary>The parsed kind; valid after <see cref="IndicatorCatalogue"/> has accepted the definition.</summary>
    [JsonIgnore]
    public IndicatorKind Kind => IndicatorCatalogue.ParseKind(KindName)
        ?? throw new InvalidOperationException($"Indicator '{Id}' has unknown kind '{KindName}'.");

    /// <summary>The share basis; dispensings when not given.</summary>
    [JsonIgnore]
    public ShareBy ShareBasis => Parameters.ShareBy switch
    {
        "users" => Indicators.ShareBy.Users,
        "ddd" => Indicators.ShareBy.Ddd,
        _ => Indicators.ShareBy.Dispensings,
    };

    /// <summary>The unit each kind must declare.</summary>
    public static string UnitOf(IndicatorKind kind) => kind switch
    {
        IndicatorKind.Volume => "ddd_per_1000_per_day",
        IndicatorKind.Dispensings => "per_1000_per_year",
        IndicatorKind.Share => "percent",
        _ => "per_1000",
    };

    /// <summary>True when the age and sex filter admits a patient of this age and sex.</summary>
    public bool Admits(int age, Prescribing.Sex sex) =>
        (AgeFrom is null || age >= AgeFrom) && (AgeTo is null || age <= AgeTo)
        && (Sex is null || Sex == sex.ToString());

    /// <summary>True when a list-size band (lower bound 0..90) lies inside the age filter.</summary>
    public bool AdmitsBand(int bandFrom, Prescribing.Sex sex) =>
        (AgeFrom is null || bandFrom >= AgeFrom) && (AgeTo is null || bandFrom + 4 <= AgeTo && bandFrom < 90)
        && (Sex is null || Sex == sex.ToString());
}
