namespace Klynge.Core.Registry;

public enum OrganisationForm { Solo, Partnership, Shared }

/// <summary>
/// A general practice, identified by its ydernummer (<see cref="ProviderNumber"/>, six digits):
/// data are delivered per practice, not per doctor.
/// </summary>
public class Practice
{
    public int Id { get; set; }
    /// <summary>The ydernummer: six digits, unique.</summary>
    public required string ProviderNumber { get; set; }
    public required string Name { get; set; }
    public string Address { get; set; } = "";
    public string PostalCode { get; set; } = "";
    public string City { get; set; } = "";
    public int MunicipalityCode { get; set; }
    public Municipality? Municipality { get; set; }
    public DateOnly OpenedOn { get; set; }
    public DateOnly? ClosedOn { get; set; }
    public OrganisationForm OrganisationForm { get; set; }
    /// <summary>Listed patients as last reported to the registry.</summary>
    public int ListedPatients { get; set; }
    public string? Email { get; set; }

    public List<PracticeAffiliation> Affiliations { get; set; } = [];
    public List<ClusterMembership> Memberships { get; set; } = [];

    public bool IsOpenOn(DateOnly day) => OpenedOn <= day && (ClosedOn is null || ClosedOn > day);

    public static bool IsValidProviderNumber(string? value) =>
        value is { Length: 6 } && value.All(char.IsAsciiDigit);
}
