namespace Klynge.Core.Mail;

/// <summary>Where a message stands: waiting to be sent (or retried), delivered to the mail server, or given up on.</summary>
public enum MailStatus { Pending, Sent, Failed }

/// <summary>
/// One e-mail waiting in, or gone through, the outbox. It is stored in the same transaction as the change
/// that causes it (see <see cref="MailOutbox.Enqueue"/>) and sent later by <see cref="MailSender"/>, so a web
/// request never waits for a mail server and nothing is lost while one is down.
/// </summary>
public class OutboxMessage
{
    public long Id { get; set; }
    /// <summary>What the message is about, e.g. <c>package-published</c> or <c>meeting-invitation</c>.</summary>
    public required string Kind { get; set; }
    public required string ToAddress { get; set; }
    public string ToName { get; set; } = "";
    public required string Subject { get; set; }
    public required string TextBody { get; set; }
    /// <summary>An optional HTML alternative to <see cref="TextBody"/>.</summary>
    public string? HtmlBody { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public MailStatus Status { get; set; }
    /// <summary>Tries so far, counted when a sender claims the message.</summary>
    public int Attempts { get; set; }
    /// <summary>A pending message is due when this has passed.</summary>
    public DateTime NextAttemptAtUtc { get; set; }
    public string? LastError { get; set; }
    public DateTime? SentAtUtc { get; set; }
    /// <summary>What caused the message, e.g. <c>package:17</c> or <c>meeting:42</c>, to find it again.</summary>
    public string? Reference { get; set; }
    public List<OutboxAttachment> Attachments { get; set; } = [];
}

/// <summary>A file sent with an <see cref="OutboxMessage"/>, e.g. an invitation's <c>.ics</c>.</summary>
public class OutboxAttachment
{
    public const string CalendarContentType = "text/calendar; method=REQUEST; charset=utf-8";

    public long Id { get; set; }
    public long MessageId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }

    /// <summary>An iCalendar attachment (UTF-8) that mail programs offer to add to the calendar.</summary>
    public static OutboxAttachment Calendar(string fileName, string icsText) => new()
    {
        FileName = fileName,
        ContentType = CalendarContentType,
        Content = System.Text.Encoding.UTF8.GetBytes(icsText),
    };
}
