using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Klynge.Core.Csv;

/// <summary>
/// A streaming RFC 4180 reader over UTF-8 bytes: comma separated, fields in double quotes may hold
/// commas, doubled quotes and line breaks; CRLF, LF or CR end a record; a leading BOM and blank lines
/// are skipped. <see cref="LineNumber"/> is the physical line where the current record starts, so a
/// quoted line break does not shift the numbers of later records. Gzip input is decompressed
/// (see <see cref="CsvInput"/>). Reads synchronously: give it a buffered stream (a file, an uploaded form file).
/// </summary>
/// <remarks>
/// It works on bytes and validates UTF-8 strictly per record, so an invalid byte is reported with its
/// line, and parsers of numbers can use <see cref="GetBytes"/> without creating strings.
/// </remarks>
public sealed class CsvReader : IDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly SearchValues<byte> UnquotedStops = SearchValues.Create(",\"\r\n"u8);
    private static readonly SearchValues<byte> QuotedStops = SearchValues.Create("\"\n"u8);

    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private int _pos;
    private int _end;
    private bool _eof;
    private bool _started;
    private int _line = 1;

    private byte[] _record = new byte[256];
    private int _recordLength;
    private int[] _fieldEnds = new int[16];
    private int _fieldCount;

    /// <summary>Reads CSV from a stream, decompressing it when it is gzip.</summary>
    public CsvReader(Stream stream, bool leaveOpen = false, int bufferSize = 64 * 1024)
    {
        _stream = CsvInput.Open(stream, leaveOpen);
        _buffer = new byte[bufferSize];
    }

    /// <summary>Opens a file (plain or gzip).</summary>
    public static CsvReader OpenFile(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan));

    /// <summary>The physical line (1-based) where the current record starts.</summary>
    public int LineNumber { get; private set; }

    /// <summary>The number of fields in the current record.</summary>
    public int FieldCount => _fieldCount;

    /// <summary>The raw UTF-8 bytes of a field, unquoted (already validated as UTF-8).</summary>
    public ReadOnlySpan<byte> GetBytes(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_fieldCount, nameof(index));
        var start = index == 0 ? 0 : _fieldEnds[index - 1];
        return _record.AsSpan(start, _fieldEnds[index] - start);
    }

    public string GetString(int index) => StrictUtf8.GetString(GetBytes(index));

    public string this[int index] => GetString(index);

    /// <summary>All fields of the current record as strings.</summary>
    public string[] GetFields()
    {
        var fields = new string[_fieldCount];
        for (var i = 0; i < fields.Length; i++) fields[i] = GetString(i);
        return fields;
    }

    /// <summary>
    /// Moves to the next record; false at the end. Throws <see cref="CsvFormatException"/> for a record
    /// that is not valid CSV or UTF-8; that record is skipped and the next call goes on after it.
    /// </summary>
    public bool Read()
    {
        if (!_started) Start();
        while (true)
        {
            if (!Ensure()) return false;
            LineNumber = _line;
            _recordLength = 0;
            _fieldCount = 0;
            var quotedAny = ReadRecord();
            if (_fieldCount == 1 && _recordLength == 0 && !quotedAny) continue;
            ValidateUtf8();
            return true;
        }
    }

    private void Start()
    {
        _started = true;
        while (_end < 3 && !_eof) FillMore();
        if (_end >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF) _pos = 3;
    }

    /// <summary>Reads one record up to and including its line break; returns whether any field was quoted.</summary>
    private bool ReadRecord()
    {
        var quotedAny = false;
        while (true)
        {
            // At the start of a field.
            if (!Ensure()) { EndField(); return quotedAny; }
            var b = _buffer[_pos];
            if (b == (byte)'"')
            {
                _pos++;
                quotedAny = true;
                if (ReadQuotedField()) return quotedAny;
                continue;
            }
            while (true)
            {
                if (!Ensure()) { EndField(); return quotedAny; }
                var span = _buffer.AsSpan(_pos, _end - _pos);
                var stop = span.IndexOfAny(UnquotedStops);
                if (stop < 0)
                {
                    Append(span);
                    _pos = _end;
                    continue;
                }
                Append(span[..stop]);
                _pos += stop;
                b = _buffer[_pos++];
                if (b == (byte)',') { EndField(); break; }
                if (b == (byte)'"')
                {
                    var line = _line;
                    SkipRestOfLine();
                    throw new CsvFormatException(line, "a quote inside a field that does not start with a quote (quote the whole field and double the inner quotes)", _fieldCount);
                }
                EndLine(b);
                EndField();
                return quotedAny;
            }
        }
    }

    /// <summary>Reads a quoted field after its opening quote; returns true when the record ended with it.</summary>
    private bool ReadQuotedField()
    {
        var startLine = _line;
        while (true)
        {
            if (!Ensure())
                throw new CsvFormatException(startLine, "a quoted field is never closed (missing closing quote)", _fieldCount);
            var span = _buffer.AsSpan(_pos, _end - _pos);
            var stop = span.IndexOfAny(QuotedStops);
            if (stop < 0)
            {
                Append(span);
                _pos = _end;
                continue;
            }
            Append(span[..(stop + 1)]);
            _pos += stop + 1;
            if (span[stop] == (byte)'\n')
            {
                _line++;
                continue;
            }
            // A quote: either a doubled quote inside the field or the closing quote.
            _recordLength--;
            if (!Ensure()) { EndField(); return true; }
            var next = _buffer[_pos];
            if (next == (byte)'"')
            {
                Append("\""u8);
                _pos++;
                continue;
            }
            _pos++;
            if (next == (byte)',') { EndField(); return false; }
            if (next is (byte)'\r' or (byte)'\n')
            {
                EndLine(next);
                EndField();
                return true;
            }
            var line = _line;
            SkipRestOfLine();
            // A quote missing on an earlier line shows up only here; point at where the field began.
            throw startLine == line
                ? new CsvFormatException(line, "text after the closing quote of a field (a comma or line break must follow it)", _fieldCount)
                : new CsvFormatException(startLine, $"a quoted field starting on this line runs on to line {line} and text follows its closing quote there; is a closing quote missing?", _fieldCount);
        }
    }

    /// <summary>Counts a line break whose first byte was just consumed; CRLF counts once.</summary>
    private void EndLine(byte first)
    {
        _line++;
        if (first == (byte)'\r' && Ensure() && _buffer[_pos] == (byte)'\n') _pos++;
    }

    private void SkipRestOfLine()
    {
        while (Ensure())
        {
            var b = _buffer[_pos++];
            if (b is (byte)'\r' or (byte)'\n')
            {
                EndLine(b);
                return;
            }
        }
    }

    private void EndField()
    {
        if (_fieldCount == _fieldEnds.Length) Array.Resize(ref _fieldEnds, _fieldEnds.Length * 2);
        _fieldEnds[_fieldCount++] = _recordLength;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_recordLength + bytes.Length > _record.Length)
            Array.Resize(ref _record, Math.Max(_record.Length * 2, _recordLength + bytes.Length));
        bytes.CopyTo(_record.AsSpan(_recordLength));
        _recordLength += bytes.Length;
    }

    private void ValidateUtf8()
    {
        var bytes = _record.AsSpan(0, _recordLength);
        if (Utf8.IsValid(bytes)) return;
        var chars = ArrayPool<char>.Shared.Rent(bytes.Length);
        Utf8.ToUtf16(bytes, chars, out var offset, out _, replaceInvalidSequences: false);
        ArrayPool<char>.Shared.Return(chars);
        var line = LineNumber + bytes[..offset].Count((byte)'\n');
        var field = 0;
        while (field < _fieldCount - 1 && _fieldEnds[field] <= offset) field++;
        throw new CsvFormatException(line, "the text is not valid UTF-8 (save the file as UTF-8)", field);
    }

    /// <summary>Makes sure a byte is available at <see cref="_pos"/>; false at the end of the input.</summary>
    private bool Ensure()
    {
        while (_pos >= _end)
        {
            if (_eof) return false;
            _pos = 0;
            _end = 0;
            FillMore();
        }
        return true;
    }

    private void FillMore()
    {
        int n;
        try
        {
            n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        }
        catch (InvalidDataException e)
        {
            _eof = true;
            throw new CsvFormatException(_line, e.Message.StartsWith("the gzip", StringComparison.Ordinal)
                ? e.Message
                : $"the gzip data is damaged: {e.Message}");
        }
        if (n == 0) _eof = true;
        _end += n;
    }

    public void Dispose() => _stream.Dispose();
}
