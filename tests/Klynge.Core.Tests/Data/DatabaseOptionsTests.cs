using Klynge.Core.Data;

namespace Klynge.Core.Tests.Data;

public class DatabaseOptionsTests
{
    [Theory]
    [InlineData(null, DatabaseProvider.Sqlite)]
    [InlineData("", DatabaseProvider.Sqlite)]
    [InlineData("SQLite", DatabaseProvider.Sqlite)]
    [InlineData(" postgres ", DatabaseProvider.Postgres)]
    [InlineData("PostgreSQL", DatabaseProvider.Postgres)]
    [InlineData("npgsql", DatabaseProvider.Postgres)]
    public void Known_provider_names_are_read_case_insensitively(string? name, DatabaseProvider expected) =>
        Assert.Equal(expected, DatabaseOptions.Parse(name));

    [Fact]
    public void Unknown_provider_is_rejected_with_the_setting_named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DatabaseOptions.Parse("mysql"));
        Assert.Contains("'mysql'", error.Message);
        Assert.Contains("Klynge:Database:Provider", error.Message);
    }
}
