namespace Klynge.Core.Meetings;

/// <summary>Who an invitation is for: a GP or staff member of a member practice, or a guest from outside the cluster.</summary>
public enum InviteeKind { Member, Staff, Guest }

public enum RsvpResponse { None, Yes, No, Maybe }

/// <summary>
/// One person invited to one meeting. Members are people in the registry; guests (municipality, hospital,
/// pharmacist) are known only by name and address and see only this meeting, through <see cref="Token"/>.
/// </summary>
public class MeetingInvitation
{
    public int Id { get; set; }
    public int MeetingId { get; set; }
    public InviteeKind Kind { get; set; }
    public int? PersonId { get; set; }
    /// <summary>The practice the person was invited through (members and staff).</summary>
    public int? PracticeId { get; set; }
    public required string Name { get; set; }
    public required string Email { get; set; }
    /// <summary>For guests: where they come from, e.g. "Aarhus Kommune".</summary>
    public string Organisation { get; set; } = "";
    /// <summary>A random secret for the answer links and the guest's view of the meeting.</summary>
    public required string Token { get; set; }
    public DateTime InvitedAtUtc { get; set; }
    public RsvpResponse Response { get; set; }
    public DateTime? RespondedAtUtc { get; set; }
    public DateTime? RemindedAtUtc { get; set; }
    /// <summary>Set when checked in at the meeting.</summary>
    public DateTime? AttendedAtUtc { get; set; }
    /// <summary>When the evaluation questionnaire was sent to this attendee.</summary>
    public DateTime? EvaluationSentAtUtc { get; set; }
}

public enum ActionStatus { Open, Done, Dropped }

/// <summary>
/// Something the cluster agreed to do at a meeting: for the whole cluster (<see cref="PracticeId"/> null) or for one
/// practice, with an owner and a due date. Open actions come back on the next meeting's agenda and in follow-up packages.
/// </summary>
public class AgreedAction
{
    public int Id { get; set; }
    public int MeetingId { get; set; }
    public int ClusterId { get; set; }
    public int? PracticeId { get; set; }
    public required string Text { get; set; }
    public string Owner { get; set; } = "";
    public DateOnly? DueOn { get; set; }
    public ActionStatus Status { get; set; }
    public DateTime? ClosedAtUtc { get; set; }
}

/// <summary>
/// One attendee's evaluation of a meeting on a five-point scale (1 = not at all, 5 = very much), the questions
/// the programme evaluations found to matter. Anonymous to the coordinator: only the invitation it came from is
/// kept, to stop a second answer.
/// </summary>
public class MeetingEvaluation
{
    public int Id { get; set; }
    public int MeetingId { get; set; }
    public int InvitationId { get; set; }
    public int Productive { get; set; }
    public int DataUseful { get; set; }
    public int Commitment { get; set; }
    public int AgreementEasy { get; set; }
    public string Comment { get; set; } = "";
    public DateTime SubmittedAtUtc { get; set; }

    public double Mean => (Productive + DataUseful + Commitment + AgreementEasy) / 4.0;
}
