using Klynge.Core.Data;
using Klynge.Core.Meetings;
using Klynge.Web.Meetings;
using Microsoft.AspNetCore.Mvc;

namespace Klynge.Web.Pages.Meetings;

/// <summary>
/// The answer link of an invitation. GET only shows the meeting and the buttons (mail scanners open links, so an
/// answer in the link is just preselected); the answer is recorded by the POST.
/// </summary>
public class RsvpModel(KlyngeDbContext db, MeetingPlanner planner, TimeProvider time) : TokenPage(db, planner)
{
    private readonly MeetingPlanner _planner = planner;

    public RsvpResponse Suggested { get; private set; }
    public bool Recorded { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, string? svar, CancellationToken ct)
    {
        if (await LoadAsync(token, ct)) Suggested = MeetingText.ParseAnswer(svar);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, string? answer, CancellationToken ct)
    {
        if (!await LoadAsync(token, ct)) return Page();
        var response = MeetingText.ParseAnswer(answer);
        try
        {
            await _planner.RespondAsync(token, response, time.GetUtcNow(), ct);
            Recorded = true;
            await LoadAsync(token, ct);
        }
        catch (MeetingException e)
        {
            Error = e.Message;
        }
        return Page();
    }
}
