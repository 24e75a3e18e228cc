using Microsoft.Playwright;

namespace Klynge.BrowserTests;

/// <summary>
/// How the browser tests start Chromium: Debian's build (or the one named by <c>KLYNGE_CHROMIUM</c>),
/// never a browser downloaded by Playwright.
/// </summary>
public static class Browser
{
    public const string ChromiumVariable = "KLYNGE_CHROMIUM";

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static BrowserTypeLaunchOptions LaunchOptions() => new()
    {
        ExecutablePath = ExecutablePath,
        Headless = true,
        // No sandbox because CI runs as root; the rest keeps Chromium off the network, which is closed here
        // and would otherwise slow every start with failed look-ups.
        Args =
        [
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync",
        ],
    };
}
