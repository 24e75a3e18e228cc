using Klynge.Core.Access;
using Klynge.Core.Audit;
using Klynge.Core.Coordination;
using Klynge.Core.Data;
using Klynge.Core.Registry;
using Klynge.Web.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Klynge.Web.Pages.Coordination;

/// <summary>Someone the cluster can be handed over to: a GP or staff member at a member practice today.</summary>
public sealed record Successor(int PersonId, string Name, string PracticeName);

/// <summary>
/// The coordinator's desk for one cluster: what is due, the next meetings, the shared tasks, who has not answered,
/// missed meetings against the cluster's rule, the hand-over and the history. Open to the cluster's coordinators and
/// board members and to admins; everyone else is refused on GET and on every POST before anything changes.
/// </summary>
public class DeskModel(
    KlyngeDbContext db, RequestAccess access, CoordinatorDesk desk, ClusterCoordination coordination,
    UserManager<KlyngeUser> users, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    public CoordinatorDeskView View { get; private set; } = null!;
    public IReadOnlyList<Assignee> Assignees { get; private set; } = [];
    public IReadOnlyList<Successor> Successors { get; private set; } = [];
    public IReadOnlyList<Assignee> Coordinators { get; private set; } = [];
    public int? PersonId { get; private set; }
    public bool CanHandOver { get; private set; }
    public bool IsAdmin { get; private set; }
    public bool CanViewFunds { get; private set; }
    public bool CanViewReports { get; private set; }
    public DateOnly Today => access.Today;

    public IEnumerable<TaskRow> MyTasks => View.Tasks.Where(t => t.Task.Status == ClusterTaskStatus.Open && PersonId is { } p && t.Task.AssignedPersonId == p);
    public IEnumerable<TaskRow> OpenTasks => View.Tasks.Where(t => t.Task.Status == ClusterTaskStatus.Open);
    public IEnumerable<TaskRow> DoneTasks => View.Tasks.Where(t => t.Task.Status == ClusterTaskStatus.Done).OrderByDescending(t => t.Task.CompletedAtUtc);
    public string? NameOf(int? personId) => personId is { } p ? Assignees.FirstOrDefault(a => a.PersonId == p)?.Name ?? View.Tasks.FirstOrDefault(t => t.Task.AssignedPersonId == p)?.AssignedName : null;

    private string UserName => User.Identity?.Name ?? "";

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await AuthorizeAsync(id, ct) is { } refused) return refused;
        // The yearly duties appear by themselves: this year's, and from November next year's, so January is seen coming.
        await coordination.EnsureYearlyTasksAsync(id, Today.Year, UserName, Today, time.GetUtcNow(), ct);
        if (Today.Month >= 11) await coordination.EnsureYearlyTasksAsync(id, Today.Year + 1, UserName, Today, time.GetUtcNow(), ct);
        return await ShowAsync(id, ct);
    }

    public Task<IActionResult> OnPostCreateAsync(int id, string? title, string? notes, DateOnly? dueOn, int? assignedPersonId, CancellationToken ct) =>
        ChangeAsync(id, async () =>
        {
            await coordination.CreateTaskAsync(id, title ?? "", notes ?? "", dueOn, assignedPersonId, UserName, Today, time.GetUtcNow(), ct);
            return l["Opgaven er oprettet."];
        }, ct);

    public Task<IActionResult> OnPostAssignAsync(int id, int taskId, int? personId, CancellationToken ct) =>
        ChangeAsync(id, async () =>
        {
            await coordination.AssignAsync(id, taskId, personId, UserName, Today, time.GetUtcNow(), ct);
            return l["Opgaven er givet videre."];
        }, ct);

    public Task<IActionResult> OnPostCompleteAsync(int id, int taskId, string? back, CancellationToken ct) =>
        ChangeAsync(id, async () =>
        {
            await coordination.CompleteAsync(id, taskId, UserName, time.GetUtcNow(), ct);
            return l["Opgaven er udført."];
        }, ct, back == "tasks" ? "/Tasks" : null);

    public Task<IActionResult> OnPostReopenAsync(int id, int taskId, CancellationToken ct) =>
        ChangeAsync(id, async () =>
        {
            await coordination.ReopenAsync(id, taskId, UserName, time.GetUtcNow(), ct);
            return l["Opgaven er genåbnet."];
        }, ct);

    public async Task<IActionResult> OnPostHandOverAsync(int id, int? fromPersonId, int? toPersonId, DateOnly? on, string? note, CancellationToken ct)
    {
        if (await AuthorizeAsync(id, ct) is { } refused) return refused;
        if (!CanHandOver) return Forbid();
        // A coordinator hands over their own role; an admin may hand over any coordinator's.
        var from = IsAdmin ? fromPersonId : PersonId;
        return await ChangeAsync(id, async () =>
        {
            if (from is null || toPersonId is null || on is null) throw new CoordinationException(l["Vælg den nye koordinator og datoen for overdragelsen."]);
            var handOver = await coordination.HandOverAsync(id, from.Value, toPersonId.Value, on.Value, note ?? "", UserName, time.GetUtcNow(), ct);
            await GrantCoordinatorLoginAsync(handOver.ToPersonId, id, ct);
            return l["Klyngen er overdraget."];
        }, ct);
    }

    /// <summary>The new coordinator's log-ins get the coordinator role, so the desk opens for them on the day.</summary>
    private async Task GrantCoordinatorLoginAsync(int personId, int clusterId, CancellationToken ct)
    {
        foreach (var user in await users.Users.Where(u => u.PersonId == personId).ToListAsync(ct))
        {
            if (await users.IsInRoleAsync(user, Roles.Coordinator)) continue;
            var result = await users.AddToRoleAsync(user, Roles.Coordinator);
            if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
            db.Record(UserName, "user.role-added", "user", user.Id, $"coordinator, after hand-over of cluster {clusterId}");
            await db.SaveChangesAsync(ct);
        }
    }

    private async Task<IActionResult> ChangeAsync(int id, Func<Task<string>> change, CancellationToken ct, string? redirect = null)
    {
        if (await AuthorizeAsync(id, ct) is { } refused) return refused;
        try
        {
            TempData["Message"] = await change();
            return Redirect(redirect ?? $"/Clusters/{id}/Desk");
        }
        catch (CoordinationException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            db.ChangeTracker.Clear();
            return await ShowAsync(id, ct);
        }
    }

    private async Task<IActionResult?> AuthorizeAsync(int id, CancellationToken ct)
    {
        if (!await db.Clusters.AnyAsync(c => c.Id == id, ct)) return NotFound();
        var scope = await access.GetAsync(ct);
        if (!scope.CanUseDesk(id)) return Forbid();
        PersonId = scope.PersonId;
        CanHandOver = scope.CanHandOver(id);
        IsAdmin = scope.IsAdmin;
        CanViewFunds = scope.CanViewFundsTotals(id);
        CanViewReports = scope.CanViewActivityReportDrafts(id);
        return null;
    }

    private async Task<IActionResult> ShowAsync(int id, CancellationToken ct)
    {
        View = (await desk.LoadAsync(id, Today, time.GetUtcNow(), ct))!;
        Assignees = await coordination.AssigneesAsync(id, Today, ct);
        Coordinators = Assignees.Where(a => a.Kinds.Contains(ClusterRoleKind.Coordinator)).ToList();
        if (CanHandOver)
        {
            var day = Today;
            var members = db.ClusterMemberships.Where(m => m.ClusterId == id && m.ValidFrom <= day && (m.ValidTo == null || m.ValidTo > day)).Select(m => m.PracticeId);
            var people = await db.PracticeAffiliations.AsNoTracking()
                .Where(a => members.Contains(a.PracticeId) && a.ValidFrom <= day && (a.ValidTo == null || a.ValidTo > day))
                .Select(a => new { a.PersonId, a.Person!.FirstName, a.Person.LastName, PracticeName = a.Practice!.Name })
                .ToListAsync(ct);
            Successors = people.GroupBy(p => p.PersonId)
                .Select(g => new Successor(g.Key, $"{g.First().FirstName} {g.First().LastName}", g.First().PracticeName))
                .Where(s => s.PersonId != PersonId)
                .OrderBy(s => s.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("da-DK"), false)).ToList();
        }
        return Page();
    }
}
