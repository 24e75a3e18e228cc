namespace Klynge.Core.Funds;

/// <summary>What an expense was for; the categories the regions ask clusters to account by.</summary>
public enum ExpenseCategory { Venue, Food, Speaker, Other }

/// <summary>
/// Where an expense is in its reimbursement: submitted by whoever paid, approved (or rejected) by the cluster's
/// coordinator, chair or treasurer, and finally reimbursed. Approved and reimbursed expenses count against the budget.
/// </summary>
public enum ReimbursementStatus { Submitted, Approved, Reimbursed, Rejected }

/// <summary>A cluster's budget for one calendar year, in Danish kroner.</summary>
public class ClusterBudget
{
    public int Id { get; set; }
    public int ClusterId { get; set; }
    public int Year { get; set; }
    public decimal AmountDkk { get; set; }
    public string Notes { get; set; } = "";
    public required string UpdatedBy { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
}

/// <summary>
/// Money a member spent on the cluster's work, e.g. the room or the food for a meeting, with who paid and where the
/// reimbursement stands. Rows are never deleted: a wrong expense is rejected, so the accounts keep their history.
/// </summary>
public class Expense
{
    public int Id { get; set; }
    public int ClusterId { get; set; }
    public DateOnly SpentOn { get; set; }
    public ExpenseCategory Category { get; set; }
    public decimal AmountDkk { get; set; }
    public required string Description { get; set; }
    /// <summary>The meeting the money was spent for, if any; it must be one of the cluster's own meetings.</summary>
    public int? MeetingId { get; set; }
    /// <summary>The name of the person who paid and is to be reimbursed.</summary>
    public required string PaidBy { get; set; }
    public ReimbursementStatus Status { get; set; }
    public required string SubmittedBy { get; set; }
    public DateTime SubmittedAtUtc { get; set; }
    /// <summary>Who approved or rejected it, and when.</summary>
    public string? DecidedBy { get; set; }
    public DateTime? DecidedAtUtc { get; set; }
    public string? ReimbursedBy { get; set; }
    public DateTime? ReimbursedAtUtc { get; set; }
    /// <summary>Why it was rejected, shown to the cluster's managers.</summary>
    public string RejectionReason { get; set; } = "";

    /// <summary>Approved and reimbursed expenses are what the budget has paid for.</summary>
    public bool CountsAgainstBudget => Status is ReimbursementStatus.Approved or ReimbursementStatus.Reimbursed;
}

/// <summary>
/// The receipt for one expense, kept in the database next to the expense (not on disk): it is backed up with the
/// accounts, needs no shared folder between web servers, and is only ever read through the access rules.
/// </summary>
public class ExpenseReceipt
{
    public int ExpenseId { get; set; }
    public required string FileName { get; set; }
    /// <summary>Worked out from the file's first bytes, never taken from the browser.</summary>
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public required string UploadedBy { get; set; }
    public DateTime UploadedAtUtc { get; set; }
}
