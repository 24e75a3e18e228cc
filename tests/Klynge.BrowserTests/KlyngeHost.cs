using Klynge.Web;
using Microsoft.Extensions.Configuration;
using Klynge.Core.Data;
using Klynge.Web.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Klynge.BrowserTests;

/// <summary>
/// The real web platform on Kestrel, on a free loopback port, over a fresh SQLite file holding the demo
/// country (default seed), plus one Chromium for the tests that share it.
/// </summary>
public sealed class KlyngeHost : IAsyncLifetime
{
    private readonly string databaseFile = Path.Combine(Path.GetTempPath(), $"klynge-browser-{Guid.NewGuid():N}.db");
    private string MailFolder => databaseFile + "-mail";
    private KlyngeFactory? factory;
    private IPlaywright? playwright;

    public Uri BaseAddress { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public IServiceProvider Services => factory!.Services;

    /// <summary>Where the journeys leave their full-page screenshots.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        factory = new KlyngeFactory($"Data Source={databaseFile}", MailFolder);
        factory.UseKestrel(0);
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)));

        // The factory stops Program's top-level code once the host is built, so the database is prepared here,
        // the same way the platform prepares it on its first start.
        await KlyngeWebApp.PrepareDatabaseAsync(Services, Services.GetRequiredService<IConfiguration>());

        Directory.CreateDirectory(ScreenshotFolder);
        Console.WriteLine($"Klynge at {BaseAddress}; screenshots in {ScreenshotFolder}");
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(BrowserTests.Browser.LaunchOptions());
    }

    /// <summary>A fresh browser context (own cookies) whose relative URLs resolve against the platform.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            Locale = "da-DK",
        });
        return await context.NewPageAsync();
    }

    /// <summary>Runs <paramref name="work"/> against the platform's own database.</summary>
    public async Task<T> InDatabaseAsync<T>(Func<KlyngeDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<KlyngeDbContext>());
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        if (factory is not null) await factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { databaseFile, databaseFile + "-wal", databaseFile + "-shm" })
            File.Delete(file);
        if (Directory.Exists(MailFolder)) Directory.Delete(MailFolder, recursive: true);
    }

    private sealed class KlyngeFactory(string connectionString, string mailFolder) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // Host settings reach KlyngeWebApp.Build before it reads the database settings, and win over appsettings.json.
            builder.UseSetting("Klynge:Database:Provider", "sqlite");
            builder.UseSetting("ConnectionStrings:Klynge", connectionString);
            builder.UseSetting("Klynge:Demo:LoadOnFirstStart", "true");
            builder.UseSetting("Klynge:Demo:Seed", DemoSetup.DefaultSeed.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // A small share of each list keeps the start quick; the journeys here do not read prescribing data.
            builder.UseSetting("Klynge:Demo:PrescribingScale", "0.01");
            // Mail the journeys cause goes to a folder of their own, never to the checkout's data/mail.
            builder.UseSetting("Klynge:Mail:PickupFolder", mailFolder);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class KlyngeHostCollection : ICollectionFixture<KlyngeHost>
{
    public const string Name = "Klynge web platform";
}
