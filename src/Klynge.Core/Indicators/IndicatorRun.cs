using Klynge.Core.Data;
using Klynge.Core.Prescribing;
using Microsoft.EntityFrameworkCore;

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

    public static async Task<Summary> RunAsync(KlyngeDbContext db, IReadOnlyList<IndicatorDefinition> definitions, IProgress<Progress>? progress = null, CancellationToken ct = default)
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
        await ReadDispensingsAsync(db, accumulator, NeededRows(definitions, db.Database.IsNpgsql() ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite), progress, ct);
        progress?.Report(new Progress(IndicatorRunPhase.Computing, 0, definitions.Count));
        var computation = accumulator.Finish(db.ListSizes.AsNoTracking().AsEnumerable(), units,
            progress is null ? null : new Direct<int>(done => progress.Report(new Progress(IndicatorRunPhase.Computing, done, definitions.Count))));
        progress?.Report(new Progress(IndicatorRunPhase.Storing, 0, computation.Results.Count));
        var stored = await IndicatorResultStore.ReplaceAllAsync(db, computation.Results, computation.Distributions, ct);
        return new Summary(accumulator.Rows, stored, definitions.Count, computation.Results.Select(r => r.Quarter).Distinct().Count());
    }

    // Sex comes as a boolean so that no string is made for it per row.
    private const string Columns = "practice_id, patient_id, birth_year, sex = 'F', atc, dispensed_on, packages, ddd";

    /// <summary>
    /// Streams every dispensing into the accumulator with plain readers instead of EF materialisation, which at
    /// tens of millions of rows is most of the run: binary <c>COPY</c> on PostgreSQL, one query on SQLite.
    /// </summary>
    private static async Task ReadDispensingsAsync(KlyngeDbContext db, IndicatorAccumulator accumulator, string where, IProgress<Progress>? progress, CancellationToken ct)
    {
        const int every = 250_000;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            if (connection is Npgsql.NpgsqlConnection npgsql)
            {
                await using var export = await npgsql.BeginBinaryExportAsync($"COPY (SELECT {Columns} FROM dispensings{where}) TO STDOUT (FORMAT BINARY)", ct);
                while (await export.StartRowAsync(ct) >= 0)
                {
                    var practice = export.Read<int>();
                    var patient = export.Read<string>();
                    var birthYear = export.Read<int>();
                    var sex = export.Read<bool>() ? Sex.F : Sex.M;
                    var atc = export.Read<string>();
                    var day = export.Read<DateOnly>();
                    var packages = export.Read<int>();
                    double? ddd = export.IsNull ? null : export.Read<double>();
                    if (ddd is null) export.Skip();
                    accumulator.Add(practice, patient, birthYear, sex, atc, day, packages, ddd);
                    if (accumulator.Rows % every == 0) progress?.Report(new Progress(IndicatorRunPhase.Reading, accumulator.Rows, 0));
                }
            }
            else
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT {Columns} FROM dispensings{where}";
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (reader.Read())
                {
                    var day = reader.GetString(5);
                    accumulator.Add(reader.GetInt32(0), reader.GetString(1), reader.GetInt32(2), reader.GetBoolean(3) ? Sex.F : Sex.M, reader.GetString(4),
                        ParseIsoDate(day), reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetDouble(7));
                    if (accumulator.Rows % every == 0)
                    {
                        ct.ThrowIfCancellationRequested();
                        progress?.Report(new Progress(IndicatorRunPhase.Reading, accumulator.Rows, 0));
                    }
                }
            }
            progress?.Report(new Progress(IndicatorRunPhase.Reading, accumulator.Rows, 0));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// A WHERE clause that leaves out rows no indicator can count: the database skips them instead of sending them.
    /// A row is needed when its code is in one of the indicators' code lists (exclusions are left to the engine),
    /// or, for polypharmacy, which counts every code, when the patient is old enough for the indicator that year.
    /// The clause only narrows; the engine still applies every rule to the rows it gets. Empty when every row counts.
    /// </summary>
    internal static string NeededRows(IReadOnlyList<IndicatorDefinition> definitions, DatabaseProvider provider)
    {
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        var conditions = new List<string>();
        // Codes reach the SQL text only after the catalogue's own check: a letter, then letters and digits.
        string Matches(IEnumerable<string> prefixes) => string.Join(" OR ", prefixes.Select(p =>
            !AtcCodeList.IsValidPrefix(p) ? throw new IndicatorCatalogueException([$"'{p}' is not an ATC code prefix."])
            : provider == DatabaseProvider.Postgres ? $"atc LIKE '{p}%'" : $"atc GLOB '{p}*'"));
        foreach (var d in definitions)
        {
            var lists = new[] { d.Numerator, d.Denominator, d.Parameters.GroupB }.OfType<IReadOnlyList<string>>().Select(AtcCodeList.Parse);
            if (d.Kind != IndicatorKind.Polypharmacy)
            {
                foreach (var list in lists) codes.UnionWith(list.Included);
                continue;
            }
            if (d.AgeFrom is not { } from) return "";
            var year = provider == DatabaseProvider.Postgres ? "extract(year FROM dispensed_on)::int" : "CAST(substr(dispensed_on, 1, 4) AS INTEGER)";
            conditions.Add($"(({Matches(AtcCodeList.Parse(d.Numerator!).Included)}) AND {year} - birth_year >= {from})");
        }
        if (codes.Count > 0) conditions.Insert(0, Matches(codes));
        return conditions.Count == 0 ? "" : " WHERE " + string.Join(" OR ", conditions);
    }

    // SQLite holds dates as yyyy-MM-dd text (as EF writes them); parsing the digits directly is several times
    // faster than DateOnly.ParseExact at this volume.
    private static DateOnly ParseIsoDate(string t) =>
        new((t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0'),
            (t[5] - '0') * 10 + (t[6] - '0'),
            (t[8] - '0') * 10 + (t[9] - '0'));

    private sealed class Direct<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

/// <summary>The stages of an indicator run, in order.</summary>
public enum IndicatorRunPhase { Reading, Computing, Storing }
