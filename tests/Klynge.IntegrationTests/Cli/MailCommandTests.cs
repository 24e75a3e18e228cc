using Klynge.Core.Data;
using Klynge.Core.Mail;
using Klynge.IntegrationTests.Mail;
using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Cli;

/// <summary><c>klynge mail send-pending</c> and <c>klynge mail list</c> through the pickup folder.</summary>
public sealed class MailCommandTests : CliTest, IDisposable
{
    private const string TransportVariable = "Klynge__Mail__Transport";
    private const string FolderVariable = "Klynge__Mail__PickupFolder";
    private readonly string? _oldTransport = Environment.GetEnvironmentVariable(TransportVariable);
    private readonly string? _oldFolder = Environment.GetEnvironmentVariable(FolderVariable);

    public MailCommandTests()
    {
        Environment.SetEnvironmentVariable(TransportVariable, "pickup");
        Environment.SetEnvironmentVariable(FolderVariable, Path.Combine(Folder, "mail"));
    }

    [Fact]
    public async Task Send_pending_sends_due_mail_once_and_list_shows_it_by_status()
    {
        await using (var db = NewContext())
        {
            await Database.MigrateAsync(db);
            db.Enqueue(MailOutboxTests.NewMessage("a@klynge.test"), DateTimeOffset.UtcNow.AddMinutes(-1));
            db.Enqueue(MailOutboxTests.NewMessage("later@klynge.test"), DateTimeOffset.UtcNow.AddHours(1));
            await db.SaveChangesAsync();
        }

        var (exit, stdout, stderr) = await RunAsync("mail", "send-pending");
        Assert.Equal((0, ""), (exit, stderr));
        Assert.Contains("Sent 1, to retry 0, failed 0", stdout);
        Assert.Contains(Path.Combine(Folder, "mail"), stdout);
        var file = Assert.Single(Directory.GetFiles(Path.Combine(Folder, "mail"), "*.eml"));
        Assert.Equal("a@klynge.test", (await SmtpSink.ParseAsync(file)).To);

        var (again, stdout2, _) = await RunAsync("mail", "send-pending");
        Assert.Equal(0, again);
        Assert.Contains("Sent 0, to retry 0, failed 0", stdout2);

        var (listExit, sentList, _) = await RunAsync("mail", "list", "--status", "sent");
        Assert.Equal(0, listExit);
        Assert.Contains("a@klynge.test", sentList);
        Assert.DoesNotContain("later@klynge.test", sentList);
        var (_, pendingList, _) = await RunAsync("mail", "list", "--status", "Pending");
        Assert.Contains("later@klynge.test", pendingList);
        Assert.DoesNotContain("a@klynge.test", pendingList);
        var (_, all, _) = await RunAsync("mail", "list");
        Assert.Equal(3, all.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        await using (var db = NewContext())
            Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.Status == MailStatus.Sent));
    }

    [Fact]
    public async Task An_unknown_status_or_transport_is_an_error()
    {
        var (exit, _, stderr) = await RunAsync("mail", "list", "--status", "lost");
        Assert.NotEqual(0, exit);
        Assert.Contains("unknown status 'lost'", stderr);

        Environment.SetEnvironmentVariable(TransportVariable, "pigeon");
        var (exit2, _, stderr2) = await RunAsync("mail", "send-pending");
        Assert.NotEqual(0, exit2);
        Assert.Contains("Unknown mail transport 'pigeon'", stderr2);
    }

    void IDisposable.Dispose()
    {
        Environment.SetEnvironmentVariable(TransportVariable, _oldTransport);
        Environment.SetEnvironmentVariable(FolderVariable, _oldFolder);
        base.Dispose();
    }
}
