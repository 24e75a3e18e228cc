using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Klynge.Core.Indicators;
using Klynge.Core.Topics;

namespace Klynge.Core.Packages;

/// <summary>
/// A package as HTML, made from a <see cref="PackageView"/> only, so it shows exactly what the viewer may see. The
/// standalone document (<see cref="Html"/>) is laid out for A4 print and is what the PDF is printed from; the web
/// page embeds the same <see cref="Body"/>. Every chart is a <c>div</c> with its figures as JSON, drawn by
/// <c>package.js</c>, beside a table with the same numbers.
/// </summary>
public static class PackageDocument
{
    // Danish letters stay readable in the source; everything markup-significant is still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly JsonSerializerOptions ChartJson = new(JsonSerializerDefaults.Web);


    /// <summary>A complete HTML document for the view, with the style sheet and scripts under <paramref name="assetBase"/>.</summary>
    public static string Html(PackageView view, CultureInfo culture, string assetBase = "") =>
        Document(culture, Title(view, culture), Body(view, culture), assetBase);

    /// <summary>
    /// The document without a package: style sheet and scripts only, and an empty <c>main</c> that
    /// <c>KlyngePrint.show</c> (package.js) fills with a <see cref="Body"/>. A printer loads it once and prints
    /// package after package in it.
    /// </summary>
    public static string Shell(CultureInfo culture, string assetBase = "") => Document(culture, "", "", assetBase);

    /// <summary>The document's title: topic and cluster.</summary>
    public static string Title(PackageView view, CultureInfo culture) =>
        PackageText.For(culture).Title(view.Topic.Title.In(culture), view.ClusterName);

