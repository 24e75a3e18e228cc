using MathNet.Numerics.Distributions;

namespace Klynge.Core.Indicators;

/// <summary>Control limits of a funnel plot at one sample size, on the scale of the numerator.</summary>
public readonly record struct FunnelLimits(double Lower998, double Lower95, double Upper95, double Upper998)
{
    /// <summary>Where an observed numerator lies; the outer limits win over the inner.</summary>
    public FunnelPosition Classify(double observed) =>
        observed > Upper998 ? FunnelPosition.Above998
        : observed > Upper95 ? FunnelPosition.Above95
        : observed < Lower998 ? FunnelPosition.Below998
        : observed < Lower95 ? FunnelPosition.Below95
        : FunnelPosition.Inside;
}

/// <summary>Ranks, deciles and funnel limits used by the indicator engine.</summary>
public static class IndicatorStatistics
{
    /// <summary>
    /// Percent rank of each value among the non-missing ones: (min-rank - 1) / (n - 1) x 100, so ties share the
    /// lowest rank. Missing values, and every value when fewer than two are present, get null.
    /// </summary>
    public static double?[] PercentRanks(IReadOnlyList<double?> values)
    {
        var present = values.Where(v => v.HasValue).Select(v => v!.Value).Order().ToArray();
        var ranks = new double?[values.Count];
        if (present.Length < 2) return ranks;
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not { } v) continue;
            var below = LowerBound(present, v);
            ranks[i] = below * 100.0 / (present.Length - 1);
        }
        return ranks;
    }

    /// <summary>
    /// The 10th, 20th, ..., 90th percentiles of the non-missing values with linear interpolation between order
    /// statistics (position (n - 1) x p, numpy's default); empty when no value is present.
    /// </summary>
    public static double[] Deciles(IEnumerable<double?> values)
    {
        var sorted = values.Where(v => v.HasValue).Select(v => v!.Value).Order().ToArray();
        if (sorted.Length == 0) return [];
        var deciles = new double[9];
        for (var d = 1; d <= 9; d++) deciles[d - 1] = Quantile(sorted, d / 10.0);
        return deciles;
    }

    /// <summary>Quantile of sorted values by linear interpolation at position (n - 1) x p.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double p)
    {
        var h = (sorted.Count - 1) * p;
        var lo = (int)Math.Floor(h);
        if (lo >= sorted.Count - 1) return sorted[^1];
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    /// <summary>
    /// Exact binomial funnel limits for a proportion <paramref name="p0"/> in <paramref name="n"/> trials, in
    /// counts of successes (Spiegelhalter 2005, Stat Med 24:1185, exact limits with interpolation).
    /// </summary>
    public static FunnelLimits BinomialLimits(double p0, int n)
    {
        double Cdf(int r) => r < 0 ? 0 : r >= n ? 1 : Binomial.CDF(p0, n, r);
        double Limit(double q) => Interpolated(Cdf, q, n);
        return new FunnelLimits(Limit(0.001), Limit(0.025), Limit(0.975), Limit(0.999));
    }

    /// <summary>
    /// Exact Poisson funnel limits for an expected count <paramref name="expected"/>, in counts
    /// (Spiegelhalter 2005, exact limits with interpolation).
    /// </summary>
    public static FunnelLimits PoissonLimits(double expected)
    {
        double Cdf(int r) => r < 0 ? 0 : Poisson.CDF(expected, r);
        var top = (int)Math.Ceiling(expected + 12 * Math.Sqrt(expected) + 20);
        double Limit(double q) => Interpolated(Cdf, q, top);
        return new FunnelLimits(Limit(0.001), Limit(0.025), Limit(0.975), Limit(0.999));
    }

    // r_q is the smallest r with F(r) >= q; the limit steps back from r_q by the fraction of that step's
    // probability mass lying above q, which makes the limits continuous in the sample size.
    private static double Interpolated(Func<int, double> cdf, double q, int max)
    {
        int lo = 0, hi = max;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (cdf(mid) >= q) hi = mid; else lo = mid + 1;
        }
        var at = cdf(lo);
        var before = cdf(lo - 1);
        var alpha = at > before ? (at - q) / (at - before) : 0;
        return lo - alpha;
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
