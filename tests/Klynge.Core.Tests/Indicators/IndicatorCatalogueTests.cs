using System.Text.Json.Nodes;
using Klynge.Core.Indicators;

namespace Klynge.Core.Tests.Indicators;

public sealed class IndicatorCatalogueTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "klynge-indicators-" + Guid.NewGuid().ToString("N"));

    public IndicatorCatalogueTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Every_shipped_definition_loads_and_validates()
    {
        var all = IndicatorCatalogue.LoadDefault();
        Assert.True(all.Count >= 20, $"only {all.Count} indicators");
        foreach (var id in new[] { "benzodiazepine-users", "opioid-ddd", "antibiotic-dispensings", "penicillin-v-share", "older-benzodiazepine-users" })
            Assert.Contains(all, d => d.Id == id);
        var kinds = all.Select(d => d.Kind).ToHashSet();
        Assert.Equal(Enum.GetValues<IndicatorKind>().Length, kinds.Count);
    }

    [Fact]
    public void Default_folder_is_the_copy_beside_the_binaries()
    {
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "indicators"), IndicatorCatalogue.DefaultFolder());
        Assert.True(File.Exists(Path.Combine(IndicatorCatalogue.DefaultFolder(), "opioid-ddd.json")));
    }

    [Fact]
    public void Reference_indicators_match_the_data_format_contract()
    {
        var all = IndicatorCatalogue.LoadDefault().ToDictionary(d => d.Id);
        var benzo = all["benzodiazepine-users"];
        Assert.Equal(IndicatorKind.Users, benzo.Kind);
        Assert.True(AtcCodeList.Parse(benzo.Numerator!).Matches("N05CD02"));
        Assert.False(AtcCodeList.Parse(benzo.Numerator!).Matches("N05CF01"));
        Assert.Null(benzo.AgeFrom);
        Assert.Equal(IndicatorKind.Volume, all["opioid-ddd"].Kind);
        Assert.Equal(IndicatorKind.Dispensings, all["antibiotic-dispensings"].Kind);
        var pen = all["penicillin-v-share"];
        Assert.Equal(ShareBy.Dispensings, pen.ShareBasis);
        Assert.Equal(["J01"], AtcCodeList.Parse(pen.Denominator!).Included);
        var older = all["older-benzodiazepine-users"];
        Assert.Equal(65, older.AgeFrom);
        Assert.Null(older.AgeTo);
        Assert.True(AtcCodeList.Parse(older.Numerator!).Matches("N05CF02"));
    }

    [Fact]
    public void Exclusions_remove_matching_codes()
    {
        var list = AtcCodeList.Parse(["N05A # antipsychotics", "~N05AN # lithium"]);
        Assert.True(list.Matches("N05AH04"));
        Assert.False(list.Matches("N05AN01"));
        Assert.False(list.Matches("N06AB04"));
    }

    public static TheoryData<string, string, string> BrokenDefinitions => new()
    {
        { "kind", "\"kind\": \"magic\"", "kind: 'magic'" },
        { "numerator", "\"numerator\": [\"N5BA # wrong\"]", "numerator: 'N5BA # wrong' is not an ATC code prefix" },
        { "numerator-only-exclusions", "\"numerator\": [\"~N05BA\"]", "numerator: needs at least one code to include" },
        { "age_from", "\"age_from\": 67", "age_from: 67" },
        { "age_to", "\"age_to\": 15", "age_to: 15" },
        { "unit", "\"unit\": \"percent\"", "unit: 'percent' must be 'per_1000'" },
        { "title", "\"title\": {\"da\": \"\", \"en\": \"Users\"}", "title.da: required" },
        { "sex", "\"sex\": \"X\"", "sex: 'X'" },
        { "review_date", "\"review_date\": null", "review_date: required" },
        { "parameters", "\"parameters\": {\"k\": 3}", "parameters.k: not used by kind users" },
        { "denominator", "\"denominator\": [\"N05\"]", "denominator: only share indicators" },
    };

    [Theory, MemberData(nameof(BrokenDefinitions))]
    public void Broken_definition_is_rejected_naming_file_and_field(string name, string replacement, string expected)
    {
        var json = ValidUsers("broken-" + name.ToLowerInvariant().Replace('_', '-'));
        var key = replacement[1..replacement.IndexOf('"', 1)];
        var node = JsonNode.Parse(json)!.AsObject();
        node[key] = JsonNode.Parse(replacement[(replacement.IndexOf(':') + 1)..]);
        var id = node["id"]!.GetValue<string>();
        File.WriteAllText(Path.Combine(_folder, id + ".json"), node.ToJsonString());

        var error = Assert.Throws<IndicatorCatalogueException>(() => IndicatorCatalogue.Load(_folder));
        Assert.Contains(error.Problems, p => p.StartsWith(id + ".json: " + expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Kind_specific_parameters_are_required()
    {
        Write("long", ValidUsers("long").Replace("\"kind\": \"users\"", "\"kind\": \"long_term_users\""));
        Write("share", ValidUsers("share").Replace("\"kind\": \"users\"", "\"kind\": \"share\"").Replace("\"per_1000\"", "\"percent\""));
        Write("high", ValidUsers("high").Replace("\"kind\": \"users\"", "\"kind\": \"high_dose_users\""));
        Write("both", ValidUsers("both").Replace("\"kind\": \"users\"", "\"kind\": \"concurrent_users\""));
        Write("poly", ValidUsers("poly").Replace("\"kind\": \"users\"", "\"kind\": \"polypharmacy\""));

        var error = Assert.Throws<IndicatorCatalogueException>(() => IndicatorCatalogue.Load(_folder));
        Assert.Contains("long.json: parameters.n: required, 1..12 quarters", error.Problems);
        Assert.Contains("long.json: parameters.k: required, 1..n", error.Problems);
        Assert.Contains("share.json: denominator: required list of ATC codes", error.Problems);
        Assert.Contains("share.json: parameters.share_by: '' must be dispensings, users or ddd", error.Problems);
        Assert.Contains("high.json: parameters.threshold_ddd_per_day: required, above 0", error.Problems);
        Assert.Contains("both.json: parameters.group_b: required list of ATC codes", error.Problems);
        Assert.Contains("poly.json: parameters.min_distinct: required, 2 or more", error.Problems);
    }

    [Fact]
    public void Id_must_equal_file_name_and_every_problem_is_listed()
    {
        Write("other-name", ValidUsers("some-id"));
        File.WriteAllText(Path.Combine(_folder, "garbage.json"), "{ not json");
        Write("fine", ValidUsers("fine"));

        var error = Assert.Throws<IndicatorCatalogueException>(() => IndicatorCatalogue.Load(_folder));
        Assert.Contains("other-name.json: id: 'some-id' must equal the file name 'other-name'", error.Problems);
        Assert.Contains(error.Problems, p => p.StartsWith("garbage.json: not a valid definition", StringComparison.Ordinal));
        Assert.Equal(2, error.Problems.Count);
        Assert.Contains("other-name.json", error.Message);
    }

    [Fact]
    public void Unknown_field_is_rejected()
    {
        Write("extra", ValidUsers("extra").Replace("\"tags\":", "\"colour\": \"red\", \"tags\":"));
        var error = Assert.Throws<IndicatorCatalogueException>(() => IndicatorCatalogue.Load(_folder));
        Assert.Contains(error.Problems, p => p.StartsWith("extra.json: not a valid definition", StringComparison.Ordinal) && p.Contains("colour"));
    }

    [Fact]
    public void Valid_folder_loads_in_id_order()
    {
        Write("b-users", ValidUsers("b-users"));
        Write("a-users", ValidUsers("a-users"));
        var all = IndicatorCatalogue.Load(_folder);
        Assert.Equal(["a-users", "b-users"], all.Select(d => d.Id));
        Assert.Equal("Brugere", all[0].Title!.Da);
    }

    private void Write(string file, string json) => File.WriteAllText(Path.Combine(_folder, file + ".json"), json);

    private static string ValidUsers(string id) => $$"""
        {
          "id": "{{id}}",
          "title": { "da": "Brugere", "en": "Users" },
          "description": { "da": "Brugere pr. 1.000", "en": "Users per 1,000" },
          "why_it_matters": { "da": "Fordi", "en": "Because" },
          "tags": ["test"],
          "kind": "users",
          "numerator": ["N05BA # benzodiazepines"],
          "unit": "per_1000",
          "low_is_good": true,
          "authored_by": "A",
          "checked_by": "B",
          "review_date": "2027-01-01"
        }
        """;
}
