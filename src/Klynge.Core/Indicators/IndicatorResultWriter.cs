using Klynge.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Klynge.Core.Indicators;

/// <summary>
/// Bulk insert of indicator results: binary <c>COPY</c> on PostgreSQL, one prepared INSERT on SQLite. A run stores
/// about 180,000 results whatever the data's size, which EF change tracking takes many seconds over. Values are
/// written as EF writes them (enums by name). The caller owns the transaction.
/// </summary>
internal static class IndicatorResultWriter
{
    private const string Columns = "indicator_id, level, unit_id, quarter, numerator, denominator, value, standardised_value, percentile, funnel, small_number";

    public static async Task<int> InsertAsync(KlyngeDbContext db, IEnumerable<IndicatorResult> results, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("Begin a transaction before storing results.");
        var connection = db.Database.GetDbConnection();
        var count = 0;
        if (connection is NpgsqlConnection npgsql)
        {
            await using var writer = await npgsql.BeginBinaryImportAsync($"COPY indicator_results ({Columns}) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var r in results)
            {
                writer.StartRow();
                writer.Write(r.IndicatorId, NpgsqlDbType.Varchar);
                writer.Write(r.Level.ToString(), NpgsqlDbType.Varchar);
                writer.Write(r.UnitId, NpgsqlDbType.Varchar);
                writer.Write(r.Quarter, NpgsqlDbType.Integer);
                writer.Write(r.Numerator, NpgsqlDbType.Double);
                writer.Write(r.Denominator, NpgsqlDbType.Double);
                WriteNullable(writer, r.Value);
                WriteNullable(writer, r.StandardisedValue);
                WriteNullable(writer, r.Percentile);
                if (r.Funnel is { } funnel) writer.Write(funnel.ToString(), NpgsqlDbType.Varchar);
                else writer.WriteNull();
                writer.Write(r.SmallNumber, NpgsqlDbType.Boolean);
                count++;
            }
            await writer.CompleteAsync(ct);
            return count;
        }
        if (connection is SqliteConnection sqlite)
        {
            using var command = sqlite.CreateCommand();
            command.Transaction = (SqliteTransaction)transaction.GetDbTransaction();
            command.CommandText = $"INSERT INTO indicator_results ({Columns}) VALUES ($i, $l, $u, $q, $n, $d, $v, $s, $p, $f, $sm)";
            var parameters = new[]
            {
                command.Parameters.Add("$i", SqliteType.Text), command.Parameters.Add("$l", SqliteType.Text),
                command.Parameters.Add("$u", SqliteType.Text), command.Parameters.Add("$q", SqliteType.Integer),
                command.Parameters.Add("$n", SqliteType.Real), command.Parameters.Add("$d", SqliteType.Real),
                command.Parameters.Add("$v", SqliteType.Real), command.Parameters.Add("$s", SqliteType.Real),
                command.Parameters.Add("$p", SqliteType.Real), command.Parameters.Add("$f", SqliteType.Text),
                command.Parameters.Add("$sm", SqliteType.Integer),
            };
            command.Prepare();
            foreach (var r in results)
            {
                if ((count & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
                parameters[0].Value = r.IndicatorId;
                parameters[1].Value = r.Level.ToString();
                parameters[2].Value = r.UnitId;
                parameters[3].Value = r.Quarter;
                parameters[4].Value = r.Numerator;
                parameters[5].Value = r.Denominator;
                parameters[6].Value = (object?)r.Value ?? DBNull.Value;
                parameters[7].Value = (object?)r.StandardisedValue ?? DBNull.Value;
                parameters[8].Value = (object?)r.Percentile ?? DBNull.Value;
                parameters[9].Value = (object?)r.Funnel?.ToString() ?? DBNull.Value;
                parameters[10].Value = r.SmallNumber ? 1 : 0;
                command.ExecuteNonQuery();
                count++;
            }
            return count;
        }
        throw new NotSupportedException($"Bulk insert is not supported for {connection.GetType().Name}.");
    }

    private static void WriteNullable(NpgsqlBinaryImporter writer, double? value)
    {
        if (value is { } v) writer.Write(v, NpgsqlDbType.Double);
        else writer.WriteNull();
    }
}
