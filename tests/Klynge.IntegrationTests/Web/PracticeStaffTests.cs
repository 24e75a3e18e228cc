using System.Net;
using Klynge.Core.Access;
using Klynge.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Klynge.Core.Registry;
using Microsoft.EntityFrameworkCore;
using static Klynge.IntegrationTests.Web.ClusterAdministrationTests;

namespace Klynge.IntegrationTests.Web;

public class PracticeStaffTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Only_the_practice_GPs_keep_its_staff_list(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        var page = $"/Practices/{r.Norregade.Id}";
        var today = WebTestHost.Today;
        var before = await StaffAsync(host, r.Norregade);

        // Staff and the coordinator (a GP elsewhere) may read the practice page but not change it.
        foreach (var user in new[] { TestRegistry.StaffA, TestRegistry.CoordinatorA })
        {
            var client = await host.LoginAsync(user);
            var html = await WebAssert.TextAsync(await client.GetAsync(page));
            Assert.DoesNotContain("Tilføj læge eller personale", html);
            WebAssert.Refused(await AddNurseAsync(client, page, "Eva", "Skov", today), $"{user} adding staff");
            WebAssert.Refused(await WebTestHost.PostFormAsync(client, page + "?handler=Consent", Form(("given", "true"))), $"{user} giving consent");
        }
        // A GP of another cluster may not even read it; take the token from the own account page.
        var stranger = await host.LoginAsync(TestRegistry.CoordinatorC);
        WebAssert.Refused(await AddNurseAsync(stranger, page, "Eva", "Skov", today, "/Account/Manage"), "GP of another practice adding staff");
        Assert.Equal(before, await StaffAsync(host, r.Norregade));

        var gp = await host.LoginAsync(TestRegistry.GpA);
        // Another practice's affiliation cannot be ended through the own practice's page.
        var foreign = r.Affiliations.Single(a => a.PersonId == r.KarenDahl.Id);
        var viaOwnPage = await WebTestHost.PostFormAsync(gp, page + "?handler=End", Form(("affiliationId", foreign.Id.ToString()), ("endOn", Iso(today.AddDays(1)))));
        WebAssert.Status(HttpStatusCode.OK, viaOwnPage, "ending another practice's affiliation");
        Assert.Contains("Tilknytningen findes ikke eller er allerede afsluttet.", await WebAssert.TextAsync(viaOwnPage));
        await using (var check = host.NewContext())
        {
            Assert.Null((await check.PracticeAffiliations.SingleAsync(a => a.Id == foreign.Id)).ValidTo);
            Assert.Equal(0, await check.DataSharingConsents.CountAsync());
        }

        Assert.Contains("Tilføj læge eller personale", await WebAssert.TextAsync(await gp.GetAsync(page)));
        WebAssert.RedirectsTo(page, await AddNurseAsync(gp, page, "Ida", "Nygaard", today), "GP adding a nurse");

        await using var db = host.NewContext();
        var added = await db.PracticeAffiliations.Include(a => a.Person)
            .SingleAsync(a => a.PracticeId == r.Norregade.Id && a.Person!.LastName == "Nygaard");
        Assert.Equal(("Ida", PracticeRole.Nurse, today, (DateOnly?)null, true), (added.Person!.FirstName, added.Role, added.ValidFrom, added.ValidTo, added.TakesPartInClusterWork));
        Assert.Equal(before.Count + 1, (await StaffAsync(host, r.Norregade)).Count);
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "staff.add" && e.UserName == TestRegistry.GpA && e.EntityId == r.Norregade.Id.ToString()));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_employed_GP_reads_the_practice_page_but_only_owners_change_it(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        const string employed = "ansat.laege@klynge.test";
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<KlyngeUser>>();
            var user = new KlyngeUser { UserName = employed, Email = employed, EmailConfirmed = true, PersonId = r.BoLund.Id };
            Assert.True((await users.CreateAsync(user, TestRegistry.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Gp)).Succeeded);
        }
        var page = $"/Practices/{r.Norregade.Id}";
        var before = await StaffAsync(host, r.Norregade);

        var client = await host.LoginAsync(employed);
        var html = await WebAssert.TextAsync(await client.GetAsync(page));
        Assert.Contains("Anne Holm", html);
        Assert.DoesNotContain("Tilføj læge eller personale", html);
        WebAssert.Refused(await AddNurseAsync(client, page, "Eva", "Skov", WebTestHost.Today), "employed GP adding staff");
        WebAssert.Refused(await WebTestHost.PostFormAsync(client, page + "?handler=Consent", Form(("given", "true"))), "employed GP giving consent");

        Assert.Equal(before, await StaffAsync(host, r.Norregade));
        await using var db = host.NewContext();
        Assert.Equal(0, await db.DataSharingConsents.CountAsync());
    }

    private static Task<HttpResponseMessage> AddNurseAsync(HttpClient client, string page, string first, string last, DateOnly from, string? tokenPage = null) =>
        WebTestHost.PostFormAsync(client, page + "?handler=Add", Form(
            ("firstName", first), ("lastName", last), ("email", $"{first}.{last}@praksis.test".ToLowerInvariant()),
            ("role", nameof(PracticeRole.Nurse)), ("from", Iso(from)), ("takesPart", "true")), tokenPage);

    private static async Task<List<string>> StaffAsync(WebTestHost host, Practice practice)
    {
        await using var db = host.NewContext();
        return await db.PracticeAffiliations.Where(a => a.PracticeId == practice.Id).OrderBy(a => a.Id)
            .Select(a => $"{a.Id} {a.PersonId} {a.Role} {a.ValidFrom} {a.ValidTo}").ToListAsync();
    }
}
