using System.Globalization;
using System.Net;
using System.Text.Json;
using Klynge.Core.Data;
using Klynge.Core.Packages;
using Klynge.Web.Api;
using Klynge.Web.Packages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Klynge.IntegrationTests.Web;

public class PackagePageTests
{
    private static readonly string[] Formats = ["/Packages/{0}", "/Packages/{0}/Print", "/api/packages/{0}", "/api/packages/{0}.csv"];

    private static async Task<Dictionary<string, string>> AllFormatsAsync(HttpClient client, int id)
    {
        var texts = new Dictionary<string, string>();
        foreach (var format in Formats)
        {
            var url = string.Format(CultureInfo.InvariantCulture, format, id);
            var response = await client.GetAsync(url);
            WebAssert.Status(HttpStatusCode.OK, response, url);
            texts[url] = await WebAssert.TextAsync(response);
        }
        return texts;
    }

    private static async Task<List<string>> ViewsAsync(WebTestHost host, string user, int id)
    {
        await using var db = host.NewContext();
        var key = id.ToString(CultureInfo.InvariantCulture);
        return await db.AuditEntries.Where(a => a.UserName == user && a.Action == "package.viewed" && a.EntityId == key).OrderBy(a => a.Id).Select(a => a.Details).ToListAsync();
    }

