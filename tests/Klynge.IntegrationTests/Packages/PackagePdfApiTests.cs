using System.Net;
using Klynge.Core.Data;
using Klynge.Core.Packages;
using Klynge.Core.Topics;
using Klynge.IntegrationTests.Web;
using Klynge.Printing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Klynge.IntegrationTests.Packages;

/// <summary><c>/api/packages/{id}.pdf</c>: who gets which print, that it is kept, and that a closed cluster's PDF names no peer.</summary>
public sealed class PackagePdfApiTests
{
    private static async Task<(WebTestHost Host, ClusterPackage ClosedDraft, ClusterPackage OpenPublished)> StartAsync(DatabaseProvider provider)
    {
        var host = await WebTestHost.StartAsync(provider);
        var library = host.Factory.Services.GetRequiredService<TopicLibrary>();
        await using var db = host.NewContext();
        await RegistryPackageFixture.WriteAsync(db, host.Registry, library);
        var closed = await RegistryPackageFixture.OrderAsync(db, library, host.Registry.ClusterC, publish: false);
        var open = await RegistryPackageFixture.OrderAsync(db, library, host.Registry.ClusterA, publish: true);
        return (host, closed, open);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Pdf_is_refused_to_those_who_may_not_see_the_package_and_to_partners_and_nothing_is_printed(DatabaseProvider provider)
    {
        var (host, closed, open) = await StartAsync(provider);
        await using var _ = host;

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous().GetAsync($"/api/packages/{closed.Id}.pdf")).StatusCode);
        // Cluster C is in Hovedstaden: not the regional analyst's, and a draft, so not yet for anyone but its coordinator.
        foreach (var user in new[] { TestRegistry.GpA, TestRegistry.StaffA, TestRegistry.CoordinatorA, TestRegistry.RegionalAnalyst, TestRegistry.Partner })
        {
            var client = await host.LoginAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/packages/{closed.Id}.pdf")).StatusCode);
        }
        var coordinatorC = await host.LoginAsync(TestRegistry.CoordinatorC);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinatorC.GetAsync($"/api/packages/{open.Id + 100}.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinatorC.GetAsync($"/api/packages/{open.Id}.pdf")).StatusCode);
        // The Aarhus partner may see cluster A's published package, but gets no PDF of it.
        var partner = await host.LoginAsync(TestRegistry.Partner);
        var refused = await partner.GetAsync($"/api/packages/{open.Id}.pdf");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("partners", await refused.Content.ReadAsStringAsync());

        await using var db = host.NewContext();
        Assert.Equal(0, await db.PackagePdfs.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.Action == "package.viewed"));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Closed_cluster_pdf_names_the_own_practice_and_no_peer_and_is_kept_for_the_next_viewer(DatabaseProvider provider)
    {
        var (host, closed, _) = await StartAsync(provider);
        await using var _ = host;
        var registry = host.Registry;

        // The analyst's print names every practice: the peer's name is in the package, only the view hides it.
        var analyst = await host.LoginAsync(TestRegistry.NationalAnalyst);
        var analystText = await RegistryPackageFixture.PdfTextAsync(await analyst.GetByteArrayAsync($"/api/packages/{closed.Id}.pdf"));
        Assert.Contains(registry.Amager.Name, analystText);
        Assert.Contains(registry.Vesterbro.Name, analystText);

        // The coordinator's print is made next, in the tab the analyst's was printed in: nothing of it may be left.
        var coordinator = await host.LoginAsync(TestRegistry.CoordinatorC);
        var response = await coordinator.GetAsync($"/api/packages/{closed.Id}.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("klyngepakke-antibiotics-2025-q2.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);

        var text = await RegistryPackageFixture.PdfTextAsync(pdf);
        Assert.Contains(registry.ClusterC.Name, text);
        Assert.Contains("Antibiotika", text);
        Assert.Contains(registry.Vesterbro.Name, text);
        Assert.DoesNotContain(registry.Amager.Name, text);
        Assert.DoesNotContain(registry.Amager.ProviderNumber, text);
        Assert.DoesNotContain("Amager", text);
        // The running header and the page numbers of the print.
        Assert.Contains($"{registry.ClusterC.Name} · Antibiotika", text);
        Assert.Contains("Data til og med 2025-Q2", text);
        Assert.Matches(@"side 1 af (\d+)", text);

        var again = await coordinator.GetByteArrayAsync($"/api/packages/{closed.Id}.pdf");
        Assert.Equal(pdf, again);

        await using var db = host.NewContext();
        var stored = await db.PackagePdfs.Where(p => p.PackageId == closed.Id).OrderBy(p => p.Audience).ToListAsync();
        Assert.Equal(["analyst", $"practice-{registry.Vesterbro.ProviderNumber}"], stored.Select(p => p.Audience));
        Assert.Equal(pdf, stored[1].Content);
        var views = await db.AuditEntries.Where(a => a.Action == "package.viewed").OrderBy(a => a.Id).Select(a => new { a.UserName, a.Details }).ToListAsync();
        Assert.Equal(
            [(TestRegistry.NationalAnalyst, "pdf as analyst"), (TestRegistry.CoordinatorC, "pdf as coordinator"), (TestRegistry.CoordinatorC, "pdf as coordinator")],
            views.Select(v => (v.UserName, v.Details)));
    }

    [Fact]
    public async Task With_warm_up_on_the_printer_has_the_shell_loaded_before_anyone_asks_for_a_pdf()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var warm = new KlyngeWebFactory(database) { WarmUpPrinter = true };
        await using var cold = new KlyngeWebFactory(database);
        warm.EnsureUsesTestDatabase();
        cold.EnsureUsesTestDatabase();

        var printer = warm.Services.GetRequiredService<PackagePrinter>();
        for (var waited = 0; printer.IdleTabs == 0 && waited < 600; waited++) await Task.Delay(100);

        Assert.Equal(1, printer.IdleTabs);
        // Test hosts leave it off: no Chromium is started for a test that never prints.
        Assert.Empty(cold.Services.GetServices<IHostedService>().OfType<Klynge.Web.Packages.PrinterWarmUp>());
    }

    [Fact]
    public async Task Without_Chromium_the_pdf_answers_503_naming_the_Debian_package()
    {
        var (host, closed, _) = await StartAsync(DatabaseProvider.Sqlite);
        await using var _ = host;
        await using var factory = host.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton(_ => new PackagePrinter(new PrinterOptions { ExecutablePath = "/nonexistent/chromium" }))));
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await WebTestHost.SubmitLoginAsync(client, TestRegistry.CoordinatorC, TestRegistry.Password);

        var response = await client.GetAsync($"/api/packages/{closed.Id}.pdf");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("/nonexistent/chromium", body);
        Assert.Contains("'chromium'", body);
        await using var db = host.NewContext();
        Assert.Equal(0, await db.PackagePdfs.CountAsync());
    }
}
