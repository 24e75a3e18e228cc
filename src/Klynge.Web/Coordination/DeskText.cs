using Klynge.Core.Coordination;

namespace Klynge.Web.Coordination;

/// <summary>Danish names for the desk's kinds and steps; the English texts are in the shared resource file.</summary>
public static class DeskText
{
    public static string Of(DueItemKind kind) => kind switch
    {
        DueItemKind.OrderPackage => "Bestil klyngepakke",
        DueItemKind.PublishPackage => "Udgiv klyngepakken",
        DueItemKind.SendInvitations => "Send indkaldelse",
        DueItemKind.RecordAttendance => "Registrer fremmøde",
        DueItemKind.WriteMinutes => "Skriv referat",
        DueItemKind.SendEvaluations => "Send evaluering",
        _ => "Opgave",
    };

    public static string Of(ClusterTaskEventKind kind) => kind switch
    {
        ClusterTaskEventKind.Created => "Oprettet",
        ClusterTaskEventKind.Assigned => "Givet videre",
        ClusterTaskEventKind.Completed => "Udført",
        ClusterTaskEventKind.Reopened => "Genåbnet",
        _ => "Flyttet ved overdragelse",
    };

    public static string Of(ClusterTaskStatus status) => status == ClusterTaskStatus.Open ? "Åben" : "Udført";
}
