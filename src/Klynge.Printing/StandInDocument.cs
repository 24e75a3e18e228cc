using System.Globalization;
using System.Net;
using System.Text;
using Klynge.Core.Packages;

namespace Klynge.Printing;

/// <summary>
/// A plain print document of a package (texts and tables, no charts), used until the designed print view
/// (<c>PackageDocument</c>) is in place. It shows only what the view holds, so the privacy rules are the projection's.
/// </summary>
internal static class StandInDocument
{
    public static string Html(PackageView view, CultureInfo culture)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        string Number(double? v) => v is { } x ? x.ToString("0.0", culture) : "–";
        var html = new StringBuilder();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="da"><head><meta charset="utf-8"><title>{E(view.Topic.Title.In(culture))} – {E(view.ClusterName)}</title>
            <link rel="stylesheet" href="/css/package-print.css">
            <style>body {"{"} font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; {"}"} table {"{"} border-collapse: collapse; {"}"} td, th {"{"} border: 1px solid #999; padding: 2px 6px; {"}"} section {"{"} break-inside: avoid; {"}"}</style>
            </head><body>
            <h1>{E(view.Topic.Title.In(culture))}</h1>
            <p>{E(view.ClusterName)}, {E(view.RegionName)}. Data til og med {E(view.CutOff)}.</p>
            <p>{E(view.Topic.Introduction.In(culture))}</p>
            <h2>Praksis</h2><ul>
            """);
        foreach (var p in view.Practices) html.Append($"<li>{E(p.Label)}{(p.Own ? " (jeres praksis)" : "")}</li>");
        html.Append("</ul>");
        if (view.LeftOut > 0) html.Append($"<p>{view.LeftOut} praksis er udeladt, fordi de ikke deler data.</p>");
        foreach (var i in view.Indicators)
        {
            html.Append($"<section><h2>{E(culture.TwoLetterISOLanguageName == "en" ? i.Title.En : i.Title.Da)}</h2><table><tr><th>Enhed</th><th>Tæller</th><th>Nævner</th><th>Værdi</th></tr>");
            for (var k = 0; k < view.Practices.Count; k++)
            {
                var f = i.Practices[k].Figures[^1];
                html.Append($"<tr><td>{E(view.Practices[k].Label)}</td><td>{(f?.Suppressed == true ? "1-4" : Number(f?.Numerator))}</td><td>{Number(f?.Denominator)}</td><td>{Number(f?.Value)}</td></tr>");
            }
            html.Append($"<tr><td>Klyngen</td><td>{Number(i.Cluster[^1]?.Numerator)}</td><td>{Number(i.Cluster[^1]?.Denominator)}</td><td>{Number(i.Cluster[^1]?.Value)}</td></tr>");
            html.Append($"<tr><td>Landet</td><td>{Number(i.Nation[^1]?.Numerator)}</td><td>{Number(i.Nation[^1]?.Denominator)}</td><td>{Number(i.Nation[^1]?.Value)}</td></tr>");
            html.Append("</table></section>");
        }
        html.Append("<script>document.documentElement.dataset.chartsReady = 'true';</script></body></html>");
        return html.ToString();
    }
}
