using Klynge.Web.Demo;
using Microsoft.Playwright;

namespace Klynge.BrowserTests;

/// <summary>Steps the journeys share: logging in through the form, finding one's own cluster and keeping a screenshot of each step.</summary>
public static class Journey
{
    public static async Task LogInAsync(IPage page, string email)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Adgangskode").FillAsync(DemoSetup.Password);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Log ind" }).ClickAsync();
        // Signed in when the header names the user.
        await page.Locator("header a.user", new() { HasText = email }).WaitForAsync();
    }

    /// <summary>The signed-in user's own cluster page, as "Min klynge" leads there: its path, e.g. <c>/Clusters/12</c>.</summary>
    public static async Task<string> OwnClusterAsync(IPage page)
    {
        await page.GotoAsync("/MyCluster");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/Clusters/\d+$"));
        return new Uri(page.Url).AbsolutePath;
    }

    public static async Task ScreenshotAsync(IPage page, string test, string step)
    {
        var path = Path.Combine(KlyngeHost.ScreenshotFolder, $"{test}-{step}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Console.WriteLine($"screenshot: {path}");
    }
}
