using System.Globalization;
using System.Text.RegularExpressions;
using Klynge.Core.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Klynge.BrowserTests;

/// <summary>What people in each role do on the platform, clicked through in Chromium against the demo country.</summary>
[Collection(KlyngeHostCollection.Name)]
public partial class UserJourneyTests(KlyngeHost host)
{
    [GeneratedRegex(@"/Clusters/(\d+)$")]
    private static partial Regex ClusterPage();

    [Fact]
    public async Task Coordinator_adds_a_practice_and_then_removes_it()
    {
        const string test = "coordinator";
        var page = await host.NewPageAsync();
        await Journey.LogInAsync(page, "koordinator@klynge-demo.dk");
        await Journey.ScreenshotAsync(page, test, "1-signed-in");

        await page.Locator("header nav").GetByRole(AriaRole.Link, new() { Name = "Min klynge" }).ClickAsync();
        await page.WaitForURLAsync(ClusterPage());
        var clusterId = int.Parse(ClusterPage().Match(page.Url).Groups[1].Value, CultureInfo.InvariantCulture);
        await Journey.ScreenshotAsync(page, test, "2-my-cluster");

        await page.GetByRole(AriaRole.Link, new() { Name = "Administrer medlemmer" }).ClickAsync();
        await page.WaitForURLAsync($"**/Clusters/{clusterId}/Members");
        await Journey.ScreenshotAsync(page, test, "3-members");

        // The server's today is the form's default start date; working from it keeps the test independent of the clock.
        var from = page.GetByLabel("Medlem fra");
        var today = DateOnly.ParseExact(await from.InputValueAsync(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var yesterday = today.AddDays(-1);
        var tomorrow = today.AddDays(1);
        var practice = await UnclusteredPracticeAsync(yesterday);
        var earlier = (await MembershipsAsync(practice.Id)).Select(m => m.Id).ToHashSet();

        // A start yesterday lets the practice leave today later, which is when it drops out of the current members.
        await page.GetByLabel("Ydernummer").FillAsync(practice.ProviderNumber);
        await from.FillAsync(yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Tilføj", Exact = true }).ClickAsync();
        await page.Locator("main .notice[role=status]", new() { HasText = $"Praksis {practice.ProviderNumber} er tilføjet." }).WaitForAsync();
        var current = page.Locator("h2:has-text('Nuværende medlemmer') + table");
        var row = current.Locator($"tr[data-provider-number='{practice.ProviderNumber}']");
        Assert.Equal(1, await row.CountAsync());
        Assert.Contains(practice.Name, await row.InnerTextAsync());
        await Journey.ScreenshotAsync(page, test, "4-added");

        var membership = Assert.Single(await MembershipsAsync(practice.Id), m => !earlier.Contains(m.Id));
        Assert.Equal((clusterId, yesterday, (DateOnly?)null), (membership.ClusterId, membership.ValidFrom, membership.ValidTo));

        // Leaving tomorrow: the practice is still a member today, so it stays listed, marked with the day it leaves.
        var leaveOn = row.Locator("input[name=leaveOn]");
        Assert.Equal(tomorrow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), await leaveOn.InputValueAsync());
        await leaveOn.FillAsync(tomorrow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await row.GetByRole(AriaRole.Button, new() { Name = "Udmeld" }).ClickAsync();
        await page.Locator("main .notice[role=status]", new() { HasText = "Praksis er udmeldt." }).WaitForAsync();
        Assert.Equal(tomorrow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            await row.Locator("[data-leaves]").GetAttributeAsync("data-leaves"));
        await Journey.ScreenshotAsync(page, test, "5-leaves-tomorrow");
        Assert.Equal(tomorrow, Assert.Single(await MembershipsAsync(practice.Id), m => m.Id == membership.Id).ValidTo);

        // Bringing the leave day forward to today moves the practice from the current members to the history.
        await row.Locator("input[name=leaveOn]").FillAsync(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await row.GetByRole(AriaRole.Button, new() { Name = "Udmeld" }).ClickAsync();
        await page.Locator("main .notice[role=status]", new() { HasText = "Praksis er udmeldt." }).WaitForAsync();
        await row.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        var history = page.Locator("h2:has-text('Historik') + table");
        Assert.Equal(1, await history.Locator("tr", new() { HasText = practice.ProviderNumber }).CountAsync());
        await Journey.ScreenshotAsync(page, test, "6-left-today");

        var ended = Assert.Single(await MembershipsAsync(practice.Id), m => !earlier.Contains(m.Id));
        Assert.Equal((membership.Id, yesterday, (DateOnly?)today), (ended.Id, ended.ValidFrom, ended.ValidTo));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task GP_sees_own_cluster_and_practice_but_not_the_audit_log()
    {
        const string test = "gp";
        var (personName, practiceId, practiceName) = await host.InDatabaseAsync(async db =>
        {
            var personId = await db.Users.Where(u => u.Email == "laege@klynge-demo.dk").Select(u => u.PersonId).SingleAsync();
            var affiliation = await db.PracticeAffiliations.Include(a => a.Person).Include(a => a.Practice)
                .Where(a => a.PersonId == personId && a.Role == PracticeRole.OwnerGp && a.ValidTo == null).SingleAsync();
            return (affiliation.Person!.FirstName + " " + affiliation.Person.LastName, affiliation.PracticeId, affiliation.Practice!.Name);
        });
        var page = await host.NewPageAsync();
        await Journey.LogInAsync(page, "laege@klynge-demo.dk");

        await page.Locator("header nav").GetByRole(AriaRole.Link, new() { Name = "Min klynge" }).ClickAsync();
        await page.WaitForURLAsync(ClusterPage());
        var members = page.Locator("h2:text-is('Medlemmer') + table");
        await members.WaitForAsync();
        Assert.True(await members.Locator("tbody tr").CountAsync() > 1, "the member table lists the cluster's practices");
        await Journey.ScreenshotAsync(page, test, "1-my-cluster");

        // Practice names repeat across the country (and even within a cluster), so the link is found by its address.
        var ownPractice = members.Locator($"a[href='/Practices/{practiceId}']");
        Assert.Equal(practiceName, await ownPractice.InnerTextAsync());
        await ownPractice.ClickAsync();
        await page.WaitForURLAsync($"**/Practices/{practiceId}");
        Assert.Equal(practiceName, await page.Locator("h1").InnerTextAsync());
        var staff = page.Locator("h2:has-text('Læger og personale') + table");
        await staff.Locator("tr", new() { HasText = personName }).WaitForAsync();
        Assert.True(await staff.Locator("tbody tr").CountAsync() >= 2, "the practice lists its GP and its staff");
        await Journey.ScreenshotAsync(page, test, "2-own-practice");

        await page.GotoAsync("/Admin/Audit");
        await page.WaitForURLAsync("**/Account/AccessDenied**");
        Assert.Equal("Ingen adgang", await page.Locator("h1").InnerTextAsync());
        await Journey.ScreenshotAsync(page, test, "3-audit-refused");

        await page.Locator("header").GetByRole(AriaRole.Button, new() { Name = "Log ud" }).ClickAsync();
        await page.Locator("header").GetByRole(AriaRole.Link, new() { Name = "Log ind" }).WaitForAsync();
        Assert.Equal(0, await page.Locator("header a.user").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Partner_sees_key_figures_but_no_member_table()
    {
        const string test = "partner";
        var page = await host.NewPageAsync();
        await Journey.LogInAsync(page, "kommune@klynge-demo.dk");

        await page.Locator("header nav").GetByRole(AriaRole.Link, new() { Name = "Klynger" }).ClickAsync();
        await page.WaitForURLAsync("**/Clusters");
        var first = page.Locator("main table tbody tr a[href^='/Clusters/']").First;
        var name = await first.InnerTextAsync();
        await Journey.ScreenshotAsync(page, test, "1-cluster-list");

        await first.ClickAsync();
        await page.WaitForURLAsync(ClusterPage());
        var clusterId = int.Parse(ClusterPage().Match(page.Url).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.StartsWith(name, await page.Locator("h1").InnerTextAsync());

        var today = DateOnly.FromDateTime(host.Services.GetRequiredService<TimeProvider>().GetLocalNow().DateTime);
        var memberCount = await host.InDatabaseAsync(db => db.ClusterMemberships.CountAsync(m =>
            m.ClusterId == clusterId && m.ValidFrom <= today && (m.ValidTo == null || m.ValidTo > today)));
        Assert.True(memberCount > 0);
        Assert.Equal(memberCount.ToString(CultureInfo.InvariantCulture), await page.Locator("dd[data-figure=practices]").InnerTextAsync());
        Assert.NotEqual("0", await page.Locator("dd[data-figure=gps]").InnerTextAsync());
        Assert.Equal(0, await page.Locator("main table").CountAsync());
        Assert.Equal(0, await page.Locator("main a[href^='/Practices/']").CountAsync());
        await page.GetByText("Som samarbejdspartner ser du klyngens nøgletal").WaitForAsync();
        await Journey.ScreenshotAsync(page, test, "2-cluster");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Language_switch_goes_to_English_and_back()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync("/");
        Assert.Equal("Kvalitetsklynger i almen praksis", await page.Locator("h1").InnerTextAsync());

        await page.Locator("header").GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await page.Locator("h1", new() { HasText = "Quality clusters in general practice" }).WaitForAsync();
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        // The cluster-size bands are built from a format text, which must be translated as a whole.
        Assert.Equal("20-29 GPs", await page.Locator(".bar span", new() { HasText = "20-29" }).InnerTextAsync());
        await Journey.ScreenshotAsync(page, "language", "1-english");

        await page.Locator("header").GetByRole(AriaRole.Button, new() { Name = "Dansk" }).ClickAsync();
        await page.Locator("h1", new() { HasText = "Kvalitetsklynger i almen praksis" }).WaitForAsync();
        Assert.Equal("da", await page.Locator("html").GetAttributeAsync("lang"));
        await page.Context.CloseAsync();
    }

    /// <summary>An open practice with no membership from <paramref name="day"/> on; made in the database if the demo has none.</summary>
    private Task<Practice> UnclusteredPracticeAsync(DateOnly day) => host.InDatabaseAsync(async db =>
    {
        var found = await db.Practices.AsNoTracking()
            .Where(p => p.OpenedOn <= day && p.ClosedOn == null && !p.Memberships.Any(m => m.ValidTo == null || m.ValidTo > day))
            .OrderBy(p => p.Id).FirstOrDefaultAsync();
        if (found is not null) return found;
        var made = new Practice
        {
            ProviderNumber = "999001", Name = "Lægerne på Prøvevej", MunicipalityCode = await db.Municipalities.Select(m => m.Code).FirstAsync(),
            OpenedOn = day.AddYears(-5), ListedPatients = 1500,
        };
        db.Practices.Add(made);
        await db.SaveChangesAsync();
        return made;
    });

    private Task<List<ClusterMembership>> MembershipsAsync(int practiceId) =>
        host.InDatabaseAsync(db => db.ClusterMemberships.AsNoTracking().Where(m => m.PracticeId == practiceId).ToListAsync());
}
