using System.Collections.Concurrent;
using System.Text;
using Klynge.Core.Audit;
using Klynge.Core.Data;
using Klynge.Core.Mail;
using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Mail;

/// <summary>The outbox on both providers: stored with the change, sent once, retried with back-off, given up on.</summary>
public class MailOutboxTests
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public static OutboxMessage NewMessage(string to = "anne.holm@klynge.test", string reference = "package:17") => new()
    {
        Kind = "package-published",
        ToAddress = to,
        ToName = "Anne Holm",
        Subject = "Ny datapakke til Klynge Aarhus Nord",
        TextBody = "Hej Anne\n\nDatapakken for 4. kvartal 2025 er klar.",
        Reference = reference,
    };

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_message_is_saved_with_the_change_that_causes_it_or_not_at_all(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);

        await using (var db = test.NewContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            db.Record("admin@klynge.test", "package.publish", "Package", 17);
            db.Enqueue(NewMessage(), T0);
            Assert.Equal(0, await db.OutboxMessages.CountAsync());
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        }
        await using (var db = test.NewContext())
        {
            Assert.Equal(0, await db.OutboxMessages.CountAsync());
            Assert.Equal(0, await db.AuditEntries.CountAsync());
        }

        await using (var db = test.NewContext())
        {
            db.Record("admin@klynge.test", "package.publish", "Package", 17);
            var message = NewMessage();
            message.HtmlBody = "<p>Datapakken er klar.</p>";
            message.Attachments.Add(OutboxAttachment.Calendar("møde.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"));
            MailOutbox.Enqueue(db, message, T0);
            await db.SaveChangesAsync();
        }
        await using (var db = test.NewContext())
        {
            var stored = await db.OutboxMessages.Include(m => m.Attachments).SingleAsync();
            Assert.Equal(1, await db.AuditEntries.CountAsync());
            Assert.Equal((MailStatus.Pending, 0, "package:17", "anne.holm@klynge.test"), (stored.Status, stored.Attempts, stored.Reference, stored.ToAddress));
            Assert.Equal(T0.UtcDateTime, DateTime.SpecifyKind(stored.CreatedAtUtc, DateTimeKind.Utc));
            Assert.Equal(T0.UtcDateTime, DateTime.SpecifyKind(stored.NextAttemptAtUtc, DateTimeKind.Utc));
            Assert.Equal("<p>Datapakken er klar.</p>", stored.HtmlBody);
            var attachment = Assert.Single(stored.Attachments);
            Assert.Equal(("møde.ics", OutboxAttachment.CalendarContentType), (attachment.FileName, attachment.ContentType));
            Assert.Equal("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", Encoding.UTF8.GetString(attachment.Content));
        }
    }

    [Theory]
    [InlineData("anne.holm", "'anne.holm' is not a valid e-mail address")]
    [InlineData("Anne Holm <anne@klynge.test>", "is not a valid e-mail address")]
    [InlineData("anne@", "'anne@' is not a valid e-mail address")]
    [InlineData("", "'' is not a valid e-mail address")]
    [InlineData("anne@klynge.test\r\nBcc: x@y.z", "is not a valid e-mail address")]
    public async Task An_unusable_address_is_refused_with_a_clear_error_and_nothing_is_added(string address, string expected)
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = test.NewContext();

        var error = Assert.Throws<ArgumentException>(() => db.Enqueue(NewMessage(address)));

        Assert.Contains(expected, error.Message);
        Assert.Contains("package-published", error.Message);
        Assert.Empty(db.ChangeTracker.Entries<OutboxMessage>());
    }

    [Fact]
    public async Task A_subject_with_a_line_break_or_a_bad_content_type_is_refused()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = test.NewContext();
        var subject = NewMessage();
        subject.Subject = "Møde\r\nBcc: someone@else.test";
        var attachment = NewMessage();
        attachment.Attachments.Add(new OutboxAttachment { FileName = "a.ics", ContentType = "calendar", Content = [1] });

        Assert.Contains("subject", Assert.Throws<ArgumentException>(() => db.Enqueue(subject)).Message);
        Assert.Contains("'calendar' is not a valid content type", Assert.Throws<ArgumentException>(() => db.Enqueue(attachment)).Message);
        Assert.Empty(db.ChangeTracker.Entries<OutboxMessage>());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Due_messages_are_sent_once_and_later_ones_wait(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using (var db = test.NewContext())
        {
            db.Enqueue(NewMessage("a@klynge.test"), T0);
            db.Enqueue(NewMessage("b@klynge.test"), T0.AddMinutes(5));
            await db.SaveChangesAsync();
        }
        var transport = new RecordingTransport();

        await using (var db = test.NewContext())
        {
            var first = await MailSender.SendDueAsync(db, transport, T0.AddMinutes(1));
            Assert.Equal(new MailSendResult(1, 0, 0), first);
            var again = await MailSender.SendDueAsync(db, transport, T0.AddMinutes(2));
            Assert.Equal(new MailSendResult(0, 0, 0), again);
        }
        Assert.Equal(["a@klynge.test"], transport.Sent.Select(m => m.ToAddress));

        await using (var db = test.NewContext())
        {
            var a = await db.OutboxMessages.SingleAsync(m => m.ToAddress == "a@klynge.test");
            Assert.Equal((MailStatus.Sent, 1, (string?)null), (a.Status, a.Attempts, a.LastError));
            Assert.Equal(T0.AddMinutes(1).UtcDateTime, DateTime.SpecifyKind(a.SentAtUtc!.Value, DateTimeKind.Utc));
            var b = await db.OutboxMessages.SingleAsync(m => m.ToAddress == "b@klynge.test");
            Assert.Equal((MailStatus.Pending, 0, (DateTime?)null), (b.Status, b.Attempts, b.SentAtUtc));

            Assert.Equal(new MailSendResult(1, 0, 0), await MailSender.SendDueAsync(db, transport, T0.AddMinutes(5)));
        }
        Assert.Equal(["a@klynge.test", "b@klynge.test"], transport.Sent.Select(m => m.ToAddress));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Failures_back_off_1_2_4_minutes_and_so_on_and_the_tenth_gives_up(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using (var db = test.NewContext())
        {
            db.Enqueue(NewMessage(), T0);
            await db.SaveChangesAsync();
        }
        var transport = new RecordingTransport { FailWith = "450 mailbox busy" };
        // Worked out by hand: 2^(n-1) minutes after the n-th failure, capped at 360 minutes.
        int[] expectedWaits = [1, 2, 4, 8, 16, 32, 64, 128, 256];

        var now = T0;
        for (var attempt = 1; attempt <= 9; attempt++)
        {
            await using var db = test.NewContext();
            // A moment before the message is due, the sender leaves it alone.
            if (attempt > 1) Assert.Equal(new MailSendResult(0, 0, 0), await MailSender.SendDueAsync(db, transport, now.AddSeconds(-1)));
            Assert.Equal(new MailSendResult(0, 1, 0), await MailSender.SendDueAsync(db, transport, now));
            var message = await db.OutboxMessages.AsNoTracking().SingleAsync();
            Assert.Equal((MailStatus.Pending, attempt), (message.Status, message.Attempts));
            var next = DateTime.SpecifyKind(message.NextAttemptAtUtc, DateTimeKind.Utc);
            Assert.Equal(now.UtcDateTime.AddMinutes(expectedWaits[attempt - 1]), next);
            Assert.Contains("450 mailbox busy", message.LastError);
            now = new DateTimeOffset(next);
        }

        await using (var db = test.NewContext())
        {
            Assert.Equal(new MailSendResult(0, 0, 1), await MailSender.SendDueAsync(db, transport, now));
            var message = await db.OutboxMessages.AsNoTracking().SingleAsync();
            Assert.Equal((MailStatus.Failed, 10), (message.Status, message.Attempts));
            Assert.Contains("450 mailbox busy", message.LastError);
            Assert.Equal(new MailSendResult(0, 0, 0), await MailSender.SendDueAsync(db, transport, now.AddDays(30)));
        }
        Assert.Equal(10, transport.Tries);

        // An administrator's retry starts a fresh series, and the message goes once the server answers.
        await using (var db = test.NewContext())
        {
            var id = await db.OutboxMessages.Select(m => m.Id).SingleAsync();
            Assert.True(await MailSender.RetryAsync(db, id, now.AddDays(1)));
            Assert.False(await MailSender.RetryAsync(db, id, now.AddDays(1)));
            transport.FailWith = null;
            Assert.Equal(new MailSendResult(1, 0, 0), await MailSender.SendDueAsync(db, transport, now.AddDays(1)));
            var message = await db.OutboxMessages.AsNoTracking().SingleAsync();
            Assert.Equal((MailStatus.Sent, 1), (message.Status, message.Attempts));
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_number_of_tries_is_configurable(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        db.Enqueue(NewMessage(), T0);
        await db.SaveChangesAsync();
        var transport = new RecordingTransport { FailWith = "down" };
        var options = new MailSenderOptions(MaxAttempts: 2);

        Assert.Equal(new MailSendResult(0, 1, 0), await MailSender.SendDueAsync(db, transport, T0, options: options));
        Assert.Equal(new MailSendResult(0, 0, 1), await MailSender.SendDueAsync(db, transport, T0.AddMinutes(1), options: options));

        Assert.Equal(MailStatus.Failed, (await db.OutboxMessages.AsNoTracking().SingleAsync()).Status);
    }

    [Fact]
    public void Retry_delays_double_from_one_minute_and_stop_at_six_hours()
    {
        Assert.Equal(
            [1d, 2, 4, 8, 16, 32, 64, 128, 256, 360, 360, 360],
            Enumerable.Range(1, 12).Select(n => MailSender.RetryDelay(n).TotalMinutes));
        Assert.Equal(TimeSpan.FromHours(6), MailSender.RetryDelay(1000));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Only_one_of_two_senders_claims_a_message(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        long id;
        await using (var db = test.NewContext())
        {
            var message = db.Enqueue(NewMessage(), T0);
            await db.SaveChangesAsync();
            id = message.Id;
        }

        await using var one = test.NewContext();
        await using var two = test.NewContext();
        Assert.True(await MailSender.ClaimAsync(one, id, T0.UtcDateTime));
        Assert.False(await MailSender.ClaimAsync(two, id, T0.UtcDateTime));
        // The claim holds the message until the lease runs out, then a crashed sender's message is due again.
        Assert.False(await MailSender.ClaimAsync(two, id, T0.UtcDateTime + MailSender.ClaimLease - TimeSpan.FromSeconds(1)));
        Assert.True(await MailSender.ClaimAsync(two, id, T0.UtcDateTime + MailSender.ClaimLease));
        Assert.Equal(2, (await one.OutboxMessages.AsNoTracking().SingleAsync()).Attempts);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_senders_running_at_once_send_every_message_exactly_once(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        const int count = 30;
        await using (var db = test.NewContext())
        {
            for (var i = 0; i < count; i++) db.Enqueue(NewMessage($"gp{i}@klynge.test"), T0);
            await db.SaveChangesAsync();
        }
        var transport = new RecordingTransport { Delay = TimeSpan.FromMilliseconds(5) };

        async Task<MailSendResult> RunAsync()
        {
            await using var db = test.NewContext();
            return await MailSender.SendDueAsync(db, transport, T0);
        }
        var results = await Task.WhenAll(Task.Run(RunAsync), Task.Run(RunAsync));

        Assert.Equal(count, results.Sum(r => r.Sent));
        Assert.Equal(count, transport.Sent.Count);
        Assert.Equal(count, transport.Sent.Select(m => m.ToAddress).Distinct().Count());
        await using (var db = test.NewContext())
        {
            Assert.Equal(count, await db.OutboxMessages.CountAsync(m => m.Status == MailStatus.Sent && m.Attempts == 1));
        }
    }
}

/// <summary>A transport that records what it is given and fails on demand.</summary>
public sealed class RecordingTransport : IMailTransport
{
    public ConcurrentQueue<OutboxMessage> Sent { get; } = new();
    public string? FailWith { get; set; }
    public TimeSpan Delay { get; set; }
    private int _tries;
    public int Tries => _tries;

    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        Interlocked.Increment(ref _tries);
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, ct);
        if (FailWith is not null) throw new System.Net.Mail.SmtpException(FailWith);
        Sent.Enqueue(message);
    }
}
