using Klynge.Core.Registry;

namespace Klynge.Core.Tests.Registry;

public class PracticeTests
{
    [Theory]
    [InlineData("012345", true)]
    [InlineData("999999", true)]
    [InlineData("12345", false)]
    [InlineData("1234567", false)]
    [InlineData("12a456", false)]
    [InlineData("１２３４５６", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Provider_number_is_exactly_six_ascii_digits(string? value, bool valid) =>
        Assert.Equal(valid, Practice.IsValidProviderNumber(value));
}
