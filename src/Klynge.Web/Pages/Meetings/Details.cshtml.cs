using Klynge.Core.Data;
using Klynge.Core.Funds;
using Klynge.Core.Mail;
using Klynge.Core.Meetings;
using Klynge.Core.Registry;
using Klynge.Web.Access;
using Klynge.Web.Meetings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Klynge.Web.Pages.Meetings;

/// <summary>The evaluations of a meeting, aggregated: the coordinator sees counts, means and comments, never who said what.</summary>
public sealed record EvaluationSummary(int Count, double Productive, double DataUseful, double Commitment, double AgreementEasy, IReadOnlyList<string> Comments)
{
    public static EvaluationSummary? Of(IReadOnlyList<MeetingEvaluation> evaluations) => evaluations.Count == 0 ? null : new(
        evaluations.Count, evaluations.Average(e => e.Productive), evaluations.Average(e => e.DataUseful), evaluations.Average(e => e.Commitment),
        evaluations.Average(e => e.AgreementEasy),
        // Shuffled by text, not by submission order, so a comment cannot be matched to the order people answered in.
        evaluations.Select(e => e.Comment).Where(c => c.Length > 0).Order(StringComparer.Ordinal).ToList());
}

public class DetailsModel(KlyngeDbContext db, MeetingAccess meetings, MeetingPlanner planner, RequestAccess access, TimeProvider time,
    IStringLocalizer<SharedResource> l, ClusterFunds funds) : PageModel
{
    public Meeting Meeting { get; private set; } = null!;
    public Cluster Cluster { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public string? ContentResponsible { get; private set; }
    public string? PracticalResponsible { get; private set; }
    public IReadOnlyList<MeetingInvitation> Invitations { get; private set; } = [];
    public IReadOnlyList<AgreedAction> Actions { get; private set; } = [];
    public IReadOnlyDictionary<int, string> PracticeNames { get; private set; } = new Dictionary<int, string>();
    public IReadOnlyList<(int Id, string Name)> MemberPractices { get; private set; } = [];
    public EvaluationSummary? Evaluations { get; private set; }
    /// <summary>The meeting's expenses, for those who keep the cluster's accounts; null for everyone else.</summary>
    public IReadOnlyList<Expense>? Expenses { get; private set; }
    public string GuestsText { get; private set; } = "";
    public string MinutesText => string.IsNullOrWhiteSpace(Meeting.Minutes) ? MeetingTemplates.Get("minutes") ?? "" : Meeting.Minutes;
    public DateOnly MeetingDay => DateOnly.FromDateTime(DanishTime.ToLocal(Meeting.StartsAt));
    private string UserName => User.Identity?.Name ?? "";

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, manage: false, ct) ?? Page();

    public Task<IActionResult> OnPostInviteAsync(int id, bool includeStaff, string? guests, CancellationToken ct) => ManageAsync(id, async () =>
    {
        GuestsText = guests ?? "";
        var parsed = ParseGuests(guests ?? "");
        var made = await planner.InviteAsync(id, includeStaff, parsed, UserName, time.GetUtcNow(), ct);
        return string.Format(l["{0} er inviteret."], made.Count);
    }, ct);

    public Task<IActionResult> OnPostRemindAsync(int id, CancellationToken ct) => ManageAsync(id, async () =>
        string.Format(l["{0} har fået en påmindelse."], await planner.RemindAsync(id, UserName, time.GetUtcNow(), ct)), ct);

    public Task<IActionResult> OnPostCheckInAsync(int id, List<int>? present, CancellationToken ct) => ManageAsync(id, async () =>
    {
        await planner.CheckInAsync(id, (present ?? []).ToHashSet(), UserName, time.GetUtcNow(), ct);
        return string.Format(l["Fremmødet er gemt: {0} deltog."], (present ?? []).Distinct().Count());
    }, ct);

    public Task<IActionResult> OnPostMinutesAsync(int id, string? minutes, CancellationToken ct) => ManageAsync(id, async () =>
    {
        await planner.RecordMinutesAsync(id, minutes ?? "", UserName, ct);
        return l["Referatet er gemt."].Value;
    }, ct);

    public Task<IActionResult> OnPostAddActionAsync(int id, string? text, int? practiceId, string? owner, DateOnly? dueOn, CancellationToken ct) => ManageAsync(id, async () =>
    {
        await planner.AddActionAsync(id, text ?? "", practiceId, owner ?? "", dueOn, UserName, ct);
        return l["Aftalen er tilføjet."].Value;
    }, ct);

    public Task<IActionResult> OnPostActionStatusAsync(int id, int actionId, ActionStatus status, CancellationToken ct) => ManageAsync(id, async () =>
    {
        // Only the actions of this meeting's cluster may be changed from here, whatever id is posted.
        if (!await db.AgreedActions.AnyAsync(a => a.Id == actionId && a.ClusterId == Meeting.ClusterId, ct))
            throw new MeetingException(l["Aftalen findes ikke."]);
        await planner.SetActionStatusAsync(actionId, status, UserName, time.GetUtcNow(), ct);
        return l["Aftalens status er ændret."].Value;
    }, ct);

    public Task<IActionResult> OnPostSendEvaluationsAsync(int id, CancellationToken ct) => ManageAsync(id, async () =>
        string.Format(l["Evalueringen er sendt til {0}."], await planner.SendEvaluationsAsync(id, UserName, time.GetUtcNow(), ct)), ct);

    /// <summary>One guest a line: <c>name; e-mail; organisation</c>. Each line is checked, and the first bad one named.</summary>
    public List<MeetingGuest> ParseGuests(string text)
    {
        var guests = new List<MeetingGuest>();
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0) continue;
            var parts = line.Split(';').Select(p => p.Trim()).ToArray();
            if (parts.Length is < 2 or > 3 || parts[0].Length == 0)
                throw new MeetingException(string.Format(l["Linje {0}: skriv navn; e-mail; organisation."], n + 1));
            if (!MailOutbox.IsValidAddress(parts[1]))
                throw new MeetingException(string.Format(l["Linje {0}: '{1}' er ikke en gyldig e-mailadresse."], n + 1, parts[1]));
            guests.Add(new MeetingGuest(parts[0], parts[1], parts.Length == 3 ? parts[2] : ""));
        }
        return guests;
    }

    private async Task<IActionResult> ManageAsync(int id, Func<Task<string>> change, CancellationToken ct)
    {
        if (await LoadAsync(id, manage: true, ct) is { } refused) return refused;
        try
        {
            TempData["Message"] = await change();
            return Redirect($"/Meetings/{id}");
        }
        catch (MeetingException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            db.ChangeTracker.Clear();
            return await LoadAsync(id, manage: true, ct) ?? Page();
        }
    }

    private async Task<IActionResult?> LoadAsync(int id, bool manage, CancellationToken ct)
    {
        if (await meetings.MeetingAsync(id, ct) is not { } found) return NotFound();
        if (found.Right == MeetingRight.None || (manage && !found.CanManage)) return Forbid();
        Meeting = found.Meeting;
        Cluster = found.Cluster;
        CanManage = found.CanManage;
        var responsible = new[] { Meeting.ContentResponsibleId, Meeting.PracticalResponsibleId }.OfType<int>().ToList();
        var names = await db.People.AsNoTracking().Where(p => responsible.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => $"{p.FirstName} {p.LastName}", ct);
        ContentResponsible = Meeting.ContentResponsibleId is int c ? names.GetValueOrDefault(c) : null;
        PracticalResponsible = Meeting.PracticalResponsibleId is int p ? names.GetValueOrDefault(p) : null;

        // This meeting's actions, and the cluster's actions still open from earlier meetings.
        var actions = await db.AgreedActions.AsNoTracking()
            .Where(a => a.MeetingId == id || (a.ClusterId == Meeting.ClusterId && a.Status == ActionStatus.Open))
            .OrderBy(a => a.MeetingId != id).ThenBy(a => a.DueOn == null).ThenBy(a => a.DueOn).ThenBy(a => a.Id).ToListAsync(ct);
        var scope = await access.GetAsync(ct);
        Expenses = scope.CanManageFunds(Meeting.ClusterId) ? await funds.ForMeetingAsync(id, ct) : null;
        Actions = CanManage ? actions : actions.Where(a => a.PracticeId is null || scope.OwnPractices.Contains(a.PracticeId.Value)).ToList();
        var today = access.Today;
        var members = await db.ClusterMemberships.AsNoTracking()
            .Where(m => m.ClusterId == Meeting.ClusterId && m.ValidFrom <= today && (m.ValidTo == null || m.ValidTo > today))
            .Select(m => new { m.PracticeId, m.Practice!.Name }).ToListAsync(ct);
        MemberPractices = members.OrderBy(m => m.Name, StringComparer.Ordinal).Select(m => (m.PracticeId, m.Name)).ToList();
        var practiceIds = Actions.Select(a => a.PracticeId).OfType<int>().ToList();
        if (CanManage)
        {
            Invitations = await db.MeetingInvitations.AsNoTracking().Where(i => i.MeetingId == id).ToListAsync(ct);
            Invitations = Invitations.OrderBy(i => i.Kind).ThenBy(i => i.Name, StringComparer.Ordinal).ToList();
            practiceIds.AddRange(Invitations.Select(i => i.PracticeId).OfType<int>());
            Evaluations = EvaluationSummary.Of(await db.MeetingEvaluations.AsNoTracking().Where(e => e.MeetingId == id).ToListAsync(ct));
        }
        PracticeNames = await db.Practices.AsNoTracking().Where(x => practiceIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        return null;
    }
}
