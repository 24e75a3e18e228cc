namespace Klynge.Core.Indicators;

/// <summary>Funnel-plot limits for an indicator around a national rate, used by the engine and by package charts.</summary>
public static class IndicatorFunnel
{
    /// <summary>What a numerator of 1 over a denominator of 1 is worth on the indicator's scale (100 for a percent, 4,000 for dispensings a year per 1,000 in a quarter).</summary>
    public static double Scale(IndicatorDefinition definition) => Scale(definition.Kind);

    /// <inheritdoc cref="Scale(IndicatorDefinition)"/>
    public static double Scale(IndicatorKind kind) => kind switch
    {
        IndicatorKind.Share => 100,
        IndicatorKind.Dispensings => 4000,
        _ => 1000,
    };

    /// <summary>
    /// Limits in counts of the numerator at <paramref name="denominator"/>, around <paramref name="nationalRate"/>
    /// (numerator over denominator, unscaled). Shares use exact binomial limits around the national proportion;
    /// rates use exact Poisson limits around the count expected from the national rate (for DDD volume an
    /// approximation, as DDD are not counts). Null where no limit is meaningful (DDD shares, no national rate).
    /// </summary>
    public static FunnelLimits? Limits(IndicatorDefinition definition, double nationalRate, double denominator) =>
        Limits(definition.Kind, definition.ShareBasis, nationalRate, denominator);

    /// <inheritdoc cref="Limits(IndicatorDefinition, double, double)"/>
    public static FunnelLimits? Limits(IndicatorKind kind, ShareBy shareBasis, double nationalRate, double denominator)
    {
        if (nationalRate <= 0 || denominator <= 0) return null;
        if (kind == IndicatorKind.Share)
        {
            if (shareBasis == ShareBy.Ddd || nationalRate >= 1) return null;
            return IndicatorStatistics.BinomialLimits(nationalRate, (int)Math.Round(denominator));
        }
        return IndicatorStatistics.PoissonLimits(nationalRate * denominator);
    }
}
