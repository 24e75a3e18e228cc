using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Klynge.Core.Data;
using Klynge.Core.Packages;
using Klynge.IntegrationTests.Web;

namespace Klynge.IntegrationTests.Packages;

/// <summary>
/// The package disclosure rules tested from the outside: signed in as one GP of the closed cluster of
/// <see cref="DisclosureAttackData"/>, fetch every package of the cluster in every format and the cluster's pages, then
/// try to work out what is hidden. The reader is given more than any member has: the true letter of every practice
/// in every package, the own practice's figures, and the true count behind every figure shown. Every attack must fail.
/// </summary>
public partial class DisclosureAttackTests
{
    private const string HiddenMark = "skjult";
    private static readonly CultureInfo Danish = CultureInfo.GetCultureInfo("da-DK");

    private static async Task<MemberSight> SeeAsMemberAsync(DisclosureAttackData data)
    {
        var client = await data.Host.LoginAsync(DisclosureAttackData.Member);
        var peers = DisclosureAttackData.ClusterPractices.Where(p => p != DisclosureAttackData.Own).Select(data.IdOf);
        var sight = await MemberSight.FetchAsync(data, client, DisclosureAttackData.ClusterId, peers);
        Assert.Equal([data.First, data.Second, data.FollowUp], sight.Packages.Select(p => p.Id));
        return sight;
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task No_hidden_small_count_follows_from_the_totals_of_all_the_clusters_packages(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var data = await DisclosureAttackData.SeedAsync(host);
        var sight = await SeeAsMemberAsync(data);
        var reader = new Reader(data, sight);

        var equations = reader.CountEquations(knownPeers: true).Concat(reader.FollowUpTotals().Equations).ToList();
        Assert.Equal(["CSV", "JSON", "page", "print"], reader.Observations().Select(o => o.Format).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(["CSV", "JSON", "page", "print"], reader.Totals().Select(t => t.Format).Distinct().Order(StringComparer.Ordinal));

        var hiddenSmall = equations.SelectMany(e => e.Unknowns).Distinct().Where(c => reader.True(c) is >= 1 and <= 4).ToList();
        // The data must make the attack bite: hidden small counts inside shown totals, the newcomer's among them.
        Assert.True(hiddenSmall.Count >= 10, $"only {hiddenSmall.Count} hidden small counts take part in a shown total");
        Assert.Contains(hiddenSmall, c => c.Practice == data.IdOf(DisclosureAttackData.Three));
        var findings = Attack.Solved(equations, reader.True, c => reader.True(c) is >= 1 and <= 4, reader.Describe)
            .Concat(Attack.SmallSums(equations, c => reader.True(c) is >= 1 and <= 4, reader.Describe))
            .Concat(reader.ShownSmallCounts())
            .ToList();
        Assert.True(findings.Count == 0, $"{findings.Count} hidden small counts can be worked out:\n{string.Join('\n', findings)}");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_closed_cluster_shows_no_peers_size_anywhere_and_hidden_figures_look_alike(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var data = await DisclosureAttackData.SeedAsync(host);
        var sight = await SeeAsMemberAsync(data);
        var findings = new List<string>();
        var (peerRows, hiddenRows) = (0, 0);
        var peers = DisclosureAttackData.ClusterPractices.Where(p => p != DisclosureAttackData.Own).ToList();
        var sizes = peers.SelectMany(p => Enumerable.Range(0, DisclosureAttackData.QuarterCount).Select(q => (Practice: p, Size: p.ListSize(q)))).ToList();

        foreach (var package in sight.Packages)
        {
            var own = package.Truth.Practices.Single(p => p.Id == data.IdOf(DisclosureAttackData.Own)).Letter;
            foreach (var indicator in package.Json.GetProperty("indicators").EnumerateArray())
            {
                var id = indicator.GetProperty("id").GetString();
                if (indicator.TryGetProperty("funnel", out var funnel) && funnel.GetArrayLength() > 0)
                    findings.Add($"package {package.Id}, {id}: the JSON has {funnel.GetArrayLength()} national funnel dots");
                foreach (var series in indicator.GetProperty("practices").EnumerateArray().Where(s => s.GetProperty("key").GetString() != own))
                {
                    var key = series.GetProperty("key").GetString()!;
                    var figures = series.GetProperty("figures").EnumerateArray().ToList();
                    for (var q = 0; q < figures.Count; q++)
                    {
                        if (figures[q].ValueKind == JsonValueKind.Null) continue;
                        foreach (var part in new[] { "numerator", "denominator" })
                        {
                            if (figures[q].TryGetProperty(part, out var n))
                                findings.Add($"package {package.Id} JSON, {id} {package.Quarters[q]}: peer {key} ({package.PracticeOf(key).Name}) has its {part} {n}");
                        }
                        if (figures[q].GetProperty("suppressed").GetBoolean() && figures[q].GetRawText() != """{"suppressed":true}""")
                            findings.Add($"package {package.Id} JSON, {id} {package.Quarters[q]}: hidden figure of {key} is not like the others: {figures[q].GetRawText()}");
                    }
                }
            }
            foreach (var number in Numbers(package.Json))
            {
                foreach (var s in sizes.Where(s => s.Size == number))
                    findings.Add($"package {package.Id} JSON has {number}, the list size of {s.Practice.Name}");
            }

            foreach (var row in package.Csv.Where(r => r[2] == "practice" && r[3] != DisclosureAttackData.Own.Name))
            {
                if (row[4] != "" || row[5] != "")
                    findings.Add($"package {package.Id} CSV, {row[0]} {row[1]}: peer {row[3]} ({package.PracticeOf(row[3]).Name}) has numerator '{row[4]}' and denominator '{row[5]}'");
            }
            foreach (var field in package.Csv.SelectMany(r => r))
            {
                foreach (var s in sizes.Where(s => field == s.Size.ToString(CultureInfo.InvariantCulture)))
                    findings.Add($"package {package.Id} CSV has {field}, the list size of {s.Practice.Name}");
            }

            foreach (var (format, html) in new[] { ("page", package.Page), ("print", package.Print) })
            {
                if (html.Contains("&lt;5", StringComparison.Ordinal)) findings.Add($"package {package.Id} {format} marks a hidden figure '<5' instead of '{HiddenMark}'");
                foreach (var id in DisclosureAttackData.Indicators)
                {
                    var section = Html.Section(html, id);
                    foreach (var row in Html.FigureRows(section).Where(r => r.Key is { } k && k != own))
                    {
                        if (row.Cells.Count != 4) { findings.Add($"package {package.Id} {format}, {id}: row {row.Key} has {row.Cells.Count} cells"); continue; }
                        peerRows++;
                        if (row.Cells[2] == HiddenMark) hiddenRows++;
                        if (row.Cells[0] is not ("–" or HiddenMark) || row.Cells[1] is not ("–" or HiddenMark))
                            findings.Add($"package {package.Id} {format}, {id}: peer {row.Key} ({package.PracticeOf(row.Key!).Name}) shows numerator '{row.Cells[0]}' and denominator '{row.Cells[1]}'");
                        if (row.Cells[2] == HiddenMark && row.Cells.Any(c => c != HiddenMark && c != "–"))
                            findings.Add($"package {package.Id} {format}, {id}: hidden row {row.Key} shows {string.Join(" | ", row.Cells)}");
                    }
                    foreach (var chart in Html.FunnelCharts(section))
                    {
                        if (chart.GetProperty("points").GetArrayLength() > 0)
                            findings.Add($"package {package.Id} {format}, {id}: the funnel chart draws {chart.GetProperty("points").GetArrayLength()} national dots");
                        foreach (var dot in chart.GetProperty("cluster").EnumerateArray().Where(d => !d.GetProperty("own").GetBoolean()))
                            findings.Add($"package {package.Id} {format}, {id}: the funnel chart places peer {dot.GetProperty("label")} at size {dot.GetProperty("x")}");
                    }
                }
                findings.AddRange(ListSizesIn($"package {package.Id} {format}", Html.WithoutFunnelCharts(html), sizes));
            }
        }
        foreach (var (url, (status, text)) in sight.Pages)
        {
            if (status == HttpStatusCode.OK) findings.AddRange(ListSizesIn(url, text, sizes));
        }
        Assert.True(sight.Pages[$"/Clusters/{DisclosureAttackData.ClusterId}"].Status == HttpStatusCode.OK, "the member opens the cluster page");
        Assert.True(peerRows > 0 && hiddenRows > 0, $"the pages' figures tables were read: {peerRows} peer rows, {hiddenRows} of them hidden");

        Assert.True(findings.Count == 0, $"{findings.Count} peer sizes or counts are shown:\n{string.Join('\n', findings)}");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task No_peers_count_or_list_size_in_a_closed_cluster_follows_from_totals_across_packages_and_the_cluster_page(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var data = await DisclosureAttackData.SeedAsync(host);
        var sight = await SeeAsMemberAsync(data);
        var reader = new Reader(data, sight);

        // Now the reader knows no peer's count: only the own practice's, and the totals.
        var counts = reader.CountEquations(knownPeers: false).Concat(reader.FollowUpTotals().Equations).ToList();
        var sizes = reader.SizeEquations().ToList();
        Assert.NotEmpty(counts);
        Assert.NotEmpty(sizes);

        var findings = Attack.Solved(counts, reader.True, _ => true, reader.Describe)
            .Concat(Attack.Solved(sizes, reader.True, _ => true, reader.Describe))
            .ToList();
        Assert.True(findings.Count == 0, $"{findings.Count} peers' counts or list sizes can be worked out:\n{string.Join('\n', findings)}");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_practice_without_consent_is_in_no_row_and_no_total_in_any_format(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var data = await DisclosureAttackData.SeedAsync(host);
        var sight = await SeeAsMemberAsync(data);
        var reader = new Reader(data, sight);
        var absent = DisclosureAttackData.NoConsent;
        var findings = new List<string>();

        foreach (var package in sight.Packages)
        {
            var letter = package.Truth.Practices.Single(p => p.Id == data.IdOf(absent)).Letter;
            if (package.Json.GetProperty("leftOut").GetInt32() != 1) findings.Add($"package {package.Id} JSON: leftOut is {package.Json.GetProperty("leftOut")}");
            if (package.Json.GetProperty("practices").EnumerateArray().Any(p => p.GetProperty("key").GetString() == letter))
                findings.Add($"package {package.Id} JSON lists {absent.Name} as {letter}");
            if (package.Csv.Any(r => r[2] == "practice" && r[3] == letter)) findings.Add($"package {package.Id} CSV has rows for {absent.Name} as {letter}");
            foreach (var (format, text) in new[] { ("JSON", package.JsonText), ("CSV", package.CsvText), ("page", package.Page), ("print", package.Print) })
            {
                if (text.Contains($"data-practice=\"{letter}\"", StringComparison.Ordinal)) findings.Add($"package {package.Id} {format} has a row for {absent.Name} as {letter}");
                if (WebUtility.HtmlDecode(text).Contains(absent.Name, StringComparison.Ordinal) || text.Contains(absent.ProviderNumber, StringComparison.Ordinal))
                    findings.Add($"package {package.Id} {format} names {absent.Name}");
            }
        }

        // Total minus the shown practices: whatever is left over beyond the hidden consenting practices is the absent one's.
        var totals = reader.Totals().ToList();
        Assert.NotEmpty(totals);
        foreach (var t in totals)
        {
            var package = sight.Packages.Single(p => p.Id == t.Package);
            var q = data.QuarterIndex(t.Quarter);
            var consenting = package.Truth.Practices.Where(p => p.Consented).Select(p => data.PracticeWithId(p.Id)).ToList();
            var (numerator, denominator) = (consenting.Sum(p => p.Count(t.Indicator, q)), consenting.Sum(p => p.ListSize(q)));
            foreach (var (part, shown, expected, theirs) in new[] { ("numerator", t.Numerator, numerator, absent.Count(t.Indicator, q)), ("denominator", t.Denominator, denominator, absent.ListSize(q)) })
            {
                if (shown is not { } s || s == expected) continue;
                findings.Add(s - expected == theirs
                    ? $"{t.Source}: the cluster {part} {s} includes {absent.Name}, whose {theirs} is the total minus the consenting practices"
                    : $"{t.Source}: the cluster {part} {s} is not the consenting practices' {expected}");
            }
        }
        Assert.True(findings.Count == 0, $"{findings.Count} ways to {absent.Name}'s figures:\n{string.Join('\n', findings)}");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_follow_ups_rest_of_region_and_country_give_back_only_the_cluster_figure_shown(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var data = await DisclosureAttackData.SeedAsync(host);
        var sight = await SeeAsMemberAsync(data);
        var reader = new Reader(data, sight);

        var (solved, _) = reader.FollowUpTotals();
        // Both indicators, before and after, unless the cluster figure is hidden there (then no rest is shown either).
        Assert.NotEmpty(solved);
        var findings = new List<string>();
        foreach (var s in solved)
        {
            var package = sight.Packages.Single(p => p.Id == data.FollowUp);
            var q = package.Quarters.ToList().IndexOf(s.Quarter);
            var cluster = Reader.Figure(package.Indicator(s.Indicator).GetProperty("cluster")[q]);
            var (sn, sd) = (s.Numerator!.Value, s.Denominator!.Value);
            if (cluster is not { Suppressed: false, Numerator: { } n, Denominator: { } d })
                findings.Add($"follow-up {data.FollowUp}, {s.Indicator} {s.Quarter}: the rest of region and country give the cluster {s.Numerator} of {s.Denominator}, which is not shown");
            else if (Math.Abs(n - sn) > 1e-6 || Math.Abs(d - sd) > 1e-6)
                findings.Add($"follow-up {data.FollowUp}, {s.Indicator} {s.Quarter}: the rest of region and country give the cluster {s.Numerator} of {s.Denominator}, but it is shown as {n} of {d}");
            var stored = await data.StoredClusterAsync(s.Indicator, s.Quarter);
            if (Math.Abs(stored.Numerator - sn) < 1e-6 && Math.Abs(stored.Denominator - sd) < 1e-6)
                findings.Add($"follow-up {data.FollowUp}, {s.Indicator} {s.Quarter}: the rest of region and country give the stored cluster total {s.Numerator} of {s.Denominator}, practice without consent included");
        }
        Assert.True(findings.Count == 0, string.Join('\n', findings));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_open_cluster_with_full_consent_still_names_peers_with_their_counts_and_sizes(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var data = await DisclosureAttackData.SeedAsync(host);
        var client = await host.LoginAsync(TestRegistry.GpA);
        var id = data.OpenPackage;
        var truth = await data.SnapshotAsync(id);
        var r = host.Registry;
        var peer = truth.Practices.Single(p => p.Id == r.Trojborg.Id);

        using var json = JsonDocument.Parse(await WebAssert.TextAsync(await client.GetAsync($"/api/packages/{id}")));
        var csv = (await WebAssert.TextAsync(await client.GetAsync($"/api/packages/{id}.csv"))).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
        var page = await (await client.GetAsync($"/Packages/{id}")).Content.ReadAsStringAsync();

        var practice = json.RootElement.GetProperty("practices").EnumerateArray().Single(p => p.GetProperty("key").GetString() == peer.Letter);
        Assert.Equal((r.Trojborg.Name, true, false), (practice.GetProperty("label").GetString(), practice.GetProperty("named").GetBoolean(), practice.GetProperty("own").GetBoolean()));
        Assert.Equal(0, json.RootElement.GetProperty("leftOut").GetInt32());
        foreach (var indicator in DisclosureAttackData.Indicators)
        {
            var view = json.RootElement.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == indicator);
            var stored = truth.Indicators.Single(i => i.Id == indicator);
            var figures = view.GetProperty("practices").EnumerateArray().Single(s => s.GetProperty("key").GetString() == peer.Letter).GetProperty("figures");
            for (var q = 0; q < truth.Quarters.Count; q++)
            {
                var f = stored.Practices[peer.Id][q]!;
                var shown = Reader.Figure(figures[q])!;
                Assert.Equal((f.Numerator, f.Denominator, false), (shown.Numerator, shown.Denominator, shown.Suppressed));
                Assert.Contains(csv, row => row[0] == indicator && row[1] == truth.Quarters[q] && row[2] == "practice" && row[3] == r.Trojborg.Name
                    && row[4] == f.Numerator.ToString(CultureInfo.InvariantCulture) && row[5] == f.Denominator.ToString(CultureInfo.InvariantCulture) && row[9] == "false");
            }
            Assert.True(view.GetProperty("funnel").GetArrayLength() > 0, $"{indicator}: the national funnel dots are kept in an open cluster");
            var latest = stored.Practices[peer.Id][^1]!;
            var row = Html.FigureRows(Html.Section(page, indicator)).Single(x => x.Key == peer.Letter);
            Assert.Equal([latest.Numerator.ToString("N0", Danish), latest.Denominator.ToString("N0", Danish)], row.Cells.Take(2));
            Assert.Contains(r.Trojborg.Name, row.Label);
        }
    }

    [Fact]
    public void The_attack_finds_what_an_unprotected_table_gives_away()
    {
        // Own practice known, peers x (3), y (20) and z (2, a newcomer in the second table): what a careless package would show.
        var truth = new Dictionary<string, long> { ["x"] = 3, ["y"] = 20, ["z"] = 2, ["w"] = 1 };
        bool Small(string c) => truth[c] is >= 1 and <= 4;
        Equation<string> Total(string source, params string[] unknowns) => new(unknowns, unknowns.Sum(u => truth[u]), source);

        // Only x hidden: the total minus the shown cells is x.
        Assert.Equal(["x = 3 (solved from: one hidden cell)"], Attack.Solved([Total("one hidden cell", "x")], c => truth[c], Small, c => c));
        // x hidden with y: safe alone, but a second package adding hidden newcomer z gives z away by the difference.
        var two = new[] { Total("first", "x", "y"), Total("second", "x", "y", "z") };
        Assert.Equal(["z = 2 (solved from: first; second)"], Attack.Solved(two, c => truth[c], Small, c => c));
        Assert.Contains(Attack.SmallSums(two, Small, c => c), f => f.Contains("second minus first", StringComparison.Ordinal));
        // x and w hidden together add up to 4: each is known to be small.
        Assert.Single(Attack.SmallSums([Total("pair", "x", "w")], Small, c => c));
        // Two totals over three unknowns that solve nothing, and sums of 5 or more: nothing found.
        var safe = new[] { Total("a", "x", "y"), Total("b", "y", "z", "w") };
        Assert.Empty(Attack.Solved(safe, c => truth[c], Small, c => c));
        Assert.Empty(Attack.SmallSums(safe, Small, c => c));
        // Solved by a combination no single difference shows: (x+y) - (y+z) + (z+w) - (w) ... = x.
        var chain = new[] { Total("p", "x", "y"), Total("q", "y", "z"), Total("r", "z", "w"), Total("s", "w") };
        Assert.Contains("x = 3 (solved from: p; q; r; s)", Attack.Solved(chain, c => truth[c], Small, c => c));
    }

    private static IEnumerable<double> Numbers(JsonElement e, string? property = null)
    {
        // The funnel limits and deciles are curves over every size in the country, not any practice's.
        if (property is "limits" or "deciles") yield break;
        switch (e.ValueKind)
        {
            case JsonValueKind.Number: yield return e.GetDouble(); break;
            case JsonValueKind.Array:
                foreach (var x in e.EnumerateArray()) foreach (var n in Numbers(x, property)) yield return n;
                break;
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject()) foreach (var n in Numbers(p.Value, p.Name)) yield return n;
                break;
        }
    }

    private static IEnumerable<string> ListSizesIn(string where, string text, IEnumerable<(DisclosureAttackData.Seeded Practice, int Size)> sizes)
    {
        foreach (var (practice, size) in sizes)
        {
            var plain = size.ToString(CultureInfo.InvariantCulture);
            var pattern = $@"(?<![\w.,-]){plain[..^3]}\.?{plain[^3..]}(?!\w|[.,]\d)";
            var match = Regex.Match(text, pattern);
            if (match.Success) yield return $"{where} shows {match.Value}, the list size of {practice.Name}: …{text[Math.Max(0, match.Index - 80)..Math.Min(text.Length, match.Index + 40)].ReplaceLineEndings(" ")}…";
        }
    }

    /// <summary>Reads what the member saw into the reader's equations.</summary>
    private sealed class Reader(DisclosureAttackData data, MemberSight sight)
    {
        private int OwnId => data.IdOf(DisclosureAttackData.Own);

        public long True(Cell c) => c.Kind == "count"
            ? data.PracticeWithId(c.Practice).Count(c.Indicator, data.QuarterIndex(c.Quarter))
            : c.Quarter == "registry" ? data.PracticeWithId(c.Practice).ListedPatients : data.PracticeWithId(c.Practice).ListSize(data.QuarterIndex(c.Quarter));

        public string Describe(Cell c) => c.Kind == "count"
            ? $"{c.Indicator} {c.Quarter}: {data.PracticeWithId(c.Practice).Name}'s count"
            : $"{data.PracticeWithId(c.Practice).Name}'s list size {(c.Quarter == "registry" ? "in the registry" : "in " + c.Quarter)}";

        public static ShownFigure? Figure(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : new ShownFigure(
            e.TryGetProperty("numerator", out var n) ? n.GetDouble() : null,
            e.TryGetProperty("denominator", out var d) ? d.GetDouble() : null,
            e.TryGetProperty("value", out var v) ? v.GetDouble() : null,
            e.GetProperty("suppressed").GetBoolean());

        /// <summary>Every practice figure the member saw, per package, format, indicator, quarter and practice: shown or hidden.</summary>
        public IEnumerable<(SeenPackage Package, string Format, Cell Cell, bool Shown)> Observations()
        {
            foreach (var package in sight.Packages)
            {
                foreach (var indicator in DisclosureAttackData.Indicators)
                {
                    var view = package.Indicator(indicator);
                    foreach (var series in view.GetProperty("practices").EnumerateArray())
                    {
                        var practice = package.PracticeOf(series.GetProperty("key").GetString()!).Id;
                        var figures = series.GetProperty("figures");
                        for (var q = 0; q < package.Quarters.Count; q++)
                        {
                            if (Figure(figures[q]) is { } f) yield return (package, "JSON", Cell.Count(indicator, package.Quarters[q], practice), !f.Suppressed);
                        }
                    }
                    foreach (var row in package.Csv.Where(r => r[0] == indicator && r[2] == "practice"))
                    {
                        var practice = package.Truth.Practices.SingleOrDefault(p => p.Letter == row[3] || p.Name == row[3]);
                        if (practice is not null) yield return (package, "CSV", Cell.Count(indicator, row[1], practice.Id), row[9] == "false");
                    }
                    foreach (var (format, html) in new[] { ("page", package.Page), ("print", package.Print) })
                    {
                        foreach (var row in Html.FigureRows(Html.Section(html, indicator)).Where(r => r.Key is not null && r.Cells.Count == 4))
                            yield return (package, format, Cell.Count(indicator, package.Truth.CutOff, package.PracticeOf(row.Key!).Id), row.Cells[2] is not (HiddenMark or "–"));
                    }
                }
            }
        }

        /// <summary>A count of 1-4 shown in any format, to anyone but its own practice.</summary>
        public IEnumerable<string> ShownSmallCounts() =>
            Observations().Where(o => o.Shown && o.Cell.Practice != OwnId && True(o.Cell) is >= 1 and <= 4)
                .Select(o => $"package {o.Package.Id} {o.Format} shows {Describe(o.Cell)} = {True(o.Cell)}");

        /// <summary>The cluster totals shown in every format, per package, indicator and quarter.</summary>
        public IEnumerable<ShownTotal> Totals()
        {
            foreach (var package in sight.Packages)
            {
                foreach (var indicator in DisclosureAttackData.Indicators)
                {
                    var cluster = package.Indicator(indicator).GetProperty("cluster");
                    for (var q = 0; q < package.Quarters.Count; q++)
                    {
                        if (Figure(cluster[q]) is { } f)
                            yield return new ShownTotal(package.Id, "JSON", indicator, package.Quarters[q], f.Suppressed ? null : f.Numerator ?? FromValue(f.Value, f.Denominator), f.Denominator);
                    }
                    foreach (var row in package.Csv.Where(r => r[0] == indicator && r[2] == "cluster"))
                        yield return new ShownTotal(package.Id, "CSV", indicator, row[1], Number(row[4]) ?? FromValue(Number(row[6]), Number(row[5])), Number(row[5]));
                    foreach (var (format, html) in new[] { ("page", package.Page), ("print", package.Print) })
                    {
                        if (Html.ClusterRow(Html.Section(html, indicator)) is { Count: 4 } cells)
                            yield return new ShownTotal(package.Id, format, indicator, package.Truth.CutOff, Count(cells[0]) ?? FromValue(Value(cells[2]), Count(cells[1])), Count(cells[1]));
                    }
                }
            }
        }

        /// <summary>
        /// Every shown cluster count as an equation over the practices' counts the reader does not know: the own
        /// practice's, and with <paramref name="knownPeers"/> every count shown anywhere, are known.
        /// </summary>
        public IEnumerable<Equation<Cell>> CountEquations(bool knownPeers)
        {
            var shown = knownPeers ? Observations().Where(o => o.Shown).Select(o => o.Cell).ToHashSet() : [];
            bool Known(Cell c) => c.Practice == OwnId || shown.Contains(c);
            foreach (var t in Totals())
            {
                if (t.Numerator is not { } total) continue;
                var cells = Members(t).Select(p => Cell.Count(t.Indicator, t.Quarter, p)).ToList();
                yield return new Equation<Cell>([.. cells.Where(c => !Known(c))], (long)total - cells.Where(Known).Sum(True), t.Source);
            }
        }

        /// <summary>
        /// The cluster's list sizes as equations: its denominators per quarter, and the cluster page's listed patients
        /// over every current member (the reader takes the registry's figure to be the latest quarter's list size).
        /// </summary>
        public IEnumerable<Equation<Cell>> SizeEquations()
        {
            var latest = data.Quarters[^1].ToString();
            Cell Size(string quarter, int practice) => new("size", "", quarter == latest ? "registry" : quarter, practice);
            foreach (var t in Totals())
            {
                if (t.Denominator is not { } total) continue;
                var cells = Members(t).Select(p => Size(t.Quarter, p)).ToList();
                yield return new Equation<Cell>([.. cells.Where(c => c.Practice != OwnId)], (long)total - DisclosureAttackData.Own.ListSize(data.QuarterIndex(t.Quarter)), t.Source);
            }
            var url = $"/Clusters/{DisclosureAttackData.ClusterId}";
            // A total to the nearest 1,000 (members of a closed cluster) gives a range, not an equation.
            if (ClusterPatients().Match(sight.Pages[url].Text) is { Success: true } m && !m.Groups["n"].Value.StartsWith('≈'))
            {
                var members = DisclosureAttackData.ClusterPractices.Where(p => p != DisclosureAttackData.Own).Select(data.IdOf);
                yield return new Equation<Cell>([.. members.Select(p => new Cell("size", "", "registry", p))],
                    (long)double.Parse(m.Groups["n"].Value, NumberStyles.Number, Danish) - DisclosureAttackData.Own.ListedPatients, $"{url} listed patients");
            }
        }

        /// <summary>
        /// From a follow-up's region and country figures and its rest-of-region and rest-of-country rates, the cluster's
        /// numerator and denominator: two linear equations, (region - cluster) = rate × (region size - cluster size).
        /// </summary>
        public (List<ShownTotal> Solved, List<Equation<Cell>> Equations) FollowUpTotals()
        {
            var solved = new List<ShownTotal>();
            var equations = new List<Equation<Cell>>();
            var package = sight.Packages.Single(p => p.Id == data.FollowUp);
            foreach (var indicator in DisclosureAttackData.Indicators)
            {
                var view = package.Indicator(indicator);
                if (!view.TryGetProperty("change", out var change)) continue;
                foreach (var when in new[] { "Before", "After" })
                {
                    var quarter = change.GetProperty(when.ToLowerInvariant()).GetString()!;
                    var q = package.Quarters.ToList().IndexOf(quarter);
                    if (!change.TryGetProperty("restOfRegion" + when, out var region) || !change.TryGetProperty("restOfCountry" + when, out var country)) continue;
                    if (Figure(view.GetProperty("region")[q]) is not { Numerator: { } rn, Denominator: { } rd }
                        || Figure(view.GetProperty("nation")[q]) is not { Numerator: { } nn, Denominator: { } nd }) continue;
                    double a = region.GetDouble() / 1000, b = country.GetDouble() / 1000;
                    // n - a·d = rn - a·rd and n - b·d = nn - b·nd.
                    var d = ((rn - a * rd) - (nn - b * nd)) / (b - a);
                    var n = rn - a * rd + a * d;
                    var total = new ShownTotal(package.Id, "JSON rest of region and country", indicator, quarter, Math.Round(n, 6), Math.Round(d, 6));
                    solved.Add(total);
                    if (Math.Abs(n - Math.Round(n)) < 1e-6)
                    {
                        var cells = Members(total).Select(p => Cell.Count(indicator, quarter, p)).ToList();
                        equations.Add(new Equation<Cell>([.. cells.Where(c => c.Practice != OwnId)], (long)Math.Round(n) - cells.Where(c => c.Practice == OwnId).Sum(True), total.Source));
                    }
                }
            }
            return (solved, equations);
        }

        // The practices a member is told the cluster's figure is made of: those listed in the package with a figure.
        private IEnumerable<int> Members(ShownTotal t)
        {
            var package = sight.Packages.Single(p => p.Id == t.Package);
            var q = package.Quarters.ToList().IndexOf(t.Quarter);
            return package.Indicator(t.Indicator).GetProperty("practices").EnumerateArray()
                .Where(s => Figure(s.GetProperty("figures")[q]) is not null)
                .Select(s => package.PracticeOf(s.GetProperty("key").GetString()!).Id);
        }

        private static double? FromValue(double? value, double? denominator) =>
            value is { } v && denominator is { } d && Math.Abs(v * d / 1000 - Math.Round(v * d / 1000)) < 1e-6 ? Math.Round(v * d / 1000) : null;

        private static double? Number(string s) => s == "" ? null : double.Parse(s, CultureInfo.InvariantCulture);
        private static double? Count(string s) => s is "–" or HiddenMark ? null : double.Parse(s, NumberStyles.Number, Danish);
        private static double? Value(string s) => s is "–" or HiddenMark ? null : double.Parse(s, NumberStyles.Number, Danish);
    }

    [GeneratedRegex("""data-figure="patients">(?<n>[^<]*)<""")]
    private static partial Regex ClusterPatients();

    /// <summary>An unknown: a practice's count for an indicator and quarter, or its list size in a quarter (or in the registry).</summary>
    private sealed record Cell(string Kind, string Indicator, string Quarter, int Practice)
    {
        public static Cell Count(string indicator, string quarter, int practice) => new("count", indicator, quarter, practice);
    }

    private sealed record ShownFigure(double? Numerator, double? Denominator, double? Value, bool Suppressed);

    private sealed record ShownTotal(int Package, string Format, string Indicator, string Quarter, double? Numerator, double? Denominator)
    {
        public string Source => $"package {Package} {Format} cluster {Indicator} {Quarter}";
    }

    /// <summary>Reads the package document's tables and chart data.</summary>
    private static partial class Html
    {
        public static string Section(string html, string indicator)
        {
            var start = html.IndexOf($"<section class=\"package-indicator\" id=\"indicator-{indicator}\"", StringComparison.Ordinal);
            Assert.True(start >= 0, $"no section for {indicator}");
            return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
        }

        /// <summary>The rows of the figures table: practice key (null for totals), label and decoded cells.</summary>
        public static IEnumerable<(string? Key, string Label, IReadOnlyList<string> Cells)> FigureRows(string section)
        {
            var start = section.IndexOf("<table class=\"figures-table\">", StringComparison.Ordinal);
            if (start < 0) yield break;
            var table = section[start..section.IndexOf("</table>", start, StringComparison.Ordinal)];
            foreach (Match row in Row().Matches(table))
            {
                yield return (row.Groups["key"].Success ? row.Groups["key"].Value : null, WebUtility.HtmlDecode(row.Groups["label"].Value),
                    [.. CellText().Matches(row.Groups["cells"].Value).Select(c => WebUtility.HtmlDecode(c.Groups["c"].Value))]);
            }
        }

        /// <summary>The cells of the cluster's row in the figures table (numerator, denominator, value, standardised), or null.</summary>
        public static IReadOnlyList<string>? ClusterRow(string section) =>
            ClusterLevel().Match(section) is { Success: true } m
                ? [.. CellText().Matches(m.Groups["cells"].Value).Select(c => WebUtility.HtmlDecode(c.Groups["c"].Value))]
                : null;

        public static IEnumerable<JsonElement> FunnelCharts(string section) =>
            FunnelData().Matches(section).Select(m => JsonDocument.Parse(WebUtility.HtmlDecode(m.Groups["json"].Value)).RootElement.Clone());

        public static string WithoutFunnelCharts(string html) => Figure().Replace(html, m => m.Value.Contains("data-chart=\"funnel\"", StringComparison.Ordinal) ? "" : m.Value);

        [GeneratedRegex("""<tr(?: data-practice="(?<key>[^"]*)"(?: class="own")?| class="total" data-level="[a-z]+")><th scope="row">(?<label>.*?)</th>(?<cells>(?:<td class="num">[^<]*</td>)*)</tr>""", RegexOptions.Singleline)]
        private static partial Regex Row();

        [GeneratedRegex("""<tr class="total" data-level="cluster"><th scope="row">[^<]*</th>(?<cells>(?:<td class="num">[^<]*</td>)*)</tr>""")]
        private static partial Regex ClusterLevel();

        [GeneratedRegex("""<td class="num">(?<c>[^<]*)</td>""")]
        private static partial Regex CellText();

        [GeneratedRegex("""data-chart="funnel"[^>]*data-series="(?<json>[^"]*)" """)]
        private static partial Regex FunnelData();

        [GeneratedRegex("""<figure class="package-figure">.*?</figure>""", RegexOptions.Singleline)]
        private static partial Regex Figure();
    }
}

/// <summary>A shown total as the reader writes it: the unknown cells it covers add up to <see cref="Sum"/>.</summary>
public sealed record Equation<T>(IReadOnlyList<T> Unknowns, long Sum, string Source) where T : notnull;

/// <summary>What a reader can work out from shown totals, with exact arithmetic.</summary>
public static class Attack
{
    /// <summary>
    /// Every unknown the equations fix to one value in every solution (Gauss-Jordan elimination over the rationals:
    /// a cell is fixed exactly when its unit vector lies in the row space), for which <paramref name="secret"/> holds.
    /// A fixed value that differs from the truth is reported too: then the totals are not what the reader was told.
    /// </summary>
    public static List<string> Solved<T>(IReadOnlyList<Equation<T>> equations, Func<T, long> truth, Func<T, bool> secret, Func<T, string> describe) where T : notnull
    {
        var findings = new List<string>();
        var columns = equations.SelectMany(e => e.Unknowns).Distinct().ToList();
        var index = columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var rows = equations.Where(e => e.Unknowns.Count > 0).Select(e =>
        {
            var row = new Rational[columns.Count + 1];
            Array.Fill(row, Rational.Zero);
            foreach (var u in e.Unknowns.Distinct()) row[index[u]] = Rational.One;
            row[^1] = new Rational(e.Sum);
            return (Row: row, Sources: new SortedSet<string>(StringComparer.Ordinal) { e.Source });
        }).ToList();

        var pivotRow = 0;
        var pivots = new List<(int Column, int Row)>();
        for (var c = 0; c < columns.Count && pivotRow < rows.Count; c++)
        {
            var found = rows.FindIndex(pivotRow, r => !r.Row[c].IsZero);
            if (found < 0) continue;
            (rows[pivotRow], rows[found]) = (rows[found], rows[pivotRow]);
            var (pivot, sources) = rows[pivotRow];
            var scale = pivot[c];
            for (var k = 0; k < pivot.Length; k++) pivot[k] /= scale;
            for (var r = 0; r < rows.Count; r++)
            {
                if (r == pivotRow || rows[r].Row[c].IsZero) continue;
                var factor = rows[r].Row[c];
                for (var k = 0; k < pivot.Length; k++) rows[r].Row[k] -= factor * pivot[k];
                rows[r].Sources.UnionWith(sources);
            }
            pivots.Add((c, pivotRow));
            pivotRow++;
        }
        foreach (var (row, sources) in rows.Skip(pivotRow))
        {
            if (!row[^1].IsZero) findings.Add($"the shown totals contradict each other ({string.Join("; ", sources)})");
        }
        foreach (var (c, r) in pivots)
        {
            var (row, sources) = rows[r];
            if (Enumerable.Range(0, columns.Count).Any(k => k != c && !row[k].IsZero)) continue;
            var cell = columns[c];
            var value = row[^1];
            if (value != new Rational(truth(cell)))
                findings.Add($"{describe(cell)} comes out as {value}, not its true {truth(cell)}: the totals are not over the practices shown (solved from: {string.Join("; ", sources)})");
            else if (secret(cell))
                findings.Add($"{describe(cell)} = {value} (solved from: {string.Join("; ", sources)})");
        }
        return findings;
    }

    /// <summary>
    /// Totals whose hidden cells add up to under 5 although one of them is small, so the reader knows it is small:
    /// every single total, and the difference of two totals whose hidden cells are nested (a package and a later one
    /// with a newcomer, say).
    /// </summary>
    public static List<string> SmallSums<T>(IReadOnlyList<Equation<T>> equations, Func<T, bool> small, Func<T, string> describe) where T : notnull
    {
        var findings = new List<string>();
        foreach (var e in equations.Where(e => e.Unknowns.Any(small) && e.Sum < 5))
            findings.Add($"{e.Source}: the hidden cells {string.Join(", ", e.Unknowns.Select(describe))} add up to {e.Sum}");
        var distinct = equations.GroupBy(e => string.Join('|', e.Unknowns.Select(u => u.ToString()).Order(StringComparer.Ordinal))).Select(g => g.First()).ToList();
        foreach (var outer in distinct)
        {
            foreach (var inner in distinct)
            {
                var rest = outer.Unknowns.Except(inner.Unknowns).ToList();
                if (inner.Unknowns.Count == 0 || inner.Unknowns.Count >= outer.Unknowns.Count || inner.Unknowns.Except(outer.Unknowns).Any() || !rest.Any(small)) continue;
                if (outer.Sum - inner.Sum < 5)
                    findings.Add($"{outer.Source} minus {inner.Source}: the hidden cells {string.Join(", ", rest.Select(describe))} add up to {outer.Sum - inner.Sum}");
            }
        }
        return findings;
    }
}

/// <summary>An exact fraction, so that elimination never mistakes a rounding error for information.</summary>
public readonly record struct Rational
{
    public static readonly Rational Zero = new(0);
    public static readonly Rational One = new(1);

    public Rational(BigInteger numerator, BigInteger? denominator = null)
    {
        var d = denominator ?? BigInteger.One;
        if (d.IsZero) throw new DivideByZeroException();
        if (d.Sign < 0) (numerator, d) = (-numerator, -d);
        var g = BigInteger.GreatestCommonDivisor(numerator, d);
        if (!g.IsZero && !g.IsOne) (numerator, d) = (numerator / g, d / g);
        Numerator = numerator;
        Denominator = d;
    }

    public BigInteger Numerator { get; }
    public BigInteger Denominator { get; }
    public bool IsZero => Numerator.IsZero;

    public static Rational operator +(Rational a, Rational b) => new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);
    public static Rational operator -(Rational a, Rational b) => new(a.Numerator * b.Denominator - b.Numerator * a.Denominator, a.Denominator * b.Denominator);
    public static Rational operator *(Rational a, Rational b) => new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);
    public static Rational operator /(Rational a, Rational b) => new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    public override string ToString() => Denominator.IsOne ? Numerator.ToString(CultureInfo.InvariantCulture) : $"{Numerator}/{Denominator}";
}
