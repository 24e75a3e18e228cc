using Klynge.Core.Csv;

namespace Klynge.Core.Registry.Import;

/// <summary>
/// One problem found in an input file. <see cref="Line"/> is the physical line (1 = header) or null for
/// a problem with the whole file (missing, empty); <see cref="Column"/> is empty when no column applies.
/// </summary>
public record ImportError(string File, int? Line, string Column, string Value, string Reason)
{
    public const string CsvHeader = "file,line,column,value,reason";

    public override string ToString()
    {
        var where = Line is { } line ? $"{File}:{line}" : File;
        if (Column.Length > 0) where += $" {Column}";
        return Value.Length > 0 ? $"{where}: {Reason} (value '{Value}')" : $"{where}: {Reason}";
    }

    /// <summary>Writes errors as CSV with the columns file,line,column,value,reason.</summary>
    public static void WriteCsv(TextWriter writer, IEnumerable<ImportError> errors)
    {
        writer.Write(CsvHeader + "\r\n");
        foreach (var e in errors)
            CsvWriter.WriteRow(writer, e.File, e.Line?.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Column, e.Value, e.Reason);
    }
}

/// <summary>How many rows of one file were new, changed an existing row, or matched it exactly.</summary>
public record ImportCounts(int Inserted, int Updated, int Unchanged)
{
    public static ImportCounts None { get; } = new(0, 0, 0);

    public int Total => Inserted + Updated + Unchanged;

    public override string ToString() => $"{Inserted} inserted, {Updated} updated, {Unchanged} unchanged";
}

/// <summary>Choices for a registry import; the file names only label errors when the input is streams.</summary>
public record RegistryImportOptions
{
    /// <summary>Columns the format does not know are skipped instead of rejected.</summary>
    public bool IgnoreExtraColumns { get; init; }
    public string PracticesFileName { get; init; } = "practices.csv";
    public string ClustersFileName { get; init; } = "clusters.csv";
    public string MembershipsFileName { get; init; } = "memberships.csv";
    /// <summary>The day a new cluster without members is founded on; today when null.</summary>
    public DateOnly? Today { get; init; }
}

/// <summary>The outcome of a registry import: either errors and nothing written, or the counts of what was written.</summary>
public record RegistryImportResult(
    IReadOnlyList<ImportError> Errors,
    ImportCounts Practices,
    ImportCounts Clusters,
    ImportCounts Memberships)
{
    public bool Succeeded => Errors.Count == 0;

    public static RegistryImportResult Failed(IReadOnlyList<ImportError> errors) =>
        new(errors, ImportCounts.None, ImportCounts.None, ImportCounts.None);
}
