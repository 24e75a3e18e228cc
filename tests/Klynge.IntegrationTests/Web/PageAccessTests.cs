using System.Net;
using Klynge.Core.Data;

namespace Klynge.IntegrationTests.Web;

public class PageAccessTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Cluster_pages_open_in_scope_only_and_partners_see_no_member_list(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        var memberName = r.Norregade.Name;

        WebAssert.RedirectsTo("http://localhost/Account/Login", await host.Anonymous().GetAsync($"/Clusters/{r.ClusterA.Id}"), "anonymous");

        foreach (var user in TestRegistry.AllUsers)
        {
            var client = await host.LoginAsync(user);
            var list = await WebAssert.TextAsync(await client.GetAsync("/Clusters"));
            foreach (var cluster in r.Clusters)
                Assert.True(list.Contains(cluster.Name) == r.VisibleClusters[user].Contains(cluster.Id), $"{user}: /Clusters lists {cluster.Name} = {list.Contains(cluster.Name)}");
            foreach (var cluster in r.Clusters)
            {
                var response = await client.GetAsync($"/Clusters/{cluster.Id}");
                if (!r.VisibleClusters[user].Contains(cluster.Id))
                {
                    WebAssert.Refused(response, $"{user} on /Clusters/{cluster.Id}");
                    continue;
                }
                WebAssert.Status(HttpStatusCode.OK, response, $"{user} on /Clusters/{cluster.Id}");
                var html = await WebAssert.TextAsync(response);
                Assert.Contains(cluster.Name, html);
                if (cluster == r.ClusterA)
                {
                    // Partners see key figures only; everyone else in scope sees who the members are.
                    Assert.True(html.Contains(memberName) == (user != TestRegistry.Partner), $"{user}: member names shown = {html.Contains(memberName)}");
                }
            }
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Audit_log_is_for_admins_and_practice_pages_for_their_people_and_coordinators(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;

        WebAssert.RedirectsTo("http://localhost/Account/Login", await host.Anonymous().GetAsync("/Admin/Audit"), "anonymous on the audit log");
        foreach (var user in TestRegistry.AllUsers)
        {
            var client = await host.LoginAsync(user);
            var audit = await client.GetAsync("/Admin/Audit");
            if (user == TestRegistry.Admin) WebAssert.Status(HttpStatusCode.OK, audit, "admin on the audit log");
            else WebAssert.Refused(audit, $"{user} on the audit log");
        }

        var norregade = $"/Practices/{r.Norregade.Id}";
        var gp = await host.LoginAsync(TestRegistry.GpA);
        var coordinator = await host.LoginAsync(TestRegistry.CoordinatorA);
        var ownPage = await gp.GetAsync(norregade);
        WebAssert.Status(HttpStatusCode.OK, ownPage, "GP on the own practice");
        Assert.Contains(r.NinaKrog.FullName, await WebAssert.TextAsync(ownPage));
        WebAssert.Status(HttpStatusCode.OK, await coordinator.GetAsync(norregade), "coordinator of the practice's cluster");
        WebAssert.Refused(await gp.GetAsync($"/Practices/{r.Trojborg.Id}"), "GP on another practice in the same cluster");
        WebAssert.Refused(await (await host.LoginAsync(TestRegistry.Partner)).GetAsync(norregade), "partner on a practice");
        WebAssert.Refused(await (await host.LoginAsync(TestRegistry.CoordinatorC)).GetAsync(norregade), "coordinator of another cluster");
        WebAssert.Refused(await coordinator.GetAsync($"/Practices/{r.Skejby.Id}"), "coordinator on a practice outside the cluster");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Front_page_is_public_and_in_Danish_by_default(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);

        var response = await host.Anonymous().GetAsync("/");

        WebAssert.Status(HttpStatusCode.OK, response, "front page");
        var html = await WebAssert.TextAsync(response);
        Assert.Contains("<html lang=\"da\">", html);
        Assert.Contains("Kvalitetsklynger i almen praksis", html);
    }
}
