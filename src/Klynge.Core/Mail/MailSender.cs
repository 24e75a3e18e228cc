using Klynge.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Mail;

/// <summary>Limits of one sender: tries before giving up, and messages per run.</summary>
public record MailSenderOptions(int MaxAttempts = MailSender.DefaultMaxAttempts, int BatchSize = 50);

/// <summary>What one run of the sender did.</summary>
public record MailSendResult(int Sent, int Retrying, int Failed)
{
    public int Total => Sent + Retrying + Failed;
}

/// <summary>
/// Sends due outbox messages. Each message is first claimed with a conditional UPDATE that only one sender
/// can win, so two senders (two web servers, or the web app and <c>klynge mail send-pending</c>) never send
/// the same message twice; a sender that dies mid-send leaves the message pending, due again after
/// <see cref="ClaimLease"/>.
/// </summary>
public static class MailSender
{
    public const int DefaultMaxAttempts = 10;
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(6);
    /// <summary>How long a claimed message is kept from other senders; longer than any SMTP time-out.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(15);
    internal const int MaxErrorLength = 2000;

    /// <summary>The wait after the <paramref name="attempts"/>-th failed try: 1, 2, 4, 8 ... minutes, at most six hours.</summary>
    public static TimeSpan RetryDelay(int attempts)
    {
        if (attempts < 1) return TimeSpan.Zero;
        // 2^9 minutes already passes six hours, so larger exponents need not be computed.
        var minutes = attempts > 10 ? double.MaxValue : Math.Pow(2, attempts - 1);
        return minutes >= MaxDelay.TotalMinutes ? MaxDelay : TimeSpan.FromMinutes(minutes);
    }

    /// <summary>Sends every message that is pending and due at <paramref name="now"/>, up to the batch size.</summary>
    public static async Task<MailSendResult> SendDueAsync(KlyngeDbContext db, IMailTransport transport, DateTimeOffset now,
        CancellationToken ct = default, MailSenderOptions? options = null)
    {
        options ??= new MailSenderOptions();
        var at = now.UtcDateTime;
        var due = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Status == MailStatus.Pending && m.NextAttemptAtUtc <= at)
            .OrderBy(m => m.NextAttemptAtUtc).ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(options.BatchSize)
            .ToListAsync(ct);

        int sent = 0, retrying = 0, failed = 0;
        foreach (var id in due)
        {
            ct.ThrowIfCancellationRequested();
            if (!await ClaimAsync(db, id, at, ct)) continue;
            var message = await db.OutboxMessages.AsNoTracking().Include(m => m.Attachments).SingleAsync(m => m.Id == id, ct);
            try
            {
                await transport.SendAsync(message, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                if (await RecordFailureAsync(db, message, e, at, options.MaxAttempts)) failed++;
                else retrying++;
                continue;
            }
            await db.OutboxMessages.Where(m => m.Id == id)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, MailStatus.Sent)
                    .SetProperty(m => m.SentAtUtc, at)
                    .SetProperty(m => m.LastError, (string?)null), CancellationToken.None);
            sent++;
        }
        return new MailSendResult(sent, retrying, failed);
    }

    /// <summary>
    /// Takes a due message for this sender: counts the try and moves the next attempt past the lease.
    /// True only for the one sender whose UPDATE changed the row.
    /// </summary>
    public static async Task<bool> ClaimAsync(KlyngeDbContext db, long id, DateTime nowUtc, CancellationToken ct = default)
    {
        var leaseEnd = nowUtc + ClaimLease;
        var changed = await db.OutboxMessages
            .Where(m => m.Id == id && m.Status == MailStatus.Pending && m.NextAttemptAtUtc <= nowUtc)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                .SetProperty(m => m.NextAttemptAtUtc, leaseEnd), ct);
        return changed == 1;
    }

    /// <summary>Makes a failed message pending and due now with a fresh series of tries; false if it was not failed.</summary>
    public static async Task<bool> RetryAsync(KlyngeDbContext db, long id, DateTimeOffset now, CancellationToken ct = default)
    {
        var at = now.UtcDateTime;
        var changed = await db.OutboxMessages
            .Where(m => m.Id == id && m.Status == MailStatus.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, MailStatus.Pending)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAtUtc, at), ct);
        return changed == 1;
    }

    /// <summary>Records the error and schedules the next try, or gives up; true when the message is now failed.</summary>
    private static async Task<bool> RecordFailureAsync(KlyngeDbContext db, OutboxMessage message, Exception error, DateTime at, int maxAttempts)
    {
        var attempts = message.Attempts;
        var giveUp = attempts >= maxAttempts;
        var text = Describe(error);
        var next = giveUp ? at : at + RetryDelay(attempts);
        // The failure is recorded even when the run is being stopped, or the try would count without a reason.
        await db.OutboxMessages.Where(m => m.Id == message.Id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, giveUp ? MailStatus.Failed : MailStatus.Pending)
                .SetProperty(m => m.LastError, text)
                .SetProperty(m => m.NextAttemptAtUtc, next), CancellationToken.None);
        return giveUp;
    }

    /// <summary>The exception and its inner ones in one line, e.g. the SMTP status behind "Failure sending mail".</summary>
    public static string Describe(Exception error)
    {
        var parts = new List<string>();
        for (var e = error; e is not null; e = e.InnerException)
        {
            var part = $"{e.GetType().Name}: {e.Message}";
            if (e is System.Net.Mail.SmtpException smtp) part += $" (status {smtp.StatusCode})";
            parts.Add(part);
        }
        var text = string.Join(" -> ", parts);
        return text.Length > MaxErrorLength ? text[..MaxErrorLength] : text;
    }
}
