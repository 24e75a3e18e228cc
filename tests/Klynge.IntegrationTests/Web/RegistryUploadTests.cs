using System.Net;
using System.Text;
using Klynge.Core.Data;
using Klynge.Core.Registry;
using Klynge.Core.Registry.Import;
using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Web;

public class RegistryUploadTests
{
    private const string Practices = "practice_id,name,municipality_code,opened_on,closed_on\n400001,\"Lægerne Viby, Torv\",751,2010-01-01,\n400002,Lægehuset Tranbjerg,751,2012-05-01,\n";
    private const string Clusters = "cluster_id,name,region_code,data_sharing\n201,Klynge Aarhus Syd,1082,closed\n";
    private const string Memberships = "practice_id,cluster_id,valid_from,valid_to\n400001,201,2021-01-01,\n400002,201,2021-01-01,\n";

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task National_analyst_uploads_the_registry_files_and_they_land_once(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var analyst = await host.LoginAsync(TestRegistry.NationalAnalyst);

        var first = await UploadAsync(analyst, Practices, Clusters, Memberships);
        WebAssert.Status(HttpStatusCode.OK, first, "uploading valid files");
        Assert.Contains("data-import=\"succeeded\"", await first.Content.ReadAsStringAsync());

        await using (var db = host.NewContext())
        {
            var cluster = await db.Clusters.SingleAsync(c => c.Id == 201);
            Assert.Equal(("Klynge Aarhus Syd", 1082, DataSharing.Closed), (cluster.Name, cluster.RegionCode, cluster.DataSharing));
            Assert.Equal(["400001", "400002"], await db.ClusterMemberships.Where(m => m.ClusterId == 201)
                .Select(m => m.Practice!.ProviderNumber).OrderBy(p => p).ToListAsync());
            Assert.Equal("Lægerne Viby, Torv", (await db.Practices.SingleAsync(p => p.ProviderNumber == "400001")).Name);
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == RegistryImporter.AuditAction && e.UserName == TestRegistry.NationalAnalyst));
        }

        var again = await UploadAsync(analyst, Practices, Clusters, Memberships);
        Assert.Contains("data-import=\"succeeded\"", await again.Content.ReadAsStringAsync());
        await using (var db = host.NewContext())
            Assert.Equal(2, await db.ClusterMemberships.CountAsync(m => m.ClusterId == 201));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_bad_row_is_reported_with_its_line_and_nothing_lands(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var admin = await host.LoginAsync(TestRegistry.Admin);
        var badPractices = Practices.Replace("400002,", "40002,");

        var response = await UploadAsync(admin, badPractices, Clusters, Memberships);

        var html = await WebAssert.TextAsync(response);
        Assert.Contains("data-import=\"failed\"", html);
        Assert.Contains("40002", html);
        Assert.Contains("practices.csv", html);
        await using var db = host.NewContext();
        Assert.False(await db.Clusters.AnyAsync(c => c.Id == 201));
        Assert.False(await db.Practices.AnyAsync(p => p.ProviderNumber == "400001"));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Regional_analysts_and_coordinators_cannot_import(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);

        var regional = await host.LoginAsync(TestRegistry.RegionalAnalyst);
        Assert.Contains("forbeholdt nationale analytikere", await WebAssert.TextAsync(await regional.GetAsync("/Registry/Import")));
        WebAssert.Refused(await UploadAsync(regional, Practices, Clusters, Memberships), "regional analyst uploading");

        var coordinator = await host.LoginAsync(TestRegistry.CoordinatorA);
        WebAssert.Refused(await coordinator.GetAsync("/Registry/Import"), "coordinator opening the import page");

        await using var db = host.NewContext();
        Assert.False(await db.Clusters.AnyAsync(c => c.Id == 201));
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string practices, string clusters, string memberships)
    {
        // The token belongs to the user, so any page with a form gives one, also to users who may not import.
        var token = await WebTestHost.AntiforgeryTokenAsync(client, "/Account/Manage");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { File(practices), "practices", "practices.csv" },
            { File(clusters), "clusters", "clusters.csv" },
            { File(memberships), "memberships", "memberships.csv" },
        };
        return await client.PostAsync("/Registry/Import", form);
    }

    private static ByteArrayContent File(string text) => new(Encoding.UTF8.GetBytes(text));
}
