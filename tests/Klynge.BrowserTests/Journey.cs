using Klynge.Web.Demo;
using Microsoft.Playwright;

namespace Klynge.BrowserTests;

/// <summary>Steps the journeys share: logging in through the form and keeping a screenshot of each step.</summary>
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

    public static async Task ScreenshotAsync(IPage page, string test, string step)
    {
        var path = Path.Combine(KlyngeHost.ScreenshotFolder, $"{test}-{step}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Console.WriteLine($"screenshot: {path}");
    }
}
