using System.Globalization;
using System.Text.RegularExpressions;
using Klynge.Core.Indicators;
using Klynge.Core.Packages;
using Klynge.Core.Topics;

namespace Klynge.Core.Tests.Packages;

public class PackageDocumentTests
{
    private static readonly CultureInfo Danish = new("da-DK");
    private static readonly CultureInfo English = new("en-GB");

    // Five practices: own (A), consenting peers (B, E), a peer without consent (C), a peer with 3 of 7 (D, suppressed).
    // D's 3 alone would follow from the cluster's total, so the smallest other peer count (B's 45) is hidden with it.
    private static readonly PackagePractice Own = new(1, "111111", "Lægehuset Nord", "A", true);
    private static readonly PackagePractice Peer = new(2, "222222", "Peder Peersens Praksis", "B", true);
    private static readonly PackagePractice Hidden = new(3, "333333", "Skjulte Lægers Klinik", "C", false);
    private static readonly PackagePractice Small = new(4, "444444", "Lille Lægepraksis", "D", true);
    private static readonly PackagePractice Other = new(5, "555555", "Femte Lægehus", "E", true);

    internal static PackageSnapshot Snapshot(bool open = false, string clusterName = "Klynge Nord")
    {
        string[] quarters = ["2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"];
        IReadOnlyList<PackageFigure?> Series(double numerator, double denominator, bool small = false) =>
            [.. quarters.Select((_, q) => (PackageFigure?)new PackageFigure(numerator, denominator, numerator / denominator * 100, numerator / denominator * 100 + 0.5, 40 + q, Small: small))];
        return new PackageSnapshot
        {
            Cluster = new PackageCluster(7, clusterName, 1081, "Region Nordjylland", open),
            Topic = new PackageTopic("antibiotics", new TopicText("Antibiotika", "Antibiotics"), new TopicText("Om antibiotika.", "About antibiotics."),
                [new TopicText("Hvornår venter vi?", "When do we wait?")], [new TopicText("Brug penicillin V.")],
                [new GuidelineReference("Vejledning om antibiotika", "Sundhedsstyrelsen", 2023, "https://www.sst.dk/")], 6, "# Guide\n\nTal sammen.", null),
            CutOff = quarters[^1],
            Quarters = quarters,
            Practices = [Own, Peer, Hidden, Small, Other],
            GeneratedAtUtc = new DateTime(2026, 8, 1, 12, 0, 0, DateTimeKind.Utc),
            Indicators =
            [
                new PackageIndicator
                {
                    Id = "penicillin-v-share",
                    Title = new LocalizedText("Andel penicillin V", "Penicillin V share"),
                    Description = new LocalizedText("Andel af antibiotika.", "Share of antibiotics."),
                    WhyItMatters = new LocalizedText("Smalspektret er bedre.", "Narrow spectrum is better."),
                    Kind = IndicatorKind.Share,
                    Unit = "percent",
                    LowIsGood = false,
                    Target = new IndicatorTarget(60, "above"),
                    Nation = Series(55000, 100000),
                    Region = Series(11000, 20000),
                    Cluster = Series(301, 500),
                    Practices = new Dictionary<int, IReadOnlyList<PackageFigure?>>
                    {
                        [1] = Series(6124, 10000),
                        [2] = Series(45, 100),
                        [3] = Series(70, 100),
                        [4] = Series(3, 7, small: true),
                        [5] = Series(52, 100),
                    },
                    Funnel = [new FunnelPoint(50, 40), new FunnelPoint(100, 55), new FunnelPoint(400, 60)],
                    Limits = [new FunnelBand(50, 35, 41, 69, 75), new FunnelBand(400, 47, 50, 60, 63)],
                    Deciles = [40, 45, 48, 52, 55, 58, 61, 64, 70],
                },
            ],
        };
    }

    private static PackageView View(PackageAudience audience, bool open = false, int[]? own = null, string clusterName = "Klynge Nord")
    {
        var package = new ClusterPackage { Id = 12, ClusterId = 7, TopicId = "antibiotics", CreatedBy = "x", Snapshot = "", PublishOn = new DateOnly(2026, 8, 3) };
        return PackageProjection.For(package, Snapshot(open, clusterName), audience, new HashSet<int>(own ?? [1]), earlier: []);
    }

