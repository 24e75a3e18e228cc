using System.Net;

namespace Klynge.IntegrationTests.Web;

public static class WebAssert
{
    /// <summary>Refused the way the cookie scheme refuses a signed-in user: 403, or a redirect to the access-denied page.</summary>
    public static void Refused(HttpResponseMessage response, string because)
    {
        var location = response.Headers.Location?.OriginalString ?? "";
        Assert.True(
            response.StatusCode == HttpStatusCode.Forbidden
            || (response.StatusCode == HttpStatusCode.Redirect && location.Contains("/Account/AccessDenied", StringComparison.Ordinal)),
            $"{because}: expected refusal, got {(int)response.StatusCode} {location}");
    }

    public static void Status(HttpStatusCode expected, HttpResponseMessage response, string because) =>
        Assert.True(response.StatusCode == expected, $"{because}: expected {(int)expected}, got {(int)response.StatusCode} {response.Headers.Location}");

    public static void RedirectsTo(string pathStart, HttpResponseMessage response, string because)
    {
        var location = response.Headers.Location?.OriginalString ?? "";
        Assert.True(response.StatusCode == HttpStatusCode.Redirect && location.StartsWith(pathStart, StringComparison.Ordinal),
            $"{because}: expected a redirect to {pathStart}, got {(int)response.StatusCode} {location}");
    }

    /// <summary>The page's text with entities decoded, since Razor encodes æ, ø and å.</summary>
    public static async Task<string> TextAsync(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
}
