using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Klynge.Core.Data;
using Klynge.Core.Meetings;
using Klynge.IntegrationTests.Meetings;

namespace Klynge.IntegrationTests.Web;

/// <summary>The programme page: for analysts (regional ones see their region only) and admins; figures checked against <see cref="ProgrammeSample"/>.</summary>
public partial class ProgrammePageTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Only_analysts_and_admins_see_the_programme_and_regional_analysts_only_their_region(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        List<SampleMeeting> sample;
        await using (var db = host.NewContext()) sample = await ProgrammeSample.WriteAsync(db, r);

        WebAssert.RedirectsTo("http://localhost/Account/Login", await host.Anonymous().GetAsync("/Programme"), "anonymous");
        WebAssert.RedirectsTo("http://localhost/Account/Login", await host.Anonymous().GetAsync("/Programme?handler=Csv"), "anonymous CSV");
        foreach (var user in TestRegistry.AllUsers)
        {
            var client = await host.LoginAsync(user);
            var page = await client.GetAsync("/Programme");
            var csv = await client.GetAsync("/Programme?handler=Csv");
            var front = await WebAssert.TextAsync(await client.GetAsync("/"));
            if (user is not (TestRegistry.NationalAnalyst or TestRegistry.RegionalAnalyst or TestRegistry.Admin))
            {
                WebAssert.Refused(page, $"{user} on /Programme");
                WebAssert.Refused(csv, $"{user} on the programme CSV");
                Assert.DoesNotContain("href=\"/Programme\"", front);
                continue;
            }
            Assert.Contains("href=\"/Programme\"", front);
            WebAssert.Status(HttpStatusCode.OK, page, $"{user} on /Programme");
            WebAssert.Status(HttpStatusCode.OK, csv, $"{user} on the programme CSV");
            Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
            var html = await WebAssert.TextAsync(page);
            var regional = user == TestRegistry.RegionalAnalyst;
            var expected = sample.Where(s => !regional || s.RegionCode == TestRegistry.Midtjylland).ToList();
            Assert.Equal(expected.Select(s => s.Id).Order(), CsvMeetingIds(await csv.Content.ReadAsStringAsync()).Order());
            foreach (var cluster in r.Clusters)
                Assert.True(html.Contains(cluster.Name) == (!regional || cluster.RegionCode == TestRegistry.Midtjylland), $"{user}: {cluster.Name} shown = {html.Contains(cluster.Name)}");
        }

        // A regional analyst asking for another region is refused, not shown their own.
        var analyst = await host.LoginAsync(TestRegistry.RegionalAnalyst);
        WebAssert.Refused(await analyst.GetAsync($"/Programme?region={TestRegistry.Hovedstaden}"), "regional analyst on another region");
        WebAssert.Refused(await analyst.GetAsync($"/Programme?handler=Csv&region={TestRegistry.Hovedstaden}"), "regional analyst on another region's CSV");
        WebAssert.Status(HttpStatusCode.OK, await analyst.GetAsync($"/Programme?region={TestRegistry.Midtjylland}"), "regional analyst on the own region");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_figures_per_cluster_and_in_total_match_the_meetings_and_sort_by_evaluation(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        List<SampleMeeting> sample;
        await using (var db = host.NewContext()) sample = await ProgrammeSample.WriteAsync(db, r);
        var analyst = await host.LoginAsync(TestRegistry.NationalAnalyst);

        var html = await WebAssert.TextAsync(await analyst.GetAsync("/Programme?year=2025&sort=evaluation"));

        var held2025 = sample.Where(s => s.Day.Year == 2025 && s.Status == MeetingStatus.Held).ToList();
        var clusters = ClusterRows().Matches(html).ToDictionary(m => int.Parse(m.Groups["id"].Value, CultureInfo.InvariantCulture));
        Assert.Equal(r.Clusters.Select(c => c.Id).Order(), clusters.Keys.Order());
        foreach (var cluster in r.Clusters)
        {
            var own = held2025.Where(s => s.ClusterId == cluster.Id).ToList();
            var row = clusters[cluster.Id];
            Assert.Equal(own.Count.ToString(CultureInfo.InvariantCulture), row.Groups["held"].Value);
            Assert.Equal(own.Sum(s => s.Invited).ToString(CultureInfo.InvariantCulture), row.Groups["invited"].Value);
            Assert.Equal(own.Sum(s => s.Attended).ToString(CultureInfo.InvariantCulture), row.Groups["attended"].Value);
            Assert.Equal(ProgrammeSample.EvaluationMean(own)?.ToString("R", CultureInfo.InvariantCulture) ?? "", row.Groups["evaluation"].Value);
        }
        // A has 2025's only evaluations, (5+4+4+3+3+3+4+2+4+4+4+4)/12; B and C follow by name.
        Assert.Equal(44 / 12.0, ProgrammeSample.EvaluationMean(held2025.Where(s => s.ClusterId == r.ClusterA.Id)));
        Assert.Equal([r.ClusterA.Id, r.ClusterC.Id, r.ClusterB.Id], ClusterRows().Matches(html).Select(m => int.Parse(m.Groups["id"].Value, CultureInfo.InvariantCulture)));

        var total = TotalFigures().Match(html);
        Assert.True(total.Success, "the total figures");
        Assert.Equal(held2025.Sum(s => s.Invited).ToString(CultureInfo.InvariantCulture), total.Groups["invited"].Value);
        Assert.Equal(held2025.Sum(s => s.Attended).ToString(CultureInfo.InvariantCulture), total.Groups["attended"].Value);
        Assert.Equal(ProgrammeSample.EvaluationMean(held2025)!.Value.ToString("R", CultureInfo.InvariantCulture), total.Groups["evaluation"].Value);

        // Sorted by name in Danish order, where "Aa" is "Å" and so Aarhus comes last.
        var byName = await WebAssert.TextAsync(await analyst.GetAsync("/Programme?year=2025&sort=name"));
        Assert.Equal([r.ClusterC.Id, r.ClusterB.Id, r.ClusterA.Id], ClusterRows().Matches(byName).Select(m => int.Parse(m.Groups["id"].Value, CultureInfo.InvariantCulture)));
        var byHeld = await WebAssert.TextAsync(await analyst.GetAsync("/Programme?year=2025&sort=held"));
        Assert.Equal([r.ClusterA.Id, r.ClusterB.Id, r.ClusterC.Id], ClusterRows().Matches(byHeld).Select(m => int.Parse(m.Groups["id"].Value, CultureInfo.InvariantCulture)));

        // The year's CSV holds that year's meetings in Danish time, the New Year's meeting included in 2026.
        var csv2026 = await (await analyst.GetAsync("/Programme?handler=Csv&year=2026")).Content.ReadAsStringAsync();
        Assert.Equal(sample.Where(s => s.Day.Year == 2026).Select(s => s.Id).Order(), CsvMeetingIds(csv2026).Order());
        Assert.StartsWith(string.Join(',', MeetingProgramme.Columns) + "\r\n", csv2026);
    }

    private static IEnumerable<int> CsvMeetingIds(string csv) =>
        csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => int.Parse(line.Split(',')[1], CultureInfo.InvariantCulture));

    [GeneratedRegex("""<tr data-cluster="(?<id>\d+)" data-held="(?<held>\d+)" data-invited="(?<invited>\d+)" data-attended="(?<attended>\d+)" data-evaluation="(?<evaluation>[^"]*)">""")]
    private static partial Regex ClusterRows();

    [GeneratedRegex("""data-total data-held="(?<held>\d+)" data-invited="(?<invited>\d+)" data-attended="(?<attended>\d+)" data-evaluation="(?<evaluation>[^"]*)">""")]
    private static partial Regex TotalFigures();
}
