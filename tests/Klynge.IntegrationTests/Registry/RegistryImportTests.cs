using System.Text;
using Klynge.Core.Data;
using Klynge.Core.Registry;
using Klynge.Core.Registry.Import;
using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Registry;

public class RegistryImportTests
{
    private static readonly DateOnly Today = new(2025, 6, 1);

    private static async Task<RegistryImportResult> ImportAsync(TestDatabase test, RegistrySamples files, bool ignoreExtra = false)
    {
        await using var db = test.NewContext();
        return await RegistryImporter.ImportAsync(db,
            RegistrySamples.Stream(files.Practices), RegistrySamples.Stream(files.Clusters), RegistrySamples.Stream(files.Memberships),
            new RegistryImportOptions { Today = Today, IgnoreExtraColumns = ignoreExtra }, "tester");
    }

    /// <summary>Every stored registry value except generated keys, in a fixed order.</summary>
    private static async Task<string> FingerprintAsync(TestDatabase test)
    {
        await using var db = test.NewContext();
        var text = new StringBuilder();
        foreach (var p in await db.Practices.OrderBy(p => p.ProviderNumber).ToListAsync())
            text.AppendLine($"P|{p.ProviderNumber}|{p.Name}|{p.MunicipalityCode}|{p.OpenedOn}|{p.ClosedOn}|{p.OrganisationForm}|{p.ListedPatients}");
        foreach (var c in await db.Clusters.OrderBy(c => c.Id).ToListAsync())
            text.AppendLine($"C|{c.Id}|{c.Name}|{c.RegionCode}|{c.MainMunicipalityCode}|{c.FoundedOn}|{c.DataSharing}");
        var memberships = await db.ClusterMemberships.Select(m => new { m.Practice!.ProviderNumber, m.ClusterId, m.ValidFrom, m.ValidTo }).ToListAsync();
        foreach (var m in memberships.OrderBy(m => m.ProviderNumber).ThenBy(m => m.ClusterId).ThenBy(m => m.ValidFrom))
            text.AppendLine($"M|{m.ProviderNumber}|{m.ClusterId}|{m.ValidFrom}|{m.ValidTo}");
        return text.ToString();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Valid_files_land_with_exact_counts_and_values(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);

        var result = await ImportAsync(test, RegistrySamples.Load());

        Assert.Empty(result.Errors);
        Assert.Equal(new ImportCounts(6, 0, 0), result.Practices);
        Assert.Equal(new ImportCounts(2, 0, 0), result.Clusters);
        Assert.Equal(new ImportCounts(6, 0, 0), result.Memberships);
        await using var db = test.NewContext();
        var named = await db.Practices.SingleAsync(p => p.ProviderNumber == "023456");
        Assert.Equal("Lægerne Nørrebrogade 12, 2. sal", named.Name);
        Assert.Equal(OrganisationForm.Solo, named.OrganisationForm);
        Assert.Equal(0, named.ListedPatients);
        Assert.Equal("Lægehuset \"Søndergade\" I/S", (await db.Practices.SingleAsync(p => p.ProviderNumber == "045678")).Name);
        var closed = await db.Practices.SingleAsync(p => p.ProviderNumber == "056789");
        Assert.Equal((new DateOnly(2012, 2, 1), new DateOnly(2024, 7, 1)), (closed.OpenedOn, closed.ClosedOn!.Value));

        var east = await db.Clusters.SingleAsync(c => c.Id == 101);
        Assert.Equal(("Klynge København Øst", 1084, 101, new DateOnly(2018, 1, 1), DataSharing.Open),
            (east.Name, east.RegionCode, east.MainMunicipalityCode, east.FoundedOn, east.DataSharing));
        var west = await db.Clusters.SingleAsync(c => c.Id == 201);
        // First member: earliest valid_from (2018-03-01), then lowest ydernummer: 045678 in Aarhus (751).
        Assert.Equal((1082, 751, new DateOnly(2018, 3, 1), DataSharing.Closed), (west.RegionCode, west.MainMunicipalityCode, west.FoundedOn, west.DataSharing));

        var viby = await db.ClusterMemberships.SingleAsync(m => m.Practice!.ProviderNumber == "056789");
        Assert.Equal((201, new DateOnly(2018, 3, 1), (DateOnly?)new DateOnly(2024, 7, 1)), (viby.ClusterId, viby.ValidFrom, viby.ValidTo));
        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal(("tester", RegistryImporter.AuditAction), (audit.UserName, audit.Action));
        Assert.Contains("practices.csv: 6 inserted, 0 updated, 0 unchanged", audit.Details);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reimporting_the_same_files_changes_nothing(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var files = RegistrySamples.Load();
        await ImportAsync(test, files);
        var before = await FingerprintAsync(test);

        var again = await ImportAsync(test, files);

        Assert.Empty(again.Errors);
        Assert.Equal(new ImportCounts(0, 0, 6), again.Practices);
        Assert.Equal(new ImportCounts(0, 0, 2), again.Clusters);
        Assert.Equal(new ImportCounts(0, 0, 6), again.Memberships);
        Assert.Equal(before, await FingerprintAsync(test));
        await using var db = test.NewContext();
        Assert.Equal((6, 2, 6), (await db.Practices.CountAsync(), await db.Clusters.CountAsync(), await db.ClusterMemberships.CountAsync()));
    }

    public record BadCase(Func<RegistrySamples, RegistrySamples> Change, string File, int? Line, string Column, string Reason);

    public static readonly Dictionary<string, BadCase> BadCases = new()
    {
        ["practice id not 6 digits"] = new(f => f with { Practices = f.Practices + "78901,Ny praksis,101,2020-01-01,\n" },
            "practices.csv", 8, "practice_id", "must be 6 digits"),
        ["duplicate practice id"] = new(f => f with { Practices = f.Practices + "012345,Igen,101,2005-03-01,\n" },
            "practices.csv", 8, "practice_id", "duplicate practice_id; first on line 2"),
        ["unknown municipality"] = new(f => f with { Practices = RegistrySamples.ReplaceLine(f.Practices, 4, "034567,Frederiksberg Lægeklinik,999,1998-01-01,") },
            "practices.csv", 4, "municipality_code", "is not one of the 98 municipality codes"),
        ["malformed opened_on"] = new(f => f with { Practices = RegistrySamples.ReplaceLine(f.Practices, 2, "012345,Lægehuset Østerbro,101,2005-13-01,") },
            "practices.csv", 2, "opened_on", "must be a date written YYYY-MM-DD"),
        ["closed before opened"] = new(f => f with { Practices = RegistrySamples.ReplaceLine(f.Practices, 7, "067890,Horsens Lægecenter,615,2015-09-01,2015-08-31") },
            "practices.csv", 7, "closed_on", "is before opened_on (2015-09-01)"),
        ["empty practice name"] = new(f => f with { Practices = RegistrySamples.ReplaceLine(f.Practices, 2, "012345,,101,2005-03-01,") },
            "practices.csv", 2, "name", "must not be empty"),
        ["cluster id not positive"] = new(f => f with { Clusters = f.Clusters + "0,Klynge Nul,1081,open\n" },
            "clusters.csv", 4, "cluster_id", "must be a positive whole number"),
        ["unknown region"] = new(f => f with { Clusters = RegistrySamples.ReplaceLine(f.Clusters, 2, "101,Klynge København Øst,1090,open") },
            "clusters.csv", 2, "region_code", "is not one of the 5 region codes"),
        ["bad data_sharing"] = new(f => f with { Clusters = RegistrySamples.ReplaceLine(f.Clusters, 2, "101,Klynge København Øst,1084,public") },
            "clusters.csv", 2, "data_sharing", "must be open or closed"),
        ["duplicate cluster id"] = new(f => f with { Clusters = f.Clusters + "201,Igen,1082,open\n" },
            "clusters.csv", 4, "cluster_id", "duplicate cluster_id; first on line 3"),
        ["membership of unknown practice"] = new(f => f with { Memberships = f.Memberships + "099999,101,2020-01-01,\n" },
            "memberships.csv", 8, "practice_id", "is neither in the practices file nor in the database"),
        ["membership of unknown cluster"] = new(f => f with { Memberships = RegistrySamples.ReplaceLine(f.Memberships, 2, "012345,999,2018-01-01,") },
            "memberships.csv", 2, "cluster_id", "is neither in the clusters file nor in the database"),
        ["valid_to not after valid_from"] = new(f => f with { Memberships = RegistrySamples.ReplaceLine(f.Memberships, 7, "067890,201,2020-01-01,2020-01-01") },
            "memberships.csv", 7, "valid_to", "must be after valid_from (2020-01-01)"),
        ["membership after practice closed"] = new(f => f with { Memberships = RegistrySamples.ReplaceLine(f.Memberships, 6, "056789,201,2018-03-01,") },
            "memberships.csv", 6, "valid_to", "practice 056789 closed on 2024-07-01"),
        ["overlapping memberships in the file"] = new(f => f with { Memberships = f.Memberships + "012345,201,2019-01-01,2020-01-01\n" },
            "memberships.csv", 8, "valid_from", "overlaps its membership of cluster 101 from 2018-01-01 to open end (line 2)"),
        ["wrong number of fields"] = new(f => f with { Memberships = RegistrySamples.ReplaceLine(f.Memberships, 3, "023456,101,2018-01-01") },
            "memberships.csv", 3, "", "3 fields where the header has 4"),
        ["missing column"] = new(f => f with { Clusters = f.Clusters.Replace(",data_sharing\n", "\n").Replace(",open\n", "\n").Replace(",closed\n", "\n") },
            "clusters.csv", 1, "data_sharing", "missing column"),
        ["unknown column"] = new(f => f with { Clusters = f.Clusters.Replace("data_sharing\n", "data_sharing,note\n").Replace(",open\n", ",open,x\n").Replace(",closed\n", ",closed,y\n") },
            "clusters.csv", 1, "note", "unknown column"),
        ["empty file"] = new(f => f with { Clusters = "" },
            "clusters.csv", null, "", "the file is empty"),
        ["unclosed quote"] = new(f => f with { Practices = f.Practices.Replace("\"Lægerne Nørrebrogade 12, 2. sal\"", "\"Lægerne Nørrebrogade 12, 2. sal") },
            "practices.csv", 3, "name", "runs on to line 5 and text follows its closing quote there; is a closing quote missing?"),
    };

    public static TheoryData<DatabaseProvider, string> BadCaseNames()
    {
        var data = new TheoryData<DatabaseProvider, string>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        foreach (var name in BadCases.Keys)
            data.Add(provider, name);
        return data;
    }

    [Theory, MemberData(nameof(BadCaseNames))]
    public async Task A_bad_row_imports_nothing_and_is_reported_exactly(DatabaseProvider provider, string caseName)
    {
        var bad = BadCases[caseName];
        await using var test = await TestDatabase.CreateAsync(provider);

        var result = await ImportAsync(test, bad.Change(RegistrySamples.Load()));

        var error = Assert.Single(result.Errors);
        Assert.Equal((bad.File, bad.Line, bad.Column), (error.File, error.Line, error.Column));
        Assert.Contains(bad.Reason, error.Reason);
        Assert.Equal(ImportCounts.None, result.Practices);
        await using var db = test.NewContext();
        Assert.Equal((0, 0, 0, 0), (await db.Practices.CountAsync(), await db.Clusters.CountAsync(),
            await db.ClusterMemberships.CountAsync(), await db.AuditEntries.CountAsync()));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Invalid_utf8_is_reported_with_its_line(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var files = RegistrySamples.Load();
        var practices = Encoding.UTF8.GetBytes(files.Practices.Replace("Horsens Lægecenter", "Horsens L#gecenter"));
        practices[Array.IndexOf(practices, (byte)'#')] = 0xE6; // "æ" in Latin-1, not UTF-8

        await using var db = test.NewContext();
        var result = await RegistryImporter.ImportAsync(db, new MemoryStream(practices), RegistrySamples.Stream(files.Clusters),
            RegistrySamples.Stream(files.Memberships), new RegistryImportOptions(), "tester");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("practices.csv", (int?)7, "name"), (error.File, error.Line, error.Column));
        Assert.Contains("not valid UTF-8", error.Reason);
        Assert.Equal(0, await db.Practices.CountAsync());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Extra_columns_are_accepted_when_ignored(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var files = RegistrySamples.Load();
        files = files with { Clusters = files.Clusters.Replace("data_sharing\n", "data_sharing,note\n").Replace(",open\n", ",open,x\n").Replace(",closed\n", ",closed,y\n") };

        var result = await ImportAsync(test, files, ignoreExtra: true);

        Assert.Empty(result.Errors);
        Assert.Equal(new ImportCounts(2, 0, 0), result.Clusters);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Overlap_between_the_file_and_the_database_is_rejected(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var files = RegistrySamples.Load();
        await ImportAsync(test, files);
        var before = await FingerprintAsync(test);
        // 012345 is in cluster 101 from 2018-01-01 with an open end (in the database now); a new row moves it
        // to 201 without ending the first membership.
        var moved = new RegistrySamples("practice_id,name,municipality_code,opened_on,closed_on\n", files.Clusters,
            "practice_id,cluster_id,valid_from,valid_to\n012345,201,2023-01-01,\n");

        var result = await ImportAsync(test, moved);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("memberships.csv", (int?)2, "valid_from"), (error.File, error.Line, error.Column));
        Assert.Contains("overlaps its membership of cluster 101 from 2018-01-01 to open end (the database)", error.Reason);
        Assert.Equal(before, await FingerprintAsync(test));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_changed_valid_to_closes_the_membership_and_keeps_the_history(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await ImportAsync(test, RegistrySamples.Load());
        // 012345 leaves cluster 101 at the end of 2022 and joins 201; the files mention nothing else.
        var move = new RegistrySamples("practice_id,name,municipality_code,opened_on,closed_on\n", "cluster_id,name,region_code,data_sharing\n",
            "practice_id,cluster_id,valid_from,valid_to\n012345,101,2018-01-01,2023-01-01\n012345,201,2023-01-01,\n");

        var result = await ImportAsync(test, move);

        Assert.Empty(result.Errors);
        Assert.Equal(new ImportCounts(1, 1, 0), result.Memberships);
        await using var db = test.NewContext();
        var history = await db.ClusterMemberships.Where(m => m.Practice!.ProviderNumber == "012345")
            .OrderBy(m => m.ValidFrom).Select(m => new { m.ClusterId, m.ValidFrom, m.ValidTo }).ToListAsync();
        Assert.Equal([(101, new DateOnly(2018, 1, 1), (DateOnly?)new DateOnly(2023, 1, 1)), (201, new DateOnly(2023, 1, 1), null)],
            history.Select(m => (m.ClusterId, m.ValidFrom, m.ValidTo)));
        Assert.Equal(7, await db.ClusterMemberships.CountAsync());
        Assert.Equal(6, await db.Practices.CountAsync());
        Assert.Equal(2, await db.AuditEntries.CountAsync());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Closing_a_practice_with_an_open_membership_in_the_database_is_rejected(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await ImportAsync(test, RegistrySamples.Load());
        var closing = new RegistrySamples("practice_id,name,municipality_code,opened_on,closed_on\n067890,Horsens Lægecenter,615,2015-09-01,2025-01-01\n",
            "cluster_id,name,region_code,data_sharing\n", "practice_id,cluster_id,valid_from,valid_to\n");

        var result = await ImportAsync(test, closing);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("practices.csv", (int?)2, "closed_on"), (error.File, error.Line, error.Column));
        Assert.Contains("membership of cluster 201 from 2020-01-01 to open end", error.Reason);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_error_in_the_third_file_keeps_the_first_two_out(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var files = RegistrySamples.Load();
        files = files with { Memberships = files.Memberships + "067890,201,2021-13-01,\n" };

        var result = await ImportAsync(test, files);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("memberships.csv", (int?)8, "valid_from", "2021-13-01"), (error.File, error.Line, error.Column, error.Value));
        await using var db = test.NewContext();
        Assert.Equal((0, 0, 0), (await db.Practices.CountAsync(), await db.Clusters.CountAsync(), await db.ClusterMemberships.CountAsync()));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_error_of_every_file_is_collected(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var files = RegistrySamples.Load();
        files = new RegistrySamples(
            RegistrySamples.ReplaceLine(files.Practices, 2, "12345,,101,2005-03-01,"),
            RegistrySamples.ReplaceLine(files.Clusters, 3, "201,Klynge Aarhus,9,maybe"),
            files.Memberships);

        var result = await ImportAsync(test, files);

        // The membership of 012345 no longer finds its practice, which line 2 of practices.csv misspelt.
        Assert.Equal(
            [("practices.csv", 2, "practice_id"), ("practices.csv", 2, "name"), ("clusters.csv", 3, "region_code"), ("clusters.csv", 3, "data_sharing"),
             ("memberships.csv", 2, "practice_id")],
            result.Errors.Select(e => (e.File, e.Line!.Value, e.Column)));
    }
}
