namespace Klynge.Core.Csv;

/// <summary>
/// A file that is not readable CSV at <see cref="Line"/>: a bad quote, invalid UTF-8, damaged gzip.
/// The reader stays usable after it, so a caller can collect every problem in a file.
/// </summary>
public class CsvFormatException(int line, string message, int? fieldIndex = null) : Exception(message)
{
    /// <summary>The physical line (1 = header) where the problem is.</summary>
    public int Line { get; } = line;

    /// <summary>The zero-based field of the record, when the problem lies in one field.</summary>
    public int? FieldIndex { get; } = fieldIndex;
}
