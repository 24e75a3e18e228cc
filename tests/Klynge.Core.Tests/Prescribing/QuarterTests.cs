using Klynge.Core.Prescribing;

namespace Klynge.Core.Tests.Prescribing;

public class QuarterTests
{
    [Theory]
    [InlineData("2024-01-01", "2024-Q1")]
    [InlineData("2024-03-31", "2024-Q1")]
    [InlineData("2024-04-01", "2024-Q2")]
    [InlineData("2024-12-31", "2024-Q4")]
    public void A_day_falls_in_its_calendar_quarter(string day, string quarter) =>
        Assert.Equal(quarter, Quarter.Of(DateOnly.Parse(day)).ToString());

    [Fact]
    public void Quarters_know_their_days_and_neighbours()
    {
        var q = Quarter.Parse("2024-Q1");
        Assert.Equal((new DateOnly(2024, 1, 1), new DateOnly(2024, 3, 31), 91), (q.FirstDay, q.LastDay, q.Days));
        Assert.Equal(90, Quarter.Parse("2023-Q1").Days);
        Assert.Equal("2025-Q1", Quarter.Parse("2024-Q4").Next.ToString());
        Assert.Equal("2023-Q4", q.Previous.ToString());
        Assert.Equal(q, Quarter.FromKey(q.ToKey()));
        Assert.Equal(20241, q.ToKey());
        Assert.True(Quarter.Parse("2023-Q4") < q);
    }

    [Theory]
    [InlineData("2024-Q5")]
    [InlineData("2024-Q0")]
    [InlineData("2024Q1")]
    [InlineData("24-Q1")]
    [InlineData("")]
    public void Malformed_quarters_are_rejected(string text) => Assert.False(Quarter.TryParse(text, out _));

    [Theory]
    [InlineData("0-4", 0)]
    [InlineData("85-89", 85)]
    [InlineData("90+", 90)]
    public void Age_bands_parse_to_their_lower_bound(string band, int from)
    {
        Assert.Equal(from, ListSize.ParseBand(band));
        Assert.Equal(band, ListSize.BandLabel(from));
    }

    [Theory]
    [InlineData("0-5")]
    [InlineData("90-94")]
    [InlineData("3-7")]
    [InlineData("x")]
    public void Other_age_bands_are_rejected(string band) => Assert.Null(ListSize.ParseBand(band));
}
