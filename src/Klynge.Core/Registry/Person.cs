namespace Klynge.Core.Registry;

public enum PracticeRole
{
    OwnerGp,
    EmployedGp,
    TraineeGp,
    Nurse,
    Secretary,
    LabTechnician,
    OtherStaff,
}

public static class PracticeRoles
{
    public static bool IsGp(this PracticeRole role) =>
        role is PracticeRole.OwnerGp or PracticeRole.EmployedGp or PracticeRole.TraineeGp;
}

/// <summary>A GP or a member of practice staff.</summary>
public class Person
{
    public int Id { get; set; }
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public List<PracticeAffiliation> Affiliations { get; set; } = [];

    public string FullName => $"{FirstName} {LastName}";
}

/// <summary>A person's role at a practice over a period; history is kept, never overwritten.</summary>
public class PracticeAffiliation
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public int PracticeId { get; set; }
    public Practice? Practice { get; set; }
    public PracticeRole Role { get; set; }
    public DateOnly ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    /// <summary>Staff who take part in the cluster's work (GPs always do).</summary>
    public bool TakesPartInClusterWork { get; set; }

    public bool IsValidOn(DateOnly day) => Validity.Covers(ValidFrom, ValidTo, day);
}
