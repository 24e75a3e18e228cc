namespace Klynge.Core.Csv;

/// <summary>
/// Where each expected column sits in a file's header. Names match case-insensitively and ignoring
/// surrounding spaces; order is free. A column the format does not know is a problem unless
/// extra columns are to be ignored.
/// </summary>
public sealed class CsvColumns
{
    private readonly Dictionary<string, int> _index;

    private CsvColumns(Dictionary<string, int> index, IReadOnlyList<string> missing, IReadOnlyList<string> unknown, IReadOnlyList<string> duplicate)
    {
        _index = index;
        Missing = missing;
        Unknown = unknown;
        Duplicate = duplicate;
    }

    /// <summary>Expected columns the header lacks.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Header columns the format does not know (empty when they are ignored).</summary>
    public IReadOnlyList<string> Unknown { get; }

    /// <summary>Columns named more than once.</summary>
    public IReadOnlyList<string> Duplicate { get; }

    public bool IsValid => Missing.Count == 0 && Unknown.Count == 0 && Duplicate.Count == 0;

    /// <summary>The field index of an expected column.</summary>
    public int this[string column] => _index[column];

    public static CsvColumns Map(IReadOnlyList<string> header, IReadOnlyList<string> expected, bool ignoreExtraColumns)
    {
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var known = new HashSet<string>(expected, StringComparer.OrdinalIgnoreCase);
        var unknown = new List<string>();
        var duplicate = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            if (!seen.Add(name))
            {
                if (known.Contains(name) || !ignoreExtraColumns) duplicate.Add(name);
                continue;
            }
            if (known.Contains(name)) index[name] = i;
            else if (!ignoreExtraColumns) unknown.Add(name);
        }
        var missing = expected.Where(c => !index.ContainsKey(c)).ToList();
        var canonical = expected.Where(index.ContainsKey).ToDictionary(c => c, c => index[c], StringComparer.OrdinalIgnoreCase);
        return new CsvColumns(canonical, missing, unknown, duplicate);
    }
}
