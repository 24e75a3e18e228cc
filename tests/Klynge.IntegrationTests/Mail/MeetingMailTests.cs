using System.Net.Mail;
using System.Text;
using System.Text.RegularExpressions;
using Klynge.Core.Data;
using Klynge.Core.Mail;
using Klynge.Core.Meetings;
using Klynge.Core.Topics;
using Klynge.IntegrationTests.Packages;
using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Mail;

/// <summary>
/// Meeting mail end to end: the planner's invitations, reminder and update go through the outbox and the SMTP transport
/// to a real SMTP server on loopback, and each message is read back with an independent MIME parser and its calendar
/// file checked against RFC 5545 line by line.
/// </summary>
public partial class MeetingMailTests
{
    private static readonly TopicLibrary Topics = TopicLibrary.Load();
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Day = new(2026, 4, 14);
    private const string Organiser = "koordinator@klynge.example";

    private static MeetingPlan Plan(int clusterId, string venue) => new(
        clusterId, "", Day, MeetingPlan.DefaultStart, MeetingPlan.DefaultEnd, venue, null, MeetingFormat.Plenary, "antibiotics",
        "Færre antibiotika til øjenbetændelse.", null, null, "Ida Holm", false, "1. Velkomst");

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Invitations_reminders_and_updates_reach_the_SMTP_server_with_a_calendar_file_of_the_same_event(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var sink = await SmtpSink.StartAsync();
        var smtp = new SmtpTransport(new SmtpSettings("127.0.0.1", sink.Port, TimeoutSeconds: 20), new MailAddress("klynge@klynge.example", "Klynge"));
        int meetingId;
        string guestToken;
        await using (var db = test.NewContext())
        {
            var fx = await PackageFixture.SeedAsync(db);
            var planner = new MeetingPlanner(db, Topics, "https://klynge.example", Organiser);
            var meeting = await planner.PlanAsync(Plan(fx.Nord.Id, "Lægehuset, Havnegade 1"), "coordinator", Now);
            meetingId = meeting.Id;
            var invited = await planner.InviteAsync(meeting.Id, includeStaff: false, [new MeetingGuest("Tove Kommune", "tove@kommune.example", "Aarhus Kommune")], "coordinator", Now);
            guestToken = invited.Single(i => i.Kind == InviteeKind.Guest).Token;
        }
        await using (var db = test.NewContext())
            Assert.Equal(new MailSendResult(2, 0, 0), await MailSender.SendDueAsync(db, smtp, Now));

        var first = await sink.WaitForAsync(2);
        Assert.Equal(2, first.Count);
        var ida = first.Single(m => m.To == "ida.holm@example.dk");
        Assert.Equal("Mødeindkaldelse: Klynge Nord 14. april", ida.Subject);
        Assert.Equal("Ida Holm", ida.ToName);
        Assert.Equal(MeetingPlanner.InvitationMailKind, ida.Kind);
        Assert.Equal(["ida.holm@example.dk"], ida.Envelope!.To);
        var invitation = Ics(ida);
        var uid = $"meeting-{meetingId}@klynge.example";
        Assert.Equal(uid, invitation.Event["UID"]);
        Assert.Equal("20260414T143000Z", invitation.Event["DTSTART"]);
        Assert.Equal("20260414T170000Z", invitation.Event["DTEND"]);
        Assert.Equal("Klynge Nord: Antibiotika", invitation.Event["SUMMARY"]);
        Assert.Equal("Lægehuset\\, Havnegade 1", invitation.Event["LOCATION"]);
        Assert.Equal(0, invitation.Sequence);
        Assert.Matches("^mailto:koordinator@klynge\\.example$", invitation.Event["ORGANIZER"]);
        Assert.Equal("mailto:ida.holm@example.dk", invitation.Event["ATTENDEE"]);
        Assert.Contains("ROLE=REQ-PARTICIPANT", invitation.Parameters["ATTENDEE"]);
        Assert.Contains("RSVP=TRUE", invitation.Parameters["ATTENDEE"]);
        var tove = Ics(first.Single(m => m.To == "tove@kommune.example"));
        Assert.Equal(uid, tove.Event["UID"]);
        Assert.Contains("ROLE=OPT-PARTICIPANT", tove.Parameters["ATTENDEE"]);

        // The guest answers; the reminder goes to Ida alone and is the same event, not a newer version.
        await using (var db = test.NewContext())
        {
            var planner = new MeetingPlanner(db, Topics, "https://klynge.example", Organiser);
            await planner.RespondAsync(guestToken, RsvpResponse.Yes, Now.AddDays(1));
            Assert.Equal(1, await planner.RemindAsync(meetingId, "coordinator", Now.AddDays(2)));
            Assert.Equal(new MailSendResult(1, 0, 0), await MailSender.SendDueAsync(db, smtp, Now.AddDays(2)));
        }
        var reminder = (await sink.WaitForAsync(3)).Single(m => m.Kind == MeetingPlanner.ReminderMailKind);
        Assert.Equal(("ida.holm@example.dk", "Påmindelse: Klynge Nord 14. april"), (reminder.To, reminder.Subject));
        var reminded = Ics(reminder);
        Assert.Equal((uid, 0), (reminded.Event["UID"], reminded.Sequence));

        // Moving the meeting sends both a newer version of the same event: same UID, higher SEQUENCE, the new place.
        await using (var db = test.NewContext())
        {
            var planner = new MeetingPlanner(db, Topics, "https://klynge.example", Organiser);
            await planner.UpdateAsync(meetingId, Plan((await db.Meetings.SingleAsync()).ClusterId, "Sundhedshuset"), "coordinator", Now.AddDays(3));
            Assert.Equal(new MailSendResult(2, 0, 0), await MailSender.SendDueAsync(db, smtp, Now.AddDays(3)));
        }
        var updates = (await sink.WaitForAsync(5)).Where(m => m.Subject!.StartsWith("Ændret mødeindkaldelse: Klynge Nord", StringComparison.Ordinal)).ToList();
        Assert.Equal(["ida.holm@example.dk", "tove@kommune.example"], updates.Select(m => m.To!).Order());
        foreach (var update in updates)
        {
            var changed = Ics(update);
            Assert.Equal(uid, changed.Event["UID"]);
            Assert.True(changed.Sequence > invitation.Sequence, $"SEQUENCE {changed.Sequence} after {invitation.Sequence}");
            Assert.Equal("Sundhedshuset", changed.Event["LOCATION"]);
        }
        await using (var db = test.NewContext())
            Assert.All(await db.OutboxMessages.ToListAsync(), m => Assert.Equal(MailStatus.Sent, m.Status));

        // Calendar programs look for the method on the MIME part too, not only inside the file.
        var raw = Directory.GetFiles(sink.Folder, "*.eml").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
        Assert.Equal(5, raw.Count);
        Assert.All(raw, eml => Assert.Matches("(?i)Content-Type: text/calendar;[^\r\n]*method=REQUEST", eml.Replace("\r\n ", " ").Replace("\r\n\t", " ")));
    }

