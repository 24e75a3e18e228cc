namespace Klynge.Core.Coordination;

/// <summary>What a task is about: one of the yearly duties, or anything else the coordinators agree to do.</summary>
public enum ClusterTaskKind { Other, ActivityReport, Budget, AnnualAccounts, MemberListCheck }

public enum ClusterTaskStatus { Open, Done }

/// <summary>
/// A piece of the cluster's shared coordination work, assigned to one of its coordinators or board members.
/// Tasks are never deleted: completing, reopening and reassigning add a <see cref="ClusterTaskEvent"/>, so the
/// desk can show who did what when, also after a hand-over.
/// </summary>
public class ClusterTask
{
    public int Id { get; set; }
    public int ClusterId { get; set; }
    public required string Title { get; set; }
    public string Notes { get; set; } = "";
    public DateOnly? DueOn { get; set; }
    public ClusterTaskKind Kind { get; set; }
    /// <summary>For the yearly duties: the year they belong to, so each is created once per cluster and year.</summary>
    public int? Year { get; set; }
    public int? AssignedPersonId { get; set; }
    public ClusterTaskStatus Status { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public string? CompletedBy { get; set; }
    public DateTime? CompletedAtUtc { get; set; }

    public bool IsOverdueOn(DateOnly today) => Status == ClusterTaskStatus.Open && DueOn is { } due && due < today;
}

public enum ClusterTaskEventKind { Created, Assigned, Completed, Reopened, HandedOver }

/// <summary>One step in a task's life: who did it, when, and for an assignment from whom to whom.</summary>
public class ClusterTaskEvent
{
    public long Id { get; set; }
    public int TaskId { get; set; }
    public int ClusterId { get; set; }
    public ClusterTaskEventKind Kind { get; set; }
    public int? FromPersonId { get; set; }
    public int? ToPersonId { get; set; }
    public required string UserName { get; set; }
    public DateTime AtUtc { get; set; }
    public string Note { get; set; } = "";
}

/// <summary>
/// A change of coordinator: the old coordinator's role ends on <see cref="HandOverOn"/>, the new one's begins, the old
/// one's open tasks move across, and the note tells the successor what they need to know.
/// </summary>
public class ClusterHandOver
{
    public int Id { get; set; }
    public int ClusterId { get; set; }
    public int FromPersonId { get; set; }
    public int ToPersonId { get; set; }
    public DateOnly HandOverOn { get; set; }
    public string Note { get; set; } = "";
    public int TasksMoved { get; set; }
    public required string RecordedBy { get; set; }
    public DateTime RecordedAtUtc { get; set; }
}
