using System.Globalization;
using System.Text.Json.Serialization;

namespace Klynge.Core.Topics;

/// <summary>
/// A topic text: Danish is required, English is shown to English readers where it has been written.
/// </summary>
public sealed record TopicText(
    [property: JsonPropertyName("da")] string Da,
    [property: JsonPropertyName("en")] string? En = null)
{
    /// <summary>English when the culture is English and an English text exists, else Danish.</summary>
    public string In(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "en" && !string.IsNullOrWhiteSpace(En) ? En : Da;

    /// <summary>The language <see cref="In"/> returns, for the <c>lang</c> attribute of mixed-language pages.</summary>
    public string LanguageIn(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "en" && !string.IsNullOrWhiteSpace(En) ? "en" : "da";
}

/// <summary>One indicator of a topic; headline indicators lead the package and the meeting.</summary>
public sealed record TopicIndicator(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("headline")] bool Headline);

/// <summary>A published guideline the topic rests on; <c>url</c> is optional.</summary>
public sealed record GuidelineReference(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("publisher")] string Publisher,
    [property: JsonPropertyName("year")] int Year,
    [property: JsonPropertyName("url")] string? Url = null);

/// <summary>
/// A cluster-package topic as authored in <c>topics/&lt;id&gt;/topic.json</c>, with its discussion guide from
/// <c>guide.da.md</c> (required) and <c>guide.en.md</c> (optional) beside it. <see cref="TopicCatalogue"/> checks
/// every rule; after it has accepted a topic the required fields are present.
/// </summary>
public sealed record TopicDefinition
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("title")] public TopicText? Title { get; init; }
    [JsonPropertyName("introduction")] public TopicText? Introduction { get; init; }
    /// <summary>In the order the package shows them.</summary>
    [JsonPropertyName("indicators")] public IReadOnlyList<TopicIndicator> Indicators { get; init; } = [];
    [JsonPropertyName("discussion_questions")] public IReadOnlyList<TopicText> DiscussionQuestions { get; init; } = [];
    /// <summary>Concrete, clearly delimited changes a practice can make before the next meeting.</summary>
    [JsonPropertyName("suggested_changes")] public IReadOnlyList<TopicText> SuggestedChanges { get; init; } = [];
    [JsonPropertyName("guideline_references")] public IReadOnlyList<GuidelineReference> GuidelineReferences { get; init; } = [];
    /// <summary>Suggested months until the cluster looks at the topic again (1-24).</summary>
    [JsonPropertyName("follow_up_months")] public int? FollowUpMonths { get; init; }
    [JsonPropertyName("authored_by")] public string AuthoredBy { get; init; } = "";
    [JsonPropertyName("checked_by")] public string CheckedBy { get; init; } = "";
    /// <summary>As written (YYYY-MM-DD); kept as text so a malformed date is reported by field, not as unreadable JSON.</summary>
    [JsonPropertyName("review_date")] public string? ReviewDateText { get; init; }

    /// <summary>The discussion guide in Danish (Markdown).</summary>
    [JsonIgnore] public string GuideDa { get; init; } = "";
    /// <summary>The discussion guide in English (Markdown), when written.</summary>
    [JsonIgnore] public string? GuideEn { get; init; }

    /// <summary>The date by which the topic should be reviewed; valid after the catalogue has accepted the topic.</summary>
    [JsonIgnore]
    public DateOnly ReviewDate => TopicCatalogue.ParseDate(ReviewDateText)
        ?? throw new InvalidOperationException($"Topic '{Id}' has no valid review date.");

    /// <summary>The indicators marked as headline, in order.</summary>
    [JsonIgnore] public IEnumerable<TopicIndicator> HeadlineIndicators => Indicators.Where(i => i.Headline);

    /// <summary>The guide in English when the culture is English and one is written, else the Danish guide.</summary>
    public string GuideIn(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "en" && !string.IsNullOrWhiteSpace(GuideEn) ? GuideEn : GuideDa;

    /// <summary>The language <see cref="GuideIn"/> returns.</summary>
    public string GuideLanguageIn(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "en" && !string.IsNullOrWhiteSpace(GuideEn) ? "en" : "da";
}
