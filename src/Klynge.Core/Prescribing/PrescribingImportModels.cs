using Klynge.Core.Registry.Import;

namespace Klynge.Core.Prescribing;

/// <summary>Choices for an import of dispensings or list sizes.</summary>
public record PrescribingImportOptions
{
    /// <summary>Columns the format does not know are skipped instead of rejected.</summary>
    public bool IgnoreExtraColumns { get; init; }

    /// <summary>How many errors are kept in <see cref="PrescribingImportResult.Errors"/>; all are counted.</summary>
    public int MaxStoredErrors { get; init; } = 10_000;

    /// <summary>How often (in rows) progress is reported.</summary>
    public int ProgressEvery { get; init; } = 50_000;
}

/// <summary>The two passes of an import: checking every row, then loading them.</summary>
public enum PrescribingImportPhase { Validating, Loading }

/// <summary>Rows done so far in the current phase, over all files of the import.</summary>
public readonly record struct PrescribingImportProgress(PrescribingImportPhase Phase, long Rows);

/// <summary>
/// The outcome of an import: either errors (<see cref="ErrorCount"/> counts all of them, <see cref="Errors"/>
/// keeps the first ones) and nothing written, or the rows loaded and the quarters they replaced.
/// </summary>
public record PrescribingImportResult(
    IReadOnlyList<ImportError> Errors,
    long ErrorCount,
    long Rows,
    IReadOnlyList<Quarter> QuartersReplaced,
    IReadOnlyList<ImportRun> Runs,
    TimeSpan Elapsed)
{
    public bool Succeeded => ErrorCount == 0;

    public static PrescribingImportResult Failed(IReadOnlyList<ImportError> errors, long count, TimeSpan elapsed) =>
        new(errors, count, 0, [], [], elapsed);
}
