using System.IO.Compression;
using Klynge.Core.Data;
using Klynge.Core.Prescribing;
using Klynge.Core.Registry.Import;
using Microsoft.EntityFrameworkCore;
using static Klynge.IntegrationTests.Prescribing.PrescribingSamples;

namespace Klynge.IntegrationTests.Prescribing;

public sealed class DispensingImportTests : IDisposable
{
    private readonly TempFolder _files = new("klynge-rx-");

    public void Dispose() => _files.Dispose();

    private static Task<PrescribingImportResult> ImportAsync(KlyngeDbContext db, params string[] paths) =>
        PrescribingImporter.ImportDispensingsAsync(db, paths, new PrescribingImportOptions(), "tester");

    // Columns in another order and case than the format, a return, a row without DDD, two quarters.
    private const string Valid =
        "ATC,Patient_Id,birth_year,sex,practice_id,dispensed_on,packages,ddd\n" +
        "N05BA01,p-1,1950,F,171020,2024-01-15,2,40.5\n" +
        "N05BA01,p-1,1950,F,171020,2024-02-01,-1,-20.25\n" +
        "S01ED51,p_2,2024,M,171021,2024-03-31,1,\n" +
        "J01CE02,P3,1990,M,042017,2024-04-01,3,15\n";

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Valid_file_lands_exact_rows_readable_through_ef(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        var ids = await AddPracticesAsync(db);

        var result = await ImportAsync(db, _files.Write("dispensings.csv", Valid));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(4, result.Rows);
        Assert.Equal([new Quarter(2024, 1), new Quarter(2024, 2)], result.QuartersReplaced);
        await using var read = test.NewContext();
        var rows = await read.Dispensings.OrderBy(d => d.DispensedOn).ToListAsync();
        Assert.Equal(4, rows.Count);
        Assert.Equal(("p-1", 1950, Sex.F, ids["171020"], "N05BA01", new DateOnly(2024, 1, 15), 2, (double?)40.5),
            (rows[0].PatientId, rows[0].BirthYear, rows[0].Sex, rows[0].PracticeId, rows[0].Atc, rows[0].DispensedOn, rows[0].Packages, rows[0].Ddd));
        Assert.Equal((new DateOnly(2024, 2, 1), -1, (double?)-20.25), (rows[1].DispensedOn, rows[1].Packages, rows[1].Ddd));
        Assert.Equal(("p_2", 2024, Sex.M, ids["171021"], "S01ED51", (double?)null), (rows[2].PatientId, rows[2].BirthYear, rows[2].Sex, rows[2].PracticeId, rows[2].Atc, rows[2].Ddd));
        Assert.Equal(("P3", ids["042017"], new DateOnly(2024, 4, 1), 3, (double?)15), (rows[3].PatientId, rows[3].PracticeId, rows[3].DispensedOn, rows[3].Packages, rows[3].Ddd));

        // EF translates date and enum filters against the bulk-written values.
        Assert.Equal(1, await read.Dispensings.CountAsync(d => d.DispensedOn == new DateOnly(2024, 3, 31)));
        Assert.Equal(3, await read.Dispensings.CountAsync(d => d.DispensedOn >= new DateOnly(2024, 2, 1) && d.DispensedOn <= new DateOnly(2024, 4, 1)));
        Assert.Equal(1, await read.Dispensings.CountAsync(d => d.Packages < 0 && d.Ddd < 0));
        Assert.Equal(2, await read.Dispensings.CountAsync(d => d.Sex == Sex.M));

        var run = Assert.Single(await read.ImportRuns.ToListAsync());
        Assert.Equal((PrescribingImporter.DispensingsKind, "dispensings.csv", 4L, 20241, 20242, "tester"),
            (run.Kind, run.FileName, run.Rows, run.FirstQuarter, run.LastQuarter, run.UserName));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reimport_replaces_and_a_later_quarter_keeps_earlier_ones(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        await AddPracticesAsync(db);
        var path = _files.Write("dispensings.csv", Valid);

        Assert.True((await ImportAsync(db, path)).Succeeded);
        Assert.True((await ImportAsync(db, path)).Succeeded);
        await using (var read = test.NewContext())
            Assert.Equal(4, await read.Dispensings.CountAsync());

        var q2 = _files.Write("q2.csv", Lines(DispensingsHeader,
            "p9,1970,F,171021,N02AA01,2024-05-02,1,10",
            "p9,1970,F,171021,N02AA01,2024-06-30,1,10"));
        var result = await ImportAsync(db, q2);

        Assert.Equal([new Quarter(2024, 2)], result.QuartersReplaced);
        await using (var read = test.NewContext())
        {
            var days = await read.Dispensings.OrderBy(d => d.DispensedOn).Select(d => d.DispensedOn).ToListAsync();
            Assert.Equal([new DateOnly(2024, 1, 15), new DateOnly(2024, 2, 1), new DateOnly(2024, 3, 31), new DateOnly(2024, 5, 2), new DateOnly(2024, 6, 30)], days);
            Assert.Equal(3, await read.ImportRuns.CountAsync());
        }
    }

    public static TheoryData<DatabaseProvider, string, string, string, string> BadRows()
    {
        var data = new TheoryData<DatabaseProvider, string, string, string, string>();
        (string Row, string Column, string Value, string Reason)[] cases =
        [
            ("p1,1950,F,171020,N5BA01,2024-01-02,1,10", "atc", "N5BA01", "must be an ATC level-5 code such as N05BA01 (letter, 2 digits, 2 letters, 2 digits)"),
            ("p1,1950,F,999999,N05BA01,2024-01-02,1,10", "practice_id", "999999", "is not a practice in the registry (import the registry first)"),
            ("p1,1950,F,17102,N05BA01,2024-01-02,1,10", "practice_id", "17102", "must be six digits (the practice's ydernummer)"),
            ("p1,2025,F,171020,N05BA01,2024-01-02,1,10", "birth_year", "2025", "is after the year of dispensed_on (2024)"),
            ("p1,1950,F,171020,N05BA01,2024-01-02,0,10", "packages", "0", "must not be 0 (a return is negative)"),
            ("p1,1950,F,171020,N05BA01,2024-01-02,-1,10", "ddd", "10", "must have the same sign as packages (-1); leave it empty for a product without DDD"),
            ("p1,1950,F,171020,N05BA01,2024-02-30,1,10", "dispensed_on", "2024-02-30", "must be a date written YYYY-MM-DD"),
            ("p1,1950,F,171020,N05BA01,02-01-2024,1,10", "dispensed_on", "02-01-2024", "must be a date written YYYY-MM-DD"),
            ("p1,1950,K,171020,N05BA01,2024-01-02,1,10", "sex", "K", "must be F or M"),
            ("p.1,1950,F,171020,N05BA01,2024-01-02,1,10", "patient_id", "p.1", "must be 1-64 characters, each a letter A-Z or a-z, a digit, _ or -"),
            ("p1,1950,F,171020,N05BA01,2024-01-02,1,1O", "ddd", "1O", "must be a decimal number with . as the decimal point, or empty"),
        ];
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
            foreach (var c in cases) data.Add(provider, c.Row, c.Column, c.Value, c.Reason);
        return data;
    }

    [Theory, MemberData(nameof(BadRows))]
    public async Task A_bad_row_is_reported_exactly_and_nothing_lands(DatabaseProvider provider, string row, string column, string value, string reason)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        await AddPracticesAsync(db);
        var path = _files.Write("bad.csv", Lines(DispensingsHeader, "p0,1960,M,171021,N05BA01,2024-01-01,1,10", row));

        var result = await ImportAsync(db, path);

        Assert.False(result.Succeeded);
        Assert.Equal(new ImportError("bad.csv", 3, column, value, reason), Assert.Single(result.Errors));
        await using var read = test.NewContext();
        Assert.Equal(0, await read.Dispensings.CountAsync());
        Assert.Equal(0, await read.ImportRuns.CountAsync());
    }

