using System.CommandLine;
using Klynge.Core.Mail;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Cli;

/// <summary><c>klynge mail ...</c>: the outbox from the command line, e.g. from cron where the web app does not send.</summary>
public static class MailCommands
{
    public static Command Build(CliOutput output)
    {
        var mail = new Command("mail", "The e-mail outbox.");

        var sendPending = new Command("send-pending", "Send every due message once through the configured transport and print the counts.");
        sendPending.SetAction(async (_, ct) =>
        {
            var settings = MailSettings.From(KlyngeCommand.Configuration());
            await using var db = await KlyngeCommand.OpenDatabaseAsync(ct);
            var result = await MailSender.SendDueAsync(db, settings.CreateTransport(), DateTimeOffset.UtcNow, ct, settings.SenderOptions);
            output.Out.WriteLine($"Sent {result.Sent}, to retry {result.Retrying}, failed {result.Failed} (through {settings.Describe()}).");
            return 0;
        });
        mail.Subcommands.Add(sendPending);

        var statusOption = new Option<string?>("--status") { Description = "Only messages with this status: pending, sent or failed." };
        var limitOption = new Option<int>("--limit") { Description = "At most this many messages, newest first.", DefaultValueFactory = _ => 50 };
        var list = new Command("list", "List outbox messages, newest first.") { statusOption, limitOption };
        list.SetAction(async (parse, ct) =>
        {
            var statusText = parse.GetValue(statusOption);
            MailStatus? status = null;
            if (!string.IsNullOrWhiteSpace(statusText))
            {
                if (!Enum.TryParse<MailStatus>(statusText.Trim(), ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                {
                    output.Error.WriteLine($"error: unknown status '{statusText}'; use pending, sent or failed.");
                    return 2;
                }
                status = parsed;
            }
            await using var db = await KlyngeCommand.OpenDatabaseAsync(ct);
            var query = db.OutboxMessages.AsNoTracking();
            if (status is MailStatus s) query = query.Where(m => m.Status == s);
            var messages = await query.OrderByDescending(m => m.Id).Take(Math.Max(1, parse.GetValue(limitOption))).ToListAsync(ct);
            if (messages.Count == 0)
            {
                output.Out.WriteLine("No messages.");
                return 0;
            }
            output.Out.WriteLine("id\tstatus\tattempts\tcreated_utc\tnext_attempt_utc\tsent_utc\tkind\tto\tsubject\tlast_error");
            foreach (var m in messages)
            {
                var next = m.Status == MailStatus.Pending ? Format(m.NextAttemptAtUtc) : "";
                output.Out.WriteLine(string.Join('\t', m.Id, m.Status.ToString().ToLowerInvariant(), m.Attempts, Format(m.CreatedAtUtc), next,
                    Format(m.SentAtUtc), m.Kind, m.ToAddress, m.Subject, OneLine(m.LastError)));
            }
            return 0;
        });
        mail.Subcommands.Add(list);
        return mail;
    }

    private static string Format(DateTime? at) => at is DateTime t ? t.ToString("yyyy-MM-dd HH:mm:ss") : "";

    private static string OneLine(string? text) => text?.ReplaceLineEndings(" ").Replace('\t', ' ') ?? "";
}
