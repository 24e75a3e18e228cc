using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Klynge.Core.Data;
using Klynge.Core.Indicators;
using Klynge.Core.Prescribing;
using Klynge.Core.Registry;
using Klynge.Web.Prescribing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klynge.IntegrationTests.Web;

public class PrescribingUploadTests
{
    private const string DispensingsHeader = "patient_id,birth_year,sex,practice_id,atc,dispensed_on,packages,ddd";
    private const string ListSizesHeader = "practice_id,quarter,sex,age_band,patients";
    private static readonly Quarter Q1 = new(2024, 1);

    private sealed record Row(string Patient, int BirthYear, string Sex, string Practice, string Atc, DateOnly Day, int Packages, double? Ddd);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Analyst_uploads_list_sizes_and_dispensings_and_the_queued_jobs_load_them_and_compute_the_indicators(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        var analyst = await host.LoginAsync(TestRegistry.NationalAnalyst);
        Practice[] practices = [r.Norregade, r.Trojborg, r.Vesterbro];
        var rows = Dispensings(practices);
        var sizes = practices.SelectMany((p, i) => new[]
        {
            (Practice: p, Sex: "F", Band: "20-24", Patients: 310 + i),
            (Practice: p, Sex: "M", Band: "65-69", Patients: 420 + 2 * i),
            (Practice: p, Sex: "F", Band: "90+", Patients: 15 + i),
        }).ToList();
        var listSizes = ListSizesHeader + "\n" + string.Concat(sizes.Select(s => $"{s.Practice.ProviderNumber},2024-Q1,{s.Sex},{s.Band},{s.Patients}\n"));
        var january = rows.Where(x => x.Day.Month == 1).ToList();
        var later = rows.Where(x => x.Day.Month > 1).ToList();

        // Both posts return at once; the second job waits in the queue until the first is done.
        var listJob = await QueueAsync(analyst, PrescribingImporter.ListSizesKind, recompute: false, ("list-sizes-2024q1.csv", Encoding.UTF8.GetBytes(listSizes)));
        var dispensingJob = await QueueAsync(analyst, PrescribingImporter.DispensingsKind, recompute: true,
            ("dispensings-jan.csv", Encoding.UTF8.GetBytes(Csv(january))), ("dispensings-feb-mar.csv.gz", Gzip(Csv(later))));
        AssertDone(await WaitAsync(analyst, listJob));
        var finished = await WaitAsync(analyst, dispensingJob);
        Assert.Equal(("done", true, (long)rows.Count), (finished.Phase, finished.Succeeded, finished.Rows));

        await using (var db = host.NewContext())
        {
            Assert.Equal(rows.Count, await db.Dispensings.CountAsync());
            Assert.Equal(rows.Sum(x => x.Packages), await db.Dispensings.SumAsync(d => d.Packages));
            Assert.Equal(sizes.Sum(s => s.Patients), await db.ListSizes.SumAsync(l => l.Patients));
            var runs = await db.ImportRuns.OrderBy(x => x.Id).ToListAsync();
            Assert.Equal(
                [
                    (PrescribingImporter.ListSizesKind, "list-sizes-2024q1.csv", (long)sizes.Count),
                    (PrescribingImporter.DispensingsKind, "dispensings-jan.csv", (long)january.Count),
                    (PrescribingImporter.DispensingsKind, "dispensings-feb-mar.csv.gz", (long)later.Count),
                ],
                runs.Select(x => (x.Kind, x.FileName, x.Rows)).ToList());
            Assert.All(runs, x => Assert.Equal((TestRegistry.NationalAnalyst, Q1.ToKey(), Q1.ToKey()), (x.UserName, x.FirstQuarter, x.LastQuarter)));

            // Antibiotic dispensings per practice: each J01 dispensing counts one, a return minus one; the denominator is the list.
            foreach (var practice in practices)
            {
                var result = await db.IndicatorResults.SingleAsync(x =>
                    x.IndicatorId == "antibiotic-dispensings" && x.Level == ResultLevel.Practice && x.UnitId == practice.ProviderNumber && x.Quarter == 20241);
                var expected = rows.Where(x => x.Practice == practice.ProviderNumber && x.Atc.StartsWith("J01", StringComparison.Ordinal)).Sum(x => Math.Sign(x.Packages));
                Assert.Equal((double)expected, result.Numerator);
                Assert.Equal(sizes.Where(s => s.Practice == practice).Sum(s => s.Patients), result.Denominator);
            }
            var nation = await db.IndicatorResults.SingleAsync(x => x.IndicatorId == "antibiotic-dispensings" && x.Level == ResultLevel.Nation && x.Quarter == 20241);
            Assert.Equal(rows.Where(x => x.Atc.StartsWith("J01", StringComparison.Ordinal)).Sum(x => Math.Sign(x.Packages)), nation.Numerator);

            var audit = await db.AuditEntries.Where(e => e.UserName == TestRegistry.NationalAnalyst).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync();
            Assert.Equal([PrescribingImportWorker.ImportAction, PrescribingImportWorker.ImportAction, PrescribingImportWorker.ComputeAction], audit);
        }

        var page = await WebAssert.TextAsync(await analyst.GetAsync($"/Prescribing/Import/{dispensingJob}"));
        Assert.Contains("data-import=\"succeeded\"", page);
        Assert.Contains($"data-result=\"rows\">{rows.Count}<", page);
        Assert.Contains("data-result=\"quarters\">2024-Q1<", page);
        var computed = await CountAsync(host, db => db.IndicatorResults.CountAsync());
        Assert.Contains($"data-result=\"indicators\">{computed.ToString("N0", CultureInfo.GetCultureInfo("da-DK"))}<", page);

        var english = await WebAssert.TextAsync(await analyst.GetAsync($"/Prescribing/Import/{dispensingJob}?culture=en-GB"));
        Assert.Contains("Rows imported", english);
        Assert.Contains("Quarters replaced", english);

        var history = await WebAssert.TextAsync(await analyst.GetAsync("/Prescribing/Import"));
        var table = history[history.IndexOf("data-table=\"history\"", StringComparison.Ordinal)..];
        Assert.True(table.IndexOf("dispensings-feb-mar.csv.gz", StringComparison.Ordinal) < table.IndexOf("list-sizes-2024q1.csv", StringComparison.Ordinal), "newest first");
        Assert.Contains("2024-Q1", table);

        var uploads = host.Factory.Services.GetRequiredService<PrescribingImportQueue>().UploadFolder;
        Assert.False(Directory.Exists(Path.Combine(uploads, listJob.ToString("N"))), "the list size job's uploads are deleted");
        Assert.False(Directory.Exists(Path.Combine(uploads, dispensingJob.ToString("N"))), "the dispensing job's uploads are deleted");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_bad_file_is_rejected_with_its_errors_and_changes_nothing(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        var admin = await host.LoginAsync(TestRegistry.Admin);
        var rows = Dispensings([r.Norregade, r.RandersCenter]);
        var loaded = await QueueAsync(admin, PrescribingImporter.DispensingsKind, recompute: false, ("q1.csv", Encoding.UTF8.GetBytes(Csv(rows))));
        AssertDone(await WaitAsync(admin, loaded));
        var before = await SnapshotAsync(host);

        // Same quarter, so a load would replace the rows above; two bad rows among good ones, 250 bad ones in a second file.
        var bad = Csv(rows.Take(5)) + "p9,1970,F,999999,J01CA04,2024-02-03,1,10\np10,1970,X,100001,J01CA04,2024-02-30,1,10\n";
        var worse = DispensingsHeader + "\n" + string.Concat(Enumerable.Range(0, 250).Select(i => $"q{i},1970,F,100001,J01CA04,2024-01-05,0,\n"));
        var job = await QueueAsync(admin, PrescribingImporter.DispensingsKind, recompute: true,
            ("bad.csv", Encoding.UTF8.GetBytes(bad)), ("worse.csv", Encoding.UTF8.GetBytes(worse)));
        var status = await WaitAsync(admin, job);
        Assert.Equal(("failed", false, 253L, (string?)null), (status.Phase, status.Succeeded, status.ErrorCount, status.Failure));

        var page = await WebAssert.TextAsync(await admin.GetAsync($"/Prescribing/Import/{job}"));
        Assert.Contains("data-import=\"rejected\"", page);
        Assert.Contains("Intet er indlæst: 253 fejl", page);
        Assert.Contains("<td>bad.csv</td><td class=\"num\">7</td><td>practice_id</td><td>999999</td>", page);
        Assert.Contains("<td>bad.csv</td><td class=\"num\">8</td><td>sex</td><td>X</td>", page);
        Assert.Contains("<td>bad.csv</td><td class=\"num\">8</td><td>dispensed_on</td><td>2024-02-30</td>", page);
        var errorTable = page[page.IndexOf("data-table=\"errors\"", StringComparison.Ordinal)..];
        Assert.Equal(ImportJobModelErrorsShown, CountOccurrences(errorTable, "<tr><td>"));
        Assert.Contains("Viser de første 200 af 253 fejl.", page);

        var csv = await admin.GetAsync($"/Prescribing/Import/{job}?handler=Errors");
        WebAssert.Status(HttpStatusCode.OK, csv, "error report");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("file,line,column,value,reason", lines[0]);
        Assert.Equal(1 + 253, lines.Length);
        Assert.Contains("bad.csv,7,practice_id,999999,is not a practice in the registry (import the registry first)", lines);
        Assert.Equal(250, lines.Count(l => l.StartsWith("worse.csv,", StringComparison.Ordinal) && l.Contains(",packages,0,", StringComparison.Ordinal)));

        Assert.Equal(before, await SnapshotAsync(host));
        await using (var db = host.NewContext())
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == PrescribingImportWorker.RejectedAction && e.UserName == TestRegistry.Admin));

