using System.Net;
using System.Text.RegularExpressions;
using Klynge.Core.Data;

namespace Klynge.IntegrationTests.Web;

/// <summary>One running web app over a fresh test database with the <see cref="TestRegistry"/> seeded.</summary>
public sealed partial class WebTestHost : IAsyncDisposable
{
    private WebTestHost(TestDatabase database, KlyngeWebFactory factory, TestRegistry registry)
    {
        Database = database;
        Factory = factory;
        Registry = registry;
    }

    public TestDatabase Database { get; }
    public KlyngeWebFactory Factory { get; }
    public TestRegistry Registry { get; }
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.Now);

    public static async Task<WebTestHost> StartAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var factory = new KlyngeWebFactory(database);
        try
        {
            factory.EnsureUsesTestDatabase();
            var registry = await TestRegistry.SeedAsync(database, factory.Services);
            return new WebTestHost(database, factory, registry);
        }
        catch
        {
            await factory.DisposeAsync();
            await database.DisposeAsync();
            throw;
        }
    }

    public KlyngeDbContext NewContext() => Database.NewContext();

    public HttpClient Anonymous() => Factory.NewClient();

    /// <summary>A client signed in through the log-in form, as a browser would be.</summary>
    public async Task<HttpClient> LoginAsync(string email, string password = TestRegistry.Password)
    {
        var client = Factory.NewClient();
        var response = await SubmitLoginAsync(client, email, password);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != "/")
            throw new InvalidOperationException($"Log-in as {email} gave {(int)response.StatusCode} {response.Headers.Location}.");
        return client;
    }

    public static async Task<HttpResponseMessage> SubmitLoginAsync(HttpClient client, string email, string password)
    {
        var token = await AntiforgeryTokenAsync(client, "/Account/Login");
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
    }

    /// <summary>Reads the antiforgery token from a page's form; tokens belong to the user, not the page.</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string pageUrl)
    {
        var response = await client.GetAsync(pageUrl);
        var html = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET {pageUrl} gave {(int)response.StatusCode}; no form to read a token from.");
        return TokenInput().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups["token"].Value)
            : throw new InvalidOperationException($"No antiforgery token on {pageUrl}.");
    }

    /// <summary>Posts a form with a token read from <paramref name="tokenPage"/> (default: the page posted to).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, IDictionary<string, string> fields, string? tokenPage = null)
    {
        var token = await AntiforgeryTokenAsync(client, tokenPage ?? url.Split('?')[0]);
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }

    [GeneratedRegex("""<input[^>]*name="__RequestVerificationToken"[^>]*value="(?<token>[^"]+)"|<input[^>]*value="(?<token>[^"]+)"[^>]*name="__RequestVerificationToken""")]
    private static partial Regex TokenInput();
}