    [Fact]
    public void A_member_sees_own_practice_named_and_peers_by_letter_only()
    {
        var html = PackageDocument.Html(View(PackageAudience.Member), Danish);

        Assert.Contains("Lægehuset Nord", html);
        Assert.Contains("data-practice=\"B\"", html);
        foreach (var secret in new[] { Peer.Name, Hidden.Name, Small.Name, Peer.ProviderNumber, Hidden.ProviderNumber, Small.ProviderNumber, Own.ProviderNumber })
            Assert.DoesNotContain(secret, html);
        // C has not consented: left out, and said so.
        Assert.DoesNotContain("data-practice=\"C\"", html);
        Assert.Contains("1 praksis i klyngen har ikke givet samtykke", html);
    }

    [Fact]
    public void An_open_cluster_names_peers_but_still_leaves_out_practices_without_consent()
    {
        var html = PackageDocument.Html(View(PackageAudience.Member, open: true), Danish);

        Assert.Contains(Peer.Name, html);
        Assert.Contains(Small.Name, html);
        Assert.DoesNotContain(Hidden.Name, html);
    }

    [Fact]
    public void A_hidden_figure_and_the_one_protecting_it_look_alike_and_never_show_their_numbers()
    {
        // In the open cluster every peer's count is shown, so D's 3 would follow from the cluster's total
        // (6,224 = 6,124 + 45 + 3 + 52) unless another count is hidden with it: the smallest, B's 45.
        var html = PackageDocument.Html(View(PackageAudience.Member, open: true), Danish);

        var rows = Regex.Matches(html, "<tr data-practice=\"D\">.*?</tr>").Select(m => m.Value).ToList();
        Assert.Equal("<tr data-practice=\"D\"><th scope=\"row\">Lille Lægepraksis</th><td class=\"num\">skjult</td></tr>", rows[0]);
        // A share's denominator is a count too: it goes with the numerator.
        Assert.Equal("<tr data-practice=\"D\"><th scope=\"row\">Lille Lægepraksis</th><td class=\"num\">skjult</td><td class=\"num\">–</td><td class=\"num\">skjult</td><td class=\"num\">skjult</td></tr>", rows[1]);
        Assert.Equal("<tr data-practice=\"B\"><th scope=\"row\">Peder Peersens Praksis</th><td class=\"num\">skjult</td><td class=\"num\">–</td><td class=\"num\">skjult</td><td class=\"num\">skjult</td></tr>",
            Regex.Matches(html, "<tr data-practice=\"B\">.*?</tr>").Select(m => m.Value).Last());
        Assert.Contains("<tr data-practice=\"E\"><th scope=\"row\">Femte Lægehus</th><td class=\"num\">52</td><td class=\"num\">100</td><td class=\"num\">52,0 %</td>", html);
        Assert.Contains("<tr class=\"total\" data-level=\"cluster\"><th scope=\"row\">Klynge</th><td class=\"num\">6.224</td><td class=\"num\">10.207</td>", html);
        foreach (var leak in new[] { "42,9", "42.9", "42.857", "43,4", "43.357", "45,0", "45,5" }) Assert.DoesNotContain(leak, html);
    }

    [Fact]
    public void A_closed_cluster_shows_peers_rounded_values_without_counts_or_sizes()
    {
        // As in the open cluster D's 3 and B's 45 are hidden: a value shown is taken as giving its count away.
        var html = PackageDocument.Html(View(PackageAudience.Member), Danish);

        foreach (var hidden in new[] { "D", "B" })
            Assert.Equal($"<tr data-practice=\"{hidden}\"><th scope=\"row\">{hidden}</th><td class=\"num\">skjult</td><td class=\"num\">–</td><td class=\"num\">skjult</td><td class=\"num\">skjult</td></tr>",
                Regex.Matches(html, $"<tr data-practice=\"{hidden}\">.*?</tr>").Select(m => m.Value).Last());
        // E: 52 of 100 shown as 52 % (two significant digits), its standardised 52.5 % as 52 % (to even), no count or size.
        Assert.Contains("<tr data-practice=\"E\"><th scope=\"row\">E</th><td class=\"num\">–</td><td class=\"num\">–</td><td class=\"num\">52,0 %</td><td class=\"num\">52,0 %</td></tr>", html);
        Assert.Contains("<tr class=\"total\" data-level=\"cluster\"><th scope=\"row\">Klynge</th><td class=\"num\">6.224</td><td class=\"num\">10.207</td>", html);
        foreach (var leak in new[] { "42,9", "42.9", "42.857", "45,5", "52,5" }) Assert.DoesNotContain(leak, html);
    }

