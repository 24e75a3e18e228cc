using System.Globalization;
using Klynge.Core.Data;
using Klynge.Core.Indicators;
using Klynge.Core.Prescribing;
using Klynge.Core.Registry;
using Klynge.Core.Topics;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Packages;

/// <summary>
/// Makes package snapshots from the stored indicator results. <see cref="LoadAsync"/> reads what one topic and
/// cut-off need for every cluster at once (a few queries), then <see cref="PackageSource.Build"/> makes each cluster's
/// snapshot from memory, so a package for every cluster costs little more than one.
/// </summary>
public static class PackageBuilder
{
    /// <summary>How many quarters of trend a package shows, ending with its cut-off.</summary>
    public const int TrendQuarters = 8;

    /// <summary>
    /// The latest quarter that has ended by <paramref name="today"/> and has national results; null when there are none.
    /// </summary>
    public static async Task<Quarter?> LatestCutOffAsync(KlyngeDbContext db, DateOnly today, CancellationToken ct = default)
    {
        var lastEnded = Quarter.Of(today).Previous.ToKey();
        var latest = await db.IndicatorResults.AsNoTracking()
            .Where(r => r.Level == ResultLevel.Nation && r.Quarter <= lastEnded)
            .MaxAsync(r => (int?)r.Quarter, ct);
        return latest is { } key ? Quarter.FromKey(key) : null;
    }

    /// <summary>The quarters with national results for the topic's indicators, newest first, for a cut-off picker.</summary>
    public static async Task<IReadOnlyList<Quarter>> AvailableCutOffsAsync(KlyngeDbContext db, TopicDefinition topic, CancellationToken ct = default)
    {
        var ids = topic.Indicators.Select(i => i.Id).ToList();
        var keys = await db.IndicatorResults.AsNoTracking()
            .Where(r => r.Level == ResultLevel.Nation && ids.Contains(r.IndicatorId))
            .Select(r => r.Quarter).Distinct().ToListAsync(ct);
        return [.. keys.OrderDescending().Select(Quarter.FromKey)];
    }

    /// <summary>
    /// Reads the results, distributions, clusters, members and consents a topic's packages at <paramref name="cutOff"/>
    /// need. Members and consents are those valid on <paramref name="membersOn"/> (the day the package is made).
    /// </summary>
    /// <param name="from">The first quarter to include when it is earlier than the usual eight (a follow-up's "before").</param>
    public static async Task<PackageSource> LoadAsync(KlyngeDbContext db, TopicLibrary library, string topicId, Quarter cutOff, DateOnly membersOn, CancellationToken ct = default, Quarter? from = null)
    {
        var topic = library.Find(topicId) ?? throw new PackageException($"There is no topic '{topicId}'.");
        var indicators = topic.Indicators
            .Select(i => (Definition: library.Indicator(i.Id) ?? throw new PackageException($"Topic '{topicId}' refers to unknown indicator '{i.Id}'."), i.Headline))
            .ToList();
        var ids = indicators.Select(i => i.Definition.Id).ToList();
        var start = Shift(cutOff, 1 - TrendQuarters);
        if (from is { } f && f < start) start = f;
        var quarters = new List<Quarter>();
        for (var q = start; q <= cutOff; q = q.Next) quarters.Add(q);
        var first = quarters[0].ToKey();
        var last = cutOff.ToKey();

        var results = await db.IndicatorResults.AsNoTracking()
            .Where(r => ids.Contains(r.IndicatorId) && r.Quarter >= first && r.Quarter <= last)
            .ToListAsync(ct);
        if (!results.Any(r => r.Level == ResultLevel.Nation && r.Quarter == last))
            throw new PackageException($"There are no indicator results for {cutOff} for topic '{topicId}'; import the data and run the indicators first.");
        var deciles = await db.IndicatorDistributions.AsNoTracking()
            .Where(d => ids.Contains(d.IndicatorId) && d.Quarter == last)
            .ToDictionaryAsync(d => d.IndicatorId, ct);

        var clusters = await db.Clusters.AsNoTracking()
            .Select(c => new PackageCluster(c.Id, c.Name, c.RegionCode, c.Region!.Name, c.DataSharing == DataSharing.Open))
            .ToDictionaryAsync(c => c.Id, ct);
        var members = await db.ClusterMemberships.AsNoTracking()
            .Where(m => m.ValidFrom <= membersOn && (m.ValidTo == null || m.ValidTo > membersOn))
            .Select(m => new { m.ClusterId, m.PracticeId, m.Practice!.ProviderNumber, m.Practice.Name })
            .ToListAsync(ct);
        var consents = (await db.DataSharingConsents.AsNoTracking()
                .Where(c => c.On <= membersOn)
                .Select(c => new { c.PracticeId, c.On, c.Id, c.Given })
                .ToListAsync(ct))
            .GroupBy(c => c.PracticeId)
            .ToDictionary(g => g.Key, g => g.OrderBy(c => c.On).ThenBy(c => c.Id).Last().Given);

        return new PackageSource(
            ToSnapshotTopic(topic),
            cutOff,
            quarters,
            indicators,
            results,
            deciles,
            clusters,
            members.GroupBy(m => m.ClusterId).ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<(int Id, string ProviderNumber, string Name, bool Consented)>)[.. g.Select(m => (m.PracticeId, m.ProviderNumber, m.Name, consents.GetValueOrDefault(m.PracticeId)))]));
    }

    private static Quarter Shift(Quarter quarter, int by)
    {
        var index = quarter.Year * 4 + quarter.Number - 1 + by;
        return new Quarter(index / 4, index % 4 + 1);
    }

    private static PackageTopic ToSnapshotTopic(TopicDefinition t) => new(
        t.Id, t.Title!, t.Introduction!, t.DiscussionQuestions, t.SuggestedChanges, t.GuidelineReferences, t.FollowUpMonths, t.GuideDa, t.GuideEn);
}

