using System.Text.RegularExpressions;

namespace Klynge.Core.Indicators;

/// <summary>
/// A list of ATC prefixes as written in an indicator file: <c>"N05BA # benzodiazepines"</c> includes every code
/// starting with N05BA, <c>"~N05BA06 # lorazepam"</c> excludes what it matches. Everything after <c>#</c> is a comment.
/// </summary>
public sealed partial class AtcCodeList
{
    private readonly string[] _include;
    private readonly string[] _exclude;

    private AtcCodeList(string[] include, string[] exclude)
    {
        _include = include;
        _exclude = exclude;
        Key = string.Join(",", include.Order(StringComparer.Ordinal)) + "|" + string.Join(",", exclude.Order(StringComparer.Ordinal));
    }

    /// <summary>A canonical text of the list, equal for lists that match the same codes in the same way.</summary>
    public string Key { get; }

    public IReadOnlyList<string> Included => _include;
    public IReadOnlyList<string> Excluded => _exclude;

    [GeneratedRegex("^[A-Z]([0-9]{2}([A-Z]([A-Z]([0-9]{2})?)?)?)?$")]
    private static partial Regex PrefixPattern();

    /// <summary>The code part of one entry, without comment and <c>~</c>; null when the entry is empty.</summary>
    public static (string Code, bool Exclude)? ParseEntry(string entry)
    {
        var hash = entry.IndexOf('#');
        var code = (hash >= 0 ? entry[..hash] : entry).Trim();
        if (code.Length == 0) return null;
        var exclude = code.StartsWith('~');
        return (exclude ? code[1..].Trim() : code, exclude);
    }

    /// <summary>True when the code is an ATC prefix of level 1 to 5 (A, A10, A10B, A10BA, A10BA02).</summary>
    public static bool IsValidPrefix(string code) => PrefixPattern().IsMatch(code);

    /// <summary>Parses entries; throws <see cref="FormatException"/> naming the first bad entry.</summary>
    public static AtcCodeList Parse(IEnumerable<string> entries)
    {
        var include = new List<string>();
        var exclude = new List<string>();
        foreach (var entry in entries)
        {
            var parsed = ParseEntry(entry) ?? throw new FormatException($"empty ATC entry '{entry}'");
            if (!IsValidPrefix(parsed.Code)) throw new FormatException($"'{entry}' is not an ATC code prefix");
            (parsed.Exclude ? exclude : include).Add(parsed.Code);
        }
        if (include.Count == 0) throw new FormatException("no ATC code to include");
        return new AtcCodeList([.. include.Distinct()], [.. exclude.Distinct()]);
    }

    public bool Matches(string atc)
    {
        var hit = false;
        foreach (var prefix in _include)
        {
            if (atc.StartsWith(prefix, StringComparison.Ordinal)) { hit = true; break; }
        }
        if (!hit) return false;
        foreach (var prefix in _exclude)
        {
            if (atc.StartsWith(prefix, StringComparison.Ordinal)) return false;
        }
        return true;
    }
}
