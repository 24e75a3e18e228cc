using Klynge.Core.Indicators;

namespace Klynge.Core.Tests.Indicators;

public class IndicatorStatisticsTests
{
    [Fact]
    public void Percent_rank_gives_ties_the_lowest_rank_and_skips_missing_values()
    {
        // Present values sorted: 1, 2, 2, 5, 7 (n = 5, so step 100 / 4 = 25).
        // 1 -> min-rank 1 -> 0; 2 -> min-rank 2 -> 25 (both); 5 -> 4 -> 75; 7 -> 5 -> 100.
        double?[] values = [5, null, 2, 7, 2, 1, null];
        var ranks = IndicatorStatistics.PercentRanks(values);
        Assert.Equal([75, null, 25, 100, 25, 0, null], ranks);
    }

    [Fact]
    public void Percent_rank_is_missing_with_fewer_than_two_values()
    {
        Assert.Equal(new double?[] { null, null }, IndicatorStatistics.PercentRanks([4, null]));
    }

    [Fact]
    public void Deciles_interpolate_linearly_like_numpy()
    {
        // numpy.percentile([1, 2, 2, 3, 10], [10..90]): positions (n - 1) x p = 0.4, 0.8, ..., 3.6
        // 10%: 1 + 0.4 x (2 - 1) = 1.4; 20%: 1 + 0.8 = 1.8; 30%: pos 1.2 -> 2; 40%: 1.6 -> 2;
        // 50%: 2.0 -> 2; 60%: 2.4 -> 2 + 0.4 x 1 = 2.4; 70%: 2.8 -> 2.8; 80%: 3.2 -> 3 + 0.2 x 7 = 4.4;
        // 90%: 3.6 -> 3 + 0.6 x 7 = 7.2
        double?[] values = [10, null, 2, 1, 3, 2];
        var deciles = IndicatorStatistics.Deciles(values);
        double[] expected = [1.4, 1.8, 2, 2, 2, 2.4, 2.8, 4.4, 7.2];
        Assert.Equal(9, deciles.Length);
        for (var i = 0; i < 9; i++) Assert.Equal(expected[i], deciles[i], 10);
    }

    [Fact]
    public void Deciles_of_one_value_are_that_value_and_of_none_are_empty()
    {
        Assert.All(IndicatorStatistics.Deciles([null, 3.5]), d => Assert.Equal(3.5, d));
        Assert.Empty(IndicatorStatistics.Deciles([null, null]));
    }

    [Fact]
    public void Binomial_limits_for_p_0_3_and_n_100_match_reference_quantiles()
    {
        // Reference quantiles of Binomial(100, 0.3) (R: qbinom(c(.001, .025, .975, .999), 100, .3)) are 17, 21, 39, 45.
        // Interpolation (Spiegelhalter 2005): limit = r - (F(r) - q) / (F(r) - F(r - 1)); values from an exact
        // sum of binomial terms in Python: 16.026075, 20.690239, 38.691201, 44.156262.
        var limits = IndicatorStatistics.BinomialLimits(0.3, 100);
        Assert.Equal(16.026075, limits.Lower998, 5);
        Assert.Equal(20.690239, limits.Lower95, 5);
        Assert.Equal(38.691201, limits.Upper95, 5);
        Assert.Equal(44.156262, limits.Upper998, 5);
        Assert.Equal(FunnelPosition.Inside, limits.Classify(30));
        Assert.Equal(FunnelPosition.Above95, limits.Classify(39));
        Assert.Equal(FunnelPosition.Above998, limits.Classify(45));
        Assert.Equal(FunnelPosition.Below95, limits.Classify(20));
        Assert.Equal(FunnelPosition.Below998, limits.Classify(16));
    }

    [Fact]
    public void Poisson_limits_for_ten_expected_match_reference_quantiles()
    {
        // R: qpois(c(.001, .025, .975, .999), 10) = 2, 4, 17, 21; interpolated as above: 1.220529, 3.775188,
        // 16.159951, 20.662001.
        var limits = IndicatorStatistics.PoissonLimits(10);
        Assert.Equal(1.220529, limits.Lower998, 5);
        Assert.Equal(3.775188, limits.Lower95, 5);
        Assert.Equal(16.159951, limits.Upper95, 5);
        Assert.Equal(20.662001, limits.Upper998, 5);
    }

    [Fact]
    public void Poisson_limits_for_a_large_count_approach_the_normal_ones()
    {
        // For 10,000 expected the 95 % limits are close to 10,000 +/- 1.96 x 100.
        var limits = IndicatorStatistics.PoissonLimits(10_000);
        Assert.InRange(limits.Lower95, 9_803 - 2, 9_803 + 2);
        Assert.InRange(limits.Upper95, 10_196 - 2, 10_196 + 2);
    }
}
