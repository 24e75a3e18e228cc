using Klynge.Core.Registry;

namespace Klynge.Core.Tests.Registry;

public class ValidityTests
{
    private static readonly DateOnly Jan1 = new(2025, 1, 1);
    private static readonly DateOnly Feb1 = new(2025, 2, 1);
    private static readonly DateOnly Mar1 = new(2025, 3, 1);

    [Fact]
    public void Covers_includes_the_first_day_and_excludes_the_end_day()
    {
        Assert.True(Validity.Covers(Jan1, Feb1, Jan1));
        Assert.True(Validity.Covers(Jan1, Feb1, Feb1.AddDays(-1)));
        Assert.False(Validity.Covers(Jan1, Feb1, Feb1));
        Assert.False(Validity.Covers(Jan1, Feb1, Jan1.AddDays(-1)));
    }

    [Fact]
    public void Covers_without_an_end_runs_on_for_ever()
    {
        Assert.True(Validity.Covers(Jan1, null, new DateOnly(2099, 12, 31)));
        Assert.False(Validity.Covers(Jan1, null, Jan1.AddDays(-1)));
    }

    [Fact]
    public void Periods_that_meet_end_to_start_do_not_overlap()
    {
        Assert.False(Validity.Overlaps(Jan1, Feb1, Feb1, Mar1));
        Assert.False(Validity.Overlaps(Feb1, Mar1, Jan1, Feb1));
        Assert.True(Validity.Overlaps(Jan1, Feb1.AddDays(1), Feb1, Mar1));
    }

    [Fact]
    public void Open_ended_periods_overlap_everything_after_their_start()
    {
        Assert.True(Validity.Overlaps(Jan1, null, Mar1, null));
        Assert.True(Validity.Overlaps(Feb1, null, Jan1, Mar1));
        Assert.False(Validity.Overlaps(Mar1, null, Jan1, Feb1));
    }
}
