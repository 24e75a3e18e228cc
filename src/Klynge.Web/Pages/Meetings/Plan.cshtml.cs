using System.Globalization;
using System.Text;
using Klynge.Core.Data;
using Klynge.Core.Meetings;
using Klynge.Core.Registry;
using Klynge.Core.Topics;
using Klynge.Web.Access;
using Klynge.Web.Meetings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Klynge.Web.Pages.Meetings;

/// <summary>What the plan form posts; kept as entered when the plan is refused.</summary>
public sealed class PlanInput
{
    public DateOnly Day { get; set; }
    public TimeOnly Starts { get; set; } = MeetingPlan.DefaultStart;
    public TimeOnly Ends { get; set; } = MeetingPlan.DefaultEnd;
    public string? Venue { get; set; }
    public string? OnlineUrl { get; set; }
    public List<MeetingFormat> Formats { get; set; } = [];
    public string? TopicId { get; set; }
    public string? Title { get; set; }
    public string? ProblemStatement { get; set; }
    public int? ContentResponsibleId { get; set; }
    public int? PracticalResponsibleId { get; set; }
    public string? Facilitator { get; set; }
    public bool FacilitatorExternal { get; set; }
    public string? Agenda { get; set; }

    public MeetingPlan ToPlan(int clusterId) => new(clusterId, Title ?? "", Day, Starts, Ends, Venue ?? "", OnlineUrl,
        Formats.Aggregate(MeetingFormat.None, (all, f) => all | f), TopicId ?? "", ProblemStatement ?? "",
        ContentResponsibleId, PracticalResponsibleId, Facilitator ?? "", FacilitatorExternal, Agenda ?? "");
}

/// <summary>Plans a new meeting (<c>/Clusters/{clusterId}/Meetings/New</c>) or changes one (<c>/Meetings/{meetingId}/Edit</c>).</summary>
public class PlanModel(KlyngeDbContext db, MeetingAccess meetings, MeetingPlanner planner, TopicLibrary topics, RequestAccess access,
    TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public PlanInput Input { get; set; } = new();
    public Cluster Cluster { get; private set; } = null!;
    public int? MeetingId { get; private set; }
    /// <summary>Who the responsibilities may go to on the planned day; the planner refuses anyone else.</summary>
    public IReadOnlyList<ResponsibleCandidate> People { get; private set; } = [];
    public IReadOnlyList<TopicDefinition> Topics => topics.Topics;
    private string UserName => User.Identity?.Name ?? "";

    public async Task<IActionResult> OnGetAsync(int? clusterId, int? meetingId, CancellationToken ct)
    {
        if (await AuthorizeAsync(clusterId, meetingId, ct) is { } refused) return refused;
        if (meetingId is int id)
        {
            var m = await db.Meetings.AsNoTracking().SingleAsync(x => x.Id == id, ct);
            var start = DanishTime.ToLocal(m.StartsAt);
            Input = new PlanInput
            {
                Day = DateOnly.FromDateTime(start), Starts = TimeOnly.FromDateTime(start), Ends = TimeOnly.FromDateTime(DanishTime.ToLocal(m.EndsAt)),
                Venue = m.Venue, OnlineUrl = m.OnlineUrl, Formats = MeetingText.Split(m.Formats).ToList(), TopicId = m.TopicId,
                Title = string.IsNullOrEmpty(m.TopicId) || m.Title != topics.Find(m.TopicId)?.Title?.Da ? m.Title : "",
                ProblemStatement = m.ProblemStatement, ContentResponsibleId = m.ContentResponsibleId, PracticalResponsibleId = m.PracticalResponsibleId,
                Facilitator = m.Facilitator, FacilitatorExternal = m.FacilitatorExternal, Agenda = m.Agenda,
            };
        }
        else
        {
            Input = new PlanInput { Day = access.Today.AddDays(28), Agenda = await DefaultAgendaAsync(Cluster.Id, ct) };
        }
        return await FormAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(int? clusterId, int? meetingId, CancellationToken ct)
    {
        if (await AuthorizeAsync(clusterId, meetingId, ct) is { } refused) return refused;
        // A date or time the browser did not send (or sent garbage for) binds as a default; never plan a meeting in year 1.
        if (!ModelState.IsValid || Input.Day == default)
        {
            ModelState.AddModelError(string.Empty, l["Angiv dato og tidspunkt for mødet."]);
            return await FormAsync(ct);
        }
        try
        {
            var plan = Input.ToPlan(Cluster.Id);
            var meeting = meetingId is int id
                ? await planner.UpdateAsync(id, plan, UserName, time.GetUtcNow(), ct)
                : await planner.PlanAsync(plan, UserName, time.GetUtcNow(), ct);
            TempData["Message"] = meetingId is null ? l["Mødet er planlagt."].Value : l["Mødet er ændret."].Value;
            return Redirect($"/Meetings/{meeting.Id}");
        }
        catch (MeetingException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return await FormAsync(ct);
        }
    }

    private async Task<IActionResult?> AuthorizeAsync(int? clusterId, int? meetingId, CancellationToken ct)
    {
        Cluster cluster;
        MeetingRight right;
        if (meetingId is int id)
        {
            if (await meetings.MeetingAsync(id, ct) is not { } found) return NotFound();
            (cluster, right) = (found.Cluster, found.Right);
            MeetingId = id;
        }
        else if (clusterId is int cid && await meetings.ClusterAsync(cid, ct) is { } c) (cluster, right) = c;
        else return NotFound();
        if (right != MeetingRight.Manage) return Forbid();
        Cluster = cluster;
        return null;
    }

    /// <summary>The form, with the people who may be responsible on the day it shows (today's list when no day was sent).</summary>
    private async Task<IActionResult> FormAsync(CancellationToken ct)
    {
        People = await planner.ResponsibleCandidatesAsync(Cluster.Id, Input.Day == default ? access.Today : Input.Day, MeetingId, ct);
        return Page();
    }

    /// <summary>The agenda template with the cluster's open actions appended, so they come back on the next meeting.</summary>
    private async Task<string> DefaultAgendaAsync(int clusterId, CancellationToken ct)
    {
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        var agenda = new StringBuilder((MeetingTemplates.Get("agenda", language) ?? "").TrimEnd());
        var open = await planner.OpenActionsAsync(clusterId, ct);
        if (open.Count > 0)
        {
            var practices = await db.Practices.AsNoTracking().Where(p => open.Select(a => a.PracticeId).Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
            agenda.Append("\n\n## ").Append(l["Åbne aftaler"]).Append('\n');
            foreach (var a in open)
            {
                agenda.Append("\n- ").Append(a.Text);
                var who = string.Join(", ", new[] { a.PracticeId is int p ? practices.GetValueOrDefault(p) : l["hele klyngen"].Value, a.Owner, a.DueOn?.ToString("d. MMMM yyyy") }
                    .Where(s => !string.IsNullOrWhiteSpace(s)));
                if (who.Length > 0) agenda.Append(" (").Append(who).Append(')');
            }
        }
        return agenda.Append('\n').ToString();
    }
}