        // Files the form refuses are never queued: a name that is not CSV, and no file at all.
        var refused = await UploadAsync(admin, PrescribingImporter.DispensingsKind, recompute: true, ("notes.txt", "hello"u8.ToArray()));
        WebAssert.Status(HttpStatusCode.OK, refused, "a .txt file");
        var refusedPage = await WebAssert.TextAsync(refused);
        Assert.Contains("data-upload=\"refused\"", refusedPage);
        Assert.Contains("notes.txt: kun .csv- og .csv.gz-filer kan indlæses.", refusedPage);
        Assert.Contains("Vælg mindst én fil.", await WebAssert.TextAsync(await UploadAsync(admin, PrescribingImporter.DispensingsKind, recompute: true)));
        WebAssert.Status(HttpStatusCode.BadRequest,
            await UploadAsync(admin, PrescribingImporter.DispensingsKind, recompute: true, [("q1.csv", Encoding.UTF8.GetBytes(Csv(rows)))], token: "forged"),
            "an upload with a forged antiforgery token");
        Assert.Equal(2, host.Factory.Services.GetRequiredService<PrescribingImportQueue>().Recent().Count);
        Assert.Equal(before, await SnapshotAsync(host));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Only_national_analysts_and_admins_may_upload_or_follow_imports(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        var analyst = await host.LoginAsync(TestRegistry.NationalAnalyst);
        Assert.Contains("href=\"/Prescribing/Import\"", await (await analyst.GetAsync("/")).Content.ReadAsStringAsync());
        var file = ("q1.csv", Encoding.UTF8.GetBytes(Csv(Dispensings([r.Norregade]))));
        var job = await QueueAsync(analyst, PrescribingImporter.DispensingsKind, recompute: false, file);
        AssertDone(await WaitAsync(analyst, job));
        var before = await SnapshotAsync(host);

        WebAssert.RedirectsTo("http://localhost/Account/Login", await host.Anonymous().GetAsync("/Prescribing/Import"), "anonymous");
        WebAssert.Status(HttpStatusCode.Unauthorized, await host.Anonymous().GetAsync($"/api/prescribing/imports/{job}"), "anonymous on the status");
        foreach (var user in new[] { TestRegistry.CoordinatorA, TestRegistry.RegionalAnalyst, TestRegistry.GpA, TestRegistry.Partner })
        {
            var client = await host.LoginAsync(user);
            Assert.DoesNotContain("/Prescribing/Import", await (await client.GetAsync("/")).Content.ReadAsStringAsync());
            WebAssert.Refused(await client.GetAsync("/Prescribing/Import"), $"{user} opening the upload page");
            WebAssert.Refused(await UploadAsync(client, PrescribingImporter.DispensingsKind, recompute: true, file), $"{user} uploading");
            WebAssert.Refused(await client.GetAsync($"/Prescribing/Import/{job}"), $"{user} opening a job");
            WebAssert.Refused(await client.GetAsync($"/Prescribing/Import/{job}?handler=Errors"), $"{user} downloading a job's errors");
            WebAssert.Status(HttpStatusCode.Forbidden, await client.GetAsync($"/api/prescribing/imports/{job}"), $"{user} polling a job");
            WebAssert.Status(HttpStatusCode.Forbidden, await client.GetAsync($"/api/prescribing/imports/{Guid.NewGuid()}"), $"{user} polling an unknown job");
        }

        Assert.Single(host.Factory.Services.GetRequiredService<PrescribingImportQueue>().Recent());
        Assert.Equal(before, await SnapshotAsync(host));
        WebAssert.Status(HttpStatusCode.NotFound, await analyst.GetAsync($"/api/prescribing/imports/{Guid.NewGuid()}"), "analyst polling an unknown job");
    }

