using Klynge.Core.Csv;

namespace Klynge.Core.Tests.Csv;

public class CsvColumnsTests
{
    private static readonly string[] Expected = ["practice_id", "name", "opened_on"];

    [Fact]
    public void Headers_match_in_any_order_and_case()
    {
        var columns = CsvColumns.Map([" Name", "OPENED_ON", "Practice_ID"], Expected, ignoreExtraColumns: false);

        Assert.True(columns.IsValid);
        Assert.Equal(2, columns["practice_id"]);
        Assert.Equal(0, columns["name"]);
        Assert.Equal(1, columns["opened_on"]);
    }

    [Fact]
    public void Missing_unknown_and_duplicate_columns_are_listed()
    {
        var columns = CsvColumns.Map(["practice_id", "navn", "name", "NAME"], Expected, ignoreExtraColumns: false);

        Assert.False(columns.IsValid);
        Assert.Equal(["opened_on"], columns.Missing);
        Assert.Equal(["navn"], columns.Unknown);
        Assert.Equal(["NAME"], columns.Duplicate);
    }

    [Fact]
    public void Extra_columns_can_be_ignored()
    {
        var columns = CsvColumns.Map(["practice_id", "comment", "name", "opened_on"], Expected, ignoreExtraColumns: true);

        Assert.True(columns.IsValid);
        Assert.Equal(2, columns["name"]);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    public void Writer_quotes_only_when_needed(string field, string written) =>
        Assert.Equal(written, CsvWriter.Escape(field));
}
