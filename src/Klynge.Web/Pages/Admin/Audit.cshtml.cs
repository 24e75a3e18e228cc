using Klynge.Core.Audit;
using Klynge.Core.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Web.Pages.Admin;

public class AuditModel(KlyngeDbContext db) : PageModel
{
    public const int PageSize = 200;

    [BindProperty(SupportsGet = true, Name = "user")] public string? UserFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "action")] public string? ActionFilter { get; set; }
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(UserFilter)) query = query.Where(e => e.UserName.Contains(UserFilter));
        if (!string.IsNullOrWhiteSpace(ActionFilter)) query = query.Where(e => e.Action.StartsWith(ActionFilter));
        if (Before is long before) query = query.Where(e => e.Id < before);
        Entries = await query.OrderByDescending(e => e.Id).Take(PageSize).ToListAsync(ct);
    }
}
