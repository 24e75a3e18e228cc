using Klynge.Core.Topics;

namespace Klynge.Core.Tests.Topics;

public class GuideMarkdownTests
{
    [Fact]
    public void Headings_paragraphs_lists_emphasis_and_links_render()
    {
        var html = GuideMarkdown.ToHtml("""
            # Før mødet

            Læs *vejledningen* og **tallene**.

            - én
            - to

            1. først
            2. så

            Se [Sundhedsstyrelsen](https://www.sst.dk/).
            """);

        Assert.Equal(
            "<h1>Før mødet</h1>\n<p>Læs <em>vejledningen</em> og <strong>tallene</strong>.</p>\n"
            + "<ul>\n<li>én</li>\n<li>to</li>\n</ul>\n<ol>\n<li>først</li>\n<li>så</li>\n</ol>\n"
            + "<p>Se <a href=\"https://www.sst.dk/\">Sundhedsstyrelsen</a>.</p>\n",
            html);
    }

    [Fact]
    public void Heading_offset_moves_headings_under_the_page_and_stops_at_h6()
    {
        Assert.Equal("<h3>A</h3>\n<h4>B</h4>\n<h6>C</h6>\n", GuideMarkdown.ToHtml("# A\n\n## B\n\n##### C\n", headingOffset: 2));
    }

    [Theory]
    [InlineData("<script>alert('x')</script>", "<script")]
    [InlineData("Tekst <img src=x onerror=alert(1)> mere", "<img")]
    [InlineData("<div onclick=\"alert(1)\">klik</div>", "<div")]
    [InlineData("<iframe src=\"https://example.org\"></iframe>", "<iframe")]
    public void Raw_html_is_shown_as_text_not_passed_through(string markdown, string forbidden)
    {
        var html = GuideMarkdown.ToHtml(markdown);

        Assert.DoesNotContain(forbidden, html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;" + forbidden[1..], html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("[klik](javascript:alert(1))")]
    [InlineData("[klik](JavaScript:alert(1))")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[klik](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("![billede](javascript:alert(1))")]
    public void Unsafe_link_addresses_are_removed(string markdown)
    {
        var html = GuideMarkdown.ToHtml(markdown);

        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("[a](https://www.dsam.dk/)", "href=\"https://www.dsam.dk/\"")]
    [InlineData("[a](/Indicators/opioid-ddd)", "href=\"/Indicators/opioid-ddd\"")]
    [InlineData("[a](mailto:klynge@example.org)", "href=\"mailto:klynge@example.org\"")]
    [InlineData("[a](#foer-moedet)", "href=\"#foer-moedet\"")]
    public void Safe_link_addresses_are_kept(string markdown, string expected) =>
        Assert.Contains(expected, GuideMarkdown.ToHtml(markdown));

    [Fact]
    public void A_protocol_relative_address_counts_as_unsafe()
    {
        Assert.False(GuideMarkdown.IsSafeUrl("//evil.example/x"));
        Assert.DoesNotContain("evil.example", GuideMarkdown.ToHtml("[a](//evil.example/x)"));
    }

    [Fact]
    public void Every_shipped_guide_renders_headings_and_lists()
    {
        foreach (var topic in TopicCatalogue.LoadDefault())
        {
            foreach (var guide in new[] { topic.GuideDa, topic.GuideEn }.OfType<string>())
            {
                var html = GuideMarkdown.ToHtml(guide, headingOffset: 2);
                Assert.Contains("<h3>", html);
                Assert.Contains("<li>", html);
                Assert.DoesNotContain("<h1>", html);
                Assert.DoesNotContain("<h2>", html);
            }
        }
    }
}
