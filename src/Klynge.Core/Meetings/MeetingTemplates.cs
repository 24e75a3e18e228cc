namespace Klynge.Core.Meetings;

/// <summary>
/// The texts a coordinator starts from (agenda, minutes, invitation, statutes), written for Klynge and kept in
/// <c>templates/</c> as Markdown. A meeting's agenda starts as a copy of the template and is then edited freely.
/// </summary>
public static class MeetingTemplates
{
    public static readonly IReadOnlyList<string> Names = ["agenda", "minutes", "invitation", "statutes"];

    /// <summary>The template in the language asked for, falling back to Danish; null for an unknown name.</summary>
    public static string? Get(string name, string language = "da")
    {
        var assembly = typeof(MeetingTemplates).Assembly;
        foreach (var lang in new[] { language, "da" }.Distinct())
        {
            using var stream = assembly.GetManifestResourceStream($"Klynge.Templates.{name}.{lang}.md");
            if (stream is null) continue;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        return null;
    }
}
