using System.Net;
using Klynge.Core.Data;
using Klynge.Core.Registry;
using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Web;

public class ClusterAdministrationTests
{
    private static readonly DateOnly JoinDate = new(2025, 3, 1);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Coordinator_adds_an_unattached_practice_and_the_change_is_audited(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        var client = await host.LoginAsync(TestRegistry.CoordinatorA);

        var response = await AddAsync(client, r.ClusterA, r.Skejby.ProviderNumber, JoinDate);

        WebAssert.RedirectsTo($"/Clusters/{r.ClusterA.Id}/Members", response, "adding an open practice");
        await using var db = host.NewContext();
        var membership = await db.ClusterMemberships.SingleAsync(m => m.PracticeId == r.Skejby.Id);
        Assert.Equal(r.ClusterA.Id, membership.ClusterId);
        Assert.Equal(JoinDate, membership.ValidFrom);
        Assert.Null(membership.ValidTo);
        var audit = await db.AuditEntries.SingleAsync(e => e.Action == "membership.add");
        Assert.Equal(TestRegistry.CoordinatorA, audit.UserName);
        Assert.Equal(r.ClusterA.Id.ToString(), audit.EntityId);
        Assert.Contains(r.Skejby.ProviderNumber, audit.Details);

        var page = await WebAssert.TextAsync(await client.GetAsync($"/Clusters/{r.ClusterA.Id}/Members"));
        Assert.Contains($"data-provider-number=\"{r.Skejby.ProviderNumber}\"", page);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Users_who_may_not_manage_a_cluster_are_refused_and_nothing_changes(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        var before = await SnapshotAsync(host);
        var vesterbroInC = r.Memberships.Single(m => m.PracticeId == r.Vesterbro.Id).Id;
        var norregadeInA = r.Memberships.Single(m => m.PracticeId == r.Norregade.Id).Id;

        var attempts = new (string User, Cluster Cluster, int MembershipId, string TokenPage)[]
        {
            (TestRegistry.CoordinatorA, r.ClusterC, vesterbroInC, $"/Clusters/{r.ClusterA.Id}/Members"),
            (TestRegistry.RegionalAnalyst, r.ClusterC, vesterbroInC, $"/Clusters/{r.ClusterA.Id}/Members"),
            (TestRegistry.CoordinatorC, r.ClusterA, norregadeInA, $"/Clusters/{r.ClusterC.Id}/Members"),
            (TestRegistry.GpA, r.ClusterA, norregadeInA, "/Account/Manage"),
            (TestRegistry.StaffA, r.ClusterA, norregadeInA, "/Account/Manage"),
            (TestRegistry.Partner, r.ClusterA, norregadeInA, "/Account/Manage"),
        };
        foreach (var (user, cluster, membershipId, tokenPage) in attempts)
        {
            var client = await host.LoginAsync(user);
            var members = $"/Clusters/{cluster.Id}/Members";
            WebAssert.Refused(await client.GetAsync(members), $"{user} opening {members}");
            WebAssert.Refused(await AddAsync(client, cluster, r.Skejby.ProviderNumber, JoinDate, tokenPage), $"{user} adding to {cluster.Name}");
            WebAssert.Refused(await RemoveAsync(client, cluster, membershipId, WebTestHost.Today.AddDays(1), tokenPage), $"{user} removing from {cluster.Name}");
            WebAssert.Refused(await client.GetAsync($"/Clusters/{cluster.Id}/Roles"), $"{user} opening the roles of {cluster.Name}");
            WebAssert.Refused(await client.GetAsync($"/Clusters/{cluster.Id}/Settings"), $"{user} opening the settings of {cluster.Name}");
        }

        Assert.Equal(before, await SnapshotAsync(host));

        // The regional analyst manages the clusters of the own region.
        var analyst = await host.LoginAsync(TestRegistry.RegionalAnalyst);
        WebAssert.Status(HttpStatusCode.OK, await analyst.GetAsync($"/Clusters/{r.ClusterA.Id}/Members"), "regional analyst on A's members");
        WebAssert.RedirectsTo($"/Clusters/{r.ClusterA.Id}/Members", await AddAsync(analyst, r.ClusterA, r.Skejby.ProviderNumber, JoinDate), "regional analyst adding to A");
        await using var db = host.NewContext();
        Assert.Equal(r.ClusterA.Id, (await db.ClusterMemberships.SingleAsync(m => m.PracticeId == r.Skejby.Id)).ClusterId);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Invalid_additions_show_the_reason_and_change_nothing(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        var client = await host.LoginAsync(TestRegistry.CoordinatorA);
        var before = await SnapshotAsync(host);
        var today = WebTestHost.Today;

        var cases = new (string ProviderNumber, DateOnly From, string Message)[]
        {
            ("999999", today, "Der findes ingen praksis med ydernummer 999999."),
            ("12ab56", today, "Ydernummeret skal være seks cifre."),
            ("1234567", today, "Ydernummeret skal være seks cifre."),
            (r.Klostergade.ProviderNumber, today, $"{r.Klostergade.Name} ({r.Klostergade.ProviderNumber}) er ikke åben den {today:yyyy-MM-dd}."),
            (r.RandersCenter.ProviderNumber, JoinDate, $"{r.RandersCenter.Name} ({r.RandersCenter.ProviderNumber}) kan ikke tilføjes: praksissen er medlem af en anden klynge i perioden."),
            (r.Norregade.ProviderNumber, JoinDate, $"{r.Norregade.Name} ({r.Norregade.ProviderNumber}) er allerede medlem af klyngen."),
        };
        foreach (var (providerNumber, from, message) in cases)
        {
            var response = await AddAsync(client, r.ClusterA, providerNumber, from);
            WebAssert.Status(HttpStatusCode.OK, response, $"adding {providerNumber}");
            Assert.Contains(message, await WebAssert.TextAsync(response));
        }

        Assert.Equal(before, await SnapshotAsync(host));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Adding_another_clusters_member_is_refused_without_naming_that_cluster_or_its_region(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        var client = await host.LoginAsync(TestRegistry.CoordinatorA);
        var before = await SnapshotAsync(host);
        string hovedstaden;
        await using (var db = host.NewContext())
            hovedstaden = await db.Regions.Where(x => x.Code == TestRegistry.Hovedstaden).Select(x => x.Name).SingleAsync();

        // B is in A's region, C in another; neither is named, nor is C's region.
        var cases = new (Practice Practice, string[] Unsaid)[]
        {
            (r.RandersCenter, [r.ClusterB.Name]),
            (r.Vesterbro, [r.ClusterC.Name, hovedstaden]),
        };
        foreach (var (practice, unsaid) in cases)
        {
            var response = await AddAsync(client, r.ClusterA, practice.ProviderNumber, WebTestHost.Today);
            WebAssert.Status(HttpStatusCode.OK, response, $"adding {practice.Name}");
            var page = await WebAssert.TextAsync(response);
            Assert.Contains($"{practice.Name} ({practice.ProviderNumber}) kan ikke tilføjes: praksissen er medlem af en anden klynge i perioden.", page);
            foreach (var text in unsaid) Assert.DoesNotContain(text, page);
        }

        Assert.Equal(before, await SnapshotAsync(host));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Removing_a_member_ends_the_membership_and_keeps_the_row(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        var client = await host.LoginAsync(TestRegistry.CoordinatorA);
        var membership = r.Memberships.Single(m => m.PracticeId == r.Norregade.Id);
        var leaveOn = WebTestHost.Today.AddDays(1);
        await using var db = host.NewContext();
        var rows = await db.ClusterMemberships.CountAsync();

        // Ids of another cluster's rows are not accepted through the own cluster's pages.
        var foreignMembership = r.Memberships.Single(m => m.PracticeId == r.Vesterbro.Id);
        var viaOwnPage = await RemoveAsync(client, r.ClusterA, foreignMembership.Id, leaveOn);
        WebAssert.Status(HttpStatusCode.OK, viaOwnPage, "removing C's member through A's page");
        Assert.Contains("Medlemskabet findes ikke i denne klynge.", await WebAssert.TextAsync(viaOwnPage));
        var foreignRole = r.Roles.Single(x => x.ClusterId == r.ClusterC.Id);
        var roleViaOwnPage = await WebTestHost.PostFormAsync(client, $"/Clusters/{r.ClusterA.Id}/Roles?handler=End",
            Form(("roleId", foreignRole.Id.ToString()), ("endOn", Iso(leaveOn))));
        WebAssert.Status(HttpStatusCode.OK, roleViaOwnPage, "ending C's coordinator through A's page");
        Assert.Contains("Rollen findes ikke eller er allerede afsluttet.", await WebAssert.TextAsync(roleViaOwnPage));
        Assert.Null((await db.ClusterMemberships.AsNoTracking().SingleAsync(m => m.Id == foreignMembership.Id)).ValidTo);
        Assert.Null((await db.ClusterRoles.AsNoTracking().SingleAsync(x => x.Id == foreignRole.Id)).ValidTo);

        var response = await RemoveAsync(client, r.ClusterA, membership.Id, leaveOn);

        WebAssert.RedirectsTo($"/Clusters/{r.ClusterA.Id}/Members", response, "removing a member");
        var after = await db.ClusterMemberships.AsNoTracking().SingleAsync(m => m.Id == membership.Id);
        Assert.Equal(leaveOn, after.ValidTo);
        Assert.Equal(membership.ValidFrom, after.ValidFrom);
        Assert.Equal(rows, await db.ClusterMemberships.CountAsync());
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "membership.end" && e.UserName == TestRegistry.CoordinatorA));

        var again = await RemoveAsync(client, r.ClusterA, membership.Id, leaveOn);
        WebAssert.Status(HttpStatusCode.OK, again, "removing the same member twice");
        Assert.Contains($"Medlemskabet sluttede allerede den {leaveOn:yyyy-MM-dd}.", await WebAssert.TextAsync(again));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Last_coordinator_stays_until_a_successor_is_added(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        var client = await host.LoginAsync(TestRegistry.CoordinatorA);
        var karen = r.Roles.Single(x => x.ClusterId == r.ClusterA.Id).Id;
        var endOn = WebTestHost.Today.AddDays(1);
        var roles = $"/Clusters/{r.ClusterA.Id}/Roles";

        var refused = await WebTestHost.PostFormAsync(client, roles + "?handler=End", Form(("roleId", karen.ToString()), ("endOn", Iso(endOn))));
        WebAssert.Status(HttpStatusCode.OK, refused, "ending the only coordinator");
        Assert.Contains("Klyngen skal have mindst én koordinator", await WebAssert.TextAsync(refused));
        await using (var db = host.NewContext())
            Assert.Null((await db.ClusterRoles.SingleAsync(x => x.Id == karen)).ValidTo);

        var added = await WebTestHost.PostFormAsync(client, roles + "?handler=Add",
            Form(("personId", r.AnneHolm.Id.ToString()), ("kind", nameof(ClusterRoleKind.Coordinator)), ("from", Iso(WebTestHost.Today))));
        WebAssert.RedirectsTo(roles, added, "adding a co-coordinator");
        var ended = await WebTestHost.PostFormAsync(client, roles + "?handler=End", Form(("roleId", karen.ToString()), ("endOn", Iso(endOn))));
        WebAssert.RedirectsTo(roles, ended, "ending the first coordinator once there is another");

        await using var check = host.NewContext();
        var current = await check.ClusterRoles.Where(x => x.ClusterId == r.ClusterA.Id).OrderBy(x => x.Id).ToListAsync();
        Assert.Equal(2, current.Count);
        Assert.Equal((r.KarenDahl.Id, (DateOnly?)endOn), (current[0].PersonId, current[0].ValidTo));
        Assert.Equal((r.AnneHolm.Id, ClusterRoleKind.Coordinator, WebTestHost.Today, (DateOnly?)null), (current[1].PersonId, current[1].Kind, current[1].ValidFrom, current[1].ValidTo));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Post_without_antiforgery_token_is_rejected_and_changes_nothing(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        var client = await host.LoginAsync(TestRegistry.CoordinatorA);
        var before = await SnapshotAsync(host);

        var response = await client.PostAsync($"/Clusters/{r.ClusterA.Id}/Members?handler=Add",
            new FormUrlEncodedContent(Form(("providerNumber", r.Skejby.ProviderNumber), ("from", Iso(JoinDate)))));

        WebAssert.Status(HttpStatusCode.BadRequest, response, "post without a token");
        Assert.Equal(before, await SnapshotAsync(host));
    }

    internal static Task<HttpResponseMessage> AddAsync(HttpClient client, Cluster cluster, string providerNumber, DateOnly from, string? tokenPage = null) =>
        WebTestHost.PostFormAsync(client, $"/Clusters/{cluster.Id}/Members?handler=Add",
            Form(("providerNumber", providerNumber), ("from", Iso(from))), tokenPage);

    private static Task<HttpResponseMessage> RemoveAsync(HttpClient client, Cluster cluster, int membershipId, DateOnly leaveOn, string? tokenPage = null) =>
        WebTestHost.PostFormAsync(client, $"/Clusters/{cluster.Id}/Members?handler=Remove",
            Form(("membershipId", membershipId.ToString()), ("leaveOn", Iso(leaveOn))), tokenPage);

    internal static Dictionary<string, string> Form(params (string Name, string Value)[] fields) => fields.ToDictionary(f => f.Name, f => f.Value);

    internal static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd");

    /// <summary>Every membership row and the count of membership changes in the audit log, to compare before and after.</summary>
    private static async Task<string> SnapshotAsync(WebTestHost host)
    {
        await using var db = host.NewContext();
        var rows = await db.ClusterMemberships.AsNoTracking().OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.ClusterId, m.PracticeId, m.ValidFrom, m.ValidTo }).ToListAsync();
        var audited = await db.AuditEntries.CountAsync(e => e.Action.StartsWith("membership."));
        return string.Join("\n", rows.Select(m => $"{m.Id} {m.ClusterId} {m.PracticeId} {m.ValidFrom} {m.ValidTo}")) + $"\naudit {audited}";
    }
}
