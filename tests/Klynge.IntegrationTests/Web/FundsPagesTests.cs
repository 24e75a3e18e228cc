using System.Net;
using Klynge.Core.Data;
using Klynge.Core.Funds;
using Klynge.Core.Meetings;
using Klynge.Core.Registry;
using Klynge.IntegrationTests.Funds;
using Klynge.Web.Funds;
using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Web;

/// <summary>The funds and activity report pages over HTTP: who may keep the accounts and the report, and who is refused with nothing changed.</summary>
public class FundsPagesTests
{
    private static int Year => WebTestHost.Today.Year;
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Coordinator_keeps_the_accounts_and_the_clusters_GPs_see_only_the_totals(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var a = host.Registry.ClusterA.Id;
        var meetingId = await HeldMeetingAsync(host, a);
        var coordinator = await host.LoginAsync(TestRegistry.CoordinatorA);
        var funds = $"/Clusters/{a}/Funds?year={Year}";

        Assert.Contains("data-link=\"funds\"", await WebAssert.TextAsync(await coordinator.GetAsync($"/Clusters/{a}")));
        WebAssert.Status(HttpStatusCode.OK, await coordinator.GetAsync(funds), "the funds page");
        WebAssert.RedirectsTo($"/Clusters/{a}/Funds", await WebTestHost.PostFormAsync(coordinator, funds + "&handler=Budget",
            new Dictionary<string, string> { ["amount"] = "25.000,00", ["notes"] = "Fra regionen" }, funds), "setting the budget");

        var added = await PostExpenseAsync(coordinator, a, funds, "1.234,50", meetingId, ("bon.pdf", ClusterFundsTests.Pdf));
        WebAssert.RedirectsTo($"/Clusters/{a}/Funds", added, "adding an expense with a receipt");
        // A text file named .pdf, and an amount of nothing: both refused, neither stored.
        var badFile = await PostExpenseAsync(coordinator, a, funds, "300,00", null, ("bon.pdf", "Dette er ikke en PDF"u8.ToArray()));
        WebAssert.Status(HttpStatusCode.OK, badFile, "a receipt that is not a PDF or image");
        Assert.Contains("PDF-, JPEG- eller PNG-fil", await WebAssert.TextAsync(badFile));
        Assert.Contains("større end 0", await WebAssert.TextAsync(await PostExpenseAsync(coordinator, a, funds, "0", null, null)));
        Assert.Contains($"Datoen skal ligge i {Year}", await WebAssert.TextAsync(await PostExpenseAsync(coordinator, a, funds, "10", null, null, new DateOnly(Year - 1, 12, 31))));

        Expense expense;
        await using (var db = host.NewContext())
        {
            var budget = await db.ClusterBudgets.SingleAsync(b => b.ClusterId == a && b.Year == Year);
            Assert.Equal((25_000.00m, "Fra regionen"), (budget.AmountDkk, budget.Notes));
            expense = await db.Expenses.SingleAsync();
            Assert.Equal((1234.50m, ExpenseCategory.Food, meetingId, "Karen Dahl", ReimbursementStatus.Submitted, TestRegistry.CoordinatorA),
                (expense.AmountDkk, expense.Category, expense.MeetingId!.Value, expense.PaidBy, expense.Status, expense.SubmittedBy));
            Assert.Equal(ClusterFundsTests.Pdf, (await db.ExpenseReceipts.SingleAsync()).Content);
        }
        var page = $"/Clusters/{a}/Funds/Expenses/{expense.Id}";
        Assert.Contains(FundsText.Kroner(25_000m), await WebAssert.TextAsync(await coordinator.GetAsync(funds)));
        Assert.Contains($"data-figure=\"remaining\" class=\"\">{FundsText.Kroner(25_000m)}<", await WebAssert.TextAsync(await coordinator.GetAsync(funds)));

        WebAssert.RedirectsTo(page, await WebTestHost.PostFormAsync(coordinator, page + "?handler=Status", new Dictionary<string, string> { ["status"] = "Approved" }, page), "approving");
        await using (var db = host.NewContext())
        {
            var approved = await db.Expenses.SingleAsync();
            Assert.Equal((ReimbursementStatus.Approved, TestRegistry.CoordinatorA), (approved.Status, approved.DecidedBy));
        }
        var receipt = await coordinator.GetAsync(page + "?handler=Receipt");
        WebAssert.Status(HttpStatusCode.OK, receipt, "downloading the receipt");
        Assert.Equal("application/pdf", receipt.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ClusterFundsTests.Pdf, await receipt.Content.ReadAsByteArrayAsync());

        var after = await WebAssert.TextAsync(await coordinator.GetAsync(funds));
        Assert.Contains($"data-figure=\"remaining\" class=\"\">{FundsText.Kroner(25_000m - 1234.50m)}<", after);
        Assert.Contains($"data-figure=\"approved\">{FundsText.Kroner(1234.50m)}<", after);
        Assert.Contains(FundsText.Kroner(23_765.50m), after);
        Assert.Contains($"data-figure=\"meeting-expenses\">{FundsText.Kroner(1234.50m)}<", await WebAssert.TextAsync(await coordinator.GetAsync($"/Meetings/{meetingId}")));

        // A GP of the cluster sees the totals, not the expenses, receipts or forms.
        var gp = await host.LoginAsync(TestRegistry.GpA);
        var seen = await WebAssert.TextAsync(await gp.GetAsync(funds));
        Assert.Contains($"data-figure=\"remaining\" class=\"\">{FundsText.Kroner(25_000m - 1234.50m)}<", seen);
        Assert.DoesNotContain("data-expense=", seen);
        Assert.DoesNotContain("Karen Dahl", seen);
        Assert.DoesNotContain("handler=Budget", seen);
        Assert.DoesNotContain("id=\"expenses\"", await WebAssert.TextAsync(await gp.GetAsync($"/Meetings/{meetingId}")));
        WebAssert.Refused(await gp.GetAsync(page), "a GP opening an expense");
        WebAssert.Refused(await gp.GetAsync(page + "?handler=Receipt"), "a GP downloading a receipt");
        WebAssert.Refused(await WebTestHost.PostFormAsync(gp, funds + "&handler=Budget", new Dictionary<string, string> { ["amount"] = "1" }, "/Account/Manage"), "a GP setting the budget");
        await using (var db = host.NewContext()) Assert.Equal(25_000.00m, (await db.ClusterBudgets.SingleAsync()).AmountDkk);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Other_clusters_partners_analysts_and_staff_neither_see_nor_change_the_accounts(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var a = host.Registry.ClusterA.Id;
        int expenseId;
        await using (var db = host.NewContext())
        {
            var funds = new ClusterFunds(db);
            await funds.SetBudgetAsync(a, Year, 20_000m, "", "kasserer", Now);
            expenseId = (await funds.AddExpenseAsync(new ExpenseInput(a, new(Year, 2, 1), ExpenseCategory.Venue, 900m, "Lokale", null, "Karen Dahl"), Year, "kasserer", Now)).Id;
            await funds.AttachReceiptAsync(expenseId, "bon.png", ClusterFundsTests.Png, "kasserer", Now);
        }
        int AuditCount() { using var db = host.NewContext(); return db.AuditEntries.Count(x => x.Action.StartsWith("funds.")); }
        var auditBefore = AuditCount();
        var fundsUrl = $"/Clusters/{a}/Funds?year={Year}";
        var page = $"/Clusters/{a}/Funds/Expenses/{expenseId}";

        foreach (var user in new[] { TestRegistry.CoordinatorC, TestRegistry.Partner, TestRegistry.RegionalAnalyst, TestRegistry.NationalAnalyst, TestRegistry.StaffA })
        {
            var client = await host.LoginAsync(user);
            var cluster = await client.GetAsync($"/Clusters/{a}");
            if (cluster.StatusCode == HttpStatusCode.OK) Assert.DoesNotContain("data-link=\"funds\"", await WebAssert.TextAsync(cluster));
            WebAssert.Refused(await client.GetAsync(fundsUrl), $"{user} opening the funds");
            WebAssert.Refused(await client.GetAsync(page), $"{user} opening an expense");
            WebAssert.Refused(await client.GetAsync(page + "?handler=Receipt"), $"{user} downloading a receipt");
            WebAssert.Refused(await WebTestHost.PostFormAsync(client, fundsUrl + "&handler=Budget", new Dictionary<string, string> { ["amount"] = "99.999,00" }, "/Account/Manage"), $"{user} setting the budget");
            WebAssert.Refused(await WebTestHost.PostFormAsync(client, page + "?handler=Status", new Dictionary<string, string> { ["status"] = "Approved" }, "/Account/Manage"), $"{user} approving");
            WebAssert.Refused(await PostExpenseAsync(client, a, "/Account/Manage", "50,00", null, ("bon.pdf", ClusterFundsTests.Pdf)), $"{user} adding an expense");
            WebAssert.Refused(await PostReceiptAsync(client, page, ("ny.pdf", ClusterFundsTests.Pdf)), $"{user} replacing a receipt");
        }

        await using var read = host.NewContext();
        Assert.Equal(20_000m, (await read.ClusterBudgets.SingleAsync()).AmountDkk);
        var expense = await read.Expenses.SingleAsync();
        Assert.Equal((ReimbursementStatus.Submitted, 900m), (expense.Status, expense.AmountDkk));
        Assert.Equal(ClusterFundsTests.Png, (await read.ExpenseReceipts.SingleAsync()).Content);
        Assert.Equal(auditBefore, AuditCount());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_clusters_treasurer_manages_its_funds_but_not_another_clusters(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        await using (var db = host.NewContext())
        {
            db.ClusterRoles.Add(new ClusterRole { ClusterId = r.ClusterA.Id, PersonId = r.AnneHolm.Id, Kind = ClusterRoleKind.Treasurer, ValidFrom = TestRegistry.Since });
            await db.SaveChangesAsync();
        }
        var treasurer = await host.LoginAsync(TestRegistry.GpA);
        var fundsA = $"/Clusters/{r.ClusterA.Id}/Funds?year={Year}";
        WebAssert.RedirectsTo($"/Clusters/{r.ClusterA.Id}/Funds", await WebTestHost.PostFormAsync(treasurer, fundsA + "&handler=Budget",
            new Dictionary<string, string> { ["amount"] = "18000.5", ["notes"] = "" }, fundsA), "the treasurer setting the budget");
        WebAssert.RedirectsTo($"/Clusters/{r.ClusterA.Id}/Funds", await PostExpenseAsync(treasurer, r.ClusterA.Id, fundsA, "75", null, ("foto.jpg", ClusterFundsTests.Jpeg)), "the treasurer adding an expense");
        var fundsB = $"/Clusters/{r.ClusterB.Id}/Funds?year={Year}";
        WebAssert.Refused(await treasurer.GetAsync(fundsB), "A's treasurer opening B's funds");
        WebAssert.Refused(await WebTestHost.PostFormAsync(treasurer, fundsB + "&handler=Budget", new Dictionary<string, string> { ["amount"] = "1" }, fundsA), "A's treasurer setting B's budget");

        await using var read = host.NewContext();
        var budget = await read.ClusterBudgets.SingleAsync();
        Assert.Equal((r.ClusterA.Id, 18_000.50m), (budget.ClusterId, budget.AmountDkk));
        var receipt = await read.ExpenseReceipts.SingleAsync();
        Assert.Equal(("image/jpeg", "foto.jpg"), (receipt.ContentType, receipt.FileName));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_coordinator_writes_and_submits_the_report_which_then_reads_only_and_others_cannot_change_it(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var a = host.Registry.ClusterA.Id;
        await HeldMeetingAsync(host, a);
        var coordinator = await host.LoginAsync(TestRegistry.CoordinatorA);
        var url = $"/Clusters/{a}/Reports/{Year}";
        Form Text(string summary, string plans) => new() { ["summary"] = summary, ["plans"] = plans };

        Assert.Contains("data-link=\"reports\"", await WebAssert.TextAsync(await coordinator.GetAsync($"/Clusters/{a}")));
        Assert.Contains($"href=\"{url}\"", await WebAssert.TextAsync(await coordinator.GetAsync($"/Clusters/{a}/Reports")));
        Assert.Contains("data-field=\"no-report\"", await WebAssert.TextAsync(await coordinator.GetAsync(url)));
        WebAssert.RedirectsTo(url, await WebTestHost.PostFormAsync(coordinator, url + "?handler=Start", new Form()), "starting the report");
        var draft = await WebAssert.TextAsync(await coordinator.GetAsync(url));
        Assert.Contains("data-figure=\"meetings-held\">1<", draft);
        Assert.Contains($"I {Year} holdt Klynge Aarhus Nord 1 møde", draft);
        WebAssert.RedirectsTo(url, await WebTestHost.PostFormAsync(coordinator, url + "?handler=Save", Text("Vores år", "Næste år")), "saving");
        await using (var db = host.NewContext())
        {
            var saved = await db.ActivityReports.SingleAsync();
            Assert.Equal(("Vores år", "Næste år"), (saved.Summary, saved.PlansNextYear));
        }
        WebAssert.RedirectsTo(url, await WebTestHost.PostFormAsync(coordinator, url + "?handler=Submit", Text("Endelig tekst", "Planerne")), "submitting");

        var submitted = await WebAssert.TextAsync(await coordinator.GetAsync(url));
        Assert.Contains("data-field=\"submitted\"", submitted);
        Assert.Contains("data-field=\"summary\">Endelig tekst<", submitted);
        Assert.DoesNotContain("name=\"summary\"", submitted);
        var refused = await WebTestHost.PostFormAsync(coordinator, url + "?handler=Save", Text("Ændret bagefter", ""));
        WebAssert.Status(HttpStatusCode.OK, refused, "saving a submitted report");
        Assert.Contains("kan ikke ændres", await WebAssert.TextAsync(refused));
        Assert.Contains("Endelig tekst", await WebAssert.TextAsync(await coordinator.GetAsync(url + "/Print")));

        // Others: the region's analyst reads the submitted report; a GP of the cluster reads it; neither may change it.
        var gp = await host.LoginAsync(TestRegistry.GpA);
        var analyst = await host.LoginAsync(TestRegistry.RegionalAnalyst);
        foreach (var (client, who) in new[] { (gp, "GP"), (analyst, "regional analyst") })
        {
            var seen = await WebAssert.TextAsync(await client.GetAsync(url));
            Assert.Contains("data-field=\"summary\">Endelig tekst<", seen);
            Assert.DoesNotContain("handler=Reopen", seen);
            foreach (var handler in new[] { "Save", "Submit", "Reopen", "Start" })
                WebAssert.Refused(await WebTestHost.PostFormAsync(client, $"{url}?handler={handler}", Text("Fremmed tekst", ""), "/Account/Manage"), $"{who} posting {handler}");
        }
        foreach (var user in new[] { TestRegistry.CoordinatorC, TestRegistry.Partner, TestRegistry.StaffA })
        {
            var client = await host.LoginAsync(user);
            WebAssert.Refused(await client.GetAsync(url), $"{user} opening the report");
            WebAssert.Refused(await client.GetAsync(url + "/Print"), $"{user} printing the report");
            WebAssert.Refused(await client.GetAsync($"/Clusters/{a}/Reports"), $"{user} opening the report list");
            WebAssert.Refused(await WebTestHost.PostFormAsync(client, url + "?handler=Reopen", new Form(), "/Account/Manage"), $"{user} reopening");
        }
        await using (var db = host.NewContext())
        {
            var only = await db.ActivityReports.SingleAsync();
            Assert.Equal((1, ActivityReportStatus.Submitted, "Endelig tekst"), (only.Version, only.Status, only.Summary));
        }

        WebAssert.RedirectsTo(url, await WebTestHost.PostFormAsync(coordinator, url + "?handler=Reopen", new Form()), "reopening");
        await using (var db = host.NewContext())
        {
            var versions = await db.ActivityReports.OrderBy(x => x.Version).ToListAsync();
            Assert.Equal([(1, ActivityReportStatus.Submitted), (2, ActivityReportStatus.Draft)], versions.Select(v => (v.Version, v.Status)));
        }
        // The analyst still sees the submitted version, not the new draft.
        var analystView = await WebAssert.TextAsync(await analyst.GetAsync(url));
        Assert.Contains("data-field=\"submitted\"", analystView);
        Assert.DoesNotContain("Kladde", analystView);
    }

    [Theory]
    [InlineData("1.234,50", "1234.50")]
    [InlineData("1234,5", "1234.5")]
    [InlineData("1234.50", "1234.50")]
    [InlineData("18000.5", "18000.5")]
    [InlineData("25.000", "25000")]
    [InlineData("1.250.000,00 kr.", "1250000.00")]
    [InlineData(" 75 kr", "75")]
    [InlineData("0", "0")]
    public void Amounts_are_read_as_typed_in_Danish_or_with_a_decimal_point(string typed, string expected)
    {
        Assert.True(FundsText.TryParseKroner(typed, out var amount));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), amount);
    }

    [Theory]
    [InlineData("")]
    [InlineData("kr.")]
    [InlineData("tolv")]
    [InlineData("1,2,3")]
    public void Text_that_is_no_amount_is_refused(string typed) => Assert.False(FundsText.TryParseKroner(typed, out _));

    private sealed class Form : Dictionary<string, string>;

    private static async Task<int> HeldMeetingAsync(WebTestHost host, int clusterId)
    {
        await using var db = host.NewContext();
        var day = new DateOnly(Year, 3, 4);
        var meeting = new Meeting
        {
            ClusterId = clusterId, Title = "Antibiotika", StartsAt = DanishTime.ToUtc(day, new(16, 30)), EndsAt = DanishTime.ToUtc(day, new(19, 0)),
            Status = MeetingStatus.Held, Formats = MeetingFormat.Plenary, CreatedAtUtc = Now.UtcDateTime,
        };
        db.Meetings.Add(meeting);
        await db.SaveChangesAsync();
        return meeting.Id;
    }

    private static async Task<HttpResponseMessage> PostExpenseAsync(HttpClient client, int clusterId, string tokenPage, string amount, int? meetingId,
        (string Name, byte[] Content)? file, DateOnly? on = null)
    {
        var token = await WebTestHost.AntiforgeryTokenAsync(client, tokenPage);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent((on ?? new DateOnly(Year, 3, 4)).ToString("yyyy-MM-dd")), "Input.SpentOn" },
            { new StringContent("Food"), "Input.Category" },
            { new StringContent(amount), "Input.Amount" },
            { new StringContent("Sandwich til mødet"), "Input.Description" },
            { new StringContent(meetingId?.ToString() ?? ""), "Input.MeetingId" },
            { new StringContent("Karen Dahl"), "Input.PaidBy" },
        };
        if (file is { } f) form.Add(new ByteArrayContent(f.Content), "receipt", f.Name);
        return await client.PostAsync($"/Clusters/{clusterId}/Funds?year={Year}&handler=Expense", form);
    }

    private static async Task<HttpResponseMessage> PostReceiptAsync(HttpClient client, string page, (string Name, byte[] Content) file)
    {
        var token = await WebTestHost.AntiforgeryTokenAsync(client, "/Account/Manage");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(file.Content), "receipt", file.Name },
        };
        return await client.PostAsync(page + "?handler=Receipt", form);
    }
}
