using System.Text.Json;
using System.Text.RegularExpressions;

namespace Klynge.Core.Indicators;

/// <summary>A catalogue file or several that break the rules; <see cref="Problems"/> lists every one.</summary>
public sealed class IndicatorCatalogueException(IReadOnlyList<string> problems)
    : Exception("Indicator definitions are invalid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// Loads and checks the indicator definitions in <c>indicators/*.json</c>. The rules live here in C#
/// (<c>indicator.schema.json</c> beside the files documents the same shape for authors; a JSON Schema validator
/// package cannot be restored on the project's machines).
/// </summary>
public static partial class IndicatorCatalogue
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    /// <summary>
    /// The indicators folder: next to the binaries when the build copied it there, else <c>indicators/</c> in the
    /// folder holding <c>Klynge.slnx</c> found by walking up from the binaries.
    /// </summary>
    public static string DefaultFolder()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "indicators");
        if (Directory.Exists(beside) && Directory.EnumerateFiles(beside, "*.json").Any()) return beside;
        return Data.Checkout.Folder("indicators");
    }

    /// <summary>Loads the catalogue from <see cref="DefaultFolder"/>.</summary>
    public static IReadOnlyList<IndicatorDefinition> LoadDefault() => Load(DefaultFolder());

    /// <summary>
    /// Reads every <c>*.json</c> in the folder except <c>*.schema.json</c>, ordered by id, and throws
    /// <see cref="IndicatorCatalogueException"/> listing every problem in every file.
    /// </summary>
    public static IReadOnlyList<IndicatorDefinition> Load(string folder)
    {
        if (!Directory.Exists(folder)) throw new IndicatorCatalogueException([$"{folder}: folder not found"]);
        var problems = new List<string>();
        var definitions = new List<IndicatorDefinition>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.json").Where(p => !p.EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            IndicatorDefinition? definition;
            try
            {
                definition = JsonSerializer.Deserialize<IndicatorDefinition>(File.ReadAllText(path), JsonOptions);
            }
            catch (JsonException e)
            {
                problems.Add($"{file}: not a valid definition ({e.Message})");
                continue;
            }
            if (definition is null)
            {
                problems.Add($"{file}: empty");
                continue;
            }
            var own = Validate(definition, Path.GetFileNameWithoutExtension(path));
            problems.AddRange(own.Select(p => $"{file}: {p}"));
            if (own.Count == 0) definitions.Add(definition);
        }
        if (problems.Count > 0) throw new IndicatorCatalogueException(problems);
        return [.. definitions.OrderBy(d => d.Id, StringComparer.Ordinal)];
    }

    public static IndicatorKind? ParseKind(string? name) => name switch
    {
        "volume" => IndicatorKind.Volume,
        "users" => IndicatorKind.Users,
        "dispensings" => IndicatorKind.Dispensings,
        "share" => IndicatorKind.Share,
        "long_term_users" => IndicatorKind.LongTermUsers,
        "high_dose_users" => IndicatorKind.HighDoseUsers,
        "concurrent_users" => IndicatorKind.ConcurrentUsers,
        "polypharmacy" => IndicatorKind.Polypharmacy,
        _ => null,
    };

    /// <summary>Every rule a definition breaks, each naming its field; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(IndicatorDefinition d, string? expectedId = null)
    {
        var problems = new List<string>();
        if (!IdPattern().IsMatch(d.Id)) problems.Add($"id: '{d.Id}' must be lower-case words joined by '-'");
        if (expectedId is not null && d.Id != expectedId) problems.Add($"id: '{d.Id}' must equal the file name '{expectedId}'");
        CheckText(problems, "title", d.Title);
        CheckText(problems, "description", d.Description);
        CheckText(problems, "why_it_matters", d.WhyItMatters);
        if (d.Tags.Any(string.IsNullOrWhiteSpace)) problems.Add("tags: empty tag");
        if (string.IsNullOrWhiteSpace(d.AuthoredBy)) problems.Add("authored_by: required");
        if (string.IsNullOrWhiteSpace(d.CheckedBy)) problems.Add("checked_by: required");
        if (d.ReviewDate is null) problems.Add("review_date: required (YYYY-MM-DD)");

        CheckCodes(problems, "numerator", d.Numerator, required: true);

        var kind = ParseKind(d.KindName);
        if (kind is null)
        {
            problems.Add($"kind: '{d.KindName}' is not one of volume, users, dispensings, share, long_term_users, high_dose_users, concurrent_users, polypharmacy");
        }
        else
        {
            if (d.Unit != IndicatorDefinition.UnitOf(kind.Value))
                problems.Add($"unit: '{d.Unit}' must be '{IndicatorDefinition.UnitOf(kind.Value)}' for kind {d.KindName}");
            CheckCodes(problems, "denominator", d.Denominator, required: kind == IndicatorKind.Share);
            if (kind != IndicatorKind.Share && d.Denominator is not null)
                problems.Add("denominator: only share indicators have a denominator drug group (others use listed patients)");
            CheckParameters(problems, kind.Value, d.Parameters);
        }

        if (d.AgeFrom is { } from && (from < 0 || from > 90 || from % 5 != 0))
            problems.Add($"age_from: {from} must be a list-size band edge (0, 5, ..., 90)");
        if (d.AgeTo is { } to && (to < 4 || to > 89 || to % 5 != 4))
            problems.Add($"age_to: {to} must end a list-size band (4, 9, ..., 89) or be left out for no upper bound");
        if (d.AgeFrom is { } f && d.AgeTo is { } t && t < f) problems.Add($"age_to: {t} is below age_from {f}");
        if (d.Sex is not (null or "F" or "M")) problems.Add($"sex: '{d.Sex}' must be F, M or left out");
        if (d.Target is { } target && target.Direction is not ("below" or "above"))
            problems.Add($"target.direction: '{target.Direction}' must be below or above");
        return problems;
    }

    private static void CheckText(List<string> problems, string field, LocalizedText? text)
    {
        if (text is null) { problems.Add($"{field}: required with da and en"); return; }
        if (string.IsNullOrWhiteSpace(text.Da)) problems.Add($"{field}.da: required");
        if (string.IsNullOrWhiteSpace(text.En)) problems.Add($"{field}.en: required");
    }

    private static void CheckCodes(List<string> problems, string field, IReadOnlyList<string>? codes, bool required)
    {
        if (codes is null)
        {
            if (required) problems.Add($"{field}: required list of ATC codes");
            return;
        }
        foreach (var entry in codes)
        {
            var parsed = AtcCodeList.ParseEntry(entry);
            if (parsed is null) problems.Add($"{field}: empty entry");
            else if (!AtcCodeList.IsValidPrefix(parsed.Value.Code)) problems.Add($"{field}: '{entry}' is not an ATC code prefix");
        }
        if (!codes.Select(AtcCodeList.ParseEntry).Any(p => p is { Exclude: false }))
            problems.Add($"{field}: needs at least one code to include");
    }

    private static void CheckParameters(List<string> problems, IndicatorKind kind, IndicatorParameters p)
    {
        void Forbid(string name, object? value)
        {
            if (value is not null) problems.Add($"parameters.{name}: not used by kind {Name(kind)}");
        }
        if (kind == IndicatorKind.LongTermUsers)
        {
            if (p.N is not { } n || n is < 1 or > 12) problems.Add("parameters.n: required, 1..12 quarters");
            if (p.K is not { } k || k < 1 || (p.N is { } nn && k > nn)) problems.Add("parameters.k: required, 1..n");
        }
        else { Forbid("k", p.K); Forbid("n", p.N); }

        if (kind == IndicatorKind.HighDoseUsers)
        {
            if (p.ThresholdDddPerDay is not > 0) problems.Add("parameters.threshold_ddd_per_day: required, above 0");
        }
        else Forbid("threshold_ddd_per_day", p.ThresholdDddPerDay);

        if (kind == IndicatorKind.ConcurrentUsers) CheckCodes(problems, "parameters.group_b", p.GroupB, required: true);
        else Forbid("group_b", p.GroupB);

        if (kind == IndicatorKind.Polypharmacy)
        {
            if (p.MinDistinct is not >= 2) problems.Add("parameters.min_distinct: required, 2 or more");
        }
        else Forbid("min_distinct", p.MinDistinct);

        if (kind == IndicatorKind.Share)
        {
            if (p.ShareBy is not ("dispensings" or "users" or "ddd")) problems.Add($"parameters.share_by: '{p.ShareBy}' must be dispensings, users or ddd");
        }
        else Forbid("share_by", p.ShareBy);
    }

    private static string Name(IndicatorKind kind) => kind switch
    {
        IndicatorKind.LongTermUsers => "long_term_users",
        IndicatorKind.HighDoseUsers => "high_dose_users",
        IndicatorKind.ConcurrentUsers => "concurrent_users",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
