using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Klynge.Core.Data;
using Klynge.Core.Topics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Klynge.IntegrationTests.Web;

public class TopicPageTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Topic_pages_are_for_every_signed_in_role_and_anonymous_users_are_sent_to_log_in(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var topics = TopicCatalogue.LoadDefault();

        foreach (var path in new[] { "/Topics", "/Topics/antibiotics" })
            WebAssert.RedirectsTo("http://localhost/Account/Login", await host.Anonymous().GetAsync(path), $"anonymous on {path}");

        foreach (var user in TestRegistry.AllUsers)
        {
            var client = await host.LoginAsync(user);
            var list = await client.GetAsync("/Topics");
            WebAssert.Status(HttpStatusCode.OK, list, $"{user} on /Topics");
            var html = await WebAssert.TextAsync(list);
            foreach (var t in topics)
            {
                Assert.Contains($"href=\"/Topics/{t.Id}\"", html);
                Assert.Contains(t.Title!.Da, html);
            }
            WebAssert.Status(HttpStatusCode.OK, await client.GetAsync("/Topics/eye-drops-children"), $"{user} on a topic");
        }
        var gp = await host.LoginAsync(TestRegistry.GpA);
        WebAssert.Status(HttpStatusCode.NotFound, await gp.GetAsync("/Topics/no-such-topic"), "an unknown topic");
        Assert.Contains("href=\"/Topics\"", await WebAssert.TextAsync(await gp.GetAsync("/")));
    }

    [Fact]
    public async Task A_topic_page_shows_everything_the_topic_file_holds()
    {
        await using var host = await WebTestHost.StartAsync(DatabaseProvider.Sqlite);
        var gp = await host.LoginAsync(TestRegistry.GpA);
        var topic = TopicCatalogue.LoadDefault().Single(t => t.Id == "dependency-forming-medicine");
        // Read the file on its own so the page is compared with what the author wrote, not with the loader's view.
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(TopicCatalogue.DefaultFolder(), topic.Id, "topic.json")))!;

        var response = await gp.GetAsync("/Topics/dependency-forming-medicine");
        WebAssert.Status(HttpStatusCode.OK, response, "GP on a topic");
        var html = await WebAssert.TextAsync(response);

        Assert.Contains("<h1 lang=\"da\">Afhængighedsskabende medicin</h1>", html);
        Assert.Contains((string)json["introduction"]!["da"]!, html);
        var links = json["indicators"]!.AsArray().Select(i => $"href=\"/Indicators/{(string)i!["id"]!}\"").ToList();
        var positions = links.Select(l => html.IndexOf(l, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p > 0));
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(json["indicators"]!.AsArray().Count(i => (bool)i!["headline"]!), CountOf(html, "class=\"tag headline\""));
        Assert.Contains("Langvarige brugere af benzodiazepiner", html);
        foreach (var q in json["discussion_questions"]!.AsArray()) Assert.Contains((string)q!["da"]!, html);
        foreach (var c in json["suggested_changes"]!.AsArray()) Assert.Contains((string)c!["da"]!, html);
        foreach (var r in json["guideline_references"]!.AsArray())
            Assert.Contains($"{(string)r!["title"]!}", html);
        Assert.Contains("<dd data-figure=\"follow-up\">6 måneder</dd>", html);
        Assert.Contains("<h3>Før mødet</h3>", html);
        Assert.Contains("<strong>langvarige brugere</strong>", html);
        Assert.Contains("<h2 id=\"guide-heading\">Drøftelsesguide</h2>", html);
        Assert.Contains("30. juni 2028", html);
    }

    [Fact]
    public async Task English_readers_get_English_text_where_it_exists_and_Danish_marked_as_Danish_elsewhere()
    {
        await using var host = await WebTestHost.StartAsync(DatabaseProvider.Sqlite);
        var gp = await host.LoginAsync(TestRegistry.GpA);

        var dependency = await WebAssert.TextAsync(await gp.GetAsync("/Topics/dependency-forming-medicine?culture=en-GB"));
        Assert.Contains("<html lang=\"en\">", dependency);
        Assert.Contains("<h1 lang=\"en\">Dependence-forming medicines</h1>", dependency);
        Assert.Contains("<h3>Before the meeting</h3>", dependency);
        Assert.DoesNotContain("Før mødet", dependency);
        Assert.Contains("Long-term benzodiazepine users", dependency);
        Assert.Contains("<dd data-figure=\"follow-up\">6 months</dd>", dependency);

        var diabetes = await WebAssert.TextAsync(await gp.GetAsync("/Topics/diabetes?culture=en-GB"));
        Assert.Contains("<h2 id=\"guide-heading\">Discussion guide</h2>", diabetes);
        Assert.Contains("<h3>Before the meeting</h3>", diabetes);
        Assert.DoesNotContain("<div lang=\"da\">", diabetes);
        Assert.Contains("Type 2 diabetes: organ-protective treatment", diabetes);
    }

    [Fact]
    public async Task Raw_html_in_a_guide_reaches_the_page_as_text()
    {
        var folder = Path.Combine(Path.GetTempPath(), "klynge-web-topics-" + Guid.NewGuid().ToString("N"));
        try
        {
            WriteTopic(folder, "unsafe", "# Plan\n\n<script>alert('x')</script>\n\n[klik](javascript:alert(2))\n");
            await using var host = await WebTestHost.StartAsync(DatabaseProvider.Sqlite);
            await using var factory = host.Factory.WithWebHostBuilder(b => b.UseSetting("Klynge:Topics:Folder", folder));
            var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
            var login = await WebTestHost.SubmitLoginAsync(client, TestRegistry.GpA, TestRegistry.Password);
            WebAssert.RedirectsTo("/", login, "log-in");

            var raw = await (await client.GetAsync("/Topics/unsafe")).Content.ReadAsStringAsync();

            Assert.Contains("<h3>Plan</h3>", raw);
            Assert.DoesNotContain("<script>alert", raw);
            Assert.Contains("&lt;script&gt;", raw);
            Assert.DoesNotContain("javascript:", raw);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_broken_topic_stops_the_platform_with_every_problem_listed()
    {
        var folder = Path.Combine(Path.GetTempPath(), "klynge-web-topics-" + Guid.NewGuid().ToString("N"));
        try
        {
            WriteTopic(folder, "broken", guide: null, indicator: "no-such-indicator");
            var web = Path.Combine(AppContext.BaseDirectory, "Klynge.Web.dll");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in new[] { web, $"--Klynge:Topics:Folder={folder}", "--Klynge:Demo:LoadOnFirstStart=false", "--urls=http://127.0.0.1:0" })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("the platform started with a broken topic");
            }

            Assert.Equal(1, process.ExitCode);
            var message = await error;
            Assert.Contains("Cluster-package topics are invalid:", message);
            Assert.Contains("broken/guide.da.md: missing; every topic needs a Danish discussion guide", message);
            Assert.Contains("broken/topic.json: indicators[0].id: unknown indicator 'no-such-indicator' (not in the indicator catalogue)", message);
            Assert.DoesNotContain("   at ", message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    private static void WriteTopic(string folder, string id, string? guide, string indicator = "opioid-ddd")
    {
        var dir = Path.Combine(folder, id);
        Directory.CreateDirectory(dir);
        var topic = new JsonObject
        {
            ["id"] = id,
            ["title"] = new JsonObject { ["da"] = "Prøveemne" },
            ["introduction"] = new JsonObject { ["da"] = "Til prøve." },
            ["indicators"] = new JsonArray(new JsonObject { ["id"] = indicator, ["headline"] = true }),
            ["discussion_questions"] = new JsonArray(new JsonObject { ["da"] = "Hvad gør vi?" }),
            ["suggested_changes"] = new JsonArray(new JsonObject { ["da"] = "Gennemgå listen." }),
            ["guideline_references"] = new JsonArray(new JsonObject { ["title"] = "Vejledning", ["publisher"] = "Sundhedsstyrelsen", ["year"] = 2019 }),
            ["follow_up_months"] = 6,
            ["authored_by"] = "Test",
            ["checked_by"] = "Test",
            ["review_date"] = "2028-06-30",
        };
        File.WriteAllText(Path.Combine(dir, "topic.json"), topic.ToJsonString());
        if (guide is not null) File.WriteAllText(Path.Combine(dir, "guide.da.md"), guide);
    }
}