/// <summary>What <see cref="PackageBuilder.LoadAsync"/> read: enough to build any cluster's snapshot for one topic and cut-off.</summary>
public sealed class PackageSource
{
    private readonly PackageTopic _topic;
    private readonly List<(IndicatorDefinition Definition, bool Headline)> _indicators;
    private readonly Dictionary<(string Indicator, ResultLevel Level, string Unit, int Quarter), IndicatorResult> _results;
    private readonly Dictionary<string, IndicatorDeciles> _deciles;
    private readonly Dictionary<int, PackageCluster> _clusters;
    private readonly Dictionary<int, IReadOnlyList<(int Id, string ProviderNumber, string Name, bool Consented)>> _members;
    private readonly Dictionary<string, (List<FunnelPoint> Points, List<FunnelBand> Limits)> _funnels = new(StringComparer.Ordinal);

    internal PackageSource(
        PackageTopic topic,
        Quarter cutOff,
        IReadOnlyList<Quarter> quarters,
        List<(IndicatorDefinition Definition, bool Headline)> indicators,
        IEnumerable<IndicatorResult> results,
        Dictionary<string, IndicatorDeciles> deciles,
        Dictionary<int, PackageCluster> clusters,
        Dictionary<int, IReadOnlyList<(int Id, string ProviderNumber, string Name, bool Consented)>> members)
    {
        _topic = topic;
        CutOff = cutOff;
        Quarters = quarters;
        _indicators = indicators;
        _results = results.ToDictionary(r => (r.IndicatorId, r.Level, r.UnitId, r.Quarter));
        _deciles = deciles;
        _clusters = clusters;
        _members = members;
        // The national funnel is the same for every cluster: work it out once per indicator.
        foreach (var (definition, _) in indicators) _funnels[definition.Id] = Funnel(definition, results.Where(r => r.IndicatorId == definition.Id));
    }

    public Quarter CutOff { get; }
    public IReadOnlyList<Quarter> Quarters { get; }
    public string TopicId => _topic.Id;
    /// <summary>Every cluster, by id.</summary>
    public IEnumerable<int> ClusterIds => _clusters.Keys.Order();

    /// <summary>
    /// The snapshot for one cluster. Letters are shuffled with <paramref name="letterSeed"/> (use the package's own
    /// randomness; tests pass a fixed seed), or copied from <paramref name="lettersFrom"/> for a follow-up so that
    /// practice C is the same practice before and after.
    /// </summary>
    public PackageSnapshot Build(int clusterId, DateTime generatedAtUtc, int letterSeed, PackageSnapshot? lettersFrom = null, string? baseline = null, IReadOnlyList<PackageAction>? actions = null)
    {
        var cluster = _clusters.GetValueOrDefault(clusterId) ?? throw new PackageException($"There is no cluster {clusterId}.");
        var members = _members.GetValueOrDefault(clusterId) ?? [];
        var practices = Letters(members, letterSeed, lettersFrom);
        var clusterKey = clusterId.ToString(CultureInfo.InvariantCulture);
        var regionKey = cluster.RegionCode.ToString(CultureInfo.InvariantCulture);
        return new PackageSnapshot
        {
            Cluster = cluster,
            Topic = _topic,
            CutOff = CutOff.ToString(),
            Quarters = [.. Quarters.Select(q => q.ToString())],
            Baseline = baseline,
            Practices = practices,
            Actions = actions ?? [],
            GeneratedAtUtc = generatedAtUtc,
            Indicators = [.. _indicators.Select(i => new PackageIndicator
            {
                Id = i.Definition.Id,
                Title = i.Definition.Title!,
                Description = i.Definition.Description!,
                WhyItMatters = i.Definition.WhyItMatters!,
                Kind = i.Definition.Kind,
                ShareBy = i.Definition.ShareBasis,
                Unit = i.Definition.Unit,
                LowIsGood = i.Definition.LowIsGood,
                Target = i.Definition.Target,
                Headline = i.Headline,
                Nation = Series(i.Definition.Id, ResultLevel.Nation, "DK"),
                Region = Series(i.Definition.Id, ResultLevel.Region, regionKey),
                Cluster = Series(i.Definition.Id, ResultLevel.Cluster, clusterKey),
                Practices = practices.ToDictionary(p => p.Id, p => Series(i.Definition.Id, ResultLevel.Practice, p.ProviderNumber)),
                Funnel = _funnels[i.Definition.Id].Points,
                Limits = _funnels[i.Definition.Id].Limits,
                Deciles = _deciles.TryGetValue(i.Definition.Id, out var d) ? d.Values : [],
            })],
        };
    }

