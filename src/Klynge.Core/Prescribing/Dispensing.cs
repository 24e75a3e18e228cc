namespace Klynge.Core.Prescribing;

public enum Sex { F, M }

/// <summary>
/// One dispensing at a pharmacy (see DATA-FORMATS.md). A negative <see cref="Packages"/> is a return:
/// it cancels volume and counts as minus one dispensing.
/// </summary>
public class Dispensing
{
    public long Id { get; set; }
    /// <summary>Pseudonymous patient id; the same person has the same id in every file.</summary>
    public required string PatientId { get; set; }
    public int BirthYear { get; set; }
    public Sex Sex { get; set; }
    /// <summary>The practice the patient was listed with at dispensing (internal id of the ydernummer).</summary>
    public int PracticeId { get; set; }
    /// <summary>ATC level-5 code, e.g. N05BA01.</summary>
    public required string Atc { get; set; }
    public DateOnly DispensedOn { get; set; }
    public int Packages { get; set; }
    /// <summary>Defined daily doses in the row, same sign as packages; null for products without a DDD.</summary>
    public double? Ddd { get; set; }

    public int AgeAt => DispensedOn.Year - BirthYear;
}

/// <summary>Listed patients of a practice in a quarter, by sex and five-year age band.</summary>
public class ListSize
{
    public int PracticeId { get; set; }
    public Quarter Quarter { get; set; }
    public Sex Sex { get; set; }
    /// <summary>Lower bound of the band: 0, 5, ..., 85, or 90 for 90+.</summary>
    public int AgeBandFrom { get; set; }
    public int Patients { get; set; }

    public static string BandLabel(int from) => from >= 90 ? "90+" : $"{from}-{from + 4}";

    /// <summary>Parses <c>0-4</c> ... <c>85-89</c>, <c>90+</c>; null if not one of the 19 bands.</summary>
    public static int? ParseBand(string text)
    {
        if (text == "90+") return 90;
        var dash = text.IndexOf('-');
        if (dash < 1 || !int.TryParse(text.AsSpan(0, dash), out var from) || !int.TryParse(text.AsSpan(dash + 1), out var to)) return null;
        return from % 5 == 0 && from is >= 0 and <= 85 && to == from + 4 ? from : null;
    }
}

/// <summary>One import of a prescribing file: what it covered and who loaded it.</summary>
public class ImportRun
{
    public long Id { get; set; }
    /// <summary><c>dispensings</c> or <c>list-sizes</c>.</summary>
    public required string Kind { get; set; }
    public required string FileName { get; set; }
    public long Rows { get; set; }
    public int FirstQuarter { get; set; }
    public int LastQuarter { get; set; }
    public DateTime ImportedAtUtc { get; set; }
    public required string UserName { get; set; }
}
