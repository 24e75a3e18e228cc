using Klynge.Core.Prescribing;

namespace Klynge.Web.Prescribing;

/// <summary>Danish names for the import page; the English texts are in the shared resource file.</summary>
public static class ImportLabels
{
    public static string Of(ImportJobPhase phase) => phase switch
    {
        ImportJobPhase.Queued => "I kø",
        ImportJobPhase.Validating => "Kontrollerer rækkerne",
        ImportJobPhase.Loading => "Indlæser",
        ImportJobPhase.ComputingIndicators => "Beregner indikatorer",
        ImportJobPhase.Done => "Færdig",
        _ => "Mislykkedes",
    };

    /// <summary>The phase as the JSON status endpoint and the page's data attributes name it.</summary>
    public static string Key(ImportJobPhase phase) => phase switch
    {
        ImportJobPhase.Queued => "queued",
        ImportJobPhase.Validating => "validating",
        ImportJobPhase.Loading => "loading",
        ImportJobPhase.ComputingIndicators => "computing-indicators",
        ImportJobPhase.Done => "done",
        _ => "failed",
    };

    public static string OfKind(string kind) => kind == PrescribingImporter.DispensingsKind ? "Udleveringer" : "Listestørrelser";
}
