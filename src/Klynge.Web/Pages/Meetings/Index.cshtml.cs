using Klynge.Core.Data;
using Klynge.Web.Access;
using Klynge.Web.Meetings;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Web.Pages.Meetings;

/// <summary>The meetings of every cluster the user is a member of or coordinates.</summary>
public class IndexModel(KlyngeDbContext db, RequestAccess access, TimeProvider time) : PageModel
{
    public IReadOnlyList<MeetingRow> Upcoming { get; private set; } = [];
    public IReadOnlyList<MeetingRow> Past { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Clusters { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = await access.GetAsync(ct);
        var own = MeetingAccess.OwnClusters(scope);
        Clusters = (await db.Clusters.AsNoTracking().Where(c => own.Contains(c.Id)).OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct))
            .Select(c => (c.Id, c.Name)).ToList();
        var rows = await ClusterMeetingsModel.RowsAsync(db, own, ct);
        var now = time.GetUtcNow().UtcDateTime;
        Upcoming = rows.Where(r => r.Meeting.EndsAt >= now).OrderBy(r => r.Meeting.StartsAt).ToList();
        Past = rows.Where(r => r.Meeting.EndsAt < now).OrderByDescending(r => r.Meeting.StartsAt).Take(20).ToList();
    }
}
