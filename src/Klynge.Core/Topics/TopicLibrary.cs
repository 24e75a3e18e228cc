using Klynge.Core.Indicators;

namespace Klynge.Core.Topics;

/// <summary>
/// The checked topics together with the indicator catalogue they refer to, loaded once at start-up so that a
/// broken topic or indicator file stops the platform with every problem listed instead of failing on first use.
/// </summary>
public sealed class TopicLibrary
{
    private readonly Dictionary<string, TopicDefinition> _topics;
    private readonly Dictionary<string, IndicatorDefinition> _indicators;

    public TopicLibrary(IReadOnlyList<TopicDefinition> topics, IReadOnlyList<IndicatorDefinition> indicators)
    {
        Topics = topics;
        Indicators = indicators;
        _topics = topics.ToDictionary(t => t.Id, StringComparer.Ordinal);
        _indicators = indicators.ToDictionary(i => i.Id, StringComparer.Ordinal);
    }

    /// <summary>Ordered by id.</summary>
    public IReadOnlyList<TopicDefinition> Topics { get; }
    public IReadOnlyList<IndicatorDefinition> Indicators { get; }

    /// <summary>
    /// Loads and checks the indicator catalogue and then the topics against it; <paramref name="topicsFolder"/> and
    /// <paramref name="indicatorsFolder"/> default to the folders beside the binaries or in the repository.
    /// </summary>
    public static TopicLibrary Load(string? topicsFolder = null, string? indicatorsFolder = null)
    {
        var indicators = IndicatorCatalogue.Load(indicatorsFolder ?? IndicatorCatalogue.DefaultFolder());
        return new TopicLibrary(TopicCatalogue.Load(topicsFolder ?? TopicCatalogue.DefaultFolder(), indicators), indicators);
    }

    public TopicDefinition? Find(string id) => _topics.GetValueOrDefault(id);

    public IndicatorDefinition? Indicator(string id) => _indicators.GetValueOrDefault(id);
}
