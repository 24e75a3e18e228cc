using System.Diagnostics;
using Klynge.Cli;
using Klynge.Core.Data;
using Klynge.Core.Demo;
using Klynge.Core.Registry;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Klynge.IntegrationTests.Demo;

public class DemoCountryWriterTests(ITestOutputHelper output)
{
    private static readonly DateOnly Today = new(2025, 6, 1);

    private static async Task<int[]> CountsAsync(KlyngeDbContext db) =>
    [
        await db.Practices.CountAsync(), await db.People.CountAsync(), await db.PracticeAffiliations.CountAsync(),
        await db.Clusters.CountAsync(), await db.ClusterMunicipalities.CountAsync(), await db.ClusterMemberships.CountAsync(),
        await db.ClusterRoles.CountAsync(), await db.DataSharingConsents.CountAsync(), await db.Guilds.CountAsync(),
        await db.GuildMemberships.CountAsync(),
    ];

    private static int[] Counts(DemoCountry c) =>
    [
        c.Practices.Count, c.People.Count, c.Affiliations.Count, c.Clusters.Count, c.ClusterMunicipalities.Count,
        c.Memberships.Count, c.Roles.Count, c.Consents.Count, c.Guilds.Count, c.GuildMemberships.Count,
    ];

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Written_country_reads_back_with_the_same_rows_summary_and_personas(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var watch = Stopwatch.StartNew();
        var country = DemoCountryGenerator.Generate(DemoCountryGenerator.DefaultSeed, Today);
        var generated = watch.Elapsed;
        var expectedCounts = Counts(country);
        var expectedSummary = DemoCountrySummary.From(country);
        var expectedPersonas = DemoPersonas.Find(country);

        await using (var db = test.NewContext())
        {
            watch.Restart();
            await DemoCountryWriter.WriteAsync(db, country);
            output.WriteLine($"{provider}: generated in {generated.TotalSeconds:F2} s, {expectedCounts.Sum()} rows written in {watch.Elapsed.TotalSeconds:F2} s");
        }

        await using var read = test.NewContext();
        Assert.Equal(expectedCounts, await CountsAsync(read));
        var loaded = await DemoCountry.LoadAsync(read, Today);
        Assert.Equal(expectedSummary, DemoCountrySummary.From(loaded));
        Assert.Equal(expectedPersonas, DemoPersonas.Find(loaded));
        Assert.Equal(5, await read.Regions.CountAsync());
        Assert.Equal(98, await read.Municipalities.CountAsync());
        var practice = await read.Practices.SingleAsync(p => p.Id == expectedPersonas.PracticeId);
        Assert.Equal(country.Practices.Single(p => p.Id == expectedPersonas.PracticeId).ProviderNumber, practice.ProviderNumber);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Writing_into_a_filled_registry_is_refused_unless_replace_is_given(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var first = DemoCountryGenerator.Generate(1, Today);
        var second = DemoCountryGenerator.Generate(2, Today);
        await using (var db = test.NewContext()) await DemoCountryWriter.WriteAsync(db, first);

        await using (var db = test.NewContext())
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DemoCountryWriter.WriteAsync(db, second));
            Assert.Contains("--replace", error.Message);
        }
        await using (var db = test.NewContext())
        {
            Assert.Equal(Counts(first), await CountsAsync(db));
            Assert.Equal(first.Practices.Select(p => p.ProviderNumber).Order(),
                (await db.Practices.Select(p => p.ProviderNumber).ToListAsync()).Order());
        }

        var watch = Stopwatch.StartNew();
        await using (var db = test.NewContext()) await DemoCountryWriter.WriteAsync(db, second, replace: true);
        output.WriteLine($"{provider}: replaced in {watch.Elapsed.TotalSeconds:F2} s");

        await using (var db = test.NewContext())
        {
            Assert.Equal(Counts(second), await CountsAsync(db));
            Assert.Equal(second.Practices.Select(p => p.ProviderNumber).Order(),
                (await db.Practices.Select(p => p.ProviderNumber).ToListAsync()).Order());
            Assert.Equal(DemoCountrySummary.From(second), DemoCountrySummary.From(await DemoCountry.LoadAsync(db, Today)));

            // The app adds rows after the demo: generated ids must not collide with the demo's explicit ones.
            var person = new Person { FirstName = "Ny", LastName = "Læge" };
            db.People.Add(person);
            await db.SaveChangesAsync();
            Assert.True(person.Id > second.People.Max(p => p.Id));
        }
    }
}

[Collection("environment")]
public class DemoCommandTests
{
    [Fact]
    public async Task Demo_command_writes_the_country_of_the_seed_and_refuses_a_second_run_without_replace()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, migrate: false);
        var saved = (Environment.GetEnvironmentVariable("Klynge__Database__Provider"), Environment.GetEnvironmentVariable("ConnectionStrings__Klynge"));
        Environment.SetEnvironmentVariable("Klynge__Database__Provider", "sqlite");
        Environment.SetEnvironmentVariable("ConnectionStrings__Klynge", test.ConnectionString);
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var exit = await KlyngeCommand.RunAsync(["demo", "--seed", "7"], stdout, stderr);

            Assert.True(exit == 0, stderr.ToString());
            var expected = DemoCountryGenerator.Generate(7, DateOnly.FromDateTime(DateTime.Today));
            var summary = DemoCountrySummary.From(expected);
            Assert.Contains("clusters:            114", stdout.ToString());
            Assert.Contains($"{summary.OpenPractices} open", stdout.ToString());
            await using (var db = test.NewContext())
            {
                Assert.Equal(114, await db.Clusters.CountAsync());
                Assert.Equal(expected.Practices.Count, await db.Practices.CountAsync());
                Assert.Equal(expected.People.Count, await db.People.CountAsync());
                Assert.Equal(expected.Practices.Sum(p => (long)p.ListedPatients), await db.Practices.SumAsync(p => (long)p.ListedPatients));
            }

            var again = new StringWriter();
            var againErr = new StringWriter();
            Assert.Equal(1, await KlyngeCommand.RunAsync(["demo", "--seed", "8"], again, againErr));
            Assert.Contains("--replace", againErr.ToString());
            await using (var db = test.NewContext())
                Assert.Equal(expected.Practices.Count, await db.Practices.CountAsync());

            Assert.Equal(0, await KlyngeCommand.RunAsync(["demo", "--seed", "8", "--replace"], new StringWriter(), new StringWriter()));
            await using (var db = test.NewContext())
                Assert.Equal(DemoCountryGenerator.Generate(8, DateOnly.FromDateTime(DateTime.Today)).Practices.Count, await db.Practices.CountAsync());
        }
        finally
        {
            Environment.SetEnvironmentVariable("Klynge__Database__Provider", saved.Item1);
            Environment.SetEnvironmentVariable("ConnectionStrings__Klynge", saved.Item2);
        }
    }
}
