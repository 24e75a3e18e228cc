using Microsoft.Playwright;

namespace Klynge.BrowserTests;

/// <summary>A GP finds a cluster-package topic from the menu and reads its guide.</summary>
[Collection(KlyngeHostCollection.Name)]
public class TopicJourneyTests(KlyngeHost host)
{
    [Fact]
    public async Task GP_opens_a_topic_from_the_menu_and_reads_the_guide()
    {
        const string test = "topic";
        var page = await host.NewPageAsync();
        await Journey.LogInAsync(page, "laege@klynge-demo.dk");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmenu" }).GetByRole(AriaRole.Link, new() { Name = "Emner" }).ClickAsync();
        await page.WaitForURLAsync("**/Topics");
        Assert.Equal(6, await page.Locator("li[data-topic]").CountAsync());
        await Journey.ScreenshotAsync(page, test, "1-list");

        await page.GetByRole(AriaRole.Link, new() { Name = "Afhængighedsskabende medicin" }).ClickAsync();
        await page.WaitForURLAsync("**/Topics/dependency-forming-medicine");
        Assert.Equal("Afhængighedsskabende medicin", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(10, await page.Locator("ol.topic-indicators > li").CountAsync());
        Assert.Equal("/Indicators/benzodiazepine-long-term-users",
            await page.Locator("ol.topic-indicators a").First.GetAttributeAsync("href"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Før mødet", Level = 3 })).ToBeVisibleAsync();
        await Journey.ScreenshotAsync(page, test, "2-topic");
        await page.Context.CloseAsync();
    }
}
