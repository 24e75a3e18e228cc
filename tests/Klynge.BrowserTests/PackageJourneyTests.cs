using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Klynge.BrowserTests;

/// <summary>A GP opens the cluster package the demo published for their cluster and reads it with its charts.</summary>
[Collection(KlyngeHostCollection.Name)]
public class PackageJourneyTests(KlyngeHost host)
{
    [Fact]
    public async Task GP_opens_My_packages_and_sees_the_own_practice_highlighted_in_drawn_charts()
    {
        const string test = "package";
        var page = await host.NewPageAsync();
        await Journey.LogInAsync(page, "laege@klynge-demo.dk");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmenu" }).GetByRole(AriaRole.Link, new() { Name = "Mine pakker" }).ClickAsync();
        await page.WaitForURLAsync("**/Packages");
        // The GP is a member of one cluster. The demo published one package for it, and one more when the cluster's
        // latest meeting of the last half year was on a topic with packages.
        Assert.Equal(1, await page.Locator("section[data-cluster]").CountAsync());
        Assert.InRange(await page.Locator("tr[data-package]").CountAsync(), 1, 2);
        Assert.All(await page.Locator("td[data-status]").AllInnerTextsAsync(), status => Assert.StartsWith("Offentliggjort", status));
        await Journey.ScreenshotAsync(page, test, "1-list");

        await page.GetByRole(AriaRole.Link, new() { Name = "Afhængighedsskabende medicin" }).Last.ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/Packages/\d+$"));
        await page.Locator("html[data-charts-ready='true']").WaitForAsync();
        Assert.Equal("Afhængighedsskabende medicin", await page.Locator("h1").InnerTextAsync());

        // Every chart was drawn as SVG, and the own practice is named and marked in every table.
        var charts = await page.Locator(".package [data-chart]").CountAsync();
        Assert.True(charts >= 3, $"{charts} charts");
        Assert.Equal(charts, await page.Locator(".package [data-chart].chart-ready svg").CountAsync());
        var own = (await page.Locator(".headline-figures .own dt").First.InnerTextAsync()).Replace("Jeres praksis: ", "");
        Assert.True(own.Length > 3, $"own practice shown as '{own}'");
        var ownRows = page.Locator("tr.own th");
        Assert.True(await ownRows.CountAsync() > 0);
        foreach (var text in await ownRows.AllInnerTextsAsync()) Assert.StartsWith(own, text);
        // Peers appear by letter only: the demo cluster does not share names, and no other name is in a practice row.
        foreach (var text in await page.Locator("tr[data-practice]:not(.own) th").AllInnerTextsAsync())
            Assert.Matches("^[A-Z]{1,2}$", text);
        var ownBackground = await page.Locator("table.figures-table tr.own td").First.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        Assert.Equal("rgb(251, 233, 220)", ownBackground);
        await ScreenAsync(page, test, "2-package");
        await page.Locator(".package-indicator .package-figure").Nth(2).ScreenshotAsync(new() { Path = Path.Combine(KlyngeHost.ScreenshotFolder, $"{test}-2-funnel.png") });

        var id = Regex.Match(page.Url, @"/Packages/(\d+)$").Groups[1].Value;
        await page.GotoAsync($"/Packages/{id}/Print");
        await page.Locator("html[data-charts-ready='true']").WaitForAsync();
        Assert.Equal(charts, await page.Locator("[data-chart].chart-ready svg").CountAsync());
        Assert.Equal(0, await page.Locator(".topbar").CountAsync());
        // The whole document is tens of thousands of pixels tall: the first screens show the layout.
        await ScreenAsync(page, test, "3-print");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await ScreenAsync(page, test, "4-print-media");
        await page.Context.CloseAsync();
    }

    private static async Task ScreenAsync(IPage page, string test, string step)
    {
        await page.SetViewportSizeAsync(1280, 2400);
        await page.ScreenshotAsync(new() { Path = Path.Combine(KlyngeHost.ScreenshotFolder, $"{test}-{step}.png"), Timeout = 120_000 });
        await page.SetViewportSizeAsync(1280, 900);
    }
}
