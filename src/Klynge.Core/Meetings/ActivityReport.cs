namespace Klynge.Core.Meetings;

public enum ActivityReportStatus { Draft, Submitted }

/// <summary>
/// A cluster's annual activity report (årsrapport) for one year: the figures worked out from its meetings, frozen
/// as JSON (<see cref="ActivityFigures"/>) when it is submitted, and the coordinator's own text. A submitted version is
/// never changed again; reopening makes a new draft version, so what was sent can always be shown as it was.
/// </summary>
public class ActivityReport
{
    public int Id { get; set; }
    public int ClusterId { get; set; }
    public int Year { get; set; }
    /// <summary>1 for the first report of the year, one more for each reopening.</summary>
    public int Version { get; set; }
    public ActivityReportStatus Status { get; set; }
    /// <summary>The figures as JSON; for a draft, those of the last save.</summary>
    public string FiguresJson { get; set; } = "{}";
    public string Summary { get; set; } = "";
    public string PlansNextYear { get; set; } = "";
    public required string CreatedBy { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public string? UpdatedBy { get; set; }
    public DateTime? UpdatedAtUtc { get; set; }
    public string? SubmittedBy { get; set; }
    public DateTime? SubmittedAtUtc { get; set; }
}

/// <summary>How many held meetings used one format.</summary>
public sealed record FormatCount(MeetingFormat Format, int Meetings);

/// <summary>A topic the cluster worked on: a catalogue topic (with its Danish title) or a self-chosen one (empty id, the meeting title).</summary>
public sealed record TopicCount(string TopicId, string Title, int Meetings);

/// <summary>A package used in the year: one ordered for a held meeting, or published for the cluster in the year.</summary>
public sealed record PackageUse(int PackageId, string TopicId, DateOnly? MeetingOn);

/// <summary>The mean answers to the four evaluation questions (1–5), over every evaluation of the year's held meetings.</summary>
public sealed record EvaluationMeans(int Answers, double Productive, double DataUseful, double Commitment, double AgreementEasy)
{
    public double Overall => (Productive + DataUseful + Commitment + AgreementEasy) / 4.0;
}

/// <summary>
/// The figures of an activity report. Only held meetings count. Attendance counts the GPs invited as members
/// (staff and guests are left out, as the cluster's attendance rule is about its GPs). Agreed actions are those
/// made at the year's held meetings, with their status at the time the figures were taken.
/// </summary>
public sealed record ActivityFigures(
    int Year,
    int MeetingsHeld,
    int MeetingsCancelled,
    IReadOnlyList<FormatCount> Formats,
    IReadOnlyList<TopicCount> Topics,
    IReadOnlyList<PackageUse> Packages,
    int GpsInvited,
    int GpsAttended,
    int ActionsAgreed,
    int ActionsDone,
    int ActionsDropped,
    EvaluationMeans? Evaluations,
    decimal BudgetDkk,
    decimal SpentDkk,
    DateTime TakenAtUtc)
{
    /// <summary>Attended over invited, or null when nobody was invited.</summary>
    public double? AttendanceRate => GpsInvited == 0 ? null : (double)GpsAttended / GpsInvited;
    /// <summary>Done over all agreed actions, or null when none were agreed.</summary>
    public double? DoneShare => ActionsAgreed == 0 ? null : (double)ActionsDone / ActionsAgreed;
    public int ActionsOpen => ActionsAgreed - ActionsDone - ActionsDropped;
}
