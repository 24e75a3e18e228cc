using Klynge.Core.Audit;
using Klynge.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Funds;

/// <summary>A change to the funds was refused; the message (Danish) says why and is shown to the user.</summary>
public sealed class FundsException(string message) : Exception(message);

/// <summary>What is filled in for an expense.</summary>
public sealed record ExpenseInput(
    int ClusterId,
    DateOnly SpentOn,
    ExpenseCategory Category,
    decimal AmountDkk,
    string Description,
    int? MeetingId,
    string PaidBy);

/// <summary>Spent on one category in a year: approved (approved and reimbursed) and still awaiting a decision.</summary>
public sealed record CategoryTotal(ExpenseCategory Category, decimal Approved, decimal Pending);

/// <summary>Approved spending on one meeting in the year.</summary>
public sealed record MeetingTotal(int MeetingId, string Title, DateTime StartsAt, decimal Approved, decimal Pending);

/// <summary>
/// A cluster's funds for one year: the budget, every expense dated in the year, and the sums. Remaining is the
/// budget less what has been approved or reimbursed; submitted expenses are shown apart, not yet subtracted.
/// </summary>
public sealed record FundsYear(
    int ClusterId,
    int Year,
    ClusterBudget? Budget,
    IReadOnlyList<Expense> Expenses,
    IReadOnlyList<CategoryTotal> Categories,
    IReadOnlyList<MeetingTotal> Meetings,
    IReadOnlyDictionary<int, bool> HasReceipt)
{
    public decimal BudgetDkk => Budget?.AmountDkk ?? 0m;
    public decimal Approved => Expenses.Where(e => e.CountsAgainstBudget).Sum(e => e.AmountDkk);
    public decimal Pending => Expenses.Where(e => e.Status == ReimbursementStatus.Submitted).Sum(e => e.AmountDkk);
    public decimal Reimbursed => Expenses.Where(e => e.Status == ReimbursementStatus.Reimbursed).Sum(e => e.AmountDkk);
    public decimal Remaining => BudgetDkk - Approved;
}

/// <summary>
/// A cluster's budget, expenses, receipts and reimbursements. Callers check that the user may manage the cluster's
/// funds (<see cref="Access.AccessScope.CanManageFunds"/>); this class checks the accounting rules and writes every
/// change to the audit log.
/// </summary>
public sealed class ClusterFunds(KlyngeDbContext db)
{
    public const decimal MaxAmount = 1_000_000m;
    public const int MaxDescription = 500, MaxPaidBy = 200, MaxNotes = 2000, MaxFileName = 200;

    /// <summary>The years a budget may be set or an expense dated in: far enough back for late receipts, not beyond next year.</summary>
    public static bool IsAllowedYear(int year, DateOnly today) => year >= 2000 && year <= today.Year + 1;

    public async Task<ClusterBudget> SetBudgetAsync(int clusterId, int year, decimal amountDkk, string notes, string userName, DateTimeOffset now, CancellationToken ct = default)
    {
        if (!IsAllowedYear(year, DateOnly.FromDateTime(now.UtcDateTime))) throw new FundsException("Året er uden for det tilladte.");
        if (amountDkk < 0 || amountDkk > MaxAmount) throw new FundsException("Budgettet skal være mellem 0 og 1.000.000 kr.");
        if (decimal.Round(amountDkk, 2) != amountDkk) throw new FundsException("Beløbet kan højst have to decimaler.");
        notes = (notes ?? "").Trim();
        if (notes.Length > MaxNotes) throw new FundsException("Noterne er for lange.");
        var budget = await db.ClusterBudgets.SingleOrDefaultAsync(b => b.ClusterId == clusterId && b.Year == year, ct);
        if (budget is null)
        {
            budget = new ClusterBudget { ClusterId = clusterId, Year = year, UpdatedBy = userName };
            db.ClusterBudgets.Add(budget);
        }
        var before = budget.AmountDkk;
        budget.AmountDkk = amountDkk;
        budget.Notes = notes;
        budget.UpdatedBy = userName;
        budget.UpdatedAtUtc = now.UtcDateTime;
        await db.SaveChangesAsync(ct);
        db.Record(userName, "funds.budget", "cluster", clusterId, $"{year}: {before:0.00} -> {amountDkk:0.00} DKK");
        await db.SaveChangesAsync(ct);
        return budget;
    }

