using Klynge.Core.Data;
using Klynge.Core.Funds;
using Klynge.Core.Meetings;
using Klynge.Core.Registry;
using Klynge.Web.Access;
using Klynge.Web.Funds;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Klynge.Web.Pages.Funds;

/// <summary>What the expense form posts; kept as typed when the expense is refused.</summary>
public sealed class ExpenseForm
{
    public DateOnly? SpentOn { get; set; }
    public ExpenseCategory Category { get; set; } = ExpenseCategory.Food;
    public string? Amount { get; set; }
    public string? Description { get; set; }
    public int? MeetingId { get; set; }
    public string? PaidBy { get; set; }
}

/// <summary>
/// A cluster's funds for one year (<c>/Clusters/{id}/Funds?year=</c>): the budget, the sums by category and meeting,
/// and what remains. Managers of the funds also see and add expenses; the cluster's GPs see the totals only.
/// </summary>
// A little above the receipt limit, so a receipt just over 10 MB gets the page's own message, and far bigger bodies are cut off early.
[RequestSizeLimit(ReceiptFile.MaxBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = ReceiptFile.MaxBytes + 1024 * 1024)]
public class IndexModel(KlyngeDbContext db, ClusterFunds funds, RequestAccess access, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    public Cluster Cluster { get; private set; } = null!;
    public int Year { get; private set; }
    public bool CanManage { get; private set; }
    public FundsYear Funds { get; private set; } = null!;
    public IReadOnlyList<int> Years { get; private set; } = [];
    public IReadOnlyList<Meeting> MeetingsOfYear { get; private set; } = [];
    [BindProperty] public ExpenseForm Input { get; set; } = new();
    public string BudgetAmount { get; set; } = "";
    public string BudgetNotes { get; set; } = "";
    private string UserName => User.Identity?.Name ?? "";

    public async Task<IActionResult> OnGetAsync(int id, int? year, int? meetingId, CancellationToken ct)
    {
        if (await LoadAsync(id, year, manage: false, ct) is { } refused) return refused;
        Input.SpentOn = Year == access.Today.Year ? access.Today : new DateOnly(Year, 1, 1);
        if (meetingId is int m && MeetingsOfYear.Any(x => x.Id == m))
        {
            Input.MeetingId = m;
            Input.SpentOn = DateOnly.FromDateTime(DanishTime.ToLocal(MeetingsOfYear.First(x => x.Id == m).StartsAt));
        }
        return Page();
    }

    public async Task<IActionResult> OnPostBudgetAsync(int id, int year, string? amount, string? notes, CancellationToken ct)
    {
        if (await LoadAsync(id, year, manage: true, ct) is { } refused) return refused;
        BudgetAmount = amount ?? "";
        BudgetNotes = notes ?? "";
        ModelState.Clear();
        if (!FundsText.TryParseKroner(amount, out var kroner))
            return Refuse(l["Skriv budgettet som et beløb i kroner, fx 25.000,00."]);
        try
        {
            await funds.SetBudgetAsync(id, Year, kroner, notes ?? "", UserName, time.GetUtcNow(), ct);
        }
        catch (FundsException e)
        {
            return Refuse(e.Message);
        }
        TempData["Message"] = l["Budgettet er gemt."].Value;
        return Redirect($"/Clusters/{id}/Funds?year={Year}");
    }

    public async Task<IActionResult> OnPostExpenseAsync(int id, int year, IFormFile? receipt, CancellationToken ct)
    {
        if (await LoadAsync(id, year, manage: true, ct) is { } refused) return refused;
        ModelState.Clear();
        if (Input.SpentOn is not DateOnly spentOn) return Refuse(l["Angiv datoen for udgiften."]);
        if (!FundsText.TryParseKroner(Input.Amount, out var amount)) return Refuse(l["Skriv beløbet i kroner, fx 1.250,00."]);
        byte[]? content = null;
        if (receipt is { Length: > 0 })
        {
            // Checked before the expense is saved, so a bad file leaves nothing behind.
            try
            {
                await using var stream = receipt.OpenReadStream();
                content = await ReceiptFile.ReadAsync(stream, ct);
                if (ReceiptFile.Detect(content) is null) return Refuse(l["Kvitteringen skal være en PDF-, JPEG- eller PNG-fil."]);
            }
            catch (FundsException e)
            {
                return Refuse(e.Message);
            }
        }
        try
        {
            var expense = await funds.AddExpenseAsync(
                new ExpenseInput(id, spentOn, Input.Category, amount, Input.Description ?? "", Input.MeetingId, Input.PaidBy ?? ""),
                Year, UserName, time.GetUtcNow(), ct);
            if (content is not null) await funds.AttachReceiptAsync(expense.Id, receipt!.FileName, content, UserName, time.GetUtcNow(), ct);
        }
        catch (FundsException e)
        {
            return Refuse(e.Message);
        }
        TempData["Message"] = l["Udgiften er registreret."].Value;
        return Redirect($"/Clusters/{id}/Funds?year={Year}");
    }

    private IActionResult Refuse(string message)
    {
        ModelState.AddModelError(string.Empty, message);
        db.ChangeTracker.Clear();
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, int? year, bool manage, CancellationToken ct)
    {
        var cluster = await db.Clusters.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (cluster is null) return NotFound();
        var scope = await access.GetAsync(ct);
        if (!scope.CanViewFundsTotals(id) || (manage && !scope.CanManageFunds(id))) return Forbid();
        var today = access.Today;
        var chosen = year ?? today.Year;
        if (!ClusterFunds.IsAllowedYear(chosen, today)) return NotFound();
        Cluster = cluster;
        Year = chosen;
        CanManage = scope.CanManageFunds(id);
        Funds = await funds.YearAsync(id, Year, ct);
        var first = Math.Min(cluster.FoundedOn.Year, today.Year);
        Years = Enumerable.Range(first, today.Year + 1 - first + 1).Reverse().ToList();
        if (CanManage)
        {
            var from = DanishTime.ToUtc(new DateOnly(Year, 1, 1), TimeOnly.MinValue);
            var to = DanishTime.ToUtc(new DateOnly(Year + 1, 1, 1), TimeOnly.MinValue);
            MeetingsOfYear = (await db.Meetings.AsNoTracking().Where(m => m.ClusterId == id && m.StartsAt >= from && m.StartsAt < to).ToListAsync(ct))
                .OrderBy(m => m.StartsAt).ToList();
            if (BudgetAmount.Length == 0 && Funds.Budget is { } b)
            {
                BudgetAmount = b.AmountDkk.ToString("0.00", System.Globalization.CultureInfo.GetCultureInfo("da-DK"));
                BudgetNotes = b.Notes;
            }
        }
        return null;
    }
}
