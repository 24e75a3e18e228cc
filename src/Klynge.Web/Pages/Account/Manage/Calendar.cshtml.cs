using Klynge.Core.Access;
using Klynge.Web.Meetings;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klynge.Web.Pages.Account.Manage;

/// <summary>The user's personal calendar feed: a secret address a calendar program subscribes to.</summary>
public class CalendarModel(UserManager<KlyngeUser> users, IDataProtectionProvider protection, IConfiguration configuration) : PageModel
{
    public string FeedUrl { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        FeedUrl = $"{MeetingEndpoints.LinkBase(configuration, Request)}/Calendar/{MeetingEndpoints.FeedToken(protection, user.Id)}.ics";
        return Page();
    }
}
