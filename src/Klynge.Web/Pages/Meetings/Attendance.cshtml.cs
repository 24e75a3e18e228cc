using Klynge.Core.Data;
using Klynge.Core.Meetings;
using Klynge.Core.Registry;
using Klynge.Web.Meetings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klynge.Web.Pages.Meetings;

/// <summary>The printable attendance list with a signature column, for the cluster's administration.</summary>
public class AttendanceModel(KlyngeDbContext db, MeetingAccess meetings) : PageModel
{
    public Meeting Meeting { get; private set; } = null!;
    public Cluster Cluster { get; private set; } = null!;
    public IReadOnlyList<AttendanceRow> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await meetings.MeetingAsync(id, ct) is not { } found) return NotFound();
        if (!found.CanManage) return Forbid();
        Meeting = found.Meeting;
        Cluster = found.Cluster;
        Rows = await AttendanceList.LoadAsync(db, id, ct);
        return Page();
    }
}
