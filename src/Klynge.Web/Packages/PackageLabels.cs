using System.Globalization;
using Klynge.Core.Packages;
using Klynge.Core.Topics;

namespace Klynge.Web.Packages;

/// <summary>Danish words for packages in lists and on the page; the English texts are in the shared resource file.</summary>
public static class PackageLabels
{
    public static string Of(PackageKind kind) => kind == PackageKind.FollowUp ? "Opfølgning" : "Klyngepakke";

    /// <summary>Draft, published, or to be published on a later day; the date is filled in by the caller.</summary>
    public static string Status(DateOnly? publishOn, DateOnly today) => publishOn switch
    {
        null => "Kladde",
        { } on when on <= today => "Offentliggjort {0}",
        _ => "Offentliggøres {0}",
    };

    /// <summary>The topic's title, or its id when the topic has since left the library (the package keeps its own copy).</summary>
    public static string Topic(TopicLibrary library, string topicId, CultureInfo culture) =>
        library.Find(topicId)?.Title?.In(culture) ?? topicId;
}
