using Deque.AxeCore.Playwright;
using Klynge.Core.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Klynge.BrowserTests;

/// <summary>axe-core finds no serious or critical accessibility problems on the main pages.</summary>
[Collection(KlyngeHostCollection.Name)]
public class AccessibilityTests(KlyngeHost host)
{
    private static readonly string[] Blocking = ["serious", "critical"];

    [Fact]
    public async Task Public_pages_have_no_serious_axe_violations()
    {
        var page = await host.NewPageAsync();
        var problems = new List<string>();
        problems.AddRange(await CheckAsync(page, "/"));
        problems.AddRange(await CheckAsync(page, "/Account/Login"));
        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, "axe-core violations:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task Cluster_pages_have_no_serious_axe_violations()
    {
        var page = await host.NewPageAsync();
        await Journey.LogInAsync(page, "koordinator@klynge-demo.dk");
        var cluster = await Journey.OwnClusterAsync(page);

        var problems = new List<string>();
        problems.AddRange(await CheckAsync(page, "/Clusters"));
        problems.AddRange(await CheckAsync(page, cluster));
        problems.AddRange(await CheckAsync(page, cluster + "/Members"));
        problems.AddRange(await CheckAsync(page, cluster + "/Roles"));
        problems.AddRange(await CheckAsync(page, cluster + "/Settings"));
        await page.GotoAsync(cluster);
        var practice = await page.Locator("a[href^='/Practices/']").First.GetAttributeAsync("href");
        problems.AddRange(await CheckAsync(page, practice!));
        problems.AddRange(await CheckAsync(page, "/Account/Manage"));
        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, "axe-core violations:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task Indicator_catalogue_pages_have_no_serious_axe_violations()
    {
        var page = await host.NewPageAsync();
        await Journey.LogInAsync(page, "analytiker@klynge-demo.dk");
        var problems = new List<string>();
        problems.AddRange(await CheckAsync(page, "/Indicators"));
        problems.AddRange(await CheckAsync(page, "/Indicators?tag=antibiotics"));
        await page.GotoAsync("/Indicators/penicillin-v-share");
        // The chart is checked as drawn, not the empty box before the script ran.
        await page.Locator(".chart.chart-ready svg").WaitForAsync();
        problems.AddRange(await CheckAsync(page, "/Indicators/penicillin-v-share", navigate: false));
        problems.AddRange(await CheckAsync(page, "/Indicators/older-antipsychotic-users"));
        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, "axe-core violations:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task Topic_pages_have_no_serious_axe_violations()
    {
        var page = await host.NewPageAsync();
        await Journey.LogInAsync(page, "laege@klynge-demo.dk");

        var problems = new List<string>();
        problems.AddRange(await CheckAsync(page, "/Topics"));
        problems.AddRange(await CheckAsync(page, "/Topics/dependency-forming-medicine"));
        // English UI over a Danish-only guide: the lang attributes must keep the page valid.
        problems.AddRange(await CheckAsync(page, "/Topics/diabetes?culture=en-GB"));
        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, "axe-core violations:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task Package_pages_have_no_serious_axe_violations()
    {
        var problems = new List<string>();
        foreach (var user in new[] { "laege@klynge-demo.dk", "koordinator@klynge-demo.dk" })
        {
            var page = await host.NewPageAsync();
            await Journey.LogInAsync(page, user);
            problems.AddRange(await CheckAsync(page, "/Packages"));
            var package = await page.Locator("tr[data-package] a").First.GetAttributeAsync("href");
            var cluster = await page.Locator("section[data-cluster] h2 a").First.GetAttributeAsync("href");
            // The charts are checked as drawn; the coordinator's page also has the publishing forms.
            await page.GotoAsync(package!);
            await page.Locator("html[data-charts-ready='true']").WaitForAsync();
            problems.AddRange(await CheckAsync(page, package!, navigate: false));
            // The print view is the same body without the site around it, checked once.
            if (user.StartsWith("laege", StringComparison.Ordinal))
            {
                await page.GotoAsync(package + "/Print");
                await page.Locator("html[data-charts-ready='true']").WaitForAsync();
                problems.AddRange(await CheckAsync(page, package + "/Print", navigate: false));
            }
            problems.AddRange(await CheckAsync(page, cluster!));
            if (user.StartsWith("koordinator", StringComparison.Ordinal)) await Journey.ScreenshotAsync(page, "package", "5-order-form");
            await page.Context.CloseAsync();
        }
        Assert.True(problems.Count == 0, "axe-core violations:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task Admin_pages_have_no_serious_axe_violations_and_a_failed_mail_can_be_retried()
    {
        var failedId = await host.InDatabaseAsync(async db =>
        {
            var failed = db.Enqueue(new OutboxMessage
            {
                Kind = "meeting-invitation",
                ToAddress = "ukendt@klynge-demo.dk",
                ToName = "Ukendt Modtager",
                Subject = "Invitation: klyngemøde",
                TextBody = "Du er inviteret.",
            });
            await db.SaveChangesAsync();
            await db.OutboxMessages.Where(m => m.Id == failed.Id).ExecuteUpdateAsync(u => u
                .SetProperty(m => m.Status, MailStatus.Failed).SetProperty(m => m.Attempts, 10)
                .SetProperty(m => m.LastError, "SmtpException: Mailbox unavailable. The server response was: 5.1.1 User unknown (status MailboxUnavailable)"));
            return failed.Id;
        });
        var page = await host.NewPageAsync();
        await Journey.LogInAsync(page, "admin@klynge-demo.dk");

        var problems = new List<string>();
        problems.AddRange(await CheckAsync(page, "/Admin/Audit"));
        problems.AddRange(await CheckAsync(page, "/Admin/Mail?status=Failed"));
        await Journey.ScreenshotAsync(page, "admin-mail", "1-failed");
        await page.Locator($"tr[data-mail='{failedId}']").GetByRole(AriaRole.Button, new() { Name = $"Prøv igen nu ({failedId})" }).ClickAsync();
        await page.Locator("p.notice", new() { HasText = $"Mail {failedId} sendes igen" }).WaitForAsync();
        await Journey.ScreenshotAsync(page, "admin-mail", "2-retried");
        await page.Context.CloseAsync();

        Assert.True(problems.Count == 0, "axe-core violations:\n" + string.Join("\n", problems));
        var status = await host.InDatabaseAsync(db => db.OutboxMessages.Where(m => m.Id == failedId).Select(m => m.Status).SingleAsync());
        // Pending, or already sent to the pickup folder by the background sender.
        Assert.NotEqual(MailStatus.Failed, status);
    }

    [Fact]
    public async Task Meeting_programme_page_has_no_serious_axe_violations()
    {
        var page = await host.NewPageAsync();
        await Journey.LogInAsync(page, "analytiker@klynge-demo.dk");
        var problems = new List<string>();
        problems.AddRange(await CheckAsync(page, "/Programme"));
        Assert.True(await page.Locator("tr[data-cluster]").CountAsync() > 0, "the programme lists the demo clusters");
        await Journey.ScreenshotAsync(page, "programme", "1-national");
        problems.AddRange(await CheckAsync(page, "/Programme?sort=evaluation&culture=en-GB"));
        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, "axe-core violations:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task Prescribing_import_pages_have_no_serious_axe_violations()
    {
        var page = await host.NewPageAsync();
        await Journey.LogInAsync(page, "analytiker@klynge-demo.dk");
        var problems = new List<string>();
        problems.AddRange(await CheckAsync(page, "/Prescribing/Import"));

        // A rejected file changes nothing, and its status page shows every part but the success summary.
        await page.GetByLabel("Filer (.csv eller .csv.gz, en eller flere)").SetInputFilesAsync(new FilePayload
        {
            Name = "axe-check.csv", MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("patient_id,birth_year,sex,practice_id,atc,dispensed_on,packages,ddd\np1,1970,F,12,J01CE02,2012-01-05,1,2.5\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Indlæs", Exact = true }).ClickAsync();
        await page.Locator("[data-import=rejected]").WaitForAsync(new() { Timeout = 60_000 });
        problems.AddRange(await CheckAsync(page, new Uri(page.Url).AbsolutePath));
        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, "axe-core violations:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task Meeting_pages_have_no_serious_axe_violations()
    {
        var (meetingId, clusterId, token) = await MeetingJourneyTests.PlanDemoMeetingAsync(host, "koordinator@klynge-demo.dk");
        var page = await host.NewPageAsync();
        await Journey.LogInAsync(page, "koordinator@klynge-demo.dk");
        var problems = new List<string>();
        problems.AddRange(await CheckAsync(page, "/Meetings"));
        problems.AddRange(await CheckAsync(page, $"/Clusters/{clusterId}/Meetings"));
        problems.AddRange(await CheckAsync(page, $"/Clusters/{clusterId}/Meetings/New"));
        problems.AddRange(await CheckAsync(page, $"/Meetings/{meetingId}"));
        problems.AddRange(await CheckAsync(page, $"/Meetings/{meetingId}/Edit"));
        problems.AddRange(await CheckAsync(page, $"/Meetings/{meetingId}/Attendance"));
        problems.AddRange(await CheckAsync(page, "/Account/Manage/Calendar"));
        await Journey.ScreenshotAsync(page, "meeting-calendar", "1-feed-address");
        await page.Context.CloseAsync();

        // The token pages, as a guest without a log-in sees them.
        var guest = await host.NewPageAsync();
        problems.AddRange(await CheckAsync(guest, $"/Rsvp/{token}?svar=ja"));
        await Journey.ScreenshotAsync(guest, "meeting-guest", "1-rsvp");
        problems.AddRange(await CheckAsync(guest, $"/Evaluate/{token}"));
        await Journey.ScreenshotAsync(guest, "meeting-guest", "2-evaluate");
        problems.AddRange(await CheckAsync(guest, "/Rsvp/unknown-token"));
        await Journey.ScreenshotAsync(guest, "meeting-guest", "3-unknown-token");
        await guest.Context.CloseAsync();
        Assert.True(problems.Count == 0, "axe-core violations:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task Coordinator_desk_pages_have_no_serious_axe_violations()
    {
        var page = await host.NewPageAsync();
        await Journey.LogInAsync(page, "koordinator@klynge-demo.dk");
        var cluster = await Journey.OwnClusterAsync(page);
        var problems = new List<string>();
        problems.AddRange(await CheckAsync(page, cluster + "/Desk"));
        await Journey.ScreenshotAsync(page, "desk", "1-desk");
        problems.AddRange(await CheckAsync(page, "/Tasks"));
        await Journey.ScreenshotAsync(page, "desk", "2-my-tasks");
        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, "axe-core violations:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task Funds_and_report_pages_have_no_serious_axe_violations()
    {
        var (_, clusterId, _) = await MeetingJourneyTests.PlanDemoMeetingAsync(host, "koordinator@klynge-demo.dk");
        var page = await host.NewPageAsync();
        await Journey.LogInAsync(page, "koordinator@klynge-demo.dk");
        var problems = new List<string>();
        problems.AddRange(await CheckAsync(page, $"/Clusters/{clusterId}/Funds"));

        await page.Locator("#budget-amount").FillAsync("25.000,00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gem budget", Exact = true }).ClickAsync();
        await page.Locator("#amount").FillAsync("1.250,00");
        await page.Locator("#description").FillAsync("Sandwich og kaffe");
        await page.Locator("#paid-by").FillAsync("Koordinatoren");
        await page.Locator("#receipt").SetInputFilesAsync(new FilePayload { Name = "bon.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.7\n%%EOF\n"u8.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrér udgift", Exact = true }).ClickAsync();
        await page.Locator("[data-expense] a").First.WaitForAsync();
        problems.AddRange(await CheckAsync(page, new Uri(page.Url).PathAndQuery, navigate: false));
        await Journey.ScreenshotAsync(page, "funds", "1-year");
        await page.Locator("[data-expense] a").First.ClickAsync();
        await page.Locator("#receipt-file").WaitForAsync();
        problems.AddRange(await CheckAsync(page, new Uri(page.Url).PathAndQuery, navigate: false));
        await Journey.ScreenshotAsync(page, "funds", "2-expense");

        var year = DateTime.Today.Year;
        problems.AddRange(await CheckAsync(page, $"/Clusters/{clusterId}/Reports"));
        problems.AddRange(await CheckAsync(page, $"/Clusters/{clusterId}/Reports/{year}"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Påbegynd årsrapport", Exact = true }).ClickAsync();
        await page.Locator("#summary").WaitForAsync();
        problems.AddRange(await CheckAsync(page, new Uri(page.Url).PathAndQuery, navigate: false));
        await Journey.ScreenshotAsync(page, "activity-report", "1-draft");
        problems.AddRange(await CheckAsync(page, $"/Clusters/{clusterId}/Reports/{year}/Print"));
        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, "axe-core violations:\n" + string.Join("\n", problems));
    }

    private static async Task<IEnumerable<string>> CheckAsync(IPage page, string path, bool navigate = true)
    {
        if (navigate) await page.GotoAsync(path);
        var result = await page.RunAxe();
        // The page counts: a run that checked nothing would pass without proving anything.
        Assert.NotEmpty(result.Passes);
        return result.Violations
            .Where(v => Blocking.Contains(v.Impact))
            .Select(v => $"{path}: {v.Id} ({v.Impact}) at {v.Nodes.FirstOrDefault()?.Target} [{v.Nodes.Length} nodes]: {v.Help}");
    }
}
