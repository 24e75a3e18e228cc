using Klynge.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Cli;

/// <summary><c>klynge db ...</c>: schema scripts from the command line.</summary>
public sealed class DbCommandTests() : CliTest(Path.Combine("new", "klynge.db"))
{
    [Fact]
    public async Task Migrate_applies_every_script_once_and_says_so()
    {
        var (first, out1, _) = await RunAsync("db", "migrate");
        var (second, out2, _) = await RunAsync("db", "migrate");

        Assert.Equal(0, first);
        foreach (var script in SchemaMigrator.Scripts(DatabaseProvider.Sqlite)) Assert.Contains(script.Name, out1);
        Assert.Equal(0, second);
        Assert.Contains("up to date", out2);
        await using var db = NewContext();
        Assert.Equal(98, await db.Municipalities.CountAsync());
    }

    [Fact]
    public async Task An_unknown_provider_is_an_error_on_stderr_with_a_non_zero_exit()
    {
        Environment.SetEnvironmentVariable(ProviderVariable, "oracle");

        var (exit, stdout, stderr) = await RunAsync("db", "migrate");

        Assert.NotEqual(0, exit);
        Assert.Contains("Unknown database provider 'oracle'", stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task An_unknown_command_is_a_usage_error()
    {
        var (exit, _, stderr) = await RunAsync("frobnicate");

        Assert.NotEqual(0, exit);
        Assert.Contains("frobnicate", stderr);
    }

    [Fact]
    public async Task Script_prints_the_create_script_of_the_model()
    {
        var (exit, stdout, _) = await RunAsync("db", "script", "--provider", "postgres");

        Assert.Equal(0, exit);
        Assert.Contains("CREATE TABLE clusters", stdout);
        Assert.Contains("CREATE UNIQUE INDEX ix_practices_provider_number", stdout);
    }
}
