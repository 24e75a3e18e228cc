using System.Buffers.Text;
using System.Diagnostics;
using System.Text;
using Klynge.Core.Csv;
using Klynge.Core.Data;
using Klynge.Core.Registry;
using Klynge.Core.Registry.Import;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Prescribing;

/// <summary>
/// Imports dispensings and list sizes (see docs DATA-FORMATS) from CSV files, plain or gzip.
/// </summary>
/// <remarks>
/// <para>Two passes over the files. The first checks every row of every file and collects every problem
/// (file, line, column, value, reason), keeping in memory only the practice map, the quarters covered and,
/// for list sizes, the keys seen (list size files are small); a dispensings file of any size is checked
/// in constant memory. If there is any problem, nothing is written.</para>
/// <para>The second pass runs in one transaction: it deletes what the database holds for the quarters the
/// files cover (dispensings by date, list sizes by quarter), bulk-loads the rows again
/// (<see cref="PrescribingStore"/>), records an <see cref="ImportRun"/> per file and commits. So an import is
/// all or nothing, re-importing a file replaces its quarters instead of doubling them, quarters the files
/// do not cover are kept, and a process killed mid-load leaves the database as it was.</para>
/// <para>Rules beyond the format: a <c>ddd</c> of 0 is refused (a product without DDDs leaves it empty);
/// a header-only file is valid and loads nothing.</para>
/// </remarks>
public static class PrescribingImporter
{
    public const string DispensingsKind = "dispensings";
    public const string ListSizesKind = "list-sizes";

    public static IReadOnlyList<string> DispensingColumns { get; } =
        ["patient_id", "birth_year", "sex", "practice_id", "atc", "dispensed_on", "packages", "ddd"];

    public static IReadOnlyList<string> ListSizeColumns { get; } = ["practice_id", "quarter", "sex", "age_band", "patients"];

    private const int MaxValueInError = 200;

    /// <summary>Imports dispensings files by path; a missing file is reported like any other error.</summary>
    public static Task<PrescribingImportResult> ImportDispensingsAsync(
        KlyngeDbContext db, IReadOnlyList<string> paths, PrescribingImportOptions options, string userName,
        IProgress<PrescribingImportProgress>? progress = null, CancellationToken ct = default) =>
        RunAsync(db, FileSources(paths), options, userName, progress, new DispensingsFormat(), ct);

    /// <summary>
    /// Imports one dispensings stream (e.g. an uploaded file). It is read twice: a stream that cannot seek is
    /// first copied to a temporary file. The stream is not closed.
    /// </summary>
    public static async Task<PrescribingImportResult> ImportDispensingsAsync(
        KlyngeDbContext db, Stream stream, string fileName, PrescribingImportOptions options, string userName,
        IProgress<PrescribingImportProgress>? progress = null, CancellationToken ct = default)
    {
        await using var source = await StreamSource.CreateAsync(stream, fileName, ct);
        return await RunAsync(db, [source], options, userName, progress, new DispensingsFormat(), ct);
    }

    /// <summary>Imports list size files by path; a missing file is reported like any other error.</summary>
    public static Task<PrescribingImportResult> ImportListSizesAsync(
        KlyngeDbContext db, IReadOnlyList<string> paths, PrescribingImportOptions options, string userName,
        IProgress<PrescribingImportProgress>? progress = null, CancellationToken ct = default) =>
        RunAsync(db, FileSources(paths), options, userName, progress, new ListSizesFormat(), ct);

    /// <summary>Imports one list size stream (e.g. an uploaded file); see the dispensings overload.</summary>
    public static async Task<PrescribingImportResult> ImportListSizesAsync(
        KlyngeDbContext db, Stream stream, string fileName, PrescribingImportOptions options, string userName,
        IProgress<PrescribingImportProgress>? progress = null, CancellationToken ct = default)
    {
        await using var source = await StreamSource.CreateAsync(stream, fileName, ct);
        return await RunAsync(db, [source], options, userName, progress, new ListSizesFormat(), ct);
    }