    private IReadOnlyList<PackageFigure?> Series(string indicator, ResultLevel level, string unit) =>
        [.. Quarters.Select(q => _results.TryGetValue((indicator, level, unit, q.ToKey()), out var r) ? Figure(r) : null)];

    private static PackageFigure Figure(IndicatorResult r) =>
        new(r.Numerator, r.Denominator, r.Value, r.StandardisedValue, r.Percentile, r.Funnel, r.SmallNumber);

    /// <summary>Letters A, B, ... (then AA, AB, ...) in a random order, so that a letter says nothing about size or name.</summary>
    private static List<PackagePractice> Letters(IReadOnlyList<(int Id, string ProviderNumber, string Name, bool Consented)> members, int seed, PackageSnapshot? lettersFrom)
    {
        var ordered = members.OrderBy(m => m.ProviderNumber, StringComparer.Ordinal).ToArray();
        var earlier = lettersFrom?.Practices.ToDictionary(p => p.Id, p => p.Letter) ?? [];
        var used = earlier.Values.ToHashSet(StringComparer.Ordinal);
        new Random(seed).Shuffle(ordered);
        var next = 0;
        string Fresh()
        {
            string letter;
            do letter = Letter(next++); while (used.Contains(letter));
            return letter;
        }
        return [.. ordered
            .Select(m => new PackagePractice(m.Id, m.ProviderNumber, m.Name, earlier.GetValueOrDefault(m.Id) ?? Fresh(), m.Consented))
            .OrderBy(p => p.Letter.Length).ThenBy(p => p.Letter, StringComparer.Ordinal)];
    }

    internal static string Letter(int index) =>
        index < 26 ? ((char)('A' + index)).ToString() : Letter(index / 26 - 1) + (char)('A' + index % 26);

    // Practices with a numerator of 1-4 are left out of the national dots, as everywhere below national level.
    private (List<FunnelPoint>, List<FunnelBand>) Funnel(IndicatorDefinition definition, IEnumerable<IndicatorResult> results)
    {
        var key = CutOff.ToKey();
        var atCutOff = results.Where(r => r.Quarter == key).ToList();
        var points = atCutOff
            .Where(r => r.Level == ResultLevel.Practice && r.Value is not null && r.Denominator > 0 && !r.SmallNumber)
            .Select(r => new FunnelPoint(Drawn(r.Denominator), Drawn(r.Value!.Value)))
            .OrderBy(p => p.Denominator).ThenBy(p => p.Value)
            .ToList();
        var nation = atCutOff.FirstOrDefault(r => r.Level == ResultLevel.Nation);
        var limits = new List<FunnelBand>();
        if (nation is { Denominator: > 0 } && points.Count > 0)
        {
            var rate = nation.Numerator / nation.Denominator;
            var scale = IndicatorFunnel.Scale(definition);
            // Log-spaced denominators from the smallest to the largest practice draw smooth limit curves.
            var low = Math.Max(points[0].Denominator, 1);
            var high = Math.Max(points.Max(p => p.Denominator), low * 1.01);
            const int steps = 48;
            for (var i = 0; i <= steps; i++)
            {
                var n = low * Math.Pow(high / low, i / (double)steps);
                if (IndicatorFunnel.Limits(definition, rate, n) is not { } l) break;
                limits.Add(new FunnelBand(Drawn(n), Drawn(Math.Max(0, l.Lower998) / n * scale), Drawn(Math.Max(0, l.Lower95) / n * scale),
                    Drawn(l.Upper95 / n * scale), Drawn(l.Upper998 / n * scale)));
            }
        }
        return (points, limits);
    }

    // The funnel's dots and curves are only drawn (at 4 digits) and listed beside the chart: six significant digits
    // are more than either shows, and a snapshot keeps about 1,700 dots an indicator.
    private static double Drawn(double value) => SignificantDigits.Round(value, 6);
}

/// <summary>A package cannot be made or changed as asked; the message says why, in English for the CLI and logs.</summary>
public sealed class PackageException(string message) : Exception(message);
