using System.Net;
using Klynge.Core.Data;
using Klynge.Core.Mail;
using Klynge.IntegrationTests.Mail;
using Klynge.Web.Pages.Admin;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Klynge.IntegrationTests.Web;

/// <summary>/Admin/Mail and the background sender inside the web app.</summary>
public class MailAdminTests
{
    private static async Task<(long Failed, long Sent)> SeedAsync(WebTestHost host)
    {
        await using var db = host.NewContext();
        var failed = db.Enqueue(MailOutboxTests.NewMessage("failed@klynge.test"), MailOutboxTests.T0);
        var sent = db.Enqueue(MailOutboxTests.NewMessage("sent@klynge.test"), MailOutboxTests.T0);
        await db.SaveChangesAsync();
        await db.OutboxMessages.Where(m => m.Id == failed.Id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, MailStatus.Failed).SetProperty(m => m.Attempts, 10)
            .SetProperty(m => m.LastError, "SmtpException: Mailbox unavailable (status MailboxUnavailable)"));
        await db.OutboxMessages.Where(m => m.Id == sent.Id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, MailStatus.Sent).SetProperty(m => m.Attempts, 1)
            .SetProperty(m => m.SentAtUtc, MailOutboxTests.T0.UtcDateTime));
        return (failed.Id, sent.Id);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Admin_sees_the_outbox_by_status_with_the_last_error_and_retries_a_failed_message(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var (failed, sent) = await SeedAsync(host);
        var admin = await host.LoginAsync(TestRegistry.Admin);

        var nav = await WebAssert.TextAsync(await admin.GetAsync("/"));
        Assert.Contains("href=\"/Admin/Mail\"", nav);

        var all = await WebAssert.TextAsync(await admin.GetAsync("/Admin/Mail"));
        Assert.Contains($"data-mail=\"{failed}\" data-status=\"Failed\"", all);
        Assert.Contains($"data-mail=\"{sent}\" data-status=\"Sent\"", all);
        Assert.Contains("Mailbox unavailable", all);
        Assert.Contains("Fejlet (1)", all);

        var onlyFailed = await WebAssert.TextAsync(await admin.GetAsync("/Admin/Mail?status=Failed"));
        Assert.Contains("failed@klynge.test", onlyFailed);
        Assert.DoesNotContain("sent@klynge.test", onlyFailed);
        Assert.Contains("Prøv igen nu", onlyFailed);

        var retry = await WebTestHost.PostFormAsync(admin, "/Admin/Mail?handler=Retry", new Dictionary<string, string> { ["id"] = failed.ToString() }, "/Admin/Mail");
        WebAssert.RedirectsTo("/Admin/Mail", retry, "retry");

        await using var db = host.NewContext();
        var message = await db.OutboxMessages.SingleAsync(m => m.Id == failed);
        Assert.Equal((MailStatus.Pending, 0), (message.Status, message.Attempts));
        Assert.True(message.NextAttemptAtUtc <= DateTime.UtcNow.AddSeconds(1));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == MailModel.RetryAction && e.EntityId == failed.ToString() && e.UserName == TestRegistry.Admin));
        Assert.Equal(MailStatus.Sent, (await db.OutboxMessages.SingleAsync(m => m.Id == sent)).Status);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Other_roles_can_neither_see_the_outbox_nor_retry_and_nothing_changes(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var (failed, _) = await SeedAsync(host);

        WebAssert.RedirectsTo("http://localhost/Account/Login", await host.Anonymous().GetAsync("/Admin/Mail"), "anonymous on the outbox");
        foreach (var user in TestRegistry.AllUsers.Where(u => u != TestRegistry.Admin))
        {
            var client = await host.LoginAsync(user);
            WebAssert.Refused(await client.GetAsync("/Admin/Mail"), $"{user} on the outbox");
            Assert.DoesNotContain("/Admin/Mail", await WebAssert.TextAsync(await client.GetAsync("/")));
            var retry = await WebTestHost.PostFormAsync(client, "/Admin/Mail?handler=Retry",
                new Dictionary<string, string> { ["id"] = failed.ToString() }, tokenPage: "/Account/Manage");
            WebAssert.Refused(retry, $"{user} retrying a message");
        }

        await using var db = host.NewContext();
        var message = await db.OutboxMessages.SingleAsync(m => m.Id == failed);
        Assert.Equal((MailStatus.Failed, 10), (message.Status, message.Attempts));
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == MailModel.RetryAction));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_web_app_sends_the_outbox_in_the_background(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var folder = Directory.CreateTempSubdirectory("klynge-web-mail-").FullName;
        try
        {
            await using var factory = new KlyngeWebFactory(database).WithWebHostBuilder(b => b.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Klynge:Mail:BackgroundSending"] = "true",
                ["Klynge:Mail:IntervalSeconds"] = "1",
                ["Klynge:Mail:Transport"] = "pickup",
                ["Klynge:Mail:PickupFolder"] = folder,
            })));
            await using (var db = database.NewContext())
            {
                db.Enqueue(MailOutboxTests.NewMessage());
                await db.SaveChangesAsync();
            }

            _ = factory.Services; // starts the host and with it the hosted sender
            var deadline = DateTime.UtcNow.AddSeconds(30);
            MailStatus status;
            do
            {
                await Task.Delay(200);
                await using var db = database.NewContext();
                status = (await db.OutboxMessages.SingleAsync()).Status;
            }
            while (status != MailStatus.Sent && DateTime.UtcNow < deadline);

            Assert.Equal(MailStatus.Sent, status);
            var mail = await SmtpSink.ParseAsync(Assert.Single(Directory.GetFiles(folder, "*.eml")));
            Assert.Equal(("anne.holm@klynge.test", "Ny datapakke til Klynge Aarhus Nord"), (mail.To, mail.Subject));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
