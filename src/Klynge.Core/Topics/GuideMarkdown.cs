using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Klynge.Core.Topics;

/// <summary>
/// Renders a discussion guide from Markdown to HTML that is safe to put in a page as it is: raw HTML in the
/// Markdown is shown as text, and links other than http(s), mailto and in-site paths lose their address.
/// </summary>
public static class GuideMarkdown
{
    // DisableHtml makes Markdig escape HTML blocks and inline tags instead of passing them through.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    /// <summary>
    /// The guide as HTML. <paramref name="headingOffset"/> moves every heading down so that a guide's <c>#</c>
    /// fits under the page's own headings (at most h6).
    /// </summary>
    public static string ToHtml(string markdown, int headingOffset = 0)
    {
        var document = Markdown.Parse(markdown ?? "", Pipeline);
        foreach (var heading in document.Descendants<HeadingBlock>())
            heading.Level = Math.Clamp(heading.Level + headingOffset, 1, 6);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafeUrl(link.Url)) link.Url = "";
        }
        foreach (var autolink in document.Descendants<AutolinkInline>())
        {
            if (!autolink.IsEmail && !IsSafeUrl(autolink.Url)) autolink.Url = "";
        }
        using var writer = new StringWriter();
        var renderer = new Markdig.Renderers.HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>True for http(s), mailto, in-site paths and fragments; false for javascript:, data: and the like.</summary>
    public static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return true;
        var trimmed = url.Trim();
        if (trimmed.StartsWith('#')) return true;
        if (trimmed.StartsWith('/') && !trimmed.StartsWith("//", StringComparison.Ordinal)) return true;
        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto";
    }
}
