namespace Klynge.Core.Indicators;

/// <summary>The loaded indicator catalogue, looked up by id and topic tag; load it once and share it.</summary>
public sealed class IndicatorLibrary(IReadOnlyList<IndicatorDefinition> definitions)
{
    private readonly Dictionary<string, IndicatorDefinition> _byId = definitions.ToDictionary(d => d.Id, StringComparer.Ordinal);

    /// <summary>Every definition, by id.</summary>
    public IReadOnlyList<IndicatorDefinition> All { get; } = [.. definitions.OrderBy(d => d.Id, StringComparer.Ordinal)];

    /// <summary>Every topic tag used by at least one indicator, alphabetically.</summary>
    public IReadOnlyList<string> Tags { get; } = [.. definitions.SelectMany(d => d.Tags).Distinct().Order(StringComparer.Ordinal)];

    public IndicatorDefinition? Find(string id) => _byId.GetValueOrDefault(id);
}
