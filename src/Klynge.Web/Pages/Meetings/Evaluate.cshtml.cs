using Klynge.Core.Data;
using Klynge.Core.Meetings;
using Microsoft.AspNetCore.Mvc;

namespace Klynge.Web.Pages.Meetings;

/// <summary>The evaluation questionnaire sent to attendees after a meeting; answers are shown to the coordinator only aggregated.</summary>
public class EvaluateModel(KlyngeDbContext db, MeetingPlanner planner, TimeProvider time) : TokenPage(db, planner)
{
    private readonly MeetingPlanner _planner = planner;

    public static readonly (string Field, string Question)[] Questions =
    [
        ("productive", "Var mødet produktivt?"),
        ("dataUseful", "Var data nyttige?"),
        ("commitment", "Var engagementet højt?"),
        ("agreementEasy", "Var det let at blive enige?"),
    ];

    public bool Submitted { get; private set; }
    public string? Error { get; private set; }
    public string Comment { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        await LoadAsync(token, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, int productive, int dataUseful, int commitment, int agreementEasy, string? comment, CancellationToken ct)
    {
        if (!await LoadAsync(token, ct)) return Page();
        try
        {
            await _planner.SubmitEvaluationAsync(token, productive, dataUseful, commitment, agreementEasy, comment ?? "", time.GetUtcNow(), ct);
            Submitted = true;
        }
        catch (MeetingException e)
        {
            Error = e.Message;
            Comment = comment ?? "";
        }
        return Page();
    }
}
