using System.Globalization;
using System.Text.Json.Nodes;
using Klynge.Core.Indicators;
using Klynge.Core.Topics;

namespace Klynge.Core.Tests.Topics;

public sealed class TopicCatalogueTests : IDisposable
{
    private static readonly string[] RequiredTopics =
        ["dependency-forming-medicine", "antibiotics", "older-patients-polypharmacy", "eye-drops-children", "diabetes", "copd-asthma"];

    private static readonly IndicatorDefinition[] SmallCatalogue =
        [new() { Id = "benzodiazepine-users" }, new() { Id = "opioid-ddd" }, new() { Id = "z-drug-users" }];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "klynge-topics-" + Guid.NewGuid().ToString("N"));

    public TopicCatalogueTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Every_shipped_topic_loads_and_keeps_the_rules()
    {
        var indicators = IndicatorCatalogue.LoadDefault().Select(i => i.Id).ToHashSet();
        var topics = TopicCatalogue.LoadDefault();

        Assert.Equal(RequiredTopics.Order(StringComparer.Ordinal), topics.Select(t => t.Id).Where(RequiredTopics.Contains));
        foreach (var t in topics)
        {
            Assert.False(string.IsNullOrWhiteSpace(t.Title?.Da), $"{t.Id}: title.da");
            Assert.False(string.IsNullOrWhiteSpace(t.Introduction?.Da), $"{t.Id}: introduction.da");
            Assert.NotEmpty(t.Indicators);
            Assert.All(t.Indicators, i => Assert.Contains(i.Id, indicators));
            Assert.Equal(t.Indicators.Count, t.Indicators.Select(i => i.Id).Distinct().Count());
            Assert.Contains(t.Indicators, i => i.Headline);
            Assert.NotEmpty(t.DiscussionQuestions);
            Assert.NotEmpty(t.SuggestedChanges);
            Assert.All(t.DiscussionQuestions.Concat(t.SuggestedChanges), x => Assert.False(string.IsNullOrWhiteSpace(x.Da), $"{t.Id}: a text without Danish"));
            Assert.NotEmpty(t.GuidelineReferences);
            Assert.All(t.GuidelineReferences, r => Assert.InRange(r.Year, 1990, DateTime.Now.Year));
            Assert.InRange(t.FollowUpMonths!.Value, 1, 24);
            Assert.Contains("# ", t.GuideDa);
            Assert.True(t.ReviewDate.Year >= 2026, $"{t.Id}: review date {t.ReviewDate}");
        }
    }

    [Fact]
    public void Shipped_topics_match_their_files_read_independently()
    {
        var topics = TopicCatalogue.LoadDefault();
        foreach (var t in topics)
        {
            var folder = Path.Combine(TopicCatalogue.DefaultFolder(), t.Id);
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "topic.json")))!;
            Assert.Equal(json["indicators"]!.AsArray().Select(i => (string)i!["id"]!), t.Indicators.Select(i => i.Id));
            Assert.Equal(json["indicators"]!.AsArray().Select(i => (bool)i!["headline"]!), t.Indicators.Select(i => i.Headline));
            Assert.Equal((int)json["follow_up_months"]!, t.FollowUpMonths);
            Assert.Equal(File.ReadAllText(Path.Combine(folder, "guide.da.md")), t.GuideDa);
            var english = Path.Combine(folder, "guide.en.md");
            Assert.Equal(File.Exists(english) ? File.ReadAllText(english) : null, t.GuideEn);
        }
    }

    [Fact]
    public void Default_folder_is_the_copy_beside_the_binaries()
    {
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "topics"), TopicCatalogue.DefaultFolder());
        Assert.True(File.Exists(Path.Combine(TopicCatalogue.DefaultFolder(), "antibiotics", "guide.da.md")));
    }

    [Fact]
    public void English_text_and_guide_are_used_only_where_written()
    {
        var topics = TopicCatalogue.LoadDefault().ToDictionary(t => t.Id);
        var english = CultureInfo.GetCultureInfo("en-GB");
        var danish = CultureInfo.GetCultureInfo("da-DK");
        var dependency = topics["dependency-forming-medicine"];
        Assert.Equal("Dependence-forming medicines", dependency.Title!.In(english));
        Assert.Equal("Afhængighedsskabende medicin", dependency.Title.In(danish));
        Assert.Equal(dependency.GuideEn, dependency.GuideIn(english));
        Assert.Equal("en", dependency.GuideLanguageIn(english));
        // Every shipped topic has an English guide now; a topic written in Danish only falls back to Danish.
        Assert.All(topics.Values, t => Assert.False(string.IsNullOrWhiteSpace(t.GuideEn), t.Id));
        WriteTopic("benzo", Valid("benzo"));
        var danishOnly = Assert.Single(TopicCatalogue.Load(_folder, SmallCatalogue));
        Assert.Null(danishOnly.GuideEn);
        Assert.Equal(danishOnly.GuideDa, danishOnly.GuideIn(english));
        Assert.Equal("da", danishOnly.GuideLanguageIn(english));
        Assert.Equal("Kun dansk", new TopicText("Kun dansk").In(english));
        Assert.Equal("da", new TopicText("Kun dansk", " ").LanguageIn(english));
    }

    [Fact]
    public void A_valid_topic_loads_with_its_guides()
    {
        WriteTopic("benzo", Valid("benzo"), english: "# Guide");

        var topic = Assert.Single(TopicCatalogue.Load(_folder, SmallCatalogue));

        Assert.Equal("benzo", topic.Id);
        Assert.Equal(["benzodiazepine-users", "z-drug-users"], topic.Indicators.Select(i => i.Id));
        Assert.Equal([true, false], topic.Indicators.Select(i => i.Headline));
        Assert.Equal(new DateOnly(2028, 6, 30), topic.ReviewDate);
        Assert.Equal(6, topic.FollowUpMonths);
        Assert.Equal("# Vejledning\n\nTekst.", topic.GuideDa);
        Assert.Equal("# Guide", topic.GuideEn);
        Assert.Equal("Sundhedsstyrelsen", topic.GuidelineReferences[0].Publisher);
    }

    [Theory]
    [InlineData("unknown-indicator", "benzo/topic.json: indicators[2].id: unknown indicator 'no-such-indicator' (not in the indicator catalogue)")]
    [InlineData("no-headline", "benzo/topic.json: indicators: no headline indicator; mark at least one with \"headline\": true")]
    [InlineData("no-indicators", "benzo/topic.json: indicators: at least one indicator is required")]
    [InlineData("duplicate-indicator", "benzo/topic.json: indicators[2].id: duplicate indicator 'benzodiazepine-users'")]
    [InlineData("title-without-danish", "benzo/topic.json: title.da: missing Danish text")]
    [InlineData("introduction-missing", "benzo/topic.json: introduction: required with Danish text (da)")]
    [InlineData("question-without-danish", "benzo/topic.json: discussion_questions[1].da: missing Danish text")]
    [InlineData("change-without-danish", "benzo/topic.json: suggested_changes[0].da: missing Danish text")]
    [InlineData("no-changes", "benzo/topic.json: suggested_changes: at least one is required")]
    [InlineData("id-differs", "benzo/topic.json: id: 'benzodiazepines' must equal the folder name 'benzo'")]
    [InlineData("missing-danish-guide", "benzo/guide.da.md: missing; every topic needs a Danish discussion guide")]
    [InlineData("empty-danish-guide", "benzo/guide.da.md: empty")]
    [InlineData("follow-up-zero", "benzo/topic.json: follow_up_months: 0 is outside 1..24")]
    [InlineData("follow-up-25", "benzo/topic.json: follow_up_months: 25 is outside 1..24")]
    [InlineData("follow-up-missing", "benzo/topic.json: follow_up_months: required, 1..24")]
    [InlineData("review-date-month-13", "benzo/topic.json: review_date: '2028-13-01' is not a date in the form YYYY-MM-DD")]
    [InlineData("review-date-danish-order", "benzo/topic.json: review_date: '30-06-2028' is not a date in the form YYYY-MM-DD")]
    [InlineData("review-date-missing", "benzo/topic.json: review_date: required (YYYY-MM-DD)")]
    [InlineData("reference-without-publisher", "benzo/topic.json: guideline_references[0].publisher: required")]
    [InlineData("reference-javascript-url", "benzo/topic.json: guideline_references[0].url: 'javascript:alert(1)' must be an absolute http(s) address")]
    [InlineData("no-author", "benzo/topic.json: authored_by: required")]
    public void Each_rule_names_the_file_the_field_and_the_reason(string breakage, string expected)
    {
        var topic = Valid("benzo");
        var writeGuide = true;
        var guide = "# Vejledning\n\nTekst.";
        switch (breakage)
        {
            case "unknown-indicator": topic["indicators"]!.AsArray().Add(Indicator("no-such-indicator", false)); break;
            case "no-headline": topic["indicators"]![0]!["headline"] = false; break;
            case "no-indicators": topic["indicators"] = new JsonArray(); break;
            case "duplicate-indicator": topic["indicators"]!.AsArray().Add(Indicator("benzodiazepine-users", false)); break;
            case "title-without-danish": topic["title"]!["da"] = " "; break;
            case "introduction-missing": topic.Remove("introduction"); break;
            case "question-without-danish": topic["discussion_questions"]!.AsArray().Add(new JsonObject { ["en"] = "Only English?" }); break;
            case "change-without-danish": topic["suggested_changes"]![0]!["da"] = ""; break;
            case "no-changes": topic["suggested_changes"] = new JsonArray(); break;
            case "id-differs": topic["id"] = "benzodiazepines"; break;
            case "missing-danish-guide": writeGuide = false; break;
            case "empty-danish-guide": guide = "  \n"; break;
            case "follow-up-zero": topic["follow_up_months"] = 0; break;
            case "follow-up-25": topic["follow_up_months"] = 25; break;
            case "follow-up-missing": topic.Remove("follow_up_months"); break;
            case "review-date-month-13": topic["review_date"] = "2028-13-01"; break;
            case "review-date-danish-order": topic["review_date"] = "30-06-2028"; break;
            case "review-date-missing": topic.Remove("review_date"); break;
            case "reference-without-publisher": topic["guideline_references"]![0]!["publisher"] = ""; break;
            case "reference-javascript-url": topic["guideline_references"]![0]!["url"] = "javascript:alert(1)"; break;
            case "no-author": topic["authored_by"] = ""; break;
            default: throw new ArgumentOutOfRangeException(nameof(breakage), breakage, null);
        }
        WriteTopic("benzo", topic, danish: writeGuide ? guide : null);

        var error = Assert.Throws<TopicCatalogueException>(() => TopicCatalogue.Load(_folder, SmallCatalogue));

        Assert.Equal([expected], error.Problems);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Every_problem_in_every_folder_is_listed_at_once()
    {
        var first = Valid("first");
        first["indicators"]![0]!["id"] = "missing-one";
        first["follow_up_months"] = 30;
        WriteTopic("first", first);
        WriteTopic("second", Valid("other"), danish: null);
        WriteTopic("third", Valid("third"));

        var error = Assert.Throws<TopicCatalogueException>(() => TopicCatalogue.Load(_folder, SmallCatalogue));

        Assert.Equal(
        [
            "first/topic.json: indicators[0].id: unknown indicator 'missing-one' (not in the indicator catalogue)",
            "first/topic.json: follow_up_months: 30 is outside 1..24",
            "second/guide.da.md: missing; every topic needs a Danish discussion guide",
            "second/topic.json: id: 'other' must equal the folder name 'second'",
        ], error.Problems);
    }

    [Fact]
    public void Unreadable_json_and_unknown_fields_are_reported_by_file()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "broken"));
        File.WriteAllText(Path.Combine(_folder, "broken", "topic.json"), "{ \"id\": ");
        File.WriteAllText(Path.Combine(_folder, "broken", "guide.da.md"), "# Vejledning");
        var extra = Valid("extra");
        extra["colour"] = "blue";
        WriteTopic("extra", extra);
        Directory.CreateDirectory(Path.Combine(_folder, "empty-folder"));

        var error = Assert.Throws<TopicCatalogueException>(() => TopicCatalogue.Load(_folder, SmallCatalogue));

        Assert.Equal(4, error.Problems.Count);
        Assert.StartsWith("broken/topic.json: not a valid topic (", error.Problems[0]);
        Assert.Equal("empty-folder/guide.da.md: missing; every topic needs a Danish discussion guide", error.Problems[1]);
        Assert.Equal("empty-folder/topic.json: missing", error.Problems[2]);
        Assert.StartsWith("extra/topic.json: not a valid topic (", error.Problems[3]);
        Assert.Contains("colour", error.Problems[3]);
    }

    [Fact]
    public void A_missing_folder_is_one_clear_problem()
    {
        var missing = Path.Combine(_folder, "nope");
        var error = Assert.Throws<TopicCatalogueException>(() => TopicCatalogue.Load(missing, SmallCatalogue));
        Assert.Equal([$"{missing}: folder not found"], error.Problems);
    }

    private static JsonObject Indicator(string id, bool headline) => new() { ["id"] = id, ["headline"] = headline };

    private static JsonObject Valid(string id) => new()
    {
        ["id"] = id,
        ["title"] = new JsonObject { ["da"] = "Benzodiazepiner", ["en"] = "Benzodiazepines" },
        ["introduction"] = new JsonObject { ["da"] = "Om benzodiazepiner." },
        ["indicators"] = new JsonArray(Indicator("benzodiazepine-users", true), Indicator("z-drug-users", false)),
        ["discussion_questions"] = new JsonArray(new JsonObject { ["da"] = "Hvem fornyer recepterne?", ["en"] = "Who renews?" }),
        ["suggested_changes"] = new JsonArray(new JsonObject { ["da"] = "Gennemgå alle langvarige brugere." }),
        ["guideline_references"] = new JsonArray(new JsonObject
        {
            ["title"] = "Vejledning om ordination af afhængighedsskabende lægemidler",
            ["publisher"] = "Sundhedsstyrelsen",
            ["year"] = 2019,
            ["url"] = "https://www.sst.dk/",
        }),
        ["follow_up_months"] = 6,
        ["authored_by"] = "Test",
        ["checked_by"] = "Test",
        ["review_date"] = "2028-06-30",
    };

    private void WriteTopic(string folder, JsonObject topic, string? danish = "# Vejledning\n\nTekst.", string? english = null)
    {
        var dir = Path.Combine(_folder, folder);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "topic.json"), topic.ToJsonString());
        if (danish is not null) File.WriteAllText(Path.Combine(dir, "guide.da.md"), danish);
        if (english is not null) File.WriteAllText(Path.Combine(dir, "guide.en.md"), english);
    }
}
