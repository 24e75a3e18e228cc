using System.Globalization;
using Klynge.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Klynge.Core.Prescribing;

/// <summary>
/// Bulk writes of dispensings and list sizes, far faster than EF change tracking: binary <c>COPY</c> on
/// PostgreSQL, one prepared INSERT reused for every row on SQLite. The caller owns the transaction: call these
/// after <c>db.Database.BeginTransactionAsync</c> so the rows commit or vanish with the rest of the work.
/// Values are written exactly as EF writes them (enum by name, <see cref="DateOnly"/> as <c>yyyy-MM-dd</c> text
/// on SQLite, a quarter as its key), so EF queries read the rows back unchanged.
/// </summary>
public static class PrescribingStore
{
    private const string DispensingColumns = "patient_id, birth_year, sex, practice_id, atc, dispensed_on, packages, ddd";
    private const string ListSizeColumns = "practice_id, quarter, sex, age_band_from, patients";

    /// <summary>Inserts dispensings (their <see cref="Dispensing.Id"/> is ignored; the database numbers them); returns the count.</summary>
    public static async Task<long> InsertDispensingsAsync(KlyngeDbContext db, IEnumerable<Dispensing> rows, CancellationToken ct = default)
    {
        var transaction = RequireTransaction(db);
        var connection = db.Database.GetDbConnection();
        long count = 0;
        if (connection is NpgsqlConnection npgsql)
        {
            await using var writer = await npgsql.BeginBinaryImportAsync($"COPY dispensings ({DispensingColumns}) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var d in rows)
            {
                writer.StartRow();
                writer.Write(d.PatientId, NpgsqlDbType.Varchar);
                writer.Write(d.BirthYear, NpgsqlDbType.Integer);
                writer.Write(SexText(d.Sex), NpgsqlDbType.Varchar);
                writer.Write(d.PracticeId, NpgsqlDbType.Integer);
                writer.Write(d.Atc, NpgsqlDbType.Varchar);
                writer.Write(d.DispensedOn, NpgsqlDbType.Date);
                writer.Write(d.Packages, NpgsqlDbType.Integer);
                if (d.Ddd is { } ddd) writer.Write(ddd, NpgsqlDbType.Double);
                else writer.WriteNull();
                count++;
            }
            await writer.CompleteAsync(ct);
            return count;
        }
        if (connection is SqliteConnection sqlite)
        {
            using var command = sqlite.CreateCommand();
            command.Transaction = (SqliteTransaction)transaction.GetDbTransaction();
            command.CommandText = $"INSERT INTO dispensings ({DispensingColumns}) VALUES ($p, $b, $s, $pr, $a, $d, $n, $ddd)";
            var patient = command.Parameters.Add("$p", SqliteType.Text);
            var birthYear = command.Parameters.Add("$b", SqliteType.Integer);
            var sex = command.Parameters.Add("$s", SqliteType.Text);
            var practice = command.Parameters.Add("$pr", SqliteType.Integer);
            var atc = command.Parameters.Add("$a", SqliteType.Text);
            var day = command.Parameters.Add("$d", SqliteType.Text);
            var packages = command.Parameters.Add("$n", SqliteType.Integer);
            var dddParameter = command.Parameters.Add("$ddd", SqliteType.Real);
            command.Prepare();
            using var cache = await LargerPageCacheAsync(sqlite, command.Transaction, ct);
            foreach (var d in rows)
            {
                if ((count & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
                patient.Value = d.PatientId;
                birthYear.Value = d.BirthYear;
                sex.Value = SexText(d.Sex);
                practice.Value = d.PracticeId;
                atc.Value = d.Atc;
                day.Value = SqliteDate(d.DispensedOn);
                packages.Value = d.Packages;
                dddParameter.Value = d.Ddd is { } ddd ? ddd : DBNull.Value;
                command.ExecuteNonQuery();
                count++;
            }
            return count;
        }
        throw new NotSupportedException($"Bulk insert is not supported for {connection.GetType().Name}.");
    }

    /// <summary>Inserts list sizes; a row whose key (practice, quarter, sex, band) exists already fails the insert.</summary>
    public static async Task<long> InsertListSizesAsync(KlyngeDbContext db, IEnumerable<ListSize> rows, CancellationToken ct = default)
    {
        var transaction = RequireTransaction(db);
        var connection = db.Database.GetDbConnection();
        long count = 0;
        if (connection is NpgsqlConnection npgsql)
        {
            await using var writer = await npgsql.BeginBinaryImportAsync($"COPY list_sizes ({ListSizeColumns}) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var l in rows)
            {
                writer.StartRow();
                writer.Write(l.PracticeId, NpgsqlDbType.Integer);
                writer.Write(l.Quarter.ToKey(), NpgsqlDbType.Integer);
                writer.Write(SexText(l.Sex), NpgsqlDbType.Varchar);
                writer.Write(l.AgeBandFrom, NpgsqlDbType.Integer);
                writer.Write(l.Patients, NpgsqlDbType.Integer);
                count++;
            }
            await writer.CompleteAsync(ct);
            return count;
        }
        if (connection is SqliteConnection sqlite)
        {
            using var command = sqlite.CreateCommand();
            command.Transaction = (SqliteTransaction)transaction.GetDbTransaction();
            command.CommandText = $"INSERT INTO list_sizes ({ListSizeColumns}) VALUES ($pr, $q, $s, $b, $n)";
            var practice = command.Parameters.Add("$pr", SqliteType.Integer);
            var quarter = command.Parameters.Add("$q", SqliteType.Integer);
            var sex = command.Parameters.Add("$s", SqliteType.Text);
            var band = command.Parameters.Add("$b", SqliteType.Integer);
            var patients = command.Parameters.Add("$n", SqliteType.Integer);
            command.Prepare();
            foreach (var l in rows)
            {
                if ((count & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
                practice.Value = l.PracticeId;
                quarter.Value = l.Quarter.ToKey();
                sex.Value = SexText(l.Sex);
                band.Value = l.AgeBandFrom;
                patients.Value = l.Patients;
                command.ExecuteNonQuery();
                count++;
            }
            return count;
        }
        throw new NotSupportedException($"Bulk insert is not supported for {connection.GetType().Name}.");
    }

    /// <summary>
    /// SQLite's default page cache (2 MB) is far smaller than the indexes of a few million dispensings, and rows
    /// in date order are scattered over those indexes, so without a larger cache every insert evicts pages and
    /// the load slows several-fold. The cache grows only as pages are used; the old size returns afterwards.
    /// </summary>
    private static async Task<IDisposable> LargerPageCacheAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken ct)
    {
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "PRAGMA cache_size";
        var old = Convert.ToInt64(await read.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        using var set = connection.CreateCommand();
        set.Transaction = transaction;
        set.CommandText = $"PRAGMA cache_size = {-LoadCacheKibibytes}";
        await set.ExecuteNonQueryAsync(ct);
        return new RestoreCache(connection, transaction, old);
    }

    private const int LoadCacheKibibytes = 256 * 1024;

    private sealed class RestoreCache(SqliteConnection connection, SqliteTransaction? transaction, long size) : IDisposable
    {
        public void Dispose()
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = {size}");
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The text EF Core's SQLite provider stores for a <see cref="DateOnly"/>.</summary>
    public static string SqliteDate(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string SexText(Sex sex) => sex == Sex.F ? "F" : "M";

    private static IDbContextTransaction RequireTransaction(KlyngeDbContext db) =>
        db.Database.CurrentTransaction
        ?? throw new InvalidOperationException("Begin a transaction before a bulk insert, so that it commits or rolls back as a whole.");
}
