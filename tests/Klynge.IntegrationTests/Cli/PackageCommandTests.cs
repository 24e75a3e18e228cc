using Klynge.Core.Data;
using Klynge.Core.Packages;
using Klynge.Core.Topics;
using Klynge.IntegrationTests.Packages;
using Klynge.IntegrationTests.Web;
using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Cli;

/// <summary><c>klynge package generate</c> and <c>generate-all</c> over the hand-built registry and results.</summary>
public sealed class PackageCommandTests() : CliTest("klynge.db")
{
    private async Task<TestRegistry> SeedAsync()
    {
        await using var db = NewContext();
        await Database.MigrateAsync(db);
        var registry = await TestRegistry.WriteAsync(db);
        await RegistryPackageFixture.WriteAsync(db, registry, TopicLibrary.Load());
        return registry;
    }

    [Fact]
    public async Task Generate_makes_one_package_and_prints_the_cluster_view_with_letters_for_a_closed_cluster()
    {
        var registry = await SeedAsync();
        var pdfFile = Path.Combine(Folder, "out", "c.pdf");

        var (exit, stdout, stderr) = await RunAsync("package", "generate", "--cluster", registry.ClusterC.Id.ToString(), "--topic", "antibiotics", "--cutoff", "2025-Q2", "--pdf", pdfFile);

        Assert.True(exit == 0, stderr);
        await using var db = NewContext();
        var package = await db.Packages.SingleAsync();
        Assert.Equal((registry.ClusterC.Id, "antibiotics", 20252, "cli"), (package.ClusterId, package.TopicId, package.CutOff, package.CreatedBy));
        Assert.Contains($"Package {package.Id}: cluster {registry.ClusterC.Id} ({registry.ClusterC.Name}), topic antibiotics, cut-off 2025-Q2.", stdout);
        var stored = await db.PackagePdfs.SingleAsync();
        Assert.Equal((package.Id, "cluster"), (stored.PackageId, stored.Audience));
        var pdf = await File.ReadAllBytesAsync(pdfFile);
        Assert.Equal(stored.Content, pdf);
        // The cluster's own view of a closed cluster: every practice by letter, none named, not even as "own".
        var text = await RegistryPackageFixture.PdfTextAsync(pdf);
        Assert.Contains(registry.ClusterC.Name, text);
        Assert.Contains("Antibiotika", text);
        Assert.DoesNotContain(registry.Vesterbro.Name, text);
        Assert.DoesNotContain(registry.Amager.Name, text);
        var letters = PackageSnapshot.FromJson(package.Snapshot).Practices.Select(p => p.Letter).ToList();
        Assert.Equal(2, letters.Count);
        Assert.All(letters, letter => Assert.Contains(letter, text));
    }

    [Fact]
    public async Task Generate_all_makes_a_package_for_every_cluster_with_plain_progress_when_redirected()
    {
        var registry = await SeedAsync();

        var (exit, stdout, stderr) = await RunAsync("package", "generate-all", "--topic", "antibiotics");

        Assert.True(exit == 0, stderr);
        await using var db = NewContext();
        var packages = await db.Packages.OrderBy(p => p.ClusterId).ToListAsync();
        Assert.Equal(registry.Clusters.Select(c => c.Id).Order(), packages.Select(p => p.ClusterId));
        Assert.All(packages, p => Assert.Equal((20252, "cli"), (p.CutOff, p.CreatedBy)));
        Assert.Contains("generated 3 of 3 packages", stdout);
        // Members today: A has Nørregade and Trøjborg (Klostergade left), B one, C two.
        Assert.Contains($"Generated 3 packages for topic antibiotics, cut-off 2025-Q2: ids {packages[0].Id}-{packages[^1].Id}, 5 member practices", stdout);
    }

    [Theory]
    [InlineData("generate", "--cluster", "103", "--topic", "no-such-topic", "There is no topic 'no-such-topic'; the topics are: antibiotics,")]
    [InlineData("generate", "--cluster", "999", "--topic", "antibiotics", "There is no cluster 999.")]
    [InlineData("generate", "--cluster", "103", "--topic", "antibiotics", "--cutoff", "2025-5", "--cutoff '2025-5' is not a quarter like 2025-Q2.")]
    [InlineData("generate", "--cluster", "103", "--topic", "antibiotics", "--cutoff", "2019-Q1", "There are no indicator results for 2019-Q1")]
    [InlineData("generate-all", "--topic", "no-such-topic", "There is no topic 'no-such-topic'")]
    [InlineData("generate-all", "--topic", "antibiotics", "--cutoff", "2025-Q9", "--cutoff '2025-Q9' is not a quarter like 2025-Q2.")]
    [InlineData("generate-all", "--topic", "antibiotics", "--cutoff", "2019-Q1", "There are no indicator results for 2019-Q1")]
    public async Task Bad_topic_cluster_or_cut_off_is_refused_with_a_message_and_nothing_is_written(params string[] argsAndMessage)
    {
        await SeedAsync();
        var args = argsAndMessage[..^1];

        var (exit, stdout, stderr) = await RunAsync(["package", .. args]);

        Assert.Equal(1, exit);
        Assert.Contains(argsAndMessage[^1], stderr);
        Assert.DoesNotContain("Package ", stdout);
        await using var db = NewContext();
        Assert.Equal(0, await db.Packages.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.Action.StartsWith("package.")));
    }
}
