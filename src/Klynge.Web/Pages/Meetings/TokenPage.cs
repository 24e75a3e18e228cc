using Klynge.Core.Data;
using Klynge.Core.Meetings;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Web.Pages.Meetings;

/// <summary>
/// Base of the pages reached by an invitation's secret link, without a log-in: the token shows exactly one meeting,
/// and an unknown token gets a friendly 404 that reveals nothing.
/// </summary>
public abstract class TokenPage(KlyngeDbContext db, MeetingPlanner planner) : PageModel
{
    public MeetingInvitation? Invitation { get; private set; }
    public Meeting? Meeting { get; private set; }
    public string ClusterName { get; private set; } = "";

    /// <summary>False (with status 404) when the token is unknown.</summary>
    protected async Task<bool> LoadAsync(string token, CancellationToken ct)
    {
        Invitation = null;
        Meeting = null;
        if (await planner.ByTokenAsync(token, ct) is not { } found)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return false;
        }
        (Invitation, Meeting) = found;
        ClusterName = await db.Clusters.AsNoTracking().Where(c => c.Id == found.Meeting.ClusterId).Select(c => c.Name).SingleAsync(ct);
        return true;
    }
}
