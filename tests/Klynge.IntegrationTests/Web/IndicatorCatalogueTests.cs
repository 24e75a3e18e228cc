using System.Net;
using System.Net.Http.Json;
using Klynge.Core.Data;
using Klynge.Core.Indicators;
using Klynge.Core.Prescribing;
using Klynge.Web.Api;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Klynge.IntegrationTests.Web;

/// <summary>The indicator catalogue pages and API: national figures only, so every signed-in role reads them.</summary>
public class IndicatorCatalogueTests
{
    private const string Id = "penicillin-v-share";
    private static readonly Quarter Q1 = new(2025, 1), Q2 = new(2025, 2);
    private static readonly double[] Deciles1 = [12.5, 18, 23.5, 27, 30.5, 34, 38.5, 41, 47.5];
    private static readonly double[] Deciles2 = [14.5, 20, 25.5, 29, 32.5, 36, 40.5, 43, 49.5];

    /// <summary>The real catalogue, with a target and an overdue review on the penicillin V share.</summary>
    private static IndicatorLibrary Library() => new([.. IndicatorCatalogue.LoadDefault()
        .Select(d => d.Id == Id ? d with { Target = new IndicatorTarget(60, "above"), ReviewDate = new DateOnly(2020, 1, 1) } : d)]);

    private static IndicatorResult Nation(Quarter quarter, double numerator, double denominator) => new()
    {
        IndicatorId = Id, Level = ResultLevel.Nation, UnitId = "DK", Quarter = quarter.ToKey(),
        Numerator = numerator, Denominator = denominator, Value = numerator * 100 / denominator,
    };

    private sealed class Catalogue(WebTestHost host, WebApplicationFactory<Klynge.Web.SharedResource> factory) : IAsyncDisposable
    {
        public WebTestHost Host => host;

        public HttpClient Anonymous() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        public async Task<HttpClient> LoginAsync(string email)
        {
            var client = Anonymous();
            var response = await WebTestHost.SubmitLoginAsync(client, email, TestRegistry.Password);
            WebAssert.RedirectsTo("/", response, $"log-in as {email}");
            return client;
        }

        public async ValueTask DisposeAsync()
        {
            await factory.DisposeAsync();
            await host.DisposeAsync();
        }
    }

