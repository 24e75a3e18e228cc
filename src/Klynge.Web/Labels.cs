using Klynge.Core.Registry;

namespace Klynge.Web;

/// <summary>Danish names of the registry's enums; the English texts are in the shared resource file.</summary>
public static class Labels
{
    public static string Of(PracticeRole role) => role switch
    {
        PracticeRole.OwnerGp => "Ejerlæge",
        PracticeRole.EmployedGp => "Ansat læge",
        PracticeRole.TraineeGp => "Uddannelseslæge",
        PracticeRole.Nurse => "Sygeplejerske",
        PracticeRole.Secretary => "Sekretær",
        PracticeRole.LabTechnician => "Bioanalytiker",
        _ => "Andet personale",
    };

    public static string Of(ClusterRoleKind kind) => kind switch
    {
        ClusterRoleKind.Coordinator => "Koordinator",
        ClusterRoleKind.Chair => "Formand",
        ClusterRoleKind.Treasurer => "Kasserer",
        _ => "Bestyrelsesmedlem",
    };

    public static string Of(DataSharing sharing) => sharing == DataSharing.Open ? "Åbne data" : "Lukkede data";

    public static string Of(OrganisationForm form) => form switch
    {
        OrganisationForm.Solo => "Solopraksis",
        OrganisationForm.Partnership => "Kompagniskab",
        _ => "Samarbejdspraksis",
    };
}
