namespace Klynge.Core.Csv;

/// <summary>Writes RFC 4180 rows: a field with a comma, quote or line break is quoted, inner quotes doubled.</summary>
public static class CsvWriter
{
    public static void WriteRow(TextWriter writer, params IEnumerable<string?> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first) writer.Write(',');
            first = false;
            writer.Write(Escape(field ?? ""));
        }
        writer.Write("\r\n");
    }

    public static string Escape(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"")}\"";
}