    private static async Task<Catalogue> StartAsync(DatabaseProvider provider)
    {
        var host = await WebTestHost.StartAsync(provider);
        await using (var db = host.NewContext())
        {
            // Q1 is 31.2 %, Q2 40.5 %: values that read the same in any rounding.
            await IndicatorResultStore.ReplaceAllAsync(db, [Nation(Q1, 312, 1000), Nation(Q2, 405, 1000)],
                [new IndicatorDistribution(Id, Q1, 41, Deciles1), new IndicatorDistribution(Id, Q2, 43, Deciles2)]);
        }
        var library = Library();
        return new Catalogue(host, host.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(library))));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_role_reads_an_indicator_page_with_its_codes_target_review_and_distribution(DatabaseProvider provider)
    {
        await using var catalogue = await StartAsync(provider);

        WebAssert.RedirectsTo("http://localhost/Account/Login", await catalogue.Anonymous().GetAsync($"/Indicators/{Id}"), "anonymous on an indicator");
        WebAssert.RedirectsTo("http://localhost/Account/Login", await catalogue.Anonymous().GetAsync("/Indicators"), "anonymous on the catalogue");

        foreach (var user in TestRegistry.AllUsers)
        {
            var client = await catalogue.LoginAsync(user);
            var response = await client.GetAsync($"/Indicators/{Id}");
            WebAssert.Status(HttpStatusCode.OK, response, $"{user} on /Indicators/{Id}");
            var html = await WebAssert.TextAsync(response);
            Assert.Contains("<h1>Andel penicillin V</h1>", html);
            var numerator = RowOf(html, "data-atc=\"J01CE02\"");
            Assert.Contains("phenoxymethylpenicillin", numerator);
            Assert.DoesNotContain("excluded", numerator);
            Assert.Contains("antibacterials for systemic use", html);
            // J01 covers the reference antibiotics, named from the ATC reference list.
            Assert.Contains("pivmecillinam (J01CA08)", html);
            Assert.Contains("<dd data-target>Over 60,0 %</dd>", html);
            Assert.Contains("data-overdue>Gennemgang overskredet", html);
            Assert.Contains("Udleveringer af lægemidlerne i tælleren i procent af udleveringer af lægemidlerne i nævneren.", html);
            Assert.Contains("Klynge faglige gruppe", html);

            var q1 = Row(html, "2025-Q1");
            Assert.Equal(["2025-Q1", "31,2 %", "41", "12,5 %", "18,0 %", "23,5 %", "27,0 %", "30,5 %", "34,0 %", "38,5 %", "41,0 %", "47,5 %"], q1);
            Assert.Equal(["2025-Q2", "40,5 %", "43", "14,5 %", "20,0 %", "25,5 %", "29,0 %", "32,5 %", "36,0 %", "40,5 %", "43,0 %", "49,5 %"], Row(html, "2025-Q2"));
            Assert.Contains("\"p10\":[12.5,14.5]", html);
            Assert.Contains("\"p90\":[47.5,49.5]", html);
            Assert.Contains("\"national\":[31.2,40.5]", html);
            Assert.Contains("\"target\":60", html);
            Assert.Contains("/lib/echarts/echarts.common.min.js", html);
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Catalogue_lists_every_indicator_filters_by_topic_and_shows_exclusions_and_English(DatabaseProvider provider)
    {
        await using var catalogue = await StartAsync(provider);
        var client = await catalogue.LoginAsync(TestRegistry.StaffA);

        var all = await WebAssert.TextAsync(await client.GetAsync("/Indicators"));
        var library = Library();
        Assert.Contains($"data-count=\"{library.All.Count}\"", all);
        foreach (var d in library.All) Assert.Contains($"<a href=\"/Indicators/{d.Id}\">{d.Title!.Da}</a>", all);
        var penicillin = RowOf(all, $"data-indicator=\"{Id}\"");
        Assert.Contains("Over 60,0 %", penicillin);
        Assert.Contains("40,5 %", penicillin);
        Assert.Contains("2025-Q2", penicillin);
        Assert.Contains("Ingen data", RowOf(all, "data-indicator=\"benzodiazepine-users\""));

        var antibiotics = await WebAssert.TextAsync(await client.GetAsync("/Indicators?tag=antibiotics"));
        var expected = library.All.Where(d => d.Tags.Contains("antibiotics")).ToList();
        Assert.Contains($"data-count=\"{expected.Count}\"", antibiotics);
        Assert.Contains($"/Indicators/{Id}\"", antibiotics);
        Assert.DoesNotContain("/Indicators/benzodiazepine-users\"", antibiotics);

        var antipsychotics = await WebAssert.TextAsync(await client.GetAsync("/Indicators/older-antipsychotic-users"));
        var lithium = RowOf(antipsychotics, "data-atc=\"N05AN\"");
        Assert.Contains("class=\"excluded\"", lithium);
        Assert.Contains("<code>~N05AN</code>", lithium);
        Assert.Contains("lithium", lithium);
        Assert.Contains("Udelukket", lithium);
        Assert.Contains("quetiapine (N05AH04), risperidone (N05AX08)", RowOf(antipsychotics, "data-atc=\"N05A\""));
        Assert.Contains("Alle patienter, 65 år og derover", antipsychotics);
        Assert.Contains("Der er endnu ikke beregnet værdier for denne indikator.", antipsychotics);

        var english = await WebAssert.TextAsync(await client.GetAsync($"/Indicators/{Id}?culture=en-GB"));
        Assert.Contains("<h1>Penicillin V share</h1>", english);
        Assert.Contains("<dd data-target>Above 60.0 %</dd>", english);
        Assert.Contains("Dispensings of the numerator's drugs as a percent of dispensings of the denominator's drugs.", english);

        // Topic tags are named in the UI language too.
        var englishList = await WebAssert.TextAsync(await client.GetAsync("/Indicators?culture=en-GB"));
        Assert.Contains(">older people</a>", englishList);
        Assert.Contains(">women's health</a>", englishList);
        Assert.Contains(">ældre patienter</a>", all);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Indicators/no-such-indicator")).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Api_gives_the_catalogue_and_one_indicator_with_codes_and_deciles_to_every_signed_in_role(DatabaseProvider provider)
    {
        await using var catalogue = await StartAsync(provider);
        var anonymous = catalogue.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/indicators")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/indicators/{Id}")).StatusCode);

        var openApi = await (await anonymous.GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync();
        Assert.Contains("\"/api/indicators\"", openApi);
        Assert.Contains("\"/api/indicators/{id}\"", openApi);
        Assert.Contains("IndicatorDetailDto", openApi);

        foreach (var user in TestRegistry.AllUsers)
        {
            var client = await catalogue.LoginAsync(user);
            var list = await client.GetFromJsonAsync<List<IndicatorSummaryDto>>("/api/indicators");
            Assert.NotNull(list);
            Assert.Equal(Library().All.Select(d => d.Id), list.Select(i => i.Id));
            var summary = list.Single(i => i.Id == Id);
            Assert.Equal(new NationalValueDto("2025-Q2", 40.5, 43), summary.Latest);
            Assert.Equal(new TargetDto(60, "above"), summary.Target);
            Assert.Null(list.Single(i => i.Id == "benzodiazepine-users").Latest);

            var detail = await client.GetFromJsonAsync<IndicatorDetailDto>($"/api/indicators/{Id}");
            Assert.NotNull(detail);
            Assert.Equal("Penicillin V share", detail.Title.En);
            Assert.Equal("share", detail.Kind);
            Assert.Equal(new TargetDto(60, "above"), detail.Target);
            Assert.True(detail.ReviewOverdue);
            var code = Assert.Single(detail.Numerator);
            Assert.Equal(("J01CE02", false, "phenoxymethylpenicillin"), (code.Code, code.Excluded, code.Name));
            Assert.Equal(("J01", "antibacterials for systemic use"), (detail.Denominator.Single().Code, detail.Denominator.Single().Comment));
            Assert.Contains("J01CA08", detail.Denominator.Single().Covers);
            Assert.Equal(["2025-Q1", "2025-Q2"], detail.Series.Select(p => p.Quarter));
            Assert.Equal([31.2, 40.5], detail.Series.Select(p => Math.Round(p.National!.Value, 10)));
            Assert.Equal([41, 43], detail.Series.Select(p => p.Practices));
            Assert.Equal(Deciles1, Deciles(detail.Series[0]));
            Assert.Equal(Deciles2, Deciles(detail.Series[1]));

            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/indicators/no-such-indicator")).StatusCode);
        }

        var lithium = (await (await catalogue.LoginAsync(TestRegistry.Partner)).GetFromJsonAsync<IndicatorDetailDto>("/api/indicators/older-antipsychotic-users"))!.Numerator.Single(c => c.Code == "N05AN");
        Assert.True(lithium.Excluded);
        Assert.Equal("lithium", lithium.Comment);
    }

    private static double[] Deciles(DistributionPointDto p) => [p.P10!.Value, p.P20!.Value, p.P30!.Value, p.P40!.Value, p.P50!.Value, p.P60!.Value, p.P70!.Value, p.P80!.Value, p.P90!.Value];

    /// <summary>The HTML of the table row holding <paramref name="marker"/>.</summary>
    private static string RowOf(string html, string marker)
    {
        var at = html.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"no row with {marker}");
        var start = html.LastIndexOf("<tr", at, StringComparison.Ordinal);
        return html[start..(html.IndexOf("</tr>", at, StringComparison.Ordinal) + 5)];
    }

    /// <summary>The cell texts of the distribution table's row for one quarter.</summary>
    private static List<string> Row(string html, string quarter) =>
        [.. System.Text.RegularExpressions.Regex.Matches(RowOf(html, $"data-quarter=\"{quarter}\""), "<td[^>]*>(.*?)</td>", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value.Trim())];
}
