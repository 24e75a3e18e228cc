using Klynge.Core.Data;
using Klynge.Core.Mail;

namespace Klynge.Web.Mail;

/// <summary>
/// Sends due outbox messages every <see cref="MailSettings.Interval"/>, each run in its own scope, so web
/// requests only ever store mail. A failing run (database or mail server away) is logged and the next
/// run tries again; the outbox keeps every message meanwhile.
/// </summary>
public sealed class MailBackgroundSender(IServiceScopeFactory scopes, MailSettings settings, IMailTransport transport,
    TimeProvider time, ILogger<MailBackgroundSender> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.BackgroundSending)
        {
            log.LogInformation("Background mail sending is off; run 'klynge mail send-pending' to send the outbox.");
            return;
        }
        log.LogInformation("Sending mail through {Transport} every {Interval}.", settings.Describe(), settings.Interval);
        using var timer = new PeriodicTimer(settings.Interval, time);
        do
        {
            await RunOnceAsync(stoppingToken);
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task RunOnceAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KlyngeDbContext>();
            var result = await MailSender.SendDueAsync(db, transport, time.GetUtcNow(), ct, settings.SenderOptions);
            if (result.Total > 0)
                log.LogInformation("Mail: {Sent} sent, {Retrying} to retry, {Failed} given up.", result.Sent, result.Retrying, result.Failed);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            log.LogError(e, "Sending mail failed; the outbox is kept and the next run tries again.");
        }
    }
}
