using System.Globalization;
using Klynge.Core.Indicators;
using Klynge.Core.Topics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klynge.Web.Pages.Topics;

/// <summary>One topic with its indicators, questions, changes, guide and references; open to every signed-in role.</summary>
public class DetailsModel(TopicLibrary library) : PageModel
{
    // The page has h1 (topic) and h2 (sections), so the guide's own "#" becomes h3.
    private const int GuideHeadingOffset = 2;

    public TopicDefinition Topic { get; private set; } = null!;
    public string GuideHtml { get; private set; } = "";
    public string GuideLanguage { get; private set; } = "da";
    public CultureInfo Culture => CultureInfo.CurrentUICulture;

    public IActionResult OnGet(string id)
    {
        if (library.Find(id) is not { } topic) return NotFound();
        Topic = topic;
        GuideHtml = GuideMarkdown.ToHtml(topic.GuideIn(Culture), GuideHeadingOffset);
        GuideLanguage = topic.GuideLanguageIn(Culture);
        return Page();
    }

    public IndicatorDefinition? Indicator(string id) => library.Indicator(id);

    /// <summary>The indicator text in the reader's language (the catalogue requires both).</summary>
    public string Text(LocalizedText? text, string fallback) =>
        text is null ? fallback : Culture.TwoLetterISOLanguageName == "en" ? text.En : text.Da;
}