    /// <summary>The one VEVENT of a message's calendar file, after checking the calendar's required properties (RFC 5545 3.6 and 3.6.1).</summary>
    private static CalendarFile Ics(ReceivedMail mail)
    {
        var attachment = Assert.Single(mail.Attachments);
        Assert.Equal(("invitation.ics", "text/calendar"), (attachment.FileName, attachment.ContentType));
        var text = Encoding.UTF8.GetString(attachment.Bytes);
        // Content lines end in CRLF; a line starting with a space or tab continues the previous one (3.1).
        Assert.DoesNotMatch("[^\r]\n", text);
        var lines = text.Replace("\r\n ", "").Replace("\r\n\t", "").Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("BEGIN:VCALENDAR", lines[0]);
        Assert.Equal("END:VCALENDAR", lines[^1]);
        Assert.Equal(1, lines.Count(l => l == "BEGIN:VEVENT"));
        var begin = Array.IndexOf(lines, "BEGIN:VEVENT");
        var end = Array.IndexOf(lines, "END:VEVENT");
        var calendar = Properties(lines[1..begin].Concat(lines[(end + 1)..^1]));
        Assert.Equal("2.0", calendar.Values["VERSION"]);
        Assert.Equal(MeetingCalendar.ProductId, calendar.Values["PRODID"]);
        Assert.Equal("REQUEST", calendar.Values["METHOD"]);
        var e = Properties(lines[(begin + 1)..end]);
        foreach (var required in new[] { "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "ORGANIZER", "ATTENDEE" })
            Assert.True(e.Values.ContainsKey(required), $"VEVENT lacks {required}");
        Assert.Matches("^\\d{8}T\\d{6}Z$", e.Values["DTSTAMP"]);
        // SEQUENCE may be left out for the first version, which then counts as 0 (3.8.7.4).
        var sequence = e.Values.TryGetValue("SEQUENCE", out var s) ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return new CalendarFile(e.Values, e.Parameters, sequence);
    }

    private static (Dictionary<string, string> Values, Dictionary<string, string> Parameters) Properties(IEnumerable<string> lines)
    {
        var values = new Dictionary<string, string>();
        var parameters = new Dictionary<string, string>();
        foreach (var line in lines)
        {
            var match = ContentLine().Match(line);
            Assert.True(match.Success, $"not a content line: {line}");
            var name = match.Groups["name"].Value;
            Assert.False(values.ContainsKey(name), $"{name} appears twice");
            values[name] = match.Groups["value"].Value;
            parameters[name] = match.Groups["params"].Value;
        }
        return (values, parameters);
    }

    private sealed record CalendarFile(Dictionary<string, string> Event, Dictionary<string, string> Parameters, int Sequence);

    // name *(";" param) ":" value, where a quoted parameter value may hold ':' (3.1).
    [GeneratedRegex("""^(?<name>[A-Z0-9-]+)(?<params>(;[A-Z0-9-]+=("[^"]*"|[^";:,]*)(,("[^"]*"|[^";:,]*))*)*):(?<value>.*)$""")]
    private static partial Regex ContentLine();
}
