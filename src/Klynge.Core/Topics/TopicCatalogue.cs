using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Klynge.Core.Indicators;

namespace Klynge.Core.Topics;

/// <summary>One or more topic folders that break the rules; <see cref="Problems"/> lists every one.</summary>
public sealed class TopicCatalogueException(IReadOnlyList<string> problems)
    : Exception("Cluster-package topics are invalid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// Loads and checks the cluster-package topics in <c>topics/&lt;id&gt;/</c>: <c>topic.json</c>, the required
/// Danish guide <c>guide.da.md</c> and the optional English <c>guide.en.md</c>. The rules live here
/// (<c>topic.schema.json</c> documents the shape for authors), including those a schema cannot express: the id
/// equals the folder name and every indicator exists in the indicator catalogue.
/// </summary>
public static partial class TopicCatalogue
{
    public const string TopicFile = "topic.json";
    public const string DanishGuideFile = "guide.da.md";
    public const string EnglishGuideFile = "guide.en.md";
    public const int MinFollowUpMonths = 1;
    public const int MaxFollowUpMonths = 24;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    /// <summary>
    /// The topics folder: next to the binaries when the build copied it there, else <c>topics/</c> in the folder
    /// holding <c>Klynge.slnx</c> found by walking up from the binaries.
    /// </summary>
    public static string DefaultFolder()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "topics");
        if (Directory.Exists(beside) && Directory.EnumerateDirectories(beside).Any()) return beside;
        return Data.Checkout.Folder("topics");
    }

    /// <summary>Loads the topics from <see cref="DefaultFolder"/>, checked against the default indicator catalogue.</summary>
    public static IReadOnlyList<TopicDefinition> LoadDefault() => Load(DefaultFolder(), IndicatorCatalogue.LoadDefault());

    /// <summary>
    /// Reads every sub-folder of <paramref name="folder"/> as one topic, ordered by id, and throws
    /// <see cref="TopicCatalogueException"/> listing every problem in every topic (file, field and reason).
    /// </summary>
    public static IReadOnlyList<TopicDefinition> Load(string folder, IEnumerable<IndicatorDefinition> indicators)
    {
        if (!Directory.Exists(folder)) throw new TopicCatalogueException([$"{folder}: folder not found"]);
        var known = indicators.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        var topics = new List<TopicDefinition>();
        foreach (var topicFolder in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(topicFolder);
            var jsonPath = Path.Combine(topicFolder, TopicFile);
            var danishPath = Path.Combine(topicFolder, DanishGuideFile);
            var englishPath = Path.Combine(topicFolder, EnglishGuideFile);
            var own = new List<string>();

            var guideDa = File.Exists(danishPath) ? File.ReadAllText(danishPath) : null;
            if (guideDa is null) own.Add($"{name}/{DanishGuideFile}: missing; every topic needs a Danish discussion guide");
            else if (string.IsNullOrWhiteSpace(guideDa)) own.Add($"{name}/{DanishGuideFile}: empty");
            var guideEn = File.Exists(englishPath) ? File.ReadAllText(englishPath) : null;
            if (guideEn is not null && string.IsNullOrWhiteSpace(guideEn)) own.Add($"{name}/{EnglishGuideFile}: empty (leave the file out when there is no English guide)");

            TopicDefinition? topic = null;
            if (!File.Exists(jsonPath))
            {
                own.Add($"{name}/{TopicFile}: missing");
            }
            else
            {
                try
                {
                    topic = JsonSerializer.Deserialize<TopicDefinition>(File.ReadAllText(jsonPath), JsonOptions);
                    if (topic is null) own.Add($"{name}/{TopicFile}: empty");
                }
                catch (JsonException e)
                {
                    own.Add($"{name}/{TopicFile}: not a valid topic ({e.Message})");
                }
            }
            if (topic is not null) own.AddRange(Validate(topic, known, name).Select(p => $"{name}/{TopicFile}: {p}"));

            problems.AddRange(own);
            if (own.Count == 0) topics.Add(topic! with { GuideDa = guideDa!, GuideEn = guideEn });
        }
        if (problems.Count > 0) throw new TopicCatalogueException(problems);
        return [.. topics.OrderBy(t => t.Id, StringComparer.Ordinal)];
    }

    /// <summary>Every rule a topic breaks, each naming its field; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(TopicDefinition t, IReadOnlySet<string> knownIndicators, string? expectedId = null)
    {
        var problems = new List<string>();
        if (!IdPattern().IsMatch(t.Id)) problems.Add($"id: '{t.Id}' must be lower-case words joined by '-'");
        if (expectedId is not null && t.Id != expectedId) problems.Add($"id: '{t.Id}' must equal the folder name '{expectedId}'");
        CheckText(problems, "title", t.Title);
        CheckText(problems, "introduction", t.Introduction);

        var indicators = t.Indicators ?? [];
        if (indicators.Count == 0) problems.Add("indicators: at least one indicator is required");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < indicators.Count; i++)
        {
            var id = indicators[i]?.Id;
            if (string.IsNullOrWhiteSpace(id)) { problems.Add($"indicators[{i}].id: required"); continue; }
            if (!knownIndicators.Contains(id)) problems.Add($"indicators[{i}].id: unknown indicator '{id}' (not in the indicator catalogue)");
            if (!seen.Add(id)) problems.Add($"indicators[{i}].id: duplicate indicator '{id}'");
        }
        if (indicators.Count > 0 && !indicators.Any(i => i?.Headline == true))
            problems.Add("indicators: no headline indicator; mark at least one with \"headline\": true");

        CheckTexts(problems, "discussion_questions", t.DiscussionQuestions);
        CheckTexts(problems, "suggested_changes", t.SuggestedChanges);

        var references = t.GuidelineReferences ?? [];
        if (references.Count == 0) problems.Add("guideline_references: at least one reference is required");
        for (var i = 0; i < references.Count; i++)
        {
            var r = references[i];
            if (r is null) { problems.Add($"guideline_references[{i}]: empty"); continue; }
            if (string.IsNullOrWhiteSpace(r.Title)) problems.Add($"guideline_references[{i}].title: required");
            if (string.IsNullOrWhiteSpace(r.Publisher)) problems.Add($"guideline_references[{i}].publisher: required");
            if (r.Year is < 1900 or > 2100) problems.Add($"guideline_references[{i}].year: {r.Year} is not a publication year");
            if (r.Url is not null && !(Uri.TryCreate(r.Url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
                problems.Add($"guideline_references[{i}].url: '{r.Url}' must be an absolute http(s) address");
        }

        if (t.FollowUpMonths is not { } months) problems.Add($"follow_up_months: required, {MinFollowUpMonths}..{MaxFollowUpMonths}");
        else if (months is < MinFollowUpMonths or > MaxFollowUpMonths) problems.Add($"follow_up_months: {months} is outside {MinFollowUpMonths}..{MaxFollowUpMonths}");
        if (string.IsNullOrWhiteSpace(t.AuthoredBy)) problems.Add("authored_by: required");
        if (string.IsNullOrWhiteSpace(t.CheckedBy)) problems.Add("checked_by: required");
        if (string.IsNullOrWhiteSpace(t.ReviewDateText)) problems.Add("review_date: required (YYYY-MM-DD)");
        else if (ParseDate(t.ReviewDateText) is null) problems.Add($"review_date: '{t.ReviewDateText}' is not a date in the form YYYY-MM-DD");
        return problems;
    }

    /// <summary>A calendar date written exactly as YYYY-MM-DD, else null.</summary>
    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static void CheckText(List<string> problems, string field, TopicText? text)
    {
        if (text is null) problems.Add($"{field}: required with Danish text (da)");
        else if (string.IsNullOrWhiteSpace(text.Da)) problems.Add($"{field}.da: missing Danish text");
    }

    private static void CheckTexts(List<string> problems, string field, IReadOnlyList<TopicText>? texts)
    {
        if (texts is null || texts.Count == 0) { problems.Add($"{field}: at least one is required"); return; }
        for (var i = 0; i < texts.Count; i++) CheckText(problems, $"{field}[{i}]", texts[i]);
    }
}
