using Klynge.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Klynge.IntegrationTests.Web;

/// <summary>
/// The real web app over a test database: the database settings come from the test, and the demo
/// country is not loaded, so each test sees only the small registry it seeds itself.
/// </summary>
/// <remarks>
/// The factory finds the app by its assembly. <c>Program</c> cannot name it here because the CLI,
/// also referenced by this project, has a top-level <c>Program</c> of its own; any public class of
/// Klynge.Web leads to the same entry point.
/// </remarks>
public sealed class KlyngeWebFactory(TestDatabase database) : WebApplicationFactory<Klynge.Web.SharedResource>
{
    public TestDatabase Database { get; } = database;

    private Dictionary<string, string?> Settings => new()
    {
        ["Klynge:Database:Provider"] = Database.Provider == DatabaseProvider.Postgres ? "postgres" : "sqlite",
        ["ConnectionStrings:Klynge"] = Database.ConnectionString,
        ["Klynge:Demo:LoadOnFirstStart"] = "false",
        // Tests that send mail run the sender themselves, so nothing is sent behind their back.
        ["Klynge:Mail:BackgroundSending"] = "false",
        // A Chromium per test host would be started for nothing: tests that print start it when they print.
        ["Klynge:Printing:WarmUp"] = WarmUpPrinter ? "true" : "false",
    };

    /// <summary>Start Chromium with the print shell after start-up, as the app does by default.</summary>
    public bool WarmUpPrinter { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        // UseSetting reaches the configuration the app reads before Build (the database settings);
        // the in-memory source added last also wins over appsettings.json for anything read later.
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(Settings));
    }

    /// <summary>Starts the host and checks that it really talks to the test database, never to the default one.</summary>
    public void EnsureUsesTestDatabase()
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KlyngeDbContext>();
        var expected = Database.Provider == DatabaseProvider.Postgres ? "Npgsql.EntityFrameworkCore.PostgreSQL" : "Microsoft.EntityFrameworkCore.Sqlite";
        if (db.Database.ProviderName != expected || db.Database.GetConnectionString() != Database.ConnectionString)
            throw new InvalidOperationException($"The web host uses {db.Database.ProviderName} '{db.Database.GetConnectionString()}', not the test database.");
    }

    public HttpClient NewClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
}
