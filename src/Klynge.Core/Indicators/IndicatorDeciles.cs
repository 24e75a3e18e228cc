namespace Klynge.Core.Indicators;

/// <summary>
/// The stored national distribution of one indicator in one quarter: how many practices had a value and the
/// 10th to 90th percentiles of their values. Deciles are null when no practice had a value.
/// </summary>
public class IndicatorDeciles
{
    public required string IndicatorId { get; set; }
    /// <summary>The quarter as <see cref="Prescribing.Quarter.ToKey"/>.</summary>
    public int Quarter { get; set; }
    public int Practices { get; set; }
    public double? P10 { get; set; }
    public double? P20 { get; set; }
    public double? P30 { get; set; }
    public double? P40 { get; set; }
    public double? P50 { get; set; }
    public double? P60 { get; set; }
    public double? P70 { get; set; }
    public double? P80 { get; set; }
    public double? P90 { get; set; }

    /// <summary>P10 to P90 in order.</summary>
    public IReadOnlyList<double?> Values => [P10, P20, P30, P40, P50, P60, P70, P80, P90];

    /// <summary>The row for an engine distribution; an empty decile list (no practice with a value) stores nulls.</summary>
    public static IndicatorDeciles From(IndicatorDistribution distribution)
    {
        var d = distribution.Deciles;
        if (d.Count is not (0 or 9))
            throw new ArgumentException($"Expected 0 or 9 deciles for {distribution.IndicatorId} {distribution.Quarter}, got {d.Count}.", nameof(distribution));
        double? At(int i) => d.Count == 9 ? d[i] : null;
        return new IndicatorDeciles
        {
            IndicatorId = distribution.IndicatorId,
            Quarter = distribution.Quarter.ToKey(),
            Practices = distribution.Practices,
            P10 = At(0), P20 = At(1), P30 = At(2), P40 = At(3), P50 = At(4), P60 = At(5), P70 = At(6), P80 = At(7), P90 = At(8),
        };
    }
}
