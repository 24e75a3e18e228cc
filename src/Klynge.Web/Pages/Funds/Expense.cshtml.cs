using Klynge.Core.Data;
using Klynge.Core.Funds;
using Klynge.Core.Meetings;
using Klynge.Core.Registry;
using Klynge.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Klynge.Web.Pages.Funds;

/// <summary>
/// One expense (<c>/Clusters/{id}/Funds/Expenses/{expenseId}</c>): its details, its receipt (upload and download) and
/// its reimbursement steps. Only those who manage the cluster's funds reach it, the receipt download included.
/// </summary>
// A little above the receipt limit, so a receipt just over 10 MB gets the page's own message, and far bigger bodies are cut off early.
[RequestSizeLimit(ReceiptFile.MaxBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = ReceiptFile.MaxBytes + 1024 * 1024)]
public class ExpenseModel(KlyngeDbContext db, ClusterFunds funds, RequestAccess access, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    public Cluster Cluster { get; private set; } = null!;
    public Expense Expense { get; private set; } = null!;
    public Meeting? Meeting { get; private set; }
    public ExpenseReceipt? Receipt { get; private set; }
    private string UserName => User.Identity?.Name ?? "";

    public async Task<IActionResult> OnGetAsync(int id, int expenseId, CancellationToken ct) => await LoadAsync(id, expenseId, ct) ?? Page();

    /// <summary>The receipt as stored, under its own detected type; never shown inline, so it cannot run as a page.</summary>
    public async Task<IActionResult> OnGetReceiptAsync(int id, int expenseId, CancellationToken ct)
    {
        if (await LoadAsync(id, expenseId, ct) is { } refused) return refused;
        var receipt = await funds.ReceiptAsync(expenseId, ct);
        if (receipt is null) return NotFound();
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(receipt.Content, receipt.ContentType, receipt.FileName);
    }

    public async Task<IActionResult> OnPostReceiptAsync(int id, int expenseId, IFormFile? receipt, CancellationToken ct)
    {
        if (await LoadAsync(id, expenseId, ct) is { } refused) return refused;
        if (receipt is null || receipt.Length == 0) return await RefuseAsync(id, expenseId, l["Vælg en fil."], ct);
        try
        {
            await using var stream = receipt.OpenReadStream();
            var content = await ReceiptFile.ReadAsync(stream, ct);
            await funds.AttachReceiptAsync(expenseId, receipt.FileName, content, UserName, time.GetUtcNow(), ct);
        }
        catch (FundsException e)
        {
            return await RefuseAsync(id, expenseId, e.Message, ct);
        }
        TempData["Message"] = l["Kvitteringen er gemt."].Value;
        return Redirect($"/Clusters/{id}/Funds/Expenses/{expenseId}");
    }

    public async Task<IActionResult> OnPostStatusAsync(int id, int expenseId, ReimbursementStatus status, string? reason, CancellationToken ct)
    {
        if (await LoadAsync(id, expenseId, ct) is { } refused) return refused;
        try
        {
            await funds.SetStatusAsync(expenseId, status, reason ?? "", UserName, time.GetUtcNow(), ct);
        }
        catch (FundsException e)
        {
            return await RefuseAsync(id, expenseId, e.Message, ct);
        }
        TempData["Message"] = l["Status er ændret."].Value;
        return Redirect($"/Clusters/{id}/Funds/Expenses/{expenseId}");
    }

    private async Task<IActionResult> RefuseAsync(int id, int expenseId, string message, CancellationToken ct)
    {
        ModelState.AddModelError(string.Empty, message);
        db.ChangeTracker.Clear();
        return await LoadAsync(id, expenseId, ct) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, int expenseId, CancellationToken ct)
    {
        var cluster = await db.Clusters.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (cluster is null) return NotFound();
        if (!(await access.GetAsync(ct)).CanManageFunds(id)) return Forbid();
        // An expense is only reached through its own cluster, whatever id is put in the address.
        var expense = await db.Expenses.AsNoTracking().SingleOrDefaultAsync(e => e.Id == expenseId && e.ClusterId == id, ct);
        if (expense is null) return NotFound();
        Cluster = cluster;
        Expense = expense;
        Meeting = expense.MeetingId is int m ? await db.Meetings.AsNoTracking().SingleOrDefaultAsync(x => x.Id == m, ct) : null;
        Receipt = await db.ExpenseReceipts.AsNoTracking().Where(r => r.ExpenseId == expenseId)
            .Select(r => new ExpenseReceipt { ExpenseId = r.ExpenseId, FileName = r.FileName, ContentType = r.ContentType, Content = Array.Empty<byte>(), UploadedBy = r.UploadedBy, UploadedAtUtc = r.UploadedAtUtc })
            .SingleOrDefaultAsync(ct);
        return null;
    }
}