    private const int ImportJobModelErrorsShown = Klynge.Web.Pages.Prescribing.ImportJobModel.ErrorsShown;

    /// <summary>Sixty dispensings in 2024-Q1 spread over the practices: antibiotics and others, every tenth a return.</summary>
    private static List<Row> Dispensings(IReadOnlyList<Practice> practices)
    {
        string[] atcs = ["J01CA04", "J01CE02", "N05BA01", "N02AA01", "J01FA10"];
        return Enumerable.Range(0, 60).Select(i =>
        {
            var packages = i % 10 == 9 ? -1 : 1 + i % 2;
            return new Row($"p{i % 17}", 1950 + i % 50, i % 2 == 0 ? "F" : "M", practices[i % practices.Count].ProviderNumber,
                atcs[i % atcs.Length], new DateOnly(2024, 1 + i % 3, 1 + i % 28), packages, i % 7 == 0 ? null : packages * 10.5);
        }).ToList();
    }

    private static string Csv(IEnumerable<Row> rows) => DispensingsHeader + "\n" + string.Concat(rows.Select(x =>
        string.Create(CultureInfo.InvariantCulture, $"{x.Patient},{x.BirthYear},{x.Sex},{x.Practice},{x.Atc},{x.Day:yyyy-MM-dd},{x.Packages},{x.Ddd}\n")));

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }

    /// <summary>Uploads through the form and returns the queued job's id, read from the redirect to its status page.</summary>
    private static async Task<Guid> QueueAsync(HttpClient client, string kind, bool recompute, params (string Name, byte[] Content)[] files)
    {
        var response = await UploadAsync(client, kind, recompute, files);
        WebAssert.RedirectsTo("/Prescribing/Import/", response, $"queueing {string.Join(", ", files.Select(f => f.Name))}");
        return Guid.Parse(response.Headers.Location!.OriginalString["/Prescribing/Import/".Length..]);
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, string kind, bool recompute, params (string Name, byte[] Content)[] files) =>
        UploadAsync(client, kind, recompute, files, token: null);

    /// <summary>Posts the form as a browser does: the token first (the page streams the files after it), then the fields and files.</summary>
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string kind, bool recompute, (string Name, byte[] Content)[] files, string? token)
    {
        // The token belongs to the user, so any page with a form gives one, also to users who may not import.
        token ??= await WebTestHost.AntiforgeryTokenAsync(client, "/Account/Manage");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(kind), "kind" },
        };
        if (recompute) form.Add(new StringContent("true"), "recompute");
        foreach (var (name, content) in files) form.Add(new ByteArrayContent(content), "files", name);
        if (files.Length == 0)
        {
            // What a browser sends for a file input left empty: a section with an empty file name.
            var none = new ByteArrayContent([]);
            none.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("form-data") { Name = "\"files\"", FileName = "\"\"" };
            form.Add(none);
        }
        return await client.PostAsync("/Prescribing/Import", form);
    }

    private static void AssertDone(ImportJobStatusDto job) =>
        Assert.True(job.Phase == "done", $"job {job.Id} ended {job.Phase}: {job.Failure} ({job.ErrorCount} errors in the files)");

    private static async Task<ImportJobStatusDto> WaitAsync(HttpClient client, Guid job)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var status = await client.GetFromJsonAsync<ImportJobStatusDto>($"/api/prescribing/imports/{job}");
            if (status!.Finished) return status;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Import {job} still {status.Phase} after 90 s.");
            await Task.Delay(100);
        }
    }

    private static async Task<T> CountAsync<T>(WebTestHost host, Func<KlyngeDbContext, Task<T>> query)
    {
        await using var db = host.NewContext();
        return await query(db);
    }

    /// <summary>What an import or recomputation would change.</summary>
    private static Task<(int Dispensings, long Packages, int ListSizes, int Runs, int Results)> SnapshotAsync(WebTestHost host) =>
        CountAsync(host, async db => (
            await db.Dispensings.CountAsync(),
            await db.Dispensings.SumAsync(d => (long)d.Packages),
            await db.ListSizes.CountAsync(),
            await db.ImportRuns.CountAsync(),
            await db.IndicatorResults.CountAsync()));

    private static int CountOccurrences(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