    [Fact]
    public async Task Wrong_column_set_names_missing_and_unknown_columns()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = test.NewContext();
        await AddPracticesAsync(db);
        var path = _files.Write("cols.csv", Lines("patient_id,birth_year,sex,practice_id,atc,dispensed_on,packages,dose", "p1,1950,F,171020,N05BA01,2024-01-02,1,10"));

        var result = await ImportAsync(db, path);

        Assert.Equal(2, result.ErrorCount);
        Assert.Equal(("cols.csv", (int?)1, "ddd"), (result.Errors[0].File, result.Errors[0].Line, result.Errors[0].Column));
        Assert.StartsWith("missing column (expected columns: patient_id,", result.Errors[0].Reason);
        Assert.Equal("dose", result.Errors[1].Column);
        Assert.StartsWith("unknown column", result.Errors[1].Reason);

        var ignored = await PrescribingImporter.ImportDispensingsAsync(db,
            [_files.Write("extra.csv", Lines(DispensingsHeader + ",note", "p1,1950,F,171020,N05BA01,2024-01-02,1,10,hello"))],
            new PrescribingImportOptions { IgnoreExtraColumns = true }, "tester");
        Assert.True(ignored.Succeeded, string.Join("\n", ignored.Errors));
        Assert.Equal(1, ignored.Rows);
    }

    [Fact]
    public async Task Errors_in_several_files_are_all_counted_and_the_stored_list_is_capped()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = test.NewContext();
        await AddPracticesAsync(db);
        var bad = Enumerable.Range(0, 20).Select(i => $"p{i},1950,X,171020,N05BA01,2024-01-02,1,10");
        var first = _files.Write("a.csv", Lines([DispensingsHeader, .. bad]));
        var second = _files.Write("b.csv", Lines(DispensingsHeader, "p1,1950,F,171020,N05BA01,2024-01-02,1,10"));

        var result = await PrescribingImporter.ImportDispensingsAsync(db, [first, second, Path.Combine(_files.Path, "missing.csv")],
            new PrescribingImportOptions { MaxStoredErrors = 5 }, "tester");

        Assert.Equal(21, result.ErrorCount);
        Assert.Equal(5, result.Errors.Count);
        Assert.Equal(("missing.csv", (int?)null), (result.Errors[0].File, result.Errors[0].Line));
        Assert.Equal(("a.csv", (int?)2, "sex"), (result.Errors[1].File, result.Errors[1].Line, result.Errors[1].Column));
        await using var read = test.NewContext();
        Assert.Equal(0, await read.Dispensings.CountAsync());
    }

    [Fact]
    public async Task Empty_truncated_gzip_and_invalid_utf8_files_get_clear_messages()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = test.NewContext();
        await AddPracticesAsync(db);

        var empty = await ImportAsync(db, _files.Write("empty.csv", ""));
        Assert.Equal(new ImportError("empty.csv", null, "", "", $"the file is empty; it needs at least the header row {DispensingsHeader}"), Assert.Single(empty.Errors));

        var gz = Path.Combine(_files.Path, "cut.csv.gz");
        using (var memory = new MemoryStream())
        {
            using (var gzip = new GZipStream(memory, CompressionLevel.Optimal, leaveOpen: true))
            {
                var text = System.Text.Encoding.UTF8.GetBytes(Lines([DispensingsHeader, .. Enumerable.Range(0, 2000).Select(i => $"p{i},1950,F,171020,N05BA01,2024-01-02,1,10")]));
                gzip.Write(text);
            }
            File.WriteAllBytes(gz, memory.ToArray()[..(int)(memory.Length - 12)]);
        }
        var cut = await ImportAsync(db, gz);
        var error = Assert.Single(cut.Errors);
        Assert.Equal("cut.csv.gz", error.File);
        Assert.StartsWith("the gzip data", error.Reason);

        var utf8 = Path.Combine(_files.Path, "latin1.csv");
        File.WriteAllBytes(utf8, [.. System.Text.Encoding.UTF8.GetBytes(DispensingsHeader + "\np"), 0xF8, .. "1,1950,F,171020,N05BA01,2024-01-02,1,10\n"u8]);
        var bad = await ImportAsync(db, utf8);
        Assert.Equal(new ImportError("latin1.csv", 2, "patient_id", "", "the text is not valid UTF-8 (save the file as UTF-8)"), Assert.Single(bad.Errors));

        await using var read = test.NewContext();
        Assert.Equal(0, await read.Dispensings.CountAsync());
    }

    [Fact]
    public async Task A_stream_that_cannot_seek_is_imported_like_a_file()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = test.NewContext();
        await AddPracticesAsync(db);
        await using var stream = new ForwardOnlyStream(System.Text.Encoding.UTF8.GetBytes(Valid));

        var result = await PrescribingImporter.ImportDispensingsAsync(db, stream, "upload.csv", new PrescribingImportOptions(), "tester");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(4, result.Rows);
        Assert.Equal("upload.csv", Assert.Single(result.Runs).FileName);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bulk_insert_rolls_back_with_its_transaction(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        var ids = await AddPracticesAsync(db);
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            var inserted = await PrescribingStore.InsertDispensingsAsync(db,
                [new Dispensing { PatientId = "x", BirthYear = 1980, Sex = Sex.M, PracticeId = ids["171020"], Atc = "N05BA01", DispensedOn = new DateOnly(2024, 12, 31), Packages = 1 }]);
            Assert.Equal(1, inserted);
            Assert.Equal(1, await db.Dispensings.CountAsync(d => d.DispensedOn == new DateOnly(2024, 12, 31) && d.Ddd == null));
        }
        await using var read = test.NewContext();
        Assert.Equal(0, await read.Dispensings.CountAsync());
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