    private static string Document(CultureInfo culture, string title, string body, string assetBase)
    {
        var b = assetBase.TrimEnd('/');
        var html = new StringBuilder(body.Length + 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(PackageText.For(culture).Language).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(title)).Append("</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"").Append(E(b + "/css/package.css")).Append("\">\n</head>\n<body class=\"package-document\">\n<main data-print-content>\n")
            .Append(body)
            .Append("</main>\n");
        foreach (var script in new[] { "/lib/echarts/echarts.common.min.js", "/js/charts.js", "/js/package.js" })
            html.Append("<script src=\"").Append(E(b + script)).Append("\"></script>\n");
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The package's content as an <c>article</c> fragment, for the standalone document and the web page.</summary>
    public static string Body(PackageView view, CultureInfo culture)
    {
        var w = new Writer(view, culture);
        w.Write();
        return w.ToString();
    }

    private static string E(string? s) => Encoder.Encode(s ?? "");

    private sealed class Writer(PackageView view, CultureInfo culture)
    {
        private readonly StringBuilder _html = new(64 * 1024);
        private readonly PackageText _t = PackageText.For(culture);
        private readonly Dictionary<string, ViewPractice> _practices = view.Practices.ToDictionary(p => p.Key);
        private bool English => _t.Language == "en";

        public override string ToString() => _html.ToString();

        private Writer A(string raw) { _html.Append(raw); return this; }
        private Writer X(string? text) { _html.Append(E(text)); return this; }

        private string Text(LocalizedText text) => English && !string.IsNullOrWhiteSpace(text.En) ? text.En : text.Da;

        // A topic text in Danish inside an English page is marked as Danish for screen readers.
        private Writer Topic(string tag, TopicText text, string? attributes = null)
        {
            var lang = text.LanguageIn(culture);
            A("<").A(tag);
            if (attributes is not null) A(" ").A(attributes);
            if (lang != _t.Language) A(" lang=\"").A(lang).A("\"");
            return A(">").X(text.In(culture)).A("</").A(tag).A(">\n");
        }

        public void Write()
        {
            A("<article class=\"package\" data-package=\"").X(view.PackageId.ToString(CultureInfo.InvariantCulture))
                .A("\" data-audience=\"").X(view.Audience.ToString().ToLowerInvariant()).A("\">\n");
            Header();
            A("<section class=\"package-intro\" aria-labelledby=\"package-intro\">\n<h2 id=\"package-intro\">").X(_t.Introduction).A("</h2>\n");
            Topic("p", view.Topic.Introduction);
            if (view.LeftOut > 0) A("<p class=\"left-out\" data-left-out=\"").X(view.LeftOut.ToString(CultureInfo.InvariantCulture)).A("\">").X(_t.LeftOut(view.LeftOut)).A("</p>\n");
            if (view.Audience == PackageAudience.Partner) A("<p class=\"partner-note\">").X(_t.NoPractices).A("</p>\n");
            Contents();
            A("</section>\n");
            foreach (var indicator in view.Indicators) Indicator(indicator);
            if (view.Kind == PackageKind.FollowUp) Actions();
            Closing();
            A("</article>\n");
        }

        private void Header()
        {
            var title = view.Topic.Title.In(culture);
            A("<header class=\"package-header\">\n<p class=\"package-kind\">").X(view.Kind == PackageKind.FollowUp ? _t.FollowUpPackage : _t.ClusterPackage).A("</p>\n");
            A("<h1>").X(title).A("</h1>\n<p class=\"package-cluster\">").X(view.ClusterName).A(" · ").X(view.RegionName).A("</p>\n");
            if (view.PublishOn is null) A("<p class=\"package-draft\" data-draft>").X(_t.Draft).A("</p>\n");
            A("<dl class=\"package-facts\">\n");
            Fact(_t.DataUpTo, view.CutOff, "data-cut-off");
            if (view.Kind == PackageKind.FollowUp && view.Baseline is { } baseline) Fact(_t.Before, baseline, "data-baseline");
            if (view.MeetingOn is { } meeting) Fact(_t.Meeting, meeting.ToString("d", culture));
            if (view.PublishOn is { } published) Fact(_t.Published, published.ToString("d", culture));
            Fact(_t.Generated, DateOnly.FromDateTime(view.GeneratedAtUtc).ToString("d", culture));
            A("</dl>\n</header>\n");
        }

        private void Fact(string term, string value, string? attribute = null)
        {
            A("<div><dt>").X(term).A("</dt><dd");
            if (attribute is not null) A(" ").A(attribute);
            A(">").X(value).A("</dd></div>\n");
        }

        private void Contents()
        {
            A("<nav class=\"package-contents\" aria-label=\"").X(_t.Contents).A("\">\n<ol>\n");
            foreach (var i in view.Indicators) A("<li><a href=\"#indicator-").X(i.Id).A("\">").X(Text(i.Title)).A("</a></li>\n");
            A("</ol>\n</nav>\n");
        }

        private void Indicator(ViewIndicator i)
        {
            var f = new Figures(i, culture, _t.HiddenMark);
            var id = "indicator-" + i.Id;
            A("<section class=\"package-indicator\" id=\"").X(id).A("\" data-indicator=\"").X(i.Id).A("\" aria-labelledby=\"").X(id).A("-title\">\n");
            A("<h2 id=\"").X(id).A("-title\">").X(Text(i.Title)).A("</h2>\n");
            A("<p class=\"indicator-description\">").X(Text(i.Description)).A(" <span class=\"unit\">(").X(_t.UnitName(i.Unit)).A(")</span></p>\n");
            HeadlineBox(i, f);
            A("<h3>").X(_t.WhyItMatters).A("</h3>\n<p>").X(Text(i.WhyItMatters)).A("</p>\n");
            if (i.Practices.Count > 0) BarChart(i, f);
            TrendChart(i, f);
            // A closed cluster's members get no national dots, but still their own practice against the limits.
            if (i.Limits.Count > 0 && (i.Funnel.Count > 0 || i.Practices.Count > 0)) FunnelChart(i, f);
            FiguresTable(i, f);
            TalkingPoints(i, f);
            if (i.Change is { } change) Change(change, f);
            A("</section>\n");
        }

        private void HeadlineBox(ViewIndicator i, Figures f)
        {
            var last = view.Quarters.Count - 1;
            A("<div class=\"headline-box\">\n<h3 class=\"visually-hidden\">").X(_t.Headline).A("</h3>\n<dl class=\"headline-figures\">\n");
            foreach (var standing in i.Standings)
            {
                var practice = _practices[standing.PracticeKey];
                var figure = i.Latest(standing.PracticeKey);
                A("<div class=\"own\" data-own=\"").X(practice.Key).A("\"><dt>").X(_t.OwnPractice).A(": ").X(practice.Label).A("</dt><dd>").X(f.Shown(figure)).A("</dd>");
                if (figure?.Percentile is { } p) A("<dd class=\"percentile\">").X(_t.NationalPercentile).A(": ").X(_t.Percentile(p, culture)).A("</dd>");
                A("<dd class=\"reading\" data-reading>").X(_t.Standing(standing, figure?.Value is not null)).A("</dd></div>\n");
            }
            A("<div><dt>").X(_t.Cluster).A("</dt><dd>").X(f.Shown(i.Cluster[last])).A("</dd></div>\n");
            A("<div><dt>").X(_t.Region).A("</dt><dd>").X(f.Shown(i.Region[last])).A("</dd></div>\n");
            A("<div><dt>").X(_t.Country).A("</dt><dd>").X(f.Shown(i.Nation[last])).A("</dd></div>\n");
            if (i.Target is { } target) A("<div><dt>").X(_t.Target).A("</dt><dd data-target>").X(_t.TargetText(target, f.Value(target.Value))).A("</dd></div>\n");
            A("</dl>\n</div>\n");
        }

        private void Chart(string kind, string label, object data) =>
            A("<figure class=\"package-figure\">\n<figcaption>").X(label).A("</figcaption>\n<div class=\"chart\" data-chart=\"").A(kind)
                .A("\" role=\"img\" aria-label=\"").X(label + ". " + _t.ChartNote).A("\" data-series=\"").X(JsonSerializer.Serialize(data, ChartJson)).A("\"></div>\n");

        private object ChartBase(ViewIndicator i, Figures f) => new
        {
            locale = culture.Name,
            decimals = f.Decimals,
            percent = i.Unit == "percent",
            unit = _t.UnitName(i.Unit),
        };

        private void BarChart(ViewIndicator i, Figures f)
        {
            var last = view.Quarters.Count - 1;
            var bars = view.Practices
                .Select(p => (Practice: p, Figure: i.Latest(p.Key)))
                .Where(x => x.Figure is { Value: not null, Suppressed: false })
                .OrderBy(x => x.Figure!.Value)
                .Select(x => new { label = x.Practice.Label, value = x.Figure!.Value, own = x.Practice.Own })
                .ToList();
            Chart("bar", _t.BarChart + " " + view.CutOff, new
            {
                @base = ChartBase(i, f),
                bars,
                cluster = Shown(i.Cluster[last]),
                country = Shown(i.Nation[last]),
                target = i.Target?.Value,
                labels = new { cluster = _t.Cluster, country = _t.Country, target = _t.Target, own = _t.OwnPractice, practice = _t.Practice },
            });
            A("<table class=\"chart-table chart-only-in-print\"><caption>").X(_t.BarChart).A(" (").X(_t.UnitName(i.Unit)).A(")</caption>\n<thead><tr><th scope=\"col\">").X(_t.Practice)
                .A("</th><th scope=\"col\" class=\"num\">").X(_t.Value).A("</th></tr></thead>\n<tbody>\n");
            foreach (var p in view.Practices.OrderBy(p => i.Latest(p.Key)?.Value ?? double.MaxValue))
                PracticeRow(p, "<td class=\"num\">" + E(f.Shown(i.Latest(p.Key))) + "</td>");
            A("</tbody>\n</table>\n</figure>\n");
        }

        private void PracticeRow(ViewPractice p, string cells)
        {
            A("<tr data-practice=\"").X(p.Key).A("\"").A(p.Own ? " class=\"own\"" : "").A("><th scope=\"row\">").X(p.Label);
            if (p.Own) A(" <span class=\"own-mark\">(").X(_t.OwnPractice.ToLower(culture)).A(")</span>");
            A("</th>").A(cells).A("</tr>\n");
        }

        private void TrendChart(ViewIndicator i, Figures f)
        {
            var own = view.Practices.Where(p => p.Own).ToList();
            var series = own.Select(p => new { name = p.Label, kind = "own", values = Values(i.Practices.First(s => s.Key == p.Key).Figures) })
                .Append(new { name = _t.Cluster, kind = "cluster", values = Values(i.Cluster) })
                .Append(new { name = _t.Country, kind = "country", values = Values(i.Nation) })
                .ToList();
            Chart("trend", _t.TrendChart, new { @base = ChartBase(i, f), quarters = view.Quarters, series, target = i.Target?.Value, targetLabel = _t.Target });
            A("<table class=\"chart-table\"><caption>").X(_t.TrendTable).A(" (").X(_t.UnitName(i.Unit)).A(")</caption>\n<thead><tr><th scope=\"col\">").X(_t.Quarter).A("</th>");
            foreach (var p in own) A("<th scope=\"col\" class=\"num\">").X(p.Label).A("</th>");
            A("<th scope=\"col\" class=\"num\">").X(_t.Cluster).A("</th><th scope=\"col\" class=\"num\">").X(_t.Country).A("</th></tr></thead>\n<tbody>\n");
            for (var q = 0; q < view.Quarters.Count; q++)
            {
                A("<tr><th scope=\"row\">").X(view.Quarters[q]).A("</th>");
                foreach (var p in own) A("<td class=\"num\">").X(f.Shown(i.Practices.First(s => s.Key == p.Key).Figures[q])).A("</td>");
                A("<td class=\"num\">").X(f.Shown(i.Cluster[q])).A("</td><td class=\"num\">").X(f.Shown(i.Nation[q])).A("</td></tr>\n");
            }
            A("</tbody>\n</table>\n</figure>\n");
        }

        // Four significant digits place a dot to well under a pixel and keep the country's dots a third the size
        // they would be at full precision; the tables keep the figures exact.
        private static double Plotted(double value) => SignificantDigits.Round(value, 4);

        private void FunnelChart(ViewIndicator i, Figures f)
        {
            var last = view.Quarters.Count - 1;
            var cluster = view.Practices
                .Select(p => (Practice: p, Figure: i.Latest(p.Key)))
                .Where(x => x.Figure is { Value: not null, Suppressed: false, Denominator: > 0 })
                .Select(x => new { label = x.Practice.Label, x = x.Figure!.Denominator, y = x.Figure.Value, own = x.Practice.Own })
                .ToList();
            Chart("funnel", _t.FunnelChart, new
            {
                @base = ChartBase(i, f),
                points = i.Funnel.Select(p => new[] { Plotted(p.Denominator), Plotted(p.Value) }),
                cluster,
                limits = i.Limits.Select(l => new[] { Plotted(l.Denominator), Plotted(l.Lower998), Plotted(l.Lower95), Plotted(l.Upper95), Plotted(l.Upper998) }),
                country = Shown(i.Nation[last]),
                labels = new
                {
                    national = _t.NationalPractices, cluster = _t.ClusterPractices, own = _t.OwnPractice, country = _t.Country,
                    limit95 = _t.Limit95, limit998 = _t.Limit998, denominator = _t.Denominator, value = _t.Value,
                },
            });
            A("<p class=\"chart-help\">").X(i.Funnel.Count > 0 ? _t.FunnelExplained : _t.FunnelExplainedClosed).A("</p>\n");
            // The national dots are many; the table gives the limits the cluster's practices are read against.
            A("<table class=\"chart-table chart-only-in-print\"><caption>").X(_t.FunnelTable).A("</caption>\n<thead><tr><th scope=\"col\" class=\"num\">").X(_t.Denominator)
                .A("</th><th scope=\"col\" class=\"num\">").X(_t.Limit998 + ", " + _t.Lower).A("</th><th scope=\"col\" class=\"num\">").X(_t.Limit95 + ", " + _t.Lower)
                .A("</th><th scope=\"col\" class=\"num\">").X(_t.Limit95 + ", " + _t.Upper).A("</th><th scope=\"col\" class=\"num\">").X(_t.Limit998 + ", " + _t.Upper).A("</th></tr></thead>\n<tbody>\n");
            var step = Math.Max(1, i.Limits.Count / 6);
            for (var k = 0; k < i.Limits.Count; k += step)
            {
                var l = i.Limits[k];
                A("<tr><td class=\"num\">").X(f.Count(l.Denominator)).A("</td><td class=\"num\">").X(f.Value(l.Lower998)).A("</td><td class=\"num\">").X(f.Value(l.Lower95))
                    .A("</td><td class=\"num\">").X(f.Value(l.Upper95)).A("</td><td class=\"num\">").X(f.Value(l.Upper998)).A("</td></tr>\n");
            }
            A("</tbody>\n</table>\n</figure>\n");
        }

        private void FiguresTable(ViewIndicator i, Figures f)
        {
            var last = view.Quarters.Count - 1;
            A("<div class=\"table-scroll\"><table class=\"figures-table\"><caption>").X(_t.FiguresTable).A(" ").X(view.CutOff).A(" (").X(_t.UnitName(i.Unit)).A(")</caption>\n<thead><tr><th scope=\"col\">")
                .X(_t.Practice).A("</th><th scope=\"col\" class=\"num\">").X(_t.Numerator).A("</th><th scope=\"col\" class=\"num\">").X(_t.Denominator)
                .A("</th><th scope=\"col\" class=\"num\">").X(_t.Value).A("</th><th scope=\"col\" class=\"num\">").X(_t.Standardised).A("</th></tr></thead>\n<tbody>\n");
            foreach (var p in view.Practices) PracticeRow(p, Cells(i.Latest(p.Key), f));
            Row(_t.Cluster, "cluster", i.Cluster[last], f);
            Row(view.RegionName, "region", i.Region[last], f);
            Row(_t.Country, "country", i.Nation[last], f);
            A("</tbody>\n</table></div>\n");
            if (view.Practices.Select(p => i.Latest(p.Key)).Append(i.Cluster[last]).Append(i.Region[last]).Any(x => x?.Suppressed == true))
                A("<p class=\"muted small\">").X(_t.HiddenMark).A(": ").X(_t.Suppressed).A("</p>\n");
        }

        private void Row(string label, string level, ViewFigure? figure, Figures f) =>
            A("<tr class=\"total\" data-level=\"").A(level).A("\"><th scope=\"row\">").X(label).A("</th>").A(Cells(figure, f)).A("</tr>\n");

        private string Cells(ViewFigure? figure, Figures f)
        {
            if (figure is null) return "<td class=\"num\">–</td><td class=\"num\">–</td><td class=\"num\">–</td><td class=\"num\">–</td>";
            static string Cell(string s) => "<td class=\"num\">" + E(s) + "</td>";
            var denominator = Cell(figure.Denominator is { } d ? f.Count(d) : "–");
            return figure.Suppressed
                ? Cell(_t.HiddenMark) + denominator + Cell(_t.HiddenMark) + Cell(_t.HiddenMark)
                : Cell(figure.Numerator is { } n ? f.Count(n) : "–") + denominator + Cell(f.Value(figure.Value)) + Cell(f.Value(figure.Standardised));
        }

        private void TalkingPoints(ViewIndicator i, Figures f)
        {
            A("<h3>").X(_t.TalkingPoints).A("</h3>\n");
            if (i.TalkingPoints.Count == 0)
            {
                A("<p class=\"muted\">").X(_t.NoTalkingPoints).A("</p>\n");
                return;
            }
            A("<ul class=\"talking-points\">\n");
            foreach (var point in i.TalkingPoints)
            {
                var practice = point.PracticeKey is { } key ? _practices.GetValueOrDefault(key) : null;
                if (point.PracticeKey is not null && practice is null) continue;
                var sentence = _t.TalkingPoint(point.Kind, _t.Subject(practice), practice is null, f.Value(point.Value), point.Reference is { } r ? f.Value(r) : null);
                A("<li data-kind=\"").X(point.Kind.ToString()).A("\"").A(practice?.Own == true ? " class=\"own\"" : "").A(">").X(sentence).A("</li>\n");
            }
            A("</ul>\n");
        }

        private void Change(ChangeComparison c, Figures f)
        {
            A("<h3>").X(_t.Change).A("</h3>\n<div class=\"table-scroll\"><table class=\"change-table\"><caption>").X(_t.Change).A(": ").X(c.Before).A(" → ").X(c.After)
                .A("</caption>\n<thead><tr><th scope=\"col\"></th><th scope=\"col\" class=\"num\">").X(_t.Before + " " + c.Before).A("</th><th scope=\"col\" class=\"num\">").X(_t.After + " " + c.After)
                .A("</th><th scope=\"col\" class=\"num\">").X(_t.Difference).A("</th><th scope=\"col\" class=\"num\">").X(_t.DifferenceInChange).A("</th></tr></thead>\n<tbody>\n");
            void ChangeRow(string label, string level, double? before, double? after, double? change, double? difference) =>
                A("<tr data-level=\"").A(level).A("\"><th scope=\"row\">").X(label).A("</th><td class=\"num\">").X(f.Value(before)).A("</td><td class=\"num\">").X(f.Value(after))
                    .A("</td><td class=\"num\">").X(f.Signed(change)).A("</td><td class=\"num\">").X(f.Signed(difference)).A("</td></tr>\n");
            ChangeRow(_t.Cluster, "cluster", c.ClusterBefore, c.ClusterAfter, c.ClusterChange, null);
            ChangeRow(_t.RestOfRegion, "region", c.RestOfRegionBefore, c.RestOfRegionAfter, c.RestOfRegionChange, c.DifferenceFromRegion);
            ChangeRow(_t.RestOfCountry, "country", c.RestOfCountryBefore, c.RestOfCountryAfter, c.RestOfCountryChange, c.DifferenceFromCountry);
            A("</tbody>\n</table></div>\n");
        }

        private void Actions()
        {
            A("<section class=\"package-actions\" aria-labelledby=\"package-actions\">\n<h2 id=\"package-actions\">").X(_t.Actions).A("</h2>\n");
            if (view.Actions.Count == 0)
            {
                A("<p data-no-actions>").X(_t.NoActions).A("</p>\n</section>\n");
                return;
            }
            A("<table><thead><tr><th scope=\"col\">").X(_t.Action).A("</th><th scope=\"col\">").X(_t.Owner).A("</th><th scope=\"col\">").X(_t.Due)
                .A("</th><th scope=\"col\">").X(_t.Status).A("</th></tr></thead>\n<tbody>\n");
            foreach (var a in view.Actions)
                A("<tr><td>").X(a.Text).A("</td><td>").X(a.Owner ?? "–").A("</td><td>").X(a.Due?.ToString("d", culture) ?? "–").A("</td><td>").X(a.Status).A("</td></tr>\n");
            A("</tbody>\n</table>\n</section>\n");
        }

        private void Closing()
        {
            var topic = view.Topic;
            A("<section class=\"package-closing\">\n");
            if (topic.DiscussionQuestions.Count > 0)
            {
                A("<h2>").X(_t.DiscussionQuestions).A("</h2>\n<ol>\n");
                foreach (var q in topic.DiscussionQuestions) Topic("li", q);
                A("</ol>\n");
            }
            if (topic.SuggestedChanges.Count > 0)
            {
                A("<h2>").X(_t.SuggestedChanges).A("</h2>\n<ul>\n");
                foreach (var s in topic.SuggestedChanges) Topic("li", s);
                A("</ul>\n");
            }
            if (topic.GuidelineReferences.Count > 0)
            {
                A("<h2>").X(_t.GuidelineReferences).A("</h2>\n<ul class=\"references\">\n");
                foreach (var r in topic.GuidelineReferences)
                {
                    A("<li>");
                    if (r.Url is { Length: > 0 } url && GuideMarkdown.IsSafeUrl(url)) A("<a href=\"").X(url).A("\">").X(r.Title).A("</a>");
                    else X(r.Title);
                    A(". ").X(r.Publisher).A(", ").X(r.Year.ToString(CultureInfo.InvariantCulture)).A(".</li>\n");
                }
                A("</ul>\n");
            }
            var english = English && !string.IsNullOrWhiteSpace(topic.GuideEn);
            var guide = english ? topic.GuideEn! : topic.GuideDa;
            if (!string.IsNullOrWhiteSpace(guide))
            {
                A("<section class=\"package-guide\"").A(!english && English ? " lang=\"da\"" : "").A(">\n<h2>").X(_t.Guide).A("</h2>\n");
                A(GuideMarkdown.ToHtml(guide, headingOffset: 2));
                A("</section>\n");
            }
            if (view.LeftOut > 0) A("<p class=\"left-out\">").X(_t.LeftOut(view.LeftOut)).A("</p>\n");
            A("</section>\n");
        }

        private static double? Shown(ViewFigure? f) => f is { Suppressed: false } ? f.Value : null;

        private static IReadOnlyList<double?> Values(IReadOnlyList<ViewFigure?> figures) => [.. figures.Select(Shown)];
    }

    /// <summary>Number formatting for one indicator: one column of figures shares its number of decimals.</summary>
    private sealed class Figures
    {
        private readonly CultureInfo _culture;
        private readonly string _unit;
        private readonly string _hidden;

        public Figures(ViewIndicator i, CultureInfo culture, string hidden)
        {
            _culture = culture;
            _hidden = hidden;
            _unit = i.Unit;
            var values = i.Nation.Concat(i.Region).Concat(i.Cluster).Concat(i.Practices.SelectMany(p => p.Figures)).Select(f => f?.Value);
            Decimals = values.Any(v => v is { } x && Math.Abs(x) >= 10) ? 1 : 2;
        }

        public int Decimals { get; }

        public string Value(double? value)
        {
            if (value is not { } v || double.IsNaN(v)) return "–";
            var text = v.ToString("N" + Decimals.ToString(CultureInfo.InvariantCulture), _culture);
            return _unit == "percent" ? text + " %" : text;
        }

        public string Signed(double? value) => value is > 0 ? "+" + Value(value) : Value(value);

        /// <summary>The value as shown: the hidden mark for a suppressed figure, never its number.</summary>
        public string Shown(ViewFigure? f) => f is null ? "–" : f.Suppressed ? _hidden : Value(f.Value);

        /// <summary>Counts are whole numbers except DDD sums, which keep one decimal.</summary>
        public string Count(double n) => n.ToString(Math.Abs(n - Math.Round(n)) < 1e-9 ? "N0" : "N1", _culture);
    }
}
