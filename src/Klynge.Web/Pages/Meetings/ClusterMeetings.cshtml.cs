using Klynge.Core.Data;
using Klynge.Core.Meetings;
using Klynge.Core.Registry;
using Klynge.Web.Meetings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Web.Pages.Meetings;

/// <summary>A meeting in a list, with its answer and attendance counts.</summary>
public sealed record MeetingRow(Meeting Meeting, string ClusterName, int Invited, int Yes, int Attended);

public class ClusterMeetingsModel(KlyngeDbContext db, MeetingAccess meetings, TimeProvider time) : PageModel
{
    public Cluster Cluster { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public IReadOnlyList<MeetingRow> Upcoming { get; private set; } = [];
    public IReadOnlyList<MeetingRow> Past { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await meetings.ClusterAsync(id, ct) is not { } found) return NotFound();
        if (found.Right == MeetingRight.None) return Forbid();
        Cluster = found.Cluster;
        CanManage = found.Right == MeetingRight.Manage;
        var rows = await RowsAsync(db, [id], ct);
        var now = time.GetUtcNow().UtcDateTime;
        Upcoming = rows.Where(r => r.Meeting.EndsAt >= now).OrderBy(r => r.Meeting.StartsAt).ToList();
        Past = rows.Where(r => r.Meeting.EndsAt < now).OrderByDescending(r => r.Meeting.StartsAt).ToList();
        return Page();
    }

    public static async Task<List<MeetingRow>> RowsAsync(KlyngeDbContext db, IReadOnlyCollection<int> clusters, CancellationToken ct)
    {
        var list = await db.Meetings.AsNoTracking().Where(m => clusters.Contains(m.ClusterId)).ToListAsync(ct);
        var ids = list.Select(m => m.Id).ToList();
        var counts = await db.MeetingInvitations.AsNoTracking().Where(i => ids.Contains(i.MeetingId))
            .GroupBy(i => i.MeetingId)
            .Select(g => new { g.Key, Invited = g.Count(), Yes = g.Count(i => i.Response == RsvpResponse.Yes), Attended = g.Count(i => i.AttendedAtUtc != null) })
            .ToDictionaryAsync(g => g.Key, ct);
        var names = await db.Clusters.AsNoTracking().Where(c => clusters.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return list.Select(m => counts.TryGetValue(m.Id, out var c)
                ? new MeetingRow(m, names[m.ClusterId], c.Invited, c.Yes, c.Attended)
                : new MeetingRow(m, names[m.ClusterId], 0, 0, 0))
            .ToList();
    }
}
