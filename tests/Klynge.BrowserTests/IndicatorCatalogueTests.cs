using System.Globalization;
using Klynge.Core.Indicators;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Klynge.BrowserTests;

/// <summary>The indicator catalogue in Chromium: the list, and one indicator's fan chart drawn over its table.</summary>
[Collection(KlyngeHostCollection.Name)]
public class IndicatorCatalogueTests(KlyngeHost host)
{
    [Fact]
    public async Task Gp_opens_the_catalogue_and_an_indicator_whose_chart_draws_the_stored_distribution()
    {
        const string test = "catalogue";
        const string id = "antibiotic-dispensings";
        var page = await host.NewPageAsync();
        await Journey.LogInAsync(page, "laege@klynge-demo.dk");

        await page.Locator("header nav").GetByRole(AriaRole.Link, new() { Name = "Indikatorer" }).ClickAsync();
        await page.WaitForURLAsync("**/Indicators");
        var rows = page.Locator("table.indicators tbody tr");
        Assert.Equal(IndicatorCatalogue.LoadDefault().Count, await rows.CountAsync());
        await Journey.ScreenshotAsync(page, test, "1-list");

        await page.GetByRole(AriaRole.Link, new() { Name = "Antibiotikaudleveringer" }).ClickAsync();
        await page.WaitForURLAsync($"**/Indicators/{id}");
        var chart = page.Locator(".chart.chart-ready svg");
        await chart.WaitForAsync();

        var stored = await host.InDatabaseAsync(db => db.IndicatorDistributions.AsNoTracking().Where(d => d.IndicatorId == id).OrderBy(d => d.Quarter).ToListAsync());
        Assert.NotEmpty(stored);
        var table = page.Locator("table.distribution tbody tr");
        Assert.Equal(stored.Count, await table.CountAsync());
        var last = stored[^1];
        var cells = await table.Last.Locator("td").AllInnerTextsAsync();
        Assert.Equal(last.Practices.ToString(CultureInfo.InvariantCulture), cells[2]);
        // One decimal for the whole table once any figure reaches 10, as for these rates of hundreds.
        Assert.Contains(stored, d => d.P90 >= 10);
        Assert.Equal(last.P50!.Value.ToString("N1", CultureInfo.GetCultureInfo("da-DK")), cells[7]);

        // The chart is drawn as SVG with the legend's labels and one x-axis label per quarter.
        var svg = await chart.InnerHTMLAsync();
        foreach (var label in new[] { "10.-90. percentil", "20.-80. percentil", "Median (praksisser)", "Landsværdi" })
            Assert.Contains(label, svg);
        foreach (var quarter in stored.Select(d => Klynge.Core.Prescribing.Quarter.FromKey(d.Quarter).ToString()))
            Assert.Contains(quarter, svg);
        Assert.True(await chart.Locator("path").CountAsync() >= 4, "bands and lines are drawn as paths");
        await page.Locator(".chart").ScrollIntoViewIfNeededAsync();
        await Journey.ScreenshotAsync(page, test, "2-indicator");
        await page.Context.CloseAsync();
    }
}
