using Klynge.Core.Audit;
using Klynge.Core.Data;
using Klynge.Core.Mail;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Klynge.Web.Pages.Admin;

/// <summary>The mail outbox for administrators: messages by status, why they failed, and a retry for the failed ones.</summary>
public class MailModel(KlyngeDbContext db, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int PageSize = 200;
    public const string RetryAction = "mail.retry";

    [BindProperty(SupportsGet = true)] public MailStatus? Status { get; set; }
    public IReadOnlyList<OutboxMessage> Messages { get; private set; } = [];
    public IReadOnlyDictionary<MailStatus, int> Counts { get; private set; } = new Dictionary<MailStatus, int>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var counts = await db.OutboxMessages.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        Counts = Enum.GetValues<MailStatus>().ToDictionary(s => s, s => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0);
        var query = db.OutboxMessages.AsNoTracking();
        if (Status is MailStatus status) query = query.Where(m => m.Status == status);
        Messages = await query.OrderByDescending(m => m.Id).Take(PageSize).ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostRetryAsync(long id, CancellationToken ct)
    {
        // The retry and its audit entry are committed together.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await MailSender.RetryAsync(db, id, time.GetUtcNow(), ct))
        {
            db.Record(User.Identity?.Name ?? "", RetryAction, nameof(OutboxMessage), id);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            TempData["Message"] = string.Format(l["Mail {0} sendes igen ved næste kørsel."], id);
        }
        else
        {
            TempData["Message"] = string.Format(l["Mail {0} er ikke fejlet og blev ikke ændret."], id);
        }
        // To the whole list, where a retried message now shows as pending (and soon as sent).
        return RedirectToPage();
    }

    public static string Label(MailStatus status) => status switch
    {
        MailStatus.Pending => "Venter",
        MailStatus.Sent => "Sendt",
        _ => "Fejlet",
    };
}
