using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Klynge.BrowserTests;

/// <summary>axe-core finds no serious or critical accessibility problems on the main pages.</summary>
[Collection(KlyngeHostCollection.Name)]
public class AccessibilityTests(KlyngeHost host)
{
    private static readonly string[] Blocking = ["serious", "critical"];

    [Fact]
    public async Task Public_pages_have_no_serious_axe_violations()
    {
        var page = await host.NewPageAsync();
        var problems = new List<string>();
        problems.AddRange(await CheckAsync(page, "/"));
        problems.AddRange(await CheckAsync(page, "/Account/Login"));
        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, "axe-core violations:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task Cluster_pages_have_no_serious_axe_violations()
    {
        var page = await host.NewPageAsync();
        await Journey.LogInAsync(page, "koordinator@klynge-demo.dk");
        await page.GotoAsync("/MyCluster");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/Clusters/\d+$"));
        var cluster = new Uri(page.Url).AbsolutePath;

        var problems = new List<string>();
        problems.AddRange(await CheckAsync(page, "/Clusters"));
        problems.AddRange(await CheckAsync(page, cluster));
        problems.AddRange(await CheckAsync(page, cluster + "/Members"));
        problems.AddRange(await CheckAsync(page, cluster + "/Roles"));
        problems.AddRange(await CheckAsync(page, cluster + "/Settings"));
        await page.GotoAsync(cluster);
        var practice = await page.Locator("a[href^='/Practices/']").First.GetAttributeAsync("href");
        problems.AddRange(await CheckAsync(page, practice!));
        problems.AddRange(await CheckAsync(page, "/Account/Manage"));
        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, "axe-core violations:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task Prescribing_import_pages_have_no_serious_axe_violations()
    {
        var page = await host.NewPageAsync();
        await Journey.LogInAsync(page, "analytiker@klynge-demo.dk");
        var problems = new List<string>();
        problems.AddRange(await CheckAsync(page, "/Prescribing/Import"));

        // A rejected file changes nothing, and its status page shows every part but the success summary.
        await page.GetByLabel("Filer (.csv eller .csv.gz, en eller flere)").SetInputFilesAsync(new FilePayload
        {
            Name = "axe-check.csv", MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("patient_id,birth_year,sex,practice_id,atc,dispensed_on,packages,ddd\np1,1970,F,12,J01CE02,2012-01-05,1,2.5\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Indlæs", Exact = true }).ClickAsync();
        await page.Locator("[data-import=rejected]").WaitForAsync(new() { Timeout = 60_000 });
        problems.AddRange(await CheckAsync(page, new Uri(page.Url).AbsolutePath));
        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, "axe-core violations:\n" + string.Join("\n", problems));
    }

    private static async Task<IEnumerable<string>> CheckAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        var result = await page.RunAxe();
        // The page counts: a run that checked nothing would pass without proving anything.
        Assert.NotEmpty(result.Passes);
        return result.Violations
            .Where(v => Blocking.Contains(v.Impact))
            .Select(v => $"{path}: {v.Id} ({v.Impact}) at {v.Nodes.FirstOrDefault()?.Target} [{v.Nodes.Length} nodes]: {v.Help}");
    }
}
