using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Klynge.Core.Meetings;

/// <summary>
/// iCalendar (RFC 5545) for meetings: an invitation per invitee (METHOD:REQUEST, with the invitee as attendee, so
/// calendar programs offer to add it and replace it when <see cref="Meeting.CalendarSequence"/> rises) and a
/// personal feed (METHOD:PUBLISH) a user can subscribe to. Times are written in UTC, which every program reads.
/// </summary>
public static class MeetingCalendar
{
    public const string ProductId = "-//Klynge//Klynge meetings//DA";

    /// <summary>A stable UID per meeting, so every update and every feed refers to the same event.</summary>
    public static string Uid(Meeting meeting, string host) => $"meeting-{meeting.Id}@{host}";

    public static string Invitation(Meeting meeting, string clusterName, MeetingInvitation invitation, string organiserEmail, string host, string description)
    {
        var calendar = NewCalendar("REQUEST");
        var e = Event(meeting, clusterName, host, description);
        e.Organizer = new Organizer($"mailto:{organiserEmail}") { CommonName = clusterName };
        e.Attendees.Add(new Attendee($"mailto:{invitation.Email}")
        {
            CommonName = invitation.Name,
            Role = invitation.Kind == InviteeKind.Guest ? ParticipationRole.OptionalParticipant : ParticipationRole.RequiredParticipant,
            ParticipationStatus = invitation.Response switch
            {
                RsvpResponse.Yes => EventParticipationStatus.Accepted,
                RsvpResponse.No => EventParticipationStatus.Declined,
                RsvpResponse.Maybe => EventParticipationStatus.Tentative,
                _ => EventParticipationStatus.NeedsAction,
            },
            Rsvp = true,
        });
        calendar.Events.Add(e);
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    /// <summary>A subscription feed of meetings, e.g. every meeting of the user's clusters.</summary>
    public static string Feed(string name, IEnumerable<(Meeting Meeting, string ClusterName)> meetings, string host)
    {
        var calendar = NewCalendar("PUBLISH");
        calendar.AddProperty("X-WR-CALNAME", name);
        foreach (var (meeting, cluster) in meetings) calendar.Events.Add(Event(meeting, cluster, host, meeting.ProblemStatement));
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static Calendar NewCalendar(string method) => new() { ProductId = ProductId, Method = method };

    private static CalendarEvent Event(Meeting meeting, string clusterName, string host, string description) => new()
    {
        Uid = Uid(meeting, host),
        DtStamp = new CalDateTime(DateTime.UtcNow),
        Start = new CalDateTime(DateTime.SpecifyKind(meeting.StartsAt, DateTimeKind.Utc)),
        End = new CalDateTime(DateTime.SpecifyKind(meeting.EndsAt, DateTimeKind.Utc)),
        Summary = $"{clusterName}: {meeting.Title}",
        Location = string.IsNullOrWhiteSpace(meeting.Venue) ? meeting.OnlineUrl ?? "" : meeting.Venue,
        Description = description,
        Sequence = meeting.CalendarSequence,
        Status = meeting.Status == MeetingStatus.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
        Url = meeting.OnlineUrl is { Length: > 0 } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : null,
    };
}
