using System.Buffers.Binary;
using Klynge.Core.Data;
using Klynge.Core.Prescribing;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;

namespace Klynge.Core.Indicators;

/// <summary>
/// One run of the indicator engine over the database: streams every dispensing once, computes every
/// indicator in the catalogue for every practice, cluster, region and the nation, and replaces the stored results.
/// </summary>
public static class IndicatorRun
{
    public record Summary(long Dispensings, int Results, int Indicators, int Quarters);

    /// <summary>Where a run is: rows read so far, then indicators computed out of all, then storing.</summary>
    public record Progress(IndicatorRunPhase Phase, long Done, long Total);

    public static Task<Summary> RunAsync(KlyngeDbContext db, IReadOnlyList<IndicatorDefinition> definitions, IProgress<Progress>? progress = null, CancellationToken ct = default) =>
        RunAsync(db, definitions, IndicatorRunScope.Catalogue, progress, ct);

    /// <summary>
    /// A run of <paramref name="definitions"/>. With <see cref="IndicatorRunScope.Catalogue"/> they are the whole
    /// catalogue and replace every stored result; with <see cref="IndicatorRunScope.Only"/> only their own results are
    /// replaced (an indicator added or revised, without computing the rest again).
    /// </summary>
    public static async Task<Summary> RunAsync(KlyngeDbContext db, IReadOnlyList<IndicatorDefinition> definitions, IndicatorRunScope scope, IProgress<Progress>? progress = null, CancellationToken ct = default)
    {
        var practices = await db.Practices.AsNoTracking()
            .Select(p => new { p.Id, p.ProviderNumber, p.Municipality!.RegionCode })
            .ToDictionaryAsync(p => p.Id, ct);
        var memberships = (await db.ClusterMemberships.AsNoTracking()
                .Select(m => new { m.PracticeId, m.ClusterId, m.ValidFrom, m.ValidTo })
                .ToListAsync(ct))
            .ToLookup(m => m.PracticeId);
        var units = new IndicatorUnits(
            id => practices[id].ProviderNumber,
            (id, quarter) => memberships[id].FirstOrDefault(m => m.ValidFrom <= quarter.LastDay && (m.ValidTo == null || m.ValidTo > quarter.LastDay))?.ClusterId,
            id => practices.TryGetValue(id, out var p) ? p.RegionCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);

        var accumulator = new IndicatorAccumulator(definitions);
        PhaseClock.Mark("start and registry");
        await ReadDispensingsAsync(db, accumulator, NeededRows(definitions, db.Database.IsNpgsql() ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite), progress, ct);
        PhaseClock.Mark("read");
        progress?.Report(new Progress(IndicatorRunPhase.Computing, 0, definitions.Count));
        var computation = accumulator.Finish(await ReadListSizesAsync(db, ct), units,
            progress is null ? null : new Direct<int>(done => progress.Report(new Progress(IndicatorRunPhase.Computing, done, definitions.Count))));
        PhaseClock.Mark("summarise");
        progress?.Report(new Progress(IndicatorRunPhase.Storing, 0, computation.Results.Count));
        var stored = await IndicatorResultStore.ReplaceAsync(db, scope == IndicatorRunScope.Only ? [.. definitions.Select(d => d.Id)] : null,
            computation.Results, computation.Distributions, ct);
        PhaseClock.Mark("store");
        return new Summary(accumulator.Rows, stored, definitions.Count, computation.Results.Select(r => r.Quarter).Distinct().Count());
    }

    // Sex comes as a boolean so that no text is sent for it per row.
    private const string Columns = "practice_id, patient_id, birth_year, sex = 'F', atc, dispensed_on, packages, ddd";

    private const int ReportEvery = 250_000;

