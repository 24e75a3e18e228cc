using System.IO.Compression;
using System.Text;
using Klynge.Core.Csv;

namespace Klynge.Core.Tests.Csv;

public class CsvReaderTests
{
    private static List<(int Line, string[] Fields)> ReadAll(byte[] bytes)
    {
        using var reader = new CsvReader(new MemoryStream(bytes));
        var rows = new List<(int, string[])>();
        while (reader.Read()) rows.Add((reader.LineNumber, reader.GetFields()));
        return rows;
    }

    private static List<(int Line, string[] Fields)> ReadAll(string text) => ReadAll(Encoding.UTF8.GetBytes(text));

    private static byte[] Gzip(byte[] bytes)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(bytes);
        return output.ToArray();
    }

    [Fact]
    public void Quoted_fields_keep_commas_and_doubled_quotes()
    {
        var rows = ReadAll("id,name\n1,\"Lægerne Nørrebrogade 12, 2. sal\"\n2,\"Lægehuset \"\"Søndergade\"\"\"\n3,\"\"\n");

        Assert.Equal(["Lægerne Nørrebrogade 12, 2. sal", "Lægehuset \"Søndergade\"", ""], rows.Skip(1).Select(r => r.Fields[1]));
        Assert.Equal([1, 2, 3, 4], rows.Select(r => r.Line));
    }

    [Fact]
    public void Embedded_line_break_keeps_later_line_numbers_physical()
    {
        var rows = ReadAll("id,note\r\n1,\"first\r\nsecond\nthird\"\r\n2,plain\r\n");

        Assert.Equal(3, rows.Count);
        Assert.Equal("first\r\nsecond\nthird", rows[1].Fields[1]);
        Assert.Equal(2, rows[1].Line);
        Assert.Equal(5, rows[2].Line);
        Assert.Equal(["2", "plain"], rows[2].Fields);
    }

    [Fact]
    public void Bom_is_skipped_and_crlf_lf_and_cr_all_end_records()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("a,b\r\n1,2\n3,4\r5,6")).ToArray();

        var rows = ReadAll(bytes);

        Assert.Equal(["a", "b"], rows[0].Fields);
        Assert.Equal([["a", "b"], ["1", "2"], ["3", "4"], ["5", "6"]], rows.Select(r => r.Fields));
        Assert.Equal([1, 2, 3, 4], rows.Select(r => r.Line));
    }

    [Fact]
    public void Blank_lines_are_skipped_but_counted()
    {
        var rows = ReadAll("a,b\n\n1,2\n\r\n3,4\n\n");

        Assert.Equal([1, 3, 5], rows.Select(r => r.Line));
        Assert.Equal(["3", "4"], rows[2].Fields);
    }

    [Fact]
    public void Empty_trailing_field_and_empty_input()
    {
        Assert.Equal(["1", "", ""], ReadAll("1,,\n").Single().Fields);
        Assert.Empty(ReadAll(""));
        Assert.Empty(ReadAll(new byte[] { 0xEF, 0xBB, 0xBF }));
    }

    [Fact]
    public void Records_spanning_buffer_boundaries_are_whole()
    {
        var text = new StringBuilder("id,name\n");
        for (var i = 0; i < 2000; i++) text.Append(i).Append(",\"Praksis ").Append(i).Append(", \"\"nr\"\"\"\n");
        using var reader = new CsvReader(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), bufferSize: 7);
        reader.Read();
        var count = 0;
        while (reader.Read())
        {
            Assert.Equal($"Praksis {count}, \"nr\"", reader[1]);
            Assert.Equal(count + 2, reader.LineNumber);
            count++;
        }
        Assert.Equal(2000, count);
    }

    [Fact]
    public void Gzip_is_recognised_by_its_magic_bytes()
    {
        var rows = ReadAll(Gzip(Encoding.UTF8.GetBytes("\uFEFFpractice_id,name\n012345,\"A, B\"\n")));

        Assert.Equal([["practice_id", "name"], ["012345", "A, B"]], rows.Select(r => r.Fields));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Truncated_gzip_is_reported_not_silently_shortened(bool cutInTrailer)
    {
        var text = new StringBuilder("id,value\n");
        var random = new Random(7);
        for (var i = 0; i < 20000; i++) text.Append(i).Append(',').Append(random.Next()).Append('\n');
        var gzip = Gzip(Encoding.UTF8.GetBytes(text.ToString()));
        var cut = cutInTrailer ? gzip[..^4] : gzip[..(gzip.Length / 2)];

        using var reader = new CsvReader(new MemoryStream(cut));
        var rows = 0;
        var error = Assert.Throws<CsvFormatException>(() => { while (reader.Read()) rows++; });

        Assert.Contains("gzip", error.Message);
        Assert.Equal(rows + 1, error.Line);
        Assert.False(reader.Read());
    }

    [Fact]
    public void Invalid_utf8_is_reported_with_its_line_and_field_and_reading_goes_on()
    {
        // 0xFF never occurs in UTF-8; it sits on the second line of a quoted field starting on line 3.
        var text = "id,name\n1,ok\n2,\"two\nlines X\"\n3,after\n";
        var bytes = Encoding.ASCII.GetBytes(text);
        bytes[text.IndexOf('X')] = 0xFF;

        using var reader = new CsvReader(new MemoryStream(bytes));
        Assert.True(reader.Read());
        Assert.True(reader.Read());
        var error = Assert.Throws<CsvFormatException>(() => reader.Read());
        Assert.Equal(4, error.Line);
        Assert.Equal(1, error.FieldIndex);
        Assert.Contains("UTF-8", error.Message);
        Assert.True(reader.Read());
        Assert.Equal(5, reader.LineNumber);
        Assert.Equal(["3", "after"], reader.GetFields());
    }

    [Fact]
    public void Bad_quotes_are_reported_and_the_rest_of_the_line_skipped()
    {
        using var reader = new CsvReader(new MemoryStream(Encoding.UTF8.GetBytes("a,b\n1,x\"y\n2,\"ok\"z\n3,\"fine\"\n4,\"open\n")));
        Assert.True(reader.Read());
        Assert.Equal(2, Assert.Throws<CsvFormatException>(() => reader.Read()).Line);
        Assert.Equal(3, Assert.Throws<CsvFormatException>(() => reader.Read()).Line);
        Assert.True(reader.Read());
        Assert.Equal(["3", "fine"], reader.GetFields());
        var unclosed = Assert.Throws<CsvFormatException>(() => reader.Read());
        Assert.Equal(5, unclosed.Line);
        Assert.Contains("never closed", unclosed.Message);
        Assert.False(reader.Read());
    }

    [Fact]
    public void Raw_bytes_of_a_field_are_available_without_a_string()
    {
        using var reader = new CsvReader(new MemoryStream("12,\"3,4\"\n"u8.ToArray()));
        reader.Read();

        Assert.Equal("12"u8.ToArray(), reader.GetBytes(0).ToArray());
        Assert.Equal("3,4"u8.ToArray(), reader.GetBytes(1).ToArray());
        Assert.Equal(2, reader.FieldCount);
    }
}