    /// <summary>Records an expense for the year <paramref name="year"/> (the year shown when it was entered); it starts as submitted.</summary>
    public async Task<Expense> AddExpenseAsync(ExpenseInput input, int year, string userName, DateTimeOffset now, CancellationToken ct = default)
    {
        await ValidateAsync(input, year, ct);
        var expense = new Expense
        {
            ClusterId = input.ClusterId, SpentOn = input.SpentOn, Category = input.Category, AmountDkk = input.AmountDkk,
            Description = input.Description.Trim(), MeetingId = input.MeetingId, PaidBy = input.PaidBy.Trim(),
            Status = ReimbursementStatus.Submitted, SubmittedBy = userName, SubmittedAtUtc = now.UtcDateTime,
        };
        db.Expenses.Add(expense);
        await db.SaveChangesAsync(ct);
        db.Record(userName, "funds.expense", "expense", expense.Id, $"cluster {input.ClusterId}, {input.SpentOn:yyyy-MM-dd}, {input.Category}, {input.AmountDkk:0.00} DKK");
        await db.SaveChangesAsync(ct);
        return expense;
    }

    /// <summary>
    /// Moves an expense on: submitted to approved or rejected, approved to reimbursed or rejected, rejected back to
    /// submitted. A reimbursed expense is closed. Each step keeps who took it and when.
    /// </summary>
    public async Task<Expense> SetStatusAsync(int expenseId, ReimbursementStatus status, string reason, string userName, DateTimeOffset now, CancellationToken ct = default)
    {
        var expense = await db.Expenses.SingleOrDefaultAsync(e => e.Id == expenseId, ct) ?? throw new FundsException("Udgiften findes ikke.");
        var allowed = (expense.Status, status) switch
        {
            (ReimbursementStatus.Submitted, ReimbursementStatus.Approved or ReimbursementStatus.Rejected) => true,
            (ReimbursementStatus.Approved, ReimbursementStatus.Reimbursed or ReimbursementStatus.Rejected) => true,
            (ReimbursementStatus.Rejected, ReimbursementStatus.Submitted) => true,
            _ => false,
        };
        if (!allowed) throw new FundsException("Udgiften kan ikke skifte til den status herfra.");
        reason = (reason ?? "").Trim();
        if (status == ReimbursementStatus.Rejected && reason.Length == 0) throw new FundsException("Skriv hvorfor udgiften afvises.");
        if (reason.Length > MaxDescription) throw new FundsException("Begrundelsen er for lang.");
        var from = expense.Status;
        expense.Status = status;
        switch (status)
        {
            case ReimbursementStatus.Approved or ReimbursementStatus.Rejected:
                expense.DecidedBy = userName;
                expense.DecidedAtUtc = now.UtcDateTime;
                expense.RejectionReason = status == ReimbursementStatus.Rejected ? reason : "";
                break;
            case ReimbursementStatus.Reimbursed:
                expense.ReimbursedBy = userName;
                expense.ReimbursedAtUtc = now.UtcDateTime;
                break;
            case ReimbursementStatus.Submitted:
                expense.DecidedBy = null;
                expense.DecidedAtUtc = null;
                expense.RejectionReason = "";
                expense.SubmittedBy = userName;
                expense.SubmittedAtUtc = now.UtcDateTime;
                break;
        }
        db.Record(userName, "funds.status", "expense", expense.Id, $"{from} -> {status}{(reason.Length > 0 ? ": " + reason : "")}");
        await db.SaveChangesAsync(ct);
        return expense;
    }

    /// <summary>Stores (or replaces) the receipt of an expense after checking its size and, by its first bytes, its type.</summary>
    public async Task<ExpenseReceipt> AttachReceiptAsync(int expenseId, string fileName, byte[] content, string userName, DateTimeOffset now, CancellationToken ct = default)
    {
        if (content.Length == 0) throw new FundsException("Kvitteringen er tom.");
        if (content.Length > ReceiptFile.MaxBytes) throw new FundsException("Kvitteringen er større end 10 MB.");
        var type = ReceiptFile.Detect(content) ?? throw new FundsException("Kvitteringen skal være en PDF-, JPEG- eller PNG-fil.");
        if (!await db.Expenses.AnyAsync(e => e.Id == expenseId, ct)) throw new FundsException("Udgiften findes ikke.");
        var name = Path.GetFileNameWithoutExtension(Path.GetFileName(fileName ?? "").Trim());
        name = new string(name.Where(c => !char.IsControl(c) && c is not ('"' or '\\' or '/')).ToArray());
        if (name.Length == 0) name = "kvittering";
        if (name.Length > MaxFileName - 5) name = name[..(MaxFileName - 5)];
        name += ReceiptFile.ExtensionOf(type);

        var receipt = await db.ExpenseReceipts.SingleOrDefaultAsync(r => r.ExpenseId == expenseId, ct);
        if (receipt is null)
        {
            receipt = new ExpenseReceipt { ExpenseId = expenseId, FileName = name, ContentType = type, Content = content, UploadedBy = userName };
            db.ExpenseReceipts.Add(receipt);
        }
        receipt.FileName = name;
        receipt.ContentType = type;
        receipt.Content = content;
        receipt.UploadedBy = userName;
        receipt.UploadedAtUtc = now.UtcDateTime;
        db.Record(userName, "funds.receipt", "expense", expenseId, $"{name}, {type}, {content.Length} bytes");
        await db.SaveChangesAsync(ct);
        return receipt;
    }