    [Fact]
    public void Numbers_use_the_culture_and_the_headline_reads_the_standing()
    {
        var danish = PackageDocument.Html(View(PackageAudience.Member), Danish);
        var english = PackageDocument.Html(View(PackageAudience.Member), English);

        // Own 61.24 % against E's 52 % (B and D are hidden, C left out): higher than the one other with a value.
        Assert.Contains("<td class=\"num\">61,2 %</td>", danish);
        Assert.Contains("Højere end den ene anden praksis i klyngen.", danish);
        Assert.Contains("<td class=\"num\">6.124</td>", danish);
        Assert.Contains("<td class=\"num\">61.2 %</td>", english);
        Assert.Contains("Higher than the one other practice in the cluster.", english);
        Assert.Contains("<td class=\"num\">6,124</td>", english);
        Assert.Contains("lang=\"en\"", english);
        Assert.Contains("mindst 60,0 %", danish);
    }

    [Theory]
    [InlineData(8, 3, 11, "Højere end 8 af de 11 andre praksisser i klyngen.", "Higher than 8 of the 11 other practices in the cluster.")]
    [InlineData(2, 9, 11, "Lavere end 9 af de 11 andre praksisser i klyngen.", "Lower than 9 of the 11 other practices in the cluster.")]
    [InlineData(0, 0, 0, "Der er ingen andre praksisser i klyngen at sammenligne med.", "There are no other practices in the cluster to compare with.")]
    public void The_standing_reads_as_one_line(int below, int above, int compared, string danish, string english)
    {
        var standing = new ClusterStanding("A", below, above, compared);
        Assert.Equal(danish, PackageText.Danish.Standing(standing, hasValue: true));
        Assert.Equal(english, PackageText.English.Standing(standing, hasValue: true));
    }

    [Fact]
    public void The_document_links_its_assets_and_has_one_chart_div_per_chart()
    {
        var html = PackageDocument.Html(View(PackageAudience.Member), Danish, "https://klynge.example/");

        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"da\">", html);
        Assert.Contains("<title>Antibiotika: Klynge Nord</title>", html);
        Assert.Contains("href=\"https://klynge.example/css/package.css\"", html);
        foreach (var script in new[] { "lib/echarts/echarts.common.min.js", "js/charts.js", "js/package.js" })
            Assert.Contains($"<script src=\"https://klynge.example/{script}\"></script>", html);
        Assert.Equal(1, Regex.Count(html, "data-chart=\"bar\""));
        Assert.Equal(1, Regex.Count(html, "data-chart=\"trend\""));
        Assert.Equal(1, Regex.Count(html, "data-chart=\"funnel\""));
        Assert.Contains("<h3>Guide</h3>", html);
    }

    [Fact]
    public void Text_from_the_data_is_encoded()
    {
        var html = PackageDocument.Html(View(PackageAudience.Member, clusterName: "<script>alert(1)</script>"), Danish);

        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }

    [Fact]
    public void A_partner_sees_no_practice_and_no_funnel()
    {
        var html = PackageDocument.Html(View(PackageAudience.Partner, own: []), Danish);

        Assert.DoesNotContain("data-practice=", html);
        Assert.DoesNotContain("data-chart=\"bar\"", html);
        Assert.DoesNotContain("data-chart=\"funnel\"", html);
        Assert.Contains("data-chart=\"trend\"", html);
        Assert.DoesNotContain("Lægehuset Nord", html);
        Assert.DoesNotContain("data-left-out", html);
    }

    [Fact]
    public void A_follow_up_shows_the_change_table_and_says_when_no_actions_are_recorded()
    {
        var package = new ClusterPackage { Id = 13, ClusterId = 7, TopicId = "antibiotics", CreatedBy = "x", Snapshot = "", Kind = PackageKind.FollowUp };
        var view = PackageProjection.For(package, Snapshot() with { Baseline = "2025-Q2" }, PackageAudience.Member, new HashSet<int> { 1 }, earlier: []);

        var html = PackageDocument.Html(view, Danish);

        // The cluster as members see it: A, B, D and E (C has not consented), 6,224 of 10,207 = 60.98 % both quarters;
        // rest of region (11,000 - 6,224) / (20,000 - 10,207) = 48.77 %.
        Assert.Contains("<tr data-level=\"region\"><th scope=\"row\">Resten af regionen</th><td class=\"num\">48,8 %</td>", html.Replace("\n", ""));
        Assert.Contains("Der er ikke registreret nogen handlinger.", html);
        Assert.Contains("data-draft", html);
    }
}
