using Microsoft.Playwright;

namespace Klynge.BrowserTests;

/// <summary>Proves the browser toolchain: Playwright's .NET driver can start Debian's Chromium and read a page.</summary>
public class ChromiumSmokeTests
{
    [Fact]
    public async Task Chromium_renders_a_page_that_Playwright_can_read()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(Browser.LaunchOptions());
        var page = await browser.NewPageAsync();

        // A data: URL has no charset unless told, and Danish letters must survive the trip.
        var html = "<title>Klynge</title><h1>Klyngen i Ærø</h1>";
        await page.GotoAsync("data:text/html;charset=utf-8," + Uri.EscapeDataString(html));

        Assert.Equal("Klyngen i Ærø", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("Klynge", await page.TitleAsync());
    }
}
