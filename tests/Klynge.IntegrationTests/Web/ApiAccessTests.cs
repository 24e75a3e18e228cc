using System.Net;
using System.Net.Http.Json;
using Klynge.Core.Data;
using Klynge.Web.Api;

namespace Klynge.IntegrationTests.Web;

public class ApiAccessTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stats_are_public_and_add_up_to_the_seeded_registry(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        var today = WebTestHost.Today;

        var stats = await host.Anonymous().GetFromJsonAsync<StatsDto>("/api/stats");

        var open = r.Practices.Where(p => p.IsOpenOn(today)).ToList();
        var members = r.Clusters.SelectMany(c => r.CurrentMembers(c, today)).ToList();
        Assert.NotNull(stats);
        Assert.Equal(r.Clusters.Count(c => r.CurrentMembers(c, today).Any()), stats.Clusters);
        Assert.Equal(open.Count, stats.Practices);
        Assert.Equal(open.Sum(p => r.GpsAt(p, today)), stats.Gps);
        Assert.Equal(open.Sum(p => p.ListedPatients), stats.Patients);
        Assert.Equal(Math.Round((double)members.Sum(p => r.GpsAt(p, today)) / open.Sum(p => r.GpsAt(p, today)), 4), stats.Coverage);

        var midt = stats.Regions.Single(x => x.Code == TestRegistry.Midtjylland);
        var midtOpen = open.Where(p => p.MunicipalityCode is TestRegistry.Aarhus or TestRegistry.Randers).ToList();
        Assert.Equal(2, midt.Clusters);
        Assert.Equal(midtOpen.Count, midt.Practices);
        Assert.Equal(midtOpen.Sum(p => r.GpsAt(p, today)), midt.Gps);
        Assert.Equal(midtOpen.Sum(p => p.ListedPatients), midt.Patients);
        Assert.All(stats.Regions.Where(x => x.Code is not (TestRegistry.Midtjylland or TestRegistry.Hovedstaden)), x => Assert.Equal(0, x.Practices));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Cluster_list_shows_each_user_exactly_the_clusters_in_their_scope(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);

        var anonymous = await host.Anonymous().GetAsync("/api/clusters");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Null(anonymous.Headers.Location);

        foreach (var (user, expected) in host.Registry.VisibleClusters)
        {
            var client = await host.LoginAsync(user);
            var clusters = await client.GetFromJsonAsync<List<ClusterDto>>("/api/clusters");
            Assert.NotNull(clusters);
            Assert.True(expected.Order().SequenceEqual(clusters.Select(c => c.Id).Order()),
                $"{user} sees [{string.Join(",", clusters.Select(c => c.Id))}], expected [{string.Join(",", expected)}]");
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Single_cluster_is_refused_out_of_scope_and_has_the_right_figures_in_scope(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        var today = WebTestHost.Today;

        foreach (var user in TestRegistry.AllUsers)
        {
            var client = await host.LoginAsync(user);
            foreach (var cluster in r.Clusters)
            {
                var response = await client.GetAsync($"/api/clusters/{cluster.Id}");
                if (!r.VisibleClusters[user].Contains(cluster.Id))
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{user} on cluster {cluster.Id}: {(int)response.StatusCode}");
                    continue;
                }
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{user} on cluster {cluster.Id}: {(int)response.StatusCode}");
                var dto = await response.Content.ReadFromJsonAsync<ClusterDto>();
                var members = r.CurrentMembers(cluster, today).ToList();
                Assert.NotNull(dto);
                Assert.Equal(cluster.Name, dto.Name);
                Assert.Equal(cluster.RegionCode, dto.Region.Code);
                Assert.Equal(members.Count, dto.Practices);
                Assert.Equal(members.Sum(p => r.GpsAt(p, today)), dto.Gps);
                // Members and coordinators of a closed cluster get its listed patients to the nearest 1,000.
                var patients = members.Sum(p => p.ListedPatients);
                var rounded = cluster.DataSharing == Klynge.Core.Registry.DataSharing.Closed && user is TestRegistry.GpA or TestRegistry.StaffA or TestRegistry.CoordinatorA or TestRegistry.CoordinatorC;
                Assert.Equal(rounded ? (int)Math.Round(patients / 1000.0, MidpointRounding.AwayFromZero) * 1000 : patients, dto.Patients);
                Assert.Equal(r.Roles.Where(x => x.ClusterId == cluster.Id).Select(x => x.Person!.FullName), dto.Coordinators);
            }
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/clusters/999999")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous().GetAsync($"/api/clusters/{r.ClusterA.Id}")).StatusCode);
    }
}