    [Fact]
    public async Task Cached_views_are_never_shared_between_audiences()
    {
        await using var host = await WebTestHost.StartAsync(DatabaseProvider.Sqlite);
        await PackageTestData.SeedAsync(host);
        var r = host.Registry;
        var id = await PackageTestData.PackageAsync(host, r.ClusterC.Id, WebTestHost.Today);
        var peer = await PackageTestData.LetterAsync(host, id, r.Vesterbro.Id);

        // The analyst sees every name first, so a cache keyed too loosely would hand that page to the GP next.
        var analyst = await WebAssert.TextAsync(await (await host.LoginAsync(TestRegistry.NationalAnalyst)).GetAsync($"/Packages/{id}"));
        Assert.Contains(r.Vesterbro.Name, analyst);
        var gp = await WebAssert.TextAsync(await (await host.LoginAsync(PackageTestData.GpAmager)).GetAsync($"/Packages/{id}"));
        Assert.Contains(r.Amager.Name, gp);
        Assert.DoesNotContain(r.Vesterbro.Name, gp);
        Assert.Contains($"data-practice=\"{peer}\"", gp);
        var again = await WebAssert.TextAsync(await (await host.LoginAsync(TestRegistry.NationalAnalyst)).GetAsync($"/Packages/{id}"));
        Assert.Contains(r.Vesterbro.Name, again);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_member_of_a_closed_cluster_sees_own_name_peers_by_letter_and_no_small_numbers_in_every_format(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var data = await PackageTestData.SeedAsync(host);
        var r = host.Registry;
        var id = await PackageTestData.PackageAsync(host, r.ClusterC.Id, WebTestHost.Today);
        var vesterbro = await PackageTestData.LetterAsync(host, id, r.Vesterbro.Id);
        var sydhavn = await PackageTestData.LetterAsync(host, id, data.Sydhavn.Id);
        var valby = await PackageTestData.LetterAsync(host, id, data.Valby.Id);
        var client = await host.LoginAsync(PackageTestData.GpAmager);

        var texts = await AllFormatsAsync(client, id);

        var small = PackageTestData.SmallValue.ToString("R", CultureInfo.InvariantCulture);
        foreach (var (url, text) in texts)
        {
            Assert.Contains(r.Amager.Name, text);
            foreach (var secret in data.SecretsForAmager) Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{url} shows {secret}");
            Assert.False(text.Contains(small[..6], StringComparison.Ordinal), $"{url} shows Sydhavn's suppressed value {small}");
        }
        var page = texts[$"/Packages/{id}"];
        Assert.Contains("data-link=\"pdf\"", page);
        var print = texts[$"/Packages/{id}/Print"];
        foreach (var html in new[] { page, print })
        {
            Assert.Contains($"<tr data-practice=\"{vesterbro}\"><th scope=\"row\">{vesterbro}</th>", html);
            Assert.DoesNotContain($"data-practice=\"{valby}\"", html);
            Assert.Contains("1 praksis i klyngen har ikke givet samtykke til at dele sine tal og er udeladt, også af klyngens tal.", html);
            // Sydhavn's 4 of 1,111 is hidden, and Vesterbro's 56 with it: the cluster's total (56 + 45 + 4) less Amager's
            // own 45 would give Sydhavn's 4. A closed cluster shows no peer's size either.
            foreach (var hidden in new[] { sydhavn, vesterbro })
                Assert.Contains($"<tr data-practice=\"{hidden}\"><th scope=\"row\">{hidden}</th><td class=\"num\">skjult</td><td class=\"num\">–</td><td class=\"num\">skjult</td><td class=\"num\">skjult</td></tr>", html);
            Assert.Contains("<tr class=\"total\" data-level=\"cluster\"><th scope=\"row\">Klynge</th><td class=\"num\">105</td><td class=\"num\">5.811</td><td class=\"num\">18,1</td>", html);
            // Amager 45 of 1,900 = 23.68 per 1,000 with a Danish decimal comma.
            Assert.Contains("<td class=\"num\">45</td><td class=\"num\">1.900</td><td class=\"num\">23,7</td>", html);
        }
        Assert.StartsWith("<!DOCTYPE html>", print);
        Assert.DoesNotContain("class=\"topbar\"", print);
        Assert.Contains("class=\"topbar\"", page);

        var csv = texts[$"/api/packages/{id}.csv"].Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(PackageApi.CsvHeader, csv[0]);
        var rows = csv.Skip(1).Select(l => l.Split(',')).Where(f => f[0] == PackageTestData.Indicator).ToList();
        var cutOff = data.Quarters[^1].ToString();
        Assert.Equal(["practice", "practice", "practice", "cluster", "region", "nation"], rows.Where(f => f[1] == cutOff).Select(f => f[2]));
        Assert.Equal($"{PackageTestData.Indicator},{cutOff},practice,{r.Amager.Name},45,1900,{(45 / 1900.0 * 1000).ToString("R", CultureInfo.InvariantCulture)},{(45 / 1900.0 * 1000 * 1.01).ToString("R", CultureInfo.InvariantCulture)},70,false",
            string.Join(',', rows.Single(f => f[1] == cutOff && f[3] == r.Amager.Name)));
        var smallRows = rows.Where(f => f[3] == sydhavn).ToList();
        Assert.Equal(data.Quarters.Count, smallRows.Count);
        Assert.All(smallRows, f => Assert.Equal(["practice", sydhavn, "", "", "", "", "", "true"], f[2..]));
        Assert.DoesNotContain(rows, f => f[3] == valby);

        using var json = JsonDocument.Parse(texts[$"/api/packages/{id}"]);
        Assert.Equal(1, json.RootElement.GetProperty("leftOut").GetInt32());
        // Own first, then peers by letter.
        Assert.Equal([r.Amager.Name, .. new[] { vesterbro, sydhavn }.Order(StringComparer.Ordinal)], json.RootElement.GetProperty("practices").EnumerateArray().Select(p => p.GetProperty("label").GetString()));

        Assert.Equal(["page as member", "print as member", "json as member", "csv as member"], await ViewsAsync(host, PackageTestData.GpAmager, id));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task In_a_closed_cluster_no_page_shows_a_peers_list_size_and_an_open_cluster_still_does(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        await PackageTestData.SeedAsync(host);
        var r = host.Registry;
        static string Size(int n) => n.ToString("N0", new CultureInfo("da-DK"));

        // Amager's GP in closed cluster C sees Amager's 1,900, not Vesterbro's 2,800; the coordinator (at Vesterbro)
        // sees Vesterbro's and not Amager's, on the cluster page and on Amager's practice page.
        var gp = await WebAssert.TextAsync(await (await host.LoginAsync(PackageTestData.GpAmager)).GetAsync($"/Clusters/{r.ClusterC.Id}"));
        Assert.Contains($"<td class=\"num\">{Size(1900)}</td>", gp);
        Assert.DoesNotContain(Size(2800), gp);
        Assert.Contains("de andre praksissers patienttal vises ikke", gp);
        var coordinator = await host.LoginAsync(TestRegistry.CoordinatorC);
        var cluster = await WebAssert.TextAsync(await coordinator.GetAsync($"/Clusters/{r.ClusterC.Id}"));
        Assert.Contains($"<td class=\"num\">{Size(2800)}</td>", cluster);
        Assert.DoesNotContain(Size(1900), cluster);
        var amager = await WebAssert.TextAsync(await coordinator.GetAsync($"/Practices/{r.Amager.Id}"));
        Assert.Contains(r.Amager.Name, amager);
        Assert.DoesNotContain("data-figure=\"listed-patients\"", amager);

        // Open cluster A: its GP sees both practices' sizes; the analyst sees every size in closed cluster C.
        var open = await WebAssert.TextAsync(await (await host.LoginAsync(TestRegistry.GpA)).GetAsync($"/Clusters/{r.ClusterA.Id}"));
        Assert.Contains($"<td class=\"num\">{Size(3200)}</td>", open);
        Assert.Contains($"<td class=\"num\">{Size(2100)}</td>", open);
        var analyst = await WebAssert.TextAsync(await (await host.LoginAsync(TestRegistry.NationalAnalyst)).GetAsync($"/Clusters/{r.ClusterC.Id}"));
        Assert.Contains($"<td class=\"num\">{Size(2800)}</td>", analyst);
        Assert.Contains($"<td class=\"num\">{Size(1900)}</td>", analyst);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_open_cluster_names_peers_and_a_practice_without_consent_is_shown_to_its_own_members(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var data = await PackageTestData.SeedAsync(host);
        var r = host.Registry;
        var open = await PackageTestData.PackageAsync(host, r.ClusterA.Id, WebTestHost.Today);
        var closed = await PackageTestData.PackageAsync(host, r.ClusterC.Id, WebTestHost.Today);

        foreach (var (url, text) in await AllFormatsAsync(await host.LoginAsync(TestRegistry.GpA), open))
        {
            Assert.True(text.Contains(r.Norregade.Name) && text.Contains(r.Trojborg.Name), $"{url} names both practices of the open cluster");
            Assert.DoesNotContain(r.Vesterbro.Name, text);
        }

        foreach (var (url, text) in await AllFormatsAsync(await host.LoginAsync(PackageTestData.GpValby), closed))
        {
            Assert.True(text.Contains(data.Valby.Name), $"{url} shows Valby to its own GP");
            Assert.DoesNotContain(r.Amager.Name, text);
            Assert.DoesNotContain("har ikke givet samtykke", text);
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_partner_sees_no_practice_and_other_clusters_are_refused_in_every_format(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        await PackageTestData.SeedAsync(host);
        var r = host.Registry;
        var a = await PackageTestData.PackageAsync(host, r.ClusterA.Id, WebTestHost.Today);
        var c = await PackageTestData.PackageAsync(host, r.ClusterC.Id, WebTestHost.Today);

        var texts = await AllFormatsAsync(await host.LoginAsync(TestRegistry.Partner), a);
        foreach (var (url, text) in texts)
        {
            Assert.False(text.Contains(r.Norregade.Name) || text.Contains(r.Trojborg.Name), $"{url} shows a practice to a partner");
            Assert.DoesNotContain("data-practice=", text);
        }
        Assert.DoesNotContain("data-link=\"pdf\"", texts[$"/Packages/{a}"]);
        Assert.DoesNotContain(",practice,", texts[$"/api/packages/{a}.csv"]);
        Assert.Contains($",cluster,{r.ClusterA.Name},70,5300,", texts[$"/api/packages/{a}.csv"]);
        using (var json = JsonDocument.Parse(texts[$"/api/packages/{a}"]))
            Assert.Equal(0, json.RootElement.GetProperty("practices").GetArrayLength());

        foreach (var user in new[] { TestRegistry.GpA, TestRegistry.Partner, TestRegistry.CoordinatorA })
        {
            var client = await host.LoginAsync(user);
            foreach (var format in Formats)
            {
                var url = string.Format(CultureInfo.InvariantCulture, format, c);
                var response = await client.GetAsync(url);
                if (url.StartsWith("/api", StringComparison.Ordinal)) WebAssert.Status(HttpStatusCode.Forbidden, response, $"{user} on {url}");
                else WebAssert.Refused(response, $"{user} on {url}");
                var unknown = string.Format(CultureInfo.InvariantCulture, format, 999999);
                WebAssert.Status(HttpStatusCode.NotFound, await client.GetAsync(unknown), $"{user} on {unknown}");
            }
            Assert.Empty(await ViewsAsync(host, user, c));
        }
        WebAssert.Status(HttpStatusCode.Unauthorized, await host.Anonymous().GetAsync($"/api/packages/{a}.csv"), "anonymous on the CSV");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_draft_is_for_the_coordinator_only_and_publishing_queues_mail_to_the_member_practices(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var data = await PackageTestData.SeedAsync(host);
        var r = host.Registry;
        var draft = await PackageTestData.PackageAsync(host, r.ClusterC.Id, null);
        var member = await host.LoginAsync(PackageTestData.GpAmager);
        var coordinator = await host.LoginAsync(TestRegistry.CoordinatorC);

        foreach (var format in Formats)
        {
            var url = string.Format(CultureInfo.InvariantCulture, format, draft);
            var response = await member.GetAsync(url);
            if (url.StartsWith("/api", StringComparison.Ordinal)) WebAssert.Status(HttpStatusCode.Forbidden, response, $"member on the draft's {url}");
            else WebAssert.Refused(response, $"member on the draft's {url}");
        }
        Assert.DoesNotContain($"/Packages/{draft}\"", await WebAssert.TextAsync(await member.GetAsync("/Packages")));
        var list = await WebAssert.TextAsync(await coordinator.GetAsync("/Packages"));
        Assert.Contains($"<a href=\"/Packages/{draft}\">Afhængighedsskabende medicin</a>", list);
        var page = await WebAssert.TextAsync(await coordinator.GetAsync($"/Packages/{draft}"));
        Assert.Contains("<strong>Kladde</strong>", page);
        Assert.Contains("data-draft", page);
        Assert.Contains($"href=\"/api/packages/{draft}.pdf\"", page);
        // The publishing date defaults to today.
        var dateInput = System.Text.RegularExpressions.Regex.Match(page, "<input[^>]*name=\"PublishOn\"[^>]*>").Value;
        Assert.Contains($"value=\"{WebTestHost.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\"", dateInput);

        // Publishing in the past is refused with the reason and changes nothing.
        var past = await WebTestHost.PostFormAsync(coordinator, $"/Packages/{draft}?handler=Publish",
            new Dictionary<string, string> { ["PublishOn"] = WebTestHost.Today.AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, $"/Packages/{draft}");
        WebAssert.Status(HttpStatusCode.OK, past, "publishing in the past");
        Assert.Contains("Pakken kunne ikke offentliggøres: The publishing date cannot be in the past.", await WebAssert.TextAsync(past));
        await using (var db = host.NewContext())
        {
            Assert.Null((await db.Packages.SingleAsync(p => p.Id == draft)).PublishOn);
            Assert.Equal(0, await db.OutboxMessages.CountAsync());
        }

        // A member may not publish.
        var refused = await WebTestHost.PostFormAsync(member, $"/Packages/{draft}?handler=Publish",
            new Dictionary<string, string> { ["PublishOn"] = WebTestHost.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, "/Packages");
        WebAssert.Refused(refused, "member publishing");

        var published = await WebTestHost.PostFormAsync(coordinator, $"/Packages/{draft}?handler=Publish",
            new Dictionary<string, string> { ["PublishOn"] = WebTestHost.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, $"/Packages/{draft}");
        WebAssert.RedirectsTo($"/Packages/{draft}", published, "publishing today");

        await using (var db = host.NewContext())
        {
            Assert.Equal(WebTestHost.Today, (await db.Packages.SingleAsync(p => p.Id == draft)).PublishOn);
            var mail = await db.OutboxMessages.Where(m => m.Kind == PackageService.PublishedMailKind).ToListAsync();
            // Everyone working at the cluster's four practices, the one without consent included: it is their package too.
            string[] expected = [r.LarsWinther.Email!, r.MetteJuhl.Email!, data.EvaHolt.Email!, data.FinnDal.Email!];
            Assert.Equal(expected.Order(), mail.Select(m => m.ToAddress).Order());
            Assert.All(mail, m => Assert.Contains($"http://localhost/Packages/{draft}", m.TextBody));
            Assert.Single(await db.AuditEntries.Where(a => a.Action == "package.published" && a.UserName == TestRegistry.CoordinatorC).ToListAsync());
        }
        WebAssert.Status(HttpStatusCode.OK, await member.GetAsync($"/Packages/{draft}"), "member once published");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Ordering_is_for_those_who_prepare_and_a_member_writes_nothing(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var data = await PackageTestData.SeedAsync(host);
        var r = host.Registry;
        var url = $"/Clusters/{r.ClusterC.Id}/Packages";
        var member = await host.LoginAsync(PackageTestData.GpAmager);
        var coordinator = await host.LoginAsync(TestRegistry.CoordinatorC);
        var cutOff = data.Quarters[^1].ToString();
        var form = new Dictionary<string, string> { ["TopicId"] = PackageTestData.Topic, ["CutOff"] = cutOff, ["MeetingOn"] = "" };

        var memberPage = await WebAssert.TextAsync(await member.GetAsync(url));
        Assert.DoesNotContain("Bestil en klyngepakke", memberPage);
        WebAssert.Refused(await WebTestHost.PostFormAsync(member, url, form), "member ordering");
        WebAssert.Refused(await WebTestHost.PostFormAsync(await host.LoginAsync(TestRegistry.CoordinatorA), url, form, "/Packages"), "coordinator of another cluster ordering");
        await using (var db = host.NewContext())
        {
            Assert.Equal(0, await db.Packages.CountAsync());
            Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.Action.StartsWith("package.")));
        }

        var coordinatorPage = await WebAssert.TextAsync(await coordinator.GetAsync(url));
        Assert.Contains("Bestil en klyngepakke", coordinatorPage);
        Assert.Contains($"<option value=\"{cutOff}\" selected=\"selected\">{cutOff}</option>", coordinatorPage);

        var invalid = await WebTestHost.PostFormAsync(coordinator, url, new Dictionary<string, string> { ["TopicId"] = "no-such-topic", ["CutOff"] = "1999-Q1" });
        WebAssert.Status(HttpStatusCode.OK, invalid, "order with an unknown topic and quarter");
        var errors = await WebAssert.TextAsync(invalid);
        Assert.Contains("Vælg et emne.", errors);
        Assert.Contains("Vælg et kvartal, der er beregnet indikatorer for.", errors);

        var ordered = await WebTestHost.PostFormAsync(coordinator, url, new Dictionary<string, string>(form) { ["MeetingOn"] = "2030-05-06" });
        await using (var db = host.NewContext())
        {
            var package = await db.Packages.SingleAsync();
            WebAssert.RedirectsTo($"/Packages/{package.Id}", ordered, "ordering");
            Assert.Equal((r.ClusterC.Id, PackageTestData.Topic, data.Quarters[^1].ToKey(), new DateOnly(2030, 5, 6), TestRegistry.CoordinatorC, (DateOnly?)null),
                (package.ClusterId, package.TopicId, package.CutOff, package.MeetingOn!.Value, package.CreatedBy, package.PublishOn));
            var audit = await db.AuditEntries.SingleAsync(a => a.Action == "package.ordered");
            Assert.Equal((TestRegistry.CoordinatorC, package.Id.ToString(CultureInfo.InvariantCulture)), (audit.UserName, audit.EntityId));
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_follow_up_is_made_from_the_page_when_there_is_newer_data(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var data = await PackageTestData.SeedAsync(host);
        var r = host.Registry;
        var earlier = await PackageTestData.PackageAsync(host, r.ClusterC.Id, WebTestHost.Today, data.Quarters[^2]);
        var latest = await PackageTestData.PackageAsync(host, r.ClusterC.Id, WebTestHost.Today);
        var coordinator = await host.LoginAsync(TestRegistry.CoordinatorC);

        var none = await WebTestHost.PostFormAsync(coordinator, $"/Packages/{latest}?handler=FollowUp", new Dictionary<string, string>(), $"/Packages/{latest}");
        WebAssert.Status(HttpStatusCode.OK, none, "follow-up without newer data");
        Assert.Contains($"Der kunne ikke laves en opfølgning: A follow-up needs data after {data.Quarters[^1]}", await WebAssert.TextAsync(none));
        WebAssert.Refused(await WebTestHost.PostFormAsync(await host.LoginAsync(PackageTestData.GpAmager), $"/Packages/{earlier}?handler=FollowUp",
            new Dictionary<string, string>(), "/Packages"), "member asking for a follow-up");
        await using (var db = host.NewContext()) Assert.Equal(2, await db.Packages.CountAsync());

        var made = await WebTestHost.PostFormAsync(coordinator, $"/Packages/{earlier}?handler=FollowUp", new Dictionary<string, string>(), $"/Packages/{earlier}");
        await using var check = host.NewContext();
        var followUp = await check.Packages.SingleAsync(p => p.FollowsPackageId == earlier);
        WebAssert.RedirectsTo($"/Packages/{followUp.Id}", made, "follow-up");
        Assert.Equal((PackageKind.FollowUp, data.Quarters[^1].ToKey()), (followUp.Kind, followUp.CutOff));
        var page = await WebAssert.TextAsync(await coordinator.GetAsync($"/Packages/{followUp.Id}"));
        Assert.Contains($"<caption>Før og efter: {data.Quarters[^2]} → {data.Quarters[^1]}</caption>", page);
        // The cluster as its members see it, without Valby (no consent): 105 per 5,811 both quarters, 18.1 per 1,000
        // before and after, no change.
        Assert.Contains("<tr data-level=\"cluster\"><th scope=\"row\">Klynge</th><td class=\"num\">18,1</td><td class=\"num\">18,1</td><td class=\"num\">0,0</td>", page);
        Assert.Contains("Der er ikke registreret nogen handlinger.", page);
    }

    [Fact]
    public async Task The_snapshot_cache_reads_the_json_once_per_package()
    {
        var json = PackageSnapshotJson();
        using var cache = new PackageSnapshotCache(new ConfigurationBuilder().Build());
        var reads = 0;
        Task<string> Read(CancellationToken _) { reads++; return Task.FromResult(json); }

        var first = await cache.GetAsync(5, Read);
        var second = await cache.GetAsync(5, Read);
        await cache.GetAsync(6, Read);

        Assert.Same(first, second);
        Assert.Equal(2, reads);
        Assert.True(cache.Contains(5) && cache.Contains(6) && !cache.Contains(7));
    }

    private static string PackageSnapshotJson() => new PackageSnapshot
    {
        Cluster = new PackageCluster(1, "K", 1081, "Region Nordjylland", false),
        Topic = new PackageTopic("t", new("T"), new("I"), [], [], [], null, "", null),
        CutOff = "2025-Q1",
        Quarters = ["2025-Q1"],
        Practices = [],
        Indicators = [],
    }.ToJson();
}
