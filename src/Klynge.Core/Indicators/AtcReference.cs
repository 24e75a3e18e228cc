using System.Globalization;

namespace Klynge.Core.Indicators;

/// <summary>One product of the ATC reference subset: its WHO name, DDD where one is defined, and drug groups.</summary>
public sealed record AtcDrug(string Atc, string Name, double? Ddd, string? DddUnit, string? Route, IReadOnlyList<string> Groups);

/// <summary>
/// One entry of an indicator's code list as readers see it: the ATC prefix, whether it excludes (<c>~</c>), the
/// author's comment, the reference name when the code is a product in the reference list, and the reference
/// products the prefix covers.
/// </summary>
public sealed record AtcEntry(string Code, bool Excluded, string? Comment, string? Name, IReadOnlyList<AtcDrug> Covers)
{
    /// <summary>The reference name, else the author's comment, else empty.</summary>
    public string DisplayName => Name ?? Comment ?? "";
}

/// <summary>
/// The ATC reference subset (<c>Indicators/Reference/atc-subset.csv</c>, embedded): names and DDDs of the products the
/// indicators and the demo use. It names codes for readers; the indicator engine itself needs only prefixes.
/// </summary>
public static class AtcReference
{
    public const string Header = "atc,name,ddd,unit,route,groups";

    public static IReadOnlyList<AtcDrug> Drugs { get; } = Load();

    private static readonly Dictionary<string, AtcDrug> ByCode = Drugs.ToDictionary(d => d.Atc, StringComparer.Ordinal);

    /// <summary>The reference name of a level-5 code, or null when the code is not in the reference list.</summary>
    public static string? NameOf(string atc) => ByCode.TryGetValue(atc.Trim().ToUpperInvariant(), out var drug) ? drug.Name : null;

    /// <summary>Reference products whose code starts with <paramref name="prefix"/>, by code.</summary>
    public static IReadOnlyList<AtcDrug> Under(string prefix) =>
        [.. Drugs.Where(d => d.Atc.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(d => d.Atc, StringComparer.Ordinal)];

    /// <summary>Describes one code-list entry such as <c>"~N05BA06 # lorazepam"</c>; null for an empty entry.</summary>
    public static AtcEntry? Describe(string entry)
    {
        if (AtcCodeList.ParseEntry(entry) is not { } parsed) return null;
        var hash = entry.IndexOf('#');
        var comment = hash >= 0 ? entry[(hash + 1)..].Trim() : null;
        return new AtcEntry(parsed.Code, parsed.Exclude, string.IsNullOrEmpty(comment) ? null : comment, NameOf(parsed.Code), Under(parsed.Code));
    }

    /// <summary>Describes a whole code list in its written order; an absent list gives an empty one.</summary>
    public static IReadOnlyList<AtcEntry> Describe(IEnumerable<string>? entries) =>
        entries is null ? [] : [.. entries.Select(Describe).OfType<AtcEntry>()];

    private static List<AtcDrug> Load()
    {
        var assembly = typeof(AtcReference).Assembly;
        using var stream = assembly.GetManifestResourceStream($"{assembly.GetName().Name}.Indicators.Reference.atc-subset.csv")!;
        using var reader = new StreamReader(stream);
        if (reader.ReadLine()?.Trim() != Header) throw new InvalidDataException($"atc-subset.csv must start with '{Header}'.");
        var drugs = new List<AtcDrug>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var f = line.Split(',');
            drugs.Add(new AtcDrug(
                f[0],
                f[1],
                f[2].Length == 0 ? null : double.Parse(f[2], CultureInfo.InvariantCulture),
                Empty(f[3]),
                Empty(f[4]),
                f[5].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        }
        return drugs;
    }

    private static string? Empty(string text) => text.Length == 0 ? null : text;
}
