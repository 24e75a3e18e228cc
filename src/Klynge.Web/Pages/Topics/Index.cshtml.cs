using System.Globalization;
using Klynge.Core.Topics;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klynge.Web.Pages.Topics;

/// <summary>Every cluster-package topic; open to every signed-in role (the folder convention requires log-in).</summary>
public class IndexModel(TopicLibrary library) : PageModel
{
    public IReadOnlyList<TopicDefinition> Topics { get; private set; } = [];
    public TopicLibrary Library => library;
    public CultureInfo Culture => CultureInfo.CurrentUICulture;

    /// <summary>The indicator's title in the reader's language (the catalogue requires both).</summary>
    public string IndicatorTitle(string id) => library.Indicator(id)?.Title is { } title
        ? Culture.TwoLetterISOLanguageName == "en" ? title.En : title.Da
        : id;

    public void OnGet()
    {
        var culture = Culture;
        Topics = [.. library.Topics.OrderBy(t => t.Title!.In(culture), StringComparer.Create(culture, ignoreCase: true))];
    }
}
