using System.Net.Mail;
using System.Text;
using Klynge.Core.Data;
using Klynge.Core.Mail;
using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Mail;

/// <summary>
/// The transports against the real thing: an SMTP server on loopback (tests/smtp-sink) and a pickup
/// folder, each message read back with an independent MIME parser (mailparser).
/// </summary>
public class MailTransportTests
{
    private static readonly MailAddress From = new("klynge@klynge.test", "Klynge");

    private const string Invitation =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Klynge//Mail test//DA\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n" +
        "UID:meeting-42@klynge.test\r\nDTSTAMP:20260302T080000Z\r\nDTSTART:20260310T150000Z\r\nDTEND:20260310T170000Z\r\n" +
        "SUMMARY:Klyngemøde om antibiotika\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    private static OutboxMessage InvitationMessage(string to = "nina.krog@klynge.test")
    {
        var message = new OutboxMessage
        {
            Kind = "meeting-invitation",
            ToAddress = to,
            ToName = "Nina Krog",
            Subject = "Invitation: klyngemøde om antibiotika, tirsdag 10. marts",
            TextBody = "Hej Nina\n\nDu er inviteret til klyngemødet tirsdag den 10. marts kl. 16-18 i Århus.\n",
            HtmlBody = "<p>Du er inviteret til klyngemødet <strong>tirsdag den 10. marts</strong>.</p>",
            Reference = "meeting:42",
        };
        message.Attachments.Add(OutboxAttachment.Calendar("invitation.ics", Invitation));
        return message;
    }

    private static SmtpTransport Smtp(int port) => new(new SmtpSettings("127.0.0.1", port, TimeoutSeconds: 20), From);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_invitation_goes_through_a_real_SMTP_server_with_its_calendar_file(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var sink = await SmtpSink.StartAsync();
        await using (var db = test.NewContext())
        {
            db.Enqueue(InvitationMessage(), MailOutboxTests.T0);
            await db.SaveChangesAsync();
        }

        await using (var db = test.NewContext())
            Assert.Equal(new MailSendResult(1, 0, 0), await MailSender.SendDueAsync(db, Smtp(sink.Port), MailOutboxTests.T0));

        var mail = Assert.Single(await sink.WaitForAsync(1));
        AssertInvitation(mail);
        Assert.Equal("klynge@klynge.test", mail.Envelope!.From);
        Assert.Equal(["nina.krog@klynge.test"], mail.Envelope.To);
        await using (var db = test.NewContext())
            Assert.Equal(MailStatus.Sent, (await db.OutboxMessages.SingleAsync()).Status);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task With_the_SMTP_server_down_nothing_is_lost_and_the_next_run_after_it_comes_up_delivers(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var port = SmtpSink.FreePort();
        var t0 = MailOutboxTests.T0;
        await using (var db = test.NewContext())
        {
            db.Enqueue(InvitationMessage(), t0);
            await db.SaveChangesAsync();
        }

        await using (var db = test.NewContext())
            Assert.Equal(new MailSendResult(0, 1, 0), await MailSender.SendDueAsync(db, Smtp(port), t0));
        await using (var db = test.NewContext())
        {
            var waiting = await db.OutboxMessages.Include(m => m.Attachments).SingleAsync();
            Assert.Equal((MailStatus.Pending, 1), (waiting.Status, waiting.Attempts));
            Assert.Equal(t0.UtcDateTime.AddMinutes(1), DateTime.SpecifyKind(waiting.NextAttemptAtUtc, DateTimeKind.Utc));
            Assert.Contains("SmtpException", waiting.LastError);
            Assert.Equal(Invitation, Encoding.UTF8.GetString(Assert.Single(waiting.Attachments).Content));
        }

        await using var sink = await SmtpSink.StartAsync(port);
        await using (var db = test.NewContext())
        {
            Assert.Equal(new MailSendResult(0, 0, 0), await MailSender.SendDueAsync(db, Smtp(port), t0.AddSeconds(30)));
            Assert.Equal(new MailSendResult(1, 0, 0), await MailSender.SendDueAsync(db, Smtp(port), t0.AddMinutes(1)));
            var sent = await db.OutboxMessages.SingleAsync();
            Assert.Equal((MailStatus.Sent, 2), (sent.Status, sent.Attempts));
        }
        AssertInvitation(Assert.Single(await sink.WaitForAsync(1)));
    }

    [Fact]
    public async Task The_pickup_folder_gets_an_eml_file_a_mail_program_can_read()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var folder = Path.Combine(Path.GetTempPath(), $"klynge-pickup-{Guid.NewGuid():N}", "mail");
        try
        {
            await using (var db = test.NewContext())
            {
                db.Enqueue(InvitationMessage(), MailOutboxTests.T0);
                await db.SaveChangesAsync();
                Assert.Equal(new MailSendResult(1, 0, 0),
                    await MailSender.SendDueAsync(db, new PickupFolderTransport(folder, From), MailOutboxTests.T0));
            }

            var file = Assert.Single(Directory.GetFiles(folder, "*.eml"));
            AssertInvitation(await SmtpSink.ParseAsync(file));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    private static void AssertInvitation(ReceivedMail mail)
    {
        Assert.Equal("Invitation: klyngemøde om antibiotika, tirsdag 10. marts", mail.Subject);
        Assert.Equal(("nina.krog@klynge.test", "Nina Krog"), (mail.To, mail.ToName));
        Assert.Equal(("klynge@klynge.test", "Klynge"), (mail.From, mail.FromName));
        Assert.Equal("meeting-invitation", mail.Kind);
        Assert.Contains("Du er inviteret til klyngemødet tirsdag den 10. marts kl. 16-18 i Århus.", mail.Text);
        Assert.Contains("<strong>tirsdag den 10. marts</strong>", mail.Html);
        var ics = Assert.Single(mail.Attachments);
        Assert.Equal(("invitation.ics", "text/calendar"), (ics.FileName, ics.ContentType));
        Assert.Equal(Invitation, Encoding.UTF8.GetString(ics.Bytes));
    }
}