    /// <summary>
    /// Streams every dispensing into the accumulator with plain readers instead of EF materialisation, which at
    /// tens of millions of rows is most of the run: binary <c>COPY</c> parsed straight from the wire on PostgreSQL,
    /// SQLite's own column buffers on SQLite. Patient ids and codes go to the accumulator as UTF-8 bytes, so no row
    /// makes a string.
    /// </summary>
    private static async Task ReadDispensingsAsync(KlyngeDbContext db, IndicatorAccumulator accumulator, string where, IProgress<Progress>? progress, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            if (connection is Npgsql.NpgsqlConnection npgsql)
                await ReadPostgresAsync(npgsql, $"COPY (SELECT {Columns} FROM dispensings{where}) TO STDOUT (FORMAT BINARY)", accumulator, progress, ct);
            else
                ReadSqlite((Microsoft.Data.Sqlite.SqliteConnection)connection, where, accumulator, progress, ct);
            progress?.Report(new Progress(IndicatorRunPhase.Reading, accumulator.Rows, 0));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task ReadPostgresAsync(Npgsql.NpgsqlConnection connection, string copy, IndicatorAccumulator accumulator, IProgress<Progress>? progress, CancellationToken ct)
    {
        await using var stream = await connection.BeginRawBinaryCopyAsync(copy, ct);
        var buffer = new byte[1 << 20];
        var filled = 0;
        var parser = new CopyParser(accumulator);
        var nextReport = ReportEvery;
        while (!parser.Done)
        {
            if (filled == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            var read = await stream.ReadAsync(buffer.AsMemory(filled), ct);
            if (read == 0) throw new InvalidDataException("The COPY stream ended before its trailer.");
            filled += read;
            var used = parser.Parse(buffer.AsSpan(0, filled));
            buffer.AsSpan(used, filled - used).CopyTo(buffer);
            filled -= used;
            if (accumulator.Rows >= nextReport)
            {
                progress?.Report(new Progress(IndicatorRunPhase.Reading, accumulator.Rows, 0));
                nextReport = (int)Math.Min(int.MaxValue, accumulator.Rows + ReportEvery);
            }
        }
        // Drains the end of the COPY so the connection is ready for the next command.
        while (await stream.ReadAsync(buffer, ct) > 0) { }
    }

    /// <summary>List sizes with a plain reader: a few hundred thousand rows whatever the data's size, which EF takes a second over.</summary>
    private static async Task<List<ListSize>> ReadListSizesAsync(KlyngeDbContext db, CancellationToken ct)
    {
        var sizes = new List<ListSize>();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "SELECT practice_id, quarter, sex = 'F', age_band_from, patients FROM list_sizes";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                sizes.Add(new ListSize
                {
                    PracticeId = reader.GetInt32(0),
                    Quarter = Quarter.FromKey(reader.GetInt32(1)),
                    Sex = reader.GetBoolean(2) ? Sex.F : Sex.M,
                    AgeBandFrom = reader.GetInt32(3),
                    Patients = reader.GetInt32(4),
                });
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return sizes;
    }

    /// <summary>
    /// PostgreSQL's binary COPY format for the rows of <see cref="Columns"/>: a signature, flags and header extension,
    /// then per row a field count and per field a length (-1 for NULL) and big-endian bytes, and -1 at the end.
    /// </summary>
    private sealed class CopyParser(IndicatorAccumulator accumulator)
    {
        private static ReadOnlySpan<byte> Signature => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];
        private bool _headerRead;

        public bool Done { get; private set; }

        /// <summary>Folds every complete row in <paramref name="data"/>; returns the bytes used (a partial row stays).</summary>
        public int Parse(ReadOnlySpan<byte> data)
        {
            var pos = 0;
            if (!_headerRead)
            {
                if (data.Length < Signature.Length + 8) return 0;
                if (!data[..Signature.Length].SequenceEqual(Signature)) throw new InvalidDataException("Not a binary COPY stream.");
                var extension = BinaryPrimitives.ReadInt32BigEndian(data[(Signature.Length + 4)..]);
                if (data.Length < Signature.Length + 8 + extension) return 0;
                pos = Signature.Length + 8 + extension;
                _headerRead = true;
            }
            while (true)
            {
                var row = pos;
                if (data.Length - pos < 2) return row;
                var fields = BinaryPrimitives.ReadInt16BigEndian(data[pos..]);
                pos += 2;
                if (fields == -1)
                {
                    Done = true;
                    return pos;
                }
                if (fields != 8) throw new InvalidDataException($"A COPY row has {fields} fields, expected 8.");
                if (!Field(data, ref pos, out var practice) || !Field(data, ref pos, out var patient) || !Field(data, ref pos, out var birthYear)
                    || !Field(data, ref pos, out var sex) || !Field(data, ref pos, out var atc) || !Field(data, ref pos, out var day)
                    || !Field(data, ref pos, out var packages) || !Field(data, ref pos, out var ddd))
                    return row;
                accumulator.Add(
                    BinaryPrimitives.ReadInt32BigEndian(data.Slice(practice.Start, 4)),
                    data.Slice(patient.Start, patient.Length),
                    BinaryPrimitives.ReadInt32BigEndian(data.Slice(birthYear.Start, 4)),
                    data[sex.Start] != 0 ? Sex.F : Sex.M,
                    data.Slice(atc.Start, atc.Length),
                    BinaryPrimitives.ReadInt32BigEndian(data.Slice(day.Start, 4)),
                    BinaryPrimitives.ReadInt32BigEndian(data.Slice(packages.Start, 4)),
                    ddd.Length < 0 ? null : BinaryPrimitives.ReadDoubleBigEndian(data.Slice(ddd.Start, 8)));
            }
        }

        private static bool Field(ReadOnlySpan<byte> data, ref int pos, out (int Start, int Length) field)
        {
            field = default;
            if (data.Length - pos < 4) return false;
            var length = BinaryPrimitives.ReadInt32BigEndian(data[pos..]);
            if (length > 0 && data.Length - pos - 4 < length) return false;
            field = (pos + 4, length);
            pos += 4 + Math.Max(length, 0);
            return true;
        }
    }

    /// <summary>
    /// Reads through SQLite's own statement API, whose text columns are spans over SQLite's buffers; the quarter is
    /// worked out in SQL, so the date text never reaches .NET.
    /// </summary>
    private static void ReadSqlite(Microsoft.Data.Sqlite.SqliteConnection connection, string where, IndicatorAccumulator accumulator, IProgress<Progress>? progress, CancellationToken ct)
    {
        const string quarter = "CAST(substr(dispensed_on, 1, 4) AS INTEGER) * 10 + (CAST(substr(dispensed_on, 6, 2) AS INTEGER) + 2) / 3";
        var sql = $"SELECT practice_id, patient_id, birth_year, sex = 'F', atc, {quarter}, packages, ddd FROM dispensings{where}";
        var handle = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var rc = raw.sqlite3_prepare_v2(handle, sql, out var statement);
        if (rc != raw.SQLITE_OK) throw new Microsoft.Data.Sqlite.SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), rc);
        using (statement)
        {
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                accumulator.AddInQuarter(
                    raw.sqlite3_column_int(statement, 0),
                    raw.sqlite3_column_blob(statement, 1),
                    raw.sqlite3_column_int(statement, 2),
                    raw.sqlite3_column_int(statement, 3) != 0 ? Sex.F : Sex.M,
                    raw.sqlite3_column_blob(statement, 4),
                    raw.sqlite3_column_int(statement, 5),
                    raw.sqlite3_column_int(statement, 6),
                    raw.sqlite3_column_type(statement, 7) == raw.SQLITE_NULL ? null : raw.sqlite3_column_double(statement, 7));
                if (accumulator.Rows % ReportEvery == 0)
                {
                    ct.ThrowIfCancellationRequested();
                    progress?.Report(new Progress(IndicatorRunPhase.Reading, accumulator.Rows, 0));
                }
            }
            if (rc != raw.SQLITE_DONE) throw new Microsoft.Data.Sqlite.SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), rc);
        }
    }

    /// <summary>
    /// A WHERE clause that leaves out rows no indicator can count: the database skips them instead of sending them.
    /// A row is needed when its code is in one of the indicators' code lists (exclusions are left to the engine),
    /// or, for polypharmacy, which counts every code, when the patient is old enough for the indicator that year.
    /// The clause only narrows; the engine still applies every rule to the rows it gets. Empty when every row counts.
    /// </summary>
    /// <remarks>
    /// The clause is evaluated for every row of a national year, so it is kept cheap: a prefix covered by a shorter
    /// one is dropped, and the age test compares the birth year with one number worked out once (the last year with
    /// dispensings), which admits a year more than needed but costs an integer comparison. The age arm comes first,
    /// so a younger patient's row fails it at once and an older one's usually passes at its first code.
    /// </remarks>
    internal static string NeededRows(IReadOnlyList<IndicatorDefinition> definitions, DatabaseProvider provider)
    {
        var codes = new List<string>();
        var conditions = new List<string>();
        string Matches(IEnumerable<string> prefixes) => PrefixTest(Outermost(prefixes).ToList(), provider);
        var lastYear = provider == DatabaseProvider.Postgres
            ? "(SELECT extract(year FROM max(dispensed_on))::int FROM dispensings)"
            : "(SELECT CAST(substr(max(dispensed_on), 1, 4) AS INTEGER) FROM dispensings)";
        foreach (var d in definitions)
        {
            var lists = new[] { d.Numerator, d.Denominator, d.Parameters.GroupB }.OfType<IReadOnlyList<string>>().Select(AtcCodeList.Parse);
            if (d.Kind != IndicatorKind.Polypharmacy)
            {
                foreach (var list in lists) codes.AddRange(list.Included);
                continue;
            }
            if (d.AgeFrom is not { } from) return "";
            conditions.Add($"(birth_year <= {lastYear} - {from} AND ({Matches(AtcCodeList.Parse(d.Numerator!).Included)}))");
        }
        if (codes.Count > 0) conditions.Add(Matches(codes));
        return conditions.Count == 0 ? "" : " WHERE " + string.Join(" OR ", conditions);
    }

    /// <summary>
    /// SQL that is true when <c>atc</c> starts with one of the prefixes. On PostgreSQL the prefixes are grouped by
    /// their first three letters (fewer for shorter ones): one <c>left(atc, n) IN (...)</c> per group turns away most
    /// rows, and only rows that pass it are tried against the longer prefixes with <c>LIKE</c>. Fourteen <c>LIKE</c>s
    /// on every row of a national year cost PostgreSQL about 7 s of a 20 s read; the test in front saves about 3 s.
    /// </summary>
    private static string PrefixTest(IReadOnlyList<string> prefixes, DatabaseProvider provider)
    {
        // Codes reach the SQL text only after the catalogue's own check: a letter, then letters and digits.
        foreach (var p in prefixes)
            if (!AtcCodeList.IsValidPrefix(p)) throw new IndicatorCatalogueException([$"'{p}' is not an ATC code prefix."]);
        if (provider != DatabaseProvider.Postgres) return string.Join(" OR ", prefixes.Select(p => $"atc GLOB '{p}*'"));
        static string List(IEnumerable<string> values) => string.Join(", ", values.Distinct(StringComparer.Ordinal).Select(v => $"'{v}'"));
        return string.Join(" OR ", prefixes.GroupBy(p => Math.Min(p.Length, 3)).Select(group =>
        {
            var n = group.Key;
            var head = $"left(atc, {n})";
            var gate = $"{head} IN ({List(group.Select(p => p[..n]))})";
            var longer = group.Where(p => p.Length > n).Select(p => $"atc LIKE '{p}%'").ToList();
            if (longer.Count == 0) return gate;
            var whole = group.Where(p => p.Length == n).ToList();
            return $"({gate} AND ({string.Join(" OR ", (whole.Count > 0 ? [$"{head} IN ({List(whole)})"] : Array.Empty<string>()).Concat(longer))}))";
        }));
    }

    /// <summary>The prefixes that no other prefix in the list starts, in order: the rest match nothing more.</summary>
    private static IEnumerable<string> Outermost(IEnumerable<string> prefixes)
    {
        var distinct = prefixes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return distinct.Where(p => !distinct.Any(q => q.Length < p.Length && p.StartsWith(q, StringComparison.Ordinal)));
    }

    private sealed class Direct<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

/// <summary>Which stored results a run replaces: all of them, or only those of the indicators it computed.</summary>
public enum IndicatorRunScope { Catalogue, Only }

/// <summary>The stages of an indicator run, in order.</summary>
public enum IndicatorRunPhase { Reading, Computing, Storing }