    public Task<ExpenseReceipt?> ReceiptAsync(int expenseId, CancellationToken ct = default) =>
        db.ExpenseReceipts.AsNoTracking().SingleOrDefaultAsync(r => r.ExpenseId == expenseId, ct);

    /// <summary>The budget, the expenses dated in the year and their sums by category and by meeting.</summary>
    public async Task<FundsYear> YearAsync(int clusterId, int year, CancellationToken ct = default)
    {
        var budget = await db.ClusterBudgets.AsNoTracking().SingleOrDefaultAsync(b => b.ClusterId == clusterId && b.Year == year, ct);
        DateOnly from = new(year, 1, 1), to = new(year + 1, 1, 1);
        // Sums are taken here, not in SQL: SQLite keeps decimals as text and cannot add them up exactly.
        var expenses = (await db.Expenses.AsNoTracking()
                .Where(e => e.ClusterId == clusterId && e.SpentOn >= from && e.SpentOn < to).ToListAsync(ct))
            .OrderBy(e => e.SpentOn).ThenBy(e => e.Id).ToList();
        var ids = expenses.Select(e => e.Id).ToList();
        var withReceipt = (await db.ExpenseReceipts.AsNoTracking().Where(r => ids.Contains(r.ExpenseId)).Select(r => r.ExpenseId).ToListAsync(ct)).ToHashSet();
        var categories = Enum.GetValues<ExpenseCategory>()
            .Select(c => new CategoryTotal(c,
                expenses.Where(e => e.Category == c && e.CountsAgainstBudget).Sum(e => e.AmountDkk),
                expenses.Where(e => e.Category == c && e.Status == ReimbursementStatus.Submitted).Sum(e => e.AmountDkk)))
            .ToList();
        var meetingIds = expenses.Select(e => e.MeetingId).OfType<int>().Distinct().ToList();
        var meetings = await db.Meetings.AsNoTracking().Where(m => meetingIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        var perMeeting = meetingIds.Select(id => new MeetingTotal(id, meetings[id].Title, meetings[id].StartsAt,
                expenses.Where(e => e.MeetingId == id && e.CountsAgainstBudget).Sum(e => e.AmountDkk),
                expenses.Where(e => e.MeetingId == id && e.Status == ReimbursementStatus.Submitted).Sum(e => e.AmountDkk)))
            .OrderBy(m => m.StartsAt).ToList();
        return new FundsYear(clusterId, year, budget, expenses, categories, perMeeting, ids.ToDictionary(id => id, withReceipt.Contains));
    }

    /// <summary>The expenses recorded for one meeting, for the meeting's page.</summary>
    public async Task<IReadOnlyList<Expense>> ForMeetingAsync(int meetingId, CancellationToken ct = default) =>
        (await db.Expenses.AsNoTracking().Where(e => e.MeetingId == meetingId).ToListAsync(ct)).OrderBy(e => e.SpentOn).ThenBy(e => e.Id).ToList();

    private async Task ValidateAsync(ExpenseInput input, int year, CancellationToken ct)
    {
        if (input.SpentOn.Year != year) throw new FundsException($"Datoen skal ligge i {year}.");
        if (!Enum.IsDefined(input.Category)) throw new FundsException("Vælg en kategori.");
        if (input.AmountDkk <= 0) throw new FundsException("Beløbet skal være større end 0.");
        if (input.AmountDkk > MaxAmount) throw new FundsException("Beløbet er for stort.");
        if (decimal.Round(input.AmountDkk, 2) != input.AmountDkk) throw new FundsException("Beløbet kan højst have to decimaler.");
        var description = (input.Description ?? "").Trim();
        if (description.Length == 0) throw new FundsException("Skriv hvad udgiften dækker.");
        if (description.Length > MaxDescription) throw new FundsException("Beskrivelsen er for lang.");
        var paidBy = (input.PaidBy ?? "").Trim();
        if (paidBy.Length == 0) throw new FundsException("Skriv hvem der har betalt.");
        if (paidBy.Length > MaxPaidBy) throw new FundsException("Navnet på den, der har betalt, er for langt.");
        if (input.MeetingId is int meetingId && !await db.Meetings.AnyAsync(m => m.Id == meetingId && m.ClusterId == input.ClusterId, ct))
            throw new FundsException("Mødet hører ikke til klyngen.");
    }
}
