using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;

namespace Klynge.Core.Mail;

/// <summary>Hands one message to the outside world; throws when it could not.</summary>
public interface IMailTransport
{
    Task SendAsync(OutboxMessage message, CancellationToken ct);
}

/// <summary>Builds the <see cref="MailMessage"/> both transports send.</summary>
public static class MailMessages
{
    public static MailMessage Build(OutboxMessage message, MailAddress from)
    {
        var mail = new MailMessage
        {
            From = from,
            Subject = message.Subject,
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            Body = message.TextBody,
            BodyEncoding = Encoding.UTF8,
            IsBodyHtml = false,
        };
        mail.To.Add(new MailAddress(message.ToAddress, message.ToName, Encoding.UTF8));
        if (!string.IsNullOrEmpty(message.HtmlBody))
            mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(message.HtmlBody, Encoding.UTF8, MediaTypeNames.Text.Html));
        foreach (var file in message.Attachments)
        {
            var attachment = new Attachment(new MemoryStream(file.Content, writable: false), new ContentType(file.ContentType));
            attachment.ContentType.Name = file.FileName;
            attachment.ContentDisposition!.FileName = file.FileName;
            attachment.NameEncoding = Encoding.UTF8;
            mail.Attachments.Add(attachment);
        }
        mail.Headers.Add("X-Klynge-Kind", message.Kind);
        if (message.Id != 0) mail.Headers.Add("X-Klynge-Message", message.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return mail;
    }
}

/// <summary>Sends through an SMTP server (<c>Klynge:Mail:Smtp</c>).</summary>
public sealed class SmtpTransport(SmtpSettings settings, MailAddress from) : IMailTransport
{
    public SmtpSettings Settings { get; } = settings;

    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        using var mail = MailMessages.Build(message, from);
        using var client = new SmtpClient(Settings.Host, Settings.Port)
        {
            EnableSsl = Settings.EnableSsl,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = Settings.TimeoutSeconds * 1000,
        };
        if (Settings.UserName is not null)
            client.Credentials = new NetworkCredential(Settings.UserName, Settings.Password);
        await client.SendMailAsync(mail, ct);
    }
}

/// <summary>
/// Writes each message as an <c>.eml</c> file into a folder, as a local mail program or a test reads it;
/// the development default, so no mail leaves the machine.
/// </summary>
public sealed class PickupFolderTransport(string folder, MailAddress from) : IMailTransport
{
    public string Folder { get; } = Path.GetFullPath(folder);

    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        using var mail = MailMessages.Build(message, from);
        using var client = new SmtpClient
        {
            DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory,
            PickupDirectoryLocation = Folder,
        };
        await client.SendMailAsync(mail, ct);
    }
}