    private static async Task<PrescribingImportResult> RunAsync<T>(
        KlyngeDbContext db, IReadOnlyList<Source> sources, PrescribingImportOptions options, string userName,
        IProgress<PrescribingImportProgress>? progress, Format<T> format, CancellationToken ct) where T : class
    {
        var clock = Stopwatch.StartNew();
        var errors = new ErrorSink(options.MaxStoredErrors);
        foreach (var missing in sources.OfType<MissingSource>())
            errors.Add(new ImportError(missing.Name, null, "", "", $"file not found: {missing.FullPath}"));

        var practices = new Dictionary<int, int>();
        foreach (var p in await db.Practices.AsNoTracking().Select(p => new { p.Id, p.ProviderNumber }).ToListAsync(ct))
            if (Registry.Practice.IsValidProviderNumber(p.ProviderNumber)) practices[int.Parse(p.ProviderNumber)] = p.Id;
        if (format is DispensingsFormat dispensings)
            return await LoadInOnePassAsync(db, sources, options, userName, progress, dispensings, practices, errors, clock, ct);
        var parser = format.CreateParser(practices, errors);

        var counter = new Counter(PrescribingImportPhase.Validating, progress, options.ProgressEvery);
        var quarters = new SortedSet<Quarter>();
        var files = new List<FileSummary>();
        foreach (var source in sources.Where(s => s is not MissingSource))
        {
            var summary = new FileSummary(source.Name);
            files.Add(summary);
            foreach (var (row, line) in ReadRows(source, format, parser, options.IgnoreExtraColumns, errors, counter, ct))
            {
                var quarter = format.Check(row, source.Name, line, errors);
                quarters.Add(quarter);
                summary.Add(quarter);
            }
        }
        counter.Finish();
        if (errors.Count > 0) return PrescribingImportResult.Failed(errors.Stored, errors.Count, clock.Elapsed);

        var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            foreach (var (first, last) in Ranges(quarters)) await format.DeleteAsync(db, first, last, null, ct);
            counter = new Counter(PrescribingImportPhase.Loading, progress, options.ProgressEvery);
            var changed = new ErrorSink(1);
            var loadParser = format.CreateParser(practices, changed);
            long total = 0;
            foreach (var source in sources)
            {
                var rows = ReadRows(source, format, loadParser, options.IgnoreExtraColumns, changed, counter, ct).Select(r => r.Row);
                total += await format.InsertAsync(db, rows, ct);
            }
            counter.Finish();
            if (changed.Count > 0)
                throw new InvalidOperationException($"A file changed while it was imported ({changed.Stored[0]}); nothing was imported.");

            var runs = RecordRuns(db, format.Kind, files, userName);
            await db.SaveChangesAsync(ct);
            if (ownTransaction is not null) await ownTransaction.CommitAsync(ct);
            return new PrescribingImportResult([], 0, total, quarters.ToList(), runs, clock.Elapsed);
        }
        finally
        {
            if (ownTransaction is not null) await ownTransaction.DisposeAsync();
        }
    }

    /// <summary>
    /// Dispensings are checked while they are written, inside one transaction, so a national file is parsed once:
    /// after the first bad row nothing more is written but every row is still checked for the report, and a file
    /// with errors is rolled back. The quarters the files cover are replaced by deleting the rows that were there
    /// before (ids up to the highest before the load) once the new rows are in.
    /// </summary>
    private static async Task<PrescribingImportResult> LoadInOnePassAsync(
        KlyngeDbContext db, IReadOnlyList<Source> sources, PrescribingImportOptions options, string userName,
        IProgress<PrescribingImportProgress>? progress, DispensingsFormat format, Dictionary<int, int> practices,
        ErrorSink errors, Stopwatch clock, CancellationToken ct)
    {
        var parser = format.CreateParser(practices, errors);
        var counter = new Counter(PrescribingImportPhase.Loading, progress, options.ProgressEvery);
        var quarters = new SortedSet<Quarter>();
        var files = new List<FileSummary>();

        IEnumerable<Dispensing> Rows()
        {
            foreach (var source in sources.Where(s => s is not MissingSource))
            {
                var summary = new FileSummary(source.Name);
                files.Add(summary);
                foreach (var (row, _) in ReadRows(source, format, parser, options.IgnoreExtraColumns, errors, counter, ct))
                {
                    var quarter = Quarter.Of(row.DispensedOn);
                    quarters.Add(quarter);
                    summary.Add(quarter);
                    if (errors.Count == 0) yield return row;
                }
            }
        }

        var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var before = await db.Dispensings.MaxAsync(d => (long?)d.Id, ct) ?? 0;
            var total = await format.InsertAsync(db, Rows(), ct);
            counter.Finish();
            if (errors.Count > 0) return PrescribingImportResult.Failed(errors.Stored, errors.Count, clock.Elapsed);

            foreach (var (first, last) in Ranges(quarters)) await format.DeleteAsync(db, first, last, before, ct);
            var runs = RecordRuns(db, format.Kind, files, userName);
            await db.SaveChangesAsync(ct);
            if (ownTransaction is not null) await ownTransaction.CommitAsync(ct);
            return new PrescribingImportResult([], 0, total, quarters.ToList(), runs, clock.Elapsed);
        }
        finally
        {
            // Disposing without a commit rolls back: a file with errors, a cancel or a crash leaves no trace.
            if (ownTransaction is not null) await ownTransaction.DisposeAsync();
        }
    }

    private static List<ImportRun> RecordRuns(KlyngeDbContext db, string kind, List<FileSummary> files, string userName)
    {
        var now = DateTime.UtcNow;
        var runs = files.Select(f => new ImportRun
        {
            Kind = kind,
            FileName = f.Name,
            Rows = f.Rows,
            FirstQuarter = f.First?.ToKey() ?? 0,
            LastQuarter = f.Last?.ToKey() ?? 0,
            ImportedAtUtc = now,
            UserName = userName,
        }).ToList();
        db.ImportRuns.AddRange(runs);
        return runs;
    }

    /// <summary>Consecutive quarters joined, so that a year of data is deleted with one statement.</summary>
    private static IEnumerable<(Quarter First, Quarter Last)> Ranges(IEnumerable<Quarter> sorted)
    {
        Quarter? first = null, last = null;
        foreach (var q in sorted)
        {
            if (last is { } l && l.Next == q) { last = q; continue; }
            if (first is { } f) yield return (f, last!.Value);
            first = last = q;
        }
        if (first is { } start) yield return (start, last!.Value);
    }

    /// <summary>The valid rows of one source with their lines; every problem goes to <paramref name="errors"/>.</summary>
    private static IEnumerable<(T Row, int Line)> ReadRows<T>(
        Source source, Format<T> format, RowParser<T> parser, bool ignoreExtra, ErrorSink errors, Counter counter, CancellationToken ct)
        where T : class
    {
        using var reader = source.Open();
        string[]? header = null;
        var unreadable = false;
        while (true)
        {
            bool more;
            try
            {
                more = reader.Read();
            }
            catch (CsvFormatException e)
            {
                var column = header?.ElementAtOrDefault(e.FieldIndex ?? -1)?.Trim() ?? "";
                errors.Add(new ImportError(source.Name, e.Line, column, "", e.Message));
                unreadable = true;
                continue;
            }
            if (!more) break;
            if (header is null)
            {
                header = reader.GetFields();
                var columns = CsvColumns.Map(header, format.Columns, ignoreExtra);
                if (!columns.IsValid)
                {
                    var expected = string.Join(",", format.Columns);
                    foreach (var c in columns.Missing)
                        errors.Add(new ImportError(source.Name, reader.LineNumber, c, "", $"missing column (expected columns: {expected})"));
                    foreach (var c in columns.Unknown)
                        errors.Add(new ImportError(source.Name, reader.LineNumber, c, "", $"unknown column (expected columns: {expected}; use --ignore-extra-columns to skip it)"));
                    foreach (var c in columns.Duplicate)
                        errors.Add(new ImportError(source.Name, reader.LineNumber, c, "", "column appears more than once"));
                    yield break;
                }
                parser.Bind(columns);
                continue;
            }
            counter.Add(ct);
            if (reader.FieldCount != header.Length)
            {
                errors.Add(new ImportError(source.Name, reader.LineNumber, "", "", $"{reader.FieldCount} fields where the header has {header.Length}"));
                continue;
            }
            var row = parser.Parse(reader, source.Name);
            if (row is not null) yield return (row, reader.LineNumber);
        }
        if (header is null && !unreadable)
            errors.Add(new ImportError(source.Name, null, "", "", $"the file is empty; it needs at least the header row {string.Join(",", format.Columns)}"));
    }

    /// <summary>What differs between the two kinds of file: columns, row parsing, cross-row checks and storage.</summary>
    private abstract class Format<T> where T : class
    {
        public abstract string Kind { get; }
        public abstract IReadOnlyList<string> Columns { get; }
        public abstract RowParser<T> CreateParser(IReadOnlyDictionary<int, int> practices, ErrorSink errors);

        /// <summary>Checks a valid row against the rows before it (first pass); returns its quarter.</summary>
        public abstract Quarter Check(T row, string file, int line, ErrorSink errors);
        /// <summary>Deletes the stored rows of the quarters from first to last (with ids up to <paramref name="upToId"/>, if given).</summary>
        public abstract Task DeleteAsync(KlyngeDbContext db, Quarter first, Quarter last, long? upToId, CancellationToken ct);
        public abstract Task<long> InsertAsync(KlyngeDbContext db, IEnumerable<T> rows, CancellationToken ct);
    }

    private sealed class DispensingsFormat : Format<Dispensing>
    {
        public override string Kind => DispensingsKind;
        public override IReadOnlyList<string> Columns => DispensingColumns;
        public override RowParser<Dispensing> CreateParser(IReadOnlyDictionary<int, int> practices, ErrorSink errors) => new DispensingParser(practices, errors);
        public override Quarter Check(Dispensing row, string file, int line, ErrorSink errors) => Quarter.Of(row.DispensedOn);

        public override Task DeleteAsync(KlyngeDbContext db, Quarter first, Quarter last, long? upToId, CancellationToken ct)
        {
            var (from, to, id) = (first.FirstDay, last.LastDay, upToId ?? long.MaxValue);
            return db.Dispensings.Where(d => d.Id <= id && d.DispensedOn >= from && d.DispensedOn <= to).ExecuteDeleteAsync(ct);
        }

        public override Task<long> InsertAsync(KlyngeDbContext db, IEnumerable<Dispensing> rows, CancellationToken ct) =>
            PrescribingStore.InsertDispensingsAsync(db, rows, ct);
    }

    private sealed class ListSizesFormat : Format<ListSize>
    {
        private readonly Dictionary<(int, int, Sex, int), (string File, int Line)> _seen = [];

        public override string Kind => ListSizesKind;
        public override IReadOnlyList<string> Columns => ListSizeColumns;
        public override RowParser<ListSize> CreateParser(IReadOnlyDictionary<int, int> practices, ErrorSink errors) => new ListSizeParser(practices, errors);

        public override Quarter Check(ListSize row, string file, int line, ErrorSink errors)
        {
            var key = (row.PracticeId, row.Quarter.ToKey(), row.Sex, row.AgeBandFrom);
            if (_seen.TryGetValue(key, out var first))
            {
                var where = first.File == file ? $"line {first.Line}" : $"line {first.Line} of {first.File}";
                errors.Add(new ImportError(file, line, "", "", $"the same practice, quarter, sex and age band as {where}"));
            }
            else
            {
                _seen[key] = (file, line);
            }
            return row.Quarter;
        }

        public override async Task DeleteAsync(KlyngeDbContext db, Quarter first, Quarter last, long? upToId, CancellationToken ct)
        {
            for (var q = first; q <= last; q = q.Next)
            {
                var quarter = q;
                await db.ListSizes.Where(l => l.Quarter == quarter).ExecuteDeleteAsync(ct);
            }
        }

        public override Task<long> InsertAsync(KlyngeDbContext db, IEnumerable<ListSize> rows, CancellationToken ct) =>
            PrescribingStore.InsertListSizesAsync(db, rows, ct);
    }

    /// <summary>Parses one record into a row, reporting each bad field; works on the UTF-8 bytes to stay fast.</summary>
    private abstract class RowParser<T>(IReadOnlyDictionary<int, int> practices, ErrorSink errors) where T : class
    {
        private string _file = "";
        private int _line;
        private CsvReader? _reader;

        public abstract void Bind(CsvColumns columns);
        protected abstract T? Parse(CsvReader reader);

        public T? Parse(CsvReader reader, string file)
        {
            _file = file;
            _line = reader.LineNumber;
            _reader = reader;
            return Parse(reader);
        }

        protected static ReadOnlySpan<byte> Field(CsvReader reader, int index) => reader.GetBytes(index).Trim((byte)' ');

        protected bool Fail(string column, int index, string reason)
        {
            var value = Encoding.UTF8.GetString(Field(_reader!, index));
            if (value.Length > MaxValueInError) value = value[..MaxValueInError] + "...";
            errors.Add(new ImportError(_file, _line, column, value, reason));
            return false;
        }

        protected static bool TryInt(ReadOnlySpan<byte> text, out int value) =>
            Utf8Parser.TryParse(text, out value, out var used) && used == text.Length && text.Length > 0;

        protected bool ParseSex(CsvReader reader, int index, out Sex sex)
        {
            var text = Field(reader, index);
            sex = default;
            if (text.Length == 1 && text[0] is (byte)'F' or (byte)'M')
            {
                sex = text[0] == (byte)'F' ? Sex.F : Sex.M;
                return true;
            }
            return Fail("sex", index, "must be F or M");
        }

        protected bool ParsePractice(CsvReader reader, int index, out int practiceId)
        {
            var text = Field(reader, index);
            practiceId = 0;
            if (text.Length != 6 || !TryDigits(text, out var number))
                return Fail("practice_id", index, "must be six digits (the practice's ydernummer)");
            if (!practices.TryGetValue(number, out practiceId))
                return Fail("practice_id", index, "is not a practice in the registry (import the registry first)");
            return true;
        }

        protected static bool TryDigits(ReadOnlySpan<byte> text, out int value)
        {
            value = 0;
            foreach (var b in text)
            {
                if (b is < (byte)'0' or > (byte)'9') return false;
                value = value * 10 + (b - '0');
            }
            return true;
        }
    }

    private sealed class DispensingParser(IReadOnlyDictionary<int, int> practices, ErrorSink errors) : RowParser<Dispensing>(practices, errors)
    {
        private int _patient, _birthYear, _sex, _practice, _atc, _day, _packages, _ddd;
        private readonly Dictionary<ulong, string> _atcs = [];

        public override void Bind(CsvColumns columns)
        {
            _patient = columns["patient_id"];
            _birthYear = columns["birth_year"];
            _sex = columns["sex"];
            _practice = columns["practice_id"];
            _atc = columns["atc"];
            _day = columns["dispensed_on"];
            _packages = columns["packages"];
            _ddd = columns["ddd"];
        }

        protected override Dispensing? Parse(CsvReader reader)
        {
            var ok = true;
            var patient = Field(reader, _patient);
            if (!IsPatientId(patient)) ok = Fail("patient_id", _patient, "must be 1-64 characters, each a letter A-Z or a-z, a digit, _ or -");

            var dayOk = TryDate(Field(reader, _day), out var day);
            if (!dayOk) ok = Fail("dispensed_on", _day, "must be a date written YYYY-MM-DD");

            if (!TryInt(Field(reader, _birthYear), out var birthYear)) ok = Fail("birth_year", _birthYear, "must be a whole number");
            else if (birthYear < 1900) ok = Fail("birth_year", _birthYear, "must be 1900 or later");
            else if (dayOk && birthYear > day.Year) ok = Fail("birth_year", _birthYear, $"is after the year of dispensed_on ({day.Year})");

            ok &= ParseSex(reader, _sex, out var sex);
            ok &= ParsePractice(reader, _practice, out var practiceId);

            var atc = Field(reader, _atc);
            if (!IsAtc(atc)) ok = Fail("atc", _atc, "must be an ATC level-5 code such as N05BA01 (letter, 2 digits, 2 letters, 2 digits)");

            var packagesOk = TryInt(Field(reader, _packages), out var packages);
            if (!packagesOk) ok = Fail("packages", _packages, "must be a whole number");
            else if (packages == 0) { packagesOk = false; ok = Fail("packages", _packages, "must not be 0 (a return is negative)"); }

            double? ddd = null;
            var dddText = Field(reader, _ddd);
            if (dddText.Length > 0)
            {
                if (!Utf8Parser.TryParse(dddText, out double value, out var used) || used != dddText.Length || !double.IsFinite(value))
                    ok = Fail("ddd", _ddd, "must be a decimal number with . as the decimal point, or empty");
                else if (packagesOk && (value == 0 || value > 0 != packages > 0))
                    ok = Fail("ddd", _ddd, $"must have the same sign as packages ({packages}); leave it empty for a product without DDD");
                else ddd = value;
            }

            if (!ok) return null;
            return new Dispensing
            {
                PatientId = Encoding.ASCII.GetString(patient),
                BirthYear = birthYear,
                Sex = sex,
                PracticeId = practiceId,
                Atc = AtcText(atc),
                DispensedOn = day,
                Packages = packages,
                Ddd = ddd,
            };
        }

        /// <summary>One string per ATC code instead of one per row: there are a few thousand codes and millions of rows.</summary>
        private string AtcText(ReadOnlySpan<byte> atc)
        {
            ulong key = 0;
            foreach (var b in atc) key = (key << 8) | b;
            if (!_atcs.TryGetValue(key, out var text)) _atcs[key] = text = Encoding.ASCII.GetString(atc);
            return text;
        }

        private static bool IsPatientId(ReadOnlySpan<byte> text)
        {
            if (text.Length is < 1 or > 64) return false;
            foreach (var b in text)
                if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'_' or (byte)'-')) return false;
            return true;
        }

        private static bool IsAtc(ReadOnlySpan<byte> t) =>
            t.Length == 7 && IsUpper(t[0]) && IsDigit(t[1]) && IsDigit(t[2]) && IsUpper(t[3]) && IsUpper(t[4]) && IsDigit(t[5]) && IsDigit(t[6]);

        private static bool IsUpper(byte b) => b is >= (byte)'A' and <= (byte)'Z';
        private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

        private static bool TryDate(ReadOnlySpan<byte> t, out DateOnly day)
        {
            day = default;
            if (t.Length != 10 || t[4] != (byte)'-' || t[7] != (byte)'-') return false;
            if (!TryDigits(t[..4], out var year) || !TryDigits(t.Slice(5, 2), out var month) || !TryDigits(t.Slice(8, 2), out var dayOfMonth)) return false;
            if (year < 1 || month is < 1 or > 12 || dayOfMonth < 1 || dayOfMonth > DateTime.DaysInMonth(year, month)) return false;
            day = new DateOnly(year, month, dayOfMonth);
            return true;
        }
    }

    private sealed class ListSizeParser(IReadOnlyDictionary<int, int> practices, ErrorSink errors) : RowParser<ListSize>(practices, errors)
    {
        private int _practice, _quarter, _sex, _band, _patients;

        public override void Bind(CsvColumns columns)
        {
            _practice = columns["practice_id"];
            _quarter = columns["quarter"];
            _sex = columns["sex"];
            _band = columns["age_band"];
            _patients = columns["patients"];
        }

        protected override ListSize? Parse(CsvReader reader)
        {
            var ok = ParsePractice(reader, _practice, out var practiceId);
            var quarterText = Encoding.UTF8.GetString(Field(reader, _quarter));
            if (!(quarterText.Length == 7 && quarterText[5] == 'Q' && Quarter.TryParse(quarterText, out var quarter)))
            {
                quarter = default;
                ok = Fail("quarter", _quarter, "must be a quarter written YYYY-Qn with n from 1 to 4");
            }
            ok &= ParseSex(reader, _sex, out var sex);
            var band = ListSize.ParseBand(Encoding.UTF8.GetString(Field(reader, _band)));
            if (band is null) ok = Fail("age_band", _band, "must be one of the 19 bands 0-4, 5-9, ..., 85-89, 90+");
            if (!TryInt(Field(reader, _patients), out var patients)) ok = Fail("patients", _patients, "must be a whole number");
            else if (patients < 0) ok = Fail("patients", _patients, "must be 0 or more");
            if (!ok) return null;
            return new ListSize { PracticeId = practiceId, Quarter = quarter, Sex = sex, AgeBandFrom = band!.Value, Patients = patients };
        }
    }

    /// <summary>Keeps the first errors and counts them all, so that a file that is wrong on every line stays cheap.</summary>
    private sealed class ErrorSink(int max)
    {
        public List<ImportError> Stored { get; } = [];
        public long Count { get; private set; }

        public void Add(ImportError error)
        {
            Count++;
            if (Stored.Count < max) Stored.Add(error);
        }
    }

    private sealed class Counter(PrescribingImportPhase phase, IProgress<PrescribingImportProgress>? progress, int every)
    {
        private long _rows;

        public void Add(CancellationToken ct)
        {
            _rows++;
            if (_rows % 4096 == 0) ct.ThrowIfCancellationRequested();
            if (progress is not null && _rows % every == 0) progress.Report(new(phase, _rows));
        }

        public void Finish() => progress?.Report(new(phase, _rows));
    }

    private sealed class FileSummary(string name)
    {
        public string Name { get; } = name;
        public long Rows { get; private set; }
        public Quarter? First { get; private set; }
        public Quarter? Last { get; private set; }

        public void Add(Quarter q)
        {
            Rows++;
            if (First is null || q < First) First = q;
            if (Last is null || q > Last) Last = q;
        }
    }

    private static List<Source> FileSources(IReadOnlyList<string> paths) =>
        paths.Select(p => File.Exists(p) ? (Source)new FileSource(p) : new MissingSource(p)).ToList();

    private abstract class Source(string name) : IAsyncDisposable
    {
        public string Name { get; } = name;
        public abstract CsvReader Open();
        public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class FileSource(string path) : Source(Path.GetFileName(path))
    {
        public override CsvReader Open() => CsvReader.OpenFile(path);
    }

    private sealed class MissingSource(string path) : Source(System.IO.Path.GetFileName(path))
    {
        public string FullPath { get; } = path;
        public override CsvReader Open() => throw new FileNotFoundException(FullPath);
    }

    /// <summary>A stream read once per pass: rewound if it can seek, otherwise copied to a temporary file first.</summary>
    private sealed class StreamSource : Source
    {
        private readonly Stream _stream;
        private readonly long _start;
        private readonly bool _owned;

        private StreamSource(string name, Stream stream, bool owned) : base(name)
        {
            _stream = stream;
            _start = stream.Position;
            _owned = owned;
        }

        public static async Task<StreamSource> CreateAsync(Stream stream, string name, CancellationToken ct)
        {
            if (stream.CanSeek) return new StreamSource(name, stream, owned: false);
            var copy = new FileStream(System.IO.Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
            await stream.CopyToAsync(copy, ct);
            copy.Position = 0;
            return new StreamSource(name, copy, owned: true);
        }

        public override CsvReader Open()
        {
            _stream.Position = _start;
            return new CsvReader(_stream, leaveOpen: true);
        }

        public override async ValueTask DisposeAsync()
        {
            if (_owned) await _stream.DisposeAsync();
        }
    }
}
