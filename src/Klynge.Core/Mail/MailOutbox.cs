using System.Net.Mail;
using Klynge.Core.Data;

namespace Klynge.Core.Mail;

/// <summary>Puts e-mails in the outbox; the caller's SaveChanges commits them together with the change that causes them.</summary>
public static class MailOutbox
{
    /// <summary>
    /// Checks <paramref name="message"/>, makes it pending and due now, and adds it to the context
    /// without saving. Throws <see cref="ArgumentException"/> with a readable reason when the address,
    /// subject or an attachment is unusable, so a bad address fails the request that gives it rather
    /// than the sender hours later.
    /// </summary>
    public static OutboxMessage Enqueue(this KlyngeDbContext db, OutboxMessage message, DateTimeOffset? now = null)
    {
        Validate(message);
        var at = (now ?? DateTimeOffset.UtcNow).UtcDateTime;
        message.ToAddress = message.ToAddress.Trim();
        message.ToName = message.ToName.Trim();
        message.Status = MailStatus.Pending;
        message.Attempts = 0;
        message.CreatedAtUtc = at;
        message.NextAttemptAtUtc = at;
        message.LastError = null;
        message.SentAtUtc = null;
        db.OutboxMessages.Add(message);
        return message;
    }

    /// <summary>True when <paramref name="address"/> is a plain address (no display name) that mail servers accept.</summary>
    public static bool IsValidAddress(string? address)
    {
        var trimmed = address?.Trim();
        return !string.IsNullOrEmpty(trimmed)
            && MailAddress.TryCreate(trimmed, out var parsed)
            && parsed.Address == trimmed
            && string.IsNullOrEmpty(parsed.DisplayName)
            && parsed.Host.Length > 0;
    }

    private static void Validate(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrWhiteSpace(message.Kind) || message.Kind.Length > MaxKind)
            throw new ArgumentException($"A mail needs a kind of at most {MaxKind} characters (e.g. 'package-published').", nameof(message));
        if (!IsValidAddress(message.ToAddress))
            throw new ArgumentException($"'{message.ToAddress}' is not a valid e-mail address (recipient of a '{message.Kind}' mail).", nameof(message));
        if (message.ToAddress.Trim().Length > MaxAddress)
            throw new ArgumentException($"The e-mail address '{message.ToAddress}' is longer than {MaxAddress} characters.", nameof(message));
        // Line breaks in a header would let the text add headers of its own.
        if (HasLineBreak(message.ToName) || message.ToName.Length > MaxName)
            throw new ArgumentException($"The recipient name '{message.ToName}' must be one line of at most {MaxName} characters.", nameof(message));
        if (string.IsNullOrWhiteSpace(message.Subject) || HasLineBreak(message.Subject) || message.Subject.Length > MaxSubject)
            throw new ArgumentException($"A mail needs a subject of one line and at most {MaxSubject} characters (recipient {message.ToAddress}).", nameof(message));
        foreach (var attachment in message.Attachments)
        {
            if (string.IsNullOrWhiteSpace(attachment.FileName) || HasLineBreak(attachment.FileName) || attachment.FileName.Length > MaxFileName)
                throw new ArgumentException($"An attachment needs a file name of one line and at most {MaxFileName} characters.", nameof(message));
            try
            {
                _ = new System.Net.Mime.ContentType(attachment.ContentType);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw new ArgumentException($"'{attachment.ContentType}' is not a valid content type (attachment {attachment.FileName}).", nameof(message));
            }
        }
    }

    private static bool HasLineBreak(string text) => text.Contains('\r') || text.Contains('\n');

    internal const int MaxKind = 50, MaxAddress = 254, MaxName = 200, MaxSubject = 300, MaxFileName = 200;
}
