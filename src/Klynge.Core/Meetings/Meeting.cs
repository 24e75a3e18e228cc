namespace Klynge.Core.Meetings;

/// <summary>The building blocks of a meeting; evaluations found that mixing formats goes with more benefit.</summary>
[Flags]
public enum MeetingFormat
{
    None = 0,
    Plenary = 1,
    GroupWork = 2,
    CaseDiscussion = 4,
    ExternalSpeaker = 8,
}

public enum MeetingStatus { Planned, Held, Cancelled }

/// <summary>
/// A cluster meeting: when and where, what it is about (a catalogue topic or a self-chosen one, with the concrete
/// problem the cluster wants to change), who is responsible for what, and its agenda and minutes. Invitations,
/// attendance, agreed actions and evaluations hang on it.
/// </summary>
public class Meeting
{
    public int Id { get; set; }
    public int ClusterId { get; set; }
    /// <summary>Start and end in UTC; shown in Danish time.</summary>
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }
    /// <summary>Topic id from the catalogue (e.g. <c>antibiotics</c>), or empty for a self-chosen topic.</summary>
    public string TopicId { get; set; } = "";
    public string Title { get; set; } = "";
    /// <summary>What exactly the cluster wants to change, and how it will know: the question that makes a meeting productive.</summary>
    public string ProblemStatement { get; set; } = "";
    public string Venue { get; set; } = "";
    public string? OnlineUrl { get; set; }
    public MeetingFormat Formats { get; set; }
    /// <summary>The person responsible for the content, and the one for the practical side (venue, food).</summary>
    public int? ContentResponsibleId { get; set; }
    public int? PracticalResponsibleId { get; set; }
    /// <summary>Who leads the meeting, by name; <see cref="FacilitatorExternal"/> when from outside the cluster.</summary>
    public string Facilitator { get; set; } = "";
    public bool FacilitatorExternal { get; set; }
    /// <summary>The agenda in Markdown, started from a template.</summary>
    public string Agenda { get; set; } = "";
    /// <summary>Minutes in Markdown; decisions and actions are kept apart in <see cref="AgreedAction"/>.</summary>
    public string Minutes { get; set; } = "";
    public MeetingStatus Status { get; set; }
    /// <summary>Raised each time the invitation changes, so calendars replace the earlier version (RFC 5545 SEQUENCE).</summary>
    public int CalendarSequence { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
}

/// <summary>
/// A known effect the demo generator planted: after <see cref="MeetingId"/>, the cluster's practices
/// lowered the named indicator by <see cref="RelativeChange"/> from <see cref="FromQuarter"/> on. Kept so
/// the programme evaluation can be tested against the truth.
/// </summary>
public class PlantedEffect
{
    public int Id { get; set; }
    public int MeetingId { get; set; }
    public int ClusterId { get; set; }
    public required string TopicId { get; set; }
    public required string IndicatorId { get; set; }
    /// <summary>E.g. -0.15 for a 15 % fall.</summary>
    public double RelativeChange { get; set; }
    public int FromQuarter { get; set; }
}
