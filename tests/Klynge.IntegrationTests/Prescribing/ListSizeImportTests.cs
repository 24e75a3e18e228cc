using Klynge.Core.Data;
using Klynge.Core.Prescribing;
using Klynge.Core.Registry.Import;
using Microsoft.EntityFrameworkCore;
using static Klynge.IntegrationTests.Prescribing.PrescribingSamples;

namespace Klynge.IntegrationTests.Prescribing;

public sealed class ListSizeImportTests : IDisposable
{
    private readonly TempFolder _files = new("klynge-ls-");

    public void Dispose() => _files.Dispose();

    private static Task<PrescribingImportResult> ImportAsync(KlyngeDbContext db, params string[] paths) =>
        PrescribingImporter.ImportListSizesAsync(db, paths, new PrescribingImportOptions(), "tester");

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task List_sizes_land_replace_their_quarter_and_keep_others(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        var ids = await AddPracticesAsync(db);
        var both = _files.Write("both.csv", Lines("Quarter,practice_id,sex,age_band,patients",
            "2024-Q1,171020,F,0-4,120", "2024-Q1,171020,M,90+,3", "2024-Q2,171020,F,0-4,125", "2024-Q2,042017,M,85-89,0"));

        var first = await ImportAsync(db, both);
        var again = await ImportAsync(db, both);

        Assert.True(first.Succeeded, string.Join("\n", first.Errors));
        Assert.True(again.Succeeded);
        await using (var read = test.NewContext())
        {
            var rows = await read.ListSizes.OrderBy(l => l.Quarter).ThenBy(l => l.PracticeId).ThenBy(l => l.Sex).ToListAsync();
            Assert.Equal(
                [(ids["171020"], new Quarter(2024, 1), Sex.F, 0, 120), (ids["171020"], new Quarter(2024, 1), Sex.M, 90, 3),
                 (ids["171020"], new Quarter(2024, 2), Sex.F, 0, 125), (ids["042017"], new Quarter(2024, 2), Sex.M, 85, 0)],
                rows.Select(l => (l.PracticeId, l.Quarter, l.Sex, l.AgeBandFrom, l.Patients)).OrderBy(r => r.Quarter).ThenBy(r => r.Item1 == ids["171020"] ? 0 : 1).ThenBy(r => r.Sex));
            Assert.Equal(123, await read.ListSizes.Where(l => l.Quarter == new Quarter(2024, 1)).SumAsync(l => l.Patients));
        }

        var q2 = await ImportAsync(db, _files.Write("q2.csv", Lines(ListSizesHeader, "171021,2024-Q2,F,65-69,40")));

        Assert.Equal([new Quarter(2024, 2)], q2.QuartersReplaced);
        await using (var read = test.NewContext())
        {
            Assert.Equal(2, await read.ListSizes.CountAsync(l => l.Quarter == new Quarter(2024, 1)));
            var only = Assert.Single(await read.ListSizes.Where(l => l.Quarter == new Quarter(2024, 2)).ToListAsync());
            Assert.Equal((ids["171021"], 65, 40), (only.PracticeId, only.AgeBandFrom, only.Patients));
            Assert.Equal([(PrescribingImporter.ListSizesKind, 20241, 20242), (PrescribingImporter.ListSizesKind, 20241, 20242), (PrescribingImporter.ListSizesKind, 20242, 20242)],
                (await read.ImportRuns.OrderBy(r => r.Id).ToListAsync()).Select(r => (r.Kind, r.FirstQuarter, r.LastQuarter)));
        }
    }

    public static TheoryData<DatabaseProvider, string, int, string, string, string> BadRows()
    {
        var data = new TheoryData<DatabaseProvider, string, int, string, string, string>();
        (string Row, int Line, string Column, string Value, string Reason)[] cases =
        [
            ("171020,2024-Q1,F,5-10,10", 3, "age_band", "5-10", "must be one of the 19 bands 0-4, 5-9, ..., 85-89, 90+"),
            ("171020,2024-Q1,F,95+,10", 3, "age_band", "95+", "must be one of the 19 bands 0-4, 5-9, ..., 85-89, 90+"),
            ("171020,2024-Q1,F,5-9,-1", 3, "patients", "-1", "must be 0 or more"),
            ("171020,2024-Q5,F,5-9,10", 3, "quarter", "2024-Q5", "must be a quarter written YYYY-Qn with n from 1 to 4"),
            ("171020,2024-1,F,5-9,10", 3, "quarter", "2024-1", "must be a quarter written YYYY-Qn with n from 1 to 4"),
            ("171020,2024-Q1,X,5-9,10", 3, "sex", "X", "must be F or M"),
            ("999999,2024-Q1,F,5-9,10", 3, "practice_id", "999999", "is not a practice in the registry (import the registry first)"),
            ("171020,2024-Q1,F,0-4,7", 3, "", "", "the same practice, quarter, sex and age band as line 2"),
        ];
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
            foreach (var c in cases) data.Add(provider, c.Row, c.Line, c.Column, c.Value, c.Reason);
        return data;
    }

    [Theory, MemberData(nameof(BadRows))]
    public async Task A_bad_row_is_reported_exactly_and_nothing_lands(DatabaseProvider provider, string row, int line, string column, string value, string reason)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        await AddPracticesAsync(db);

        var result = await ImportAsync(db, _files.Write("sizes.csv", Lines(ListSizesHeader, "171020,2024-Q1,F,0-4,120", row)));

        Assert.Equal(new ImportError("sizes.csv", line, column, value, reason), Assert.Single(result.Errors));
        await using var read = test.NewContext();
        Assert.Equal(0, await read.ListSizes.CountAsync());
        Assert.Equal(0, await read.ImportRuns.CountAsync());
    }

    [Fact]
    public async Task A_duplicate_across_two_files_names_the_other_file()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = test.NewContext();
        await AddPracticesAsync(db);

        var result = await ImportAsync(db,
            _files.Write("a.csv", Lines(ListSizesHeader, "171020,2024-Q1,F,0-4,120")),
            _files.Write("b.csv", Lines(ListSizesHeader, "171021,2024-Q1,F,0-4,1", "171020,2024-Q1,F,0-4,120")));

        Assert.Equal(new ImportError("b.csv", 3, "", "", "the same practice, quarter, sex and age band as line 2 of a.csv"), Assert.Single(result.Errors));
    }
}
