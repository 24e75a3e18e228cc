using System.Globalization;
using System.Text;
using Klynge.Core.Prescribing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Klynge.BrowserTests;

/// <summary>A national analyst uploads prescribing files and follows the import to its result in Chromium.</summary>
[Collection(KlyngeHostCollection.Name)]
public class PrescribingImportJourneyTests(KlyngeHost host)
{
    /// <summary>Long before the demo's quarters, so the import replaces nothing the other journeys see.</summary>
    private static readonly Quarter Quarter = new(2012, 1);

    [Fact]
    public async Task National_analyst_uploads_dispensings_and_sees_the_result_then_the_errors_of_a_bad_file()
    {
        const string test = "prescribing-import";
        var practices = await host.InDatabaseAsync(db => db.Practices.Where(p => p.ClosedOn == null).OrderBy(p => p.Id).Select(p => p.ProviderNumber).Take(3).ToListAsync());
        var good = new StringBuilder("patient_id,birth_year,sex,practice_id,atc,dispensed_on,packages,ddd\n");
        for (var i = 0; i < 45; i++)
            good.Append(CultureInfo.InvariantCulture, $"b{i % 11},{1950 + i},{(i % 2 == 0 ? "F" : "M")},{practices[i % 3]},J01CE02,2012-0{1 + i % 3}-1{i % 10},1,2.5\n");
        const string goodName = "browser-dispensings-2012q1.csv";
        const string badName = "browser-dispensings-bad.csv";
        var bad = good + $"x1,1970,F,{practices[0]},J01CE2,2012-01-05,1,2.5\n";

        try
        {
            var page = await host.NewPageAsync();
            await Journey.LogInAsync(page, "analytiker@klynge-demo.dk");
            await page.Locator("header nav").GetByRole(AriaRole.Link, new() { Name = "Receptdata" }).ClickAsync();
            await page.WaitForURLAsync("**/Prescribing/Import");
            await Journey.ScreenshotAsync(page, test, "1-form");

            await page.GetByLabel("Udleveringer", new() { Exact = true }).CheckAsync();
            // The demo's indicator results stay as the other journeys expect them.
            await page.GetByLabel("Beregn indikatorerne bagefter").UncheckAsync();
            await page.GetByLabel("Filer (.csv eller .csv.gz, en eller flere)").SetInputFilesAsync(
                new FilePayload { Name = goodName, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(good.ToString()) });
            await page.GetByRole(AriaRole.Button, new() { Name = "Indlæs", Exact = true }).ClickAsync();
            await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/Prescribing/Import/[0-9a-f-]{36}$"));
            // The page polls the job's status and shows the result once the worker is done.
            var result = page.Locator("[data-import=succeeded]");
            await result.WaitForAsync(new() { Timeout = 60_000 });
            Assert.Equal("45", await result.Locator("[data-result=rows]").InnerTextAsync());
            Assert.Equal("2012-Q1", await result.Locator("[data-result=quarters]").InnerTextAsync());
            Assert.Equal("Færdig", await page.Locator("[data-field=phase]").InnerTextAsync());
            await Journey.ScreenshotAsync(page, test, "2-result");

            var (rows, runs) = await host.InDatabaseAsync(async db => (
                await db.Dispensings.CountAsync(d => d.DispensedOn >= Quarter.FirstDay && d.DispensedOn <= Quarter.LastDay),
                await db.ImportRuns.CountAsync(r => r.FileName == goodName && r.UserName == "analytiker@klynge-demo.dk")));
            Assert.Equal((45, 1), (rows, runs));

            await page.GetByRole(AriaRole.Link, new() { Name = "Import af receptdata" }).First.ClickAsync();
            await page.WaitForURLAsync("**/Prescribing/Import");
            await page.Locator("table[data-table=history] td", new() { HasText = goodName }).WaitForAsync();
            await page.GetByLabel("Filer (.csv eller .csv.gz, en eller flere)").SetInputFilesAsync(
                new FilePayload { Name = badName, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(bad) });
            await page.GetByRole(AriaRole.Button, new() { Name = "Indlæs", Exact = true }).ClickAsync();
            var rejected = page.Locator("[data-import=rejected]");
            await rejected.WaitForAsync(new() { Timeout = 60_000 });
            var error = rejected.Locator("table[data-table=errors] tbody tr");
            Assert.Equal(1, await error.CountAsync());
            Assert.Equal([badName, "47", "atc", "J01CE2"], (await error.Locator("td").AllInnerTextsAsync()).Take(4));
            await Journey.ScreenshotAsync(page, test, "3-rejected");

            var download = await page.RunAndWaitForDownloadAsync(() => rejected.GetByRole(AriaRole.Link, new() { Name = "Hent fejllisten som CSV" }).ClickAsync());
            var report = await File.ReadAllLinesAsync((await download.PathAsync())!);
            Assert.Equal(["file,line,column,value,reason", $"{badName},47,atc,J01CE2,\"must be an ATC level-5 code such as N05BA01 (letter, 2 digits, 2 letters, 2 digits)\""], report);
            Assert.Equal(45, await host.InDatabaseAsync(db => db.Dispensings.CountAsync(d => d.DispensedOn >= Quarter.FirstDay && d.DispensedOn <= Quarter.LastDay)));
            await page.Context.CloseAsync();
        }
        finally
        {
            await host.InDatabaseAsync(async db =>
            {
                await db.Dispensings.Where(d => d.DispensedOn >= Quarter.FirstDay && d.DispensedOn <= Quarter.LastDay).ExecuteDeleteAsync();
                return await db.ImportRuns.Where(r => r.FileName == goodName).ExecuteDeleteAsync();
            });
        }
    }
}
