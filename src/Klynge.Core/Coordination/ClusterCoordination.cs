using Klynge.Core.Audit;
using Klynge.Core.Data;
using Klynge.Core.Registry;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Coordination;

/// <summary>A task or hand-over cannot be done as asked; the message (Danish) says why and is shown to the user.</summary>
public sealed class CoordinationException(string message) : Exception(message);

/// <summary>Someone who may be given a task: a coordinator or board member of the cluster on the day.</summary>
public sealed record Assignee(int PersonId, string Name, IReadOnlyList<ClusterRoleKind> Kinds);

/// <summary>One of the yearly duties: its kind, Danish title, due day in the year, and whether the treasurer takes it.</summary>
public sealed record YearlyDuty(ClusterTaskKind Kind, string Title, int Month, int Day, bool ForTreasurer, string Notes)
{
    public DateOnly DueIn(int year) => new(year, Month, Day);
}

/// <summary>
/// The shared coordination work of a cluster: tasks for its coordinators and board members, the yearly duties,
/// and the hand-over from one coordinator to the next. Callers check that the user may use the cluster's desk;
/// this class checks the work's own rules and keeps every step as history (task events and the audit log).
/// </summary>
public sealed class ClusterCoordination(KlyngeDbContext db)
{
    /// <summary>
    /// The yearly duties and when they are due: the activity report for the year just ended in January, the member
    /// list checked before it, and the accounts and budget ready before the general assembly, which most clusters
    /// hold in March or April.
    /// </summary>
    public static readonly IReadOnlyList<YearlyDuty> YearlyDuties =
    [
        new(ClusterTaskKind.MemberListCheck, "Tjek medlemslisten", 1, 15, false,
            "Stemmer listen over praksisser, læger og personale? Meld ændringer ind, før aktivitetsrapporten laves."),
        new(ClusterTaskKind.ActivityReport, "Aktivitetsrapport for sidste år", 1, 31, false,
            "Møder, emner, fremmøde og aftaler i det forløbne år."),
        new(ClusterTaskKind.AnnualAccounts, "Årsregnskab for sidste år", 2, 28, true,
            "Regnskabet godkendes af bestyrelsen og fremlægges på generalforsamlingen."),
        new(ClusterTaskKind.Budget, "Budget til generalforsamlingen", 3, 15, true,
            "Årets budget sendes ud sammen med indkaldelsen til generalforsamlingen."),
    ];

    /// <summary>The cluster's coordinators and board members on <paramref name="day"/>, by name.</summary>
    public async Task<IReadOnlyList<Assignee>> AssigneesAsync(int clusterId, DateOnly day, CancellationToken ct = default)
    {
        var roles = await db.ClusterRoles.AsNoTracking()
            .Where(r => r.ClusterId == clusterId && r.ValidFrom <= day && (r.ValidTo == null || r.ValidTo > day))
            .Select(r => new { r.PersonId, r.Kind, r.Person!.FirstName, r.Person.LastName })
            .ToListAsync(ct);
        return roles.GroupBy(r => r.PersonId)
            .Select(g => new Assignee(g.Key, $"{g.First().FirstName} {g.First().LastName}", g.Select(r => r.Kind).Distinct().Order().ToList()))
            .OrderBy(a => a.Kinds.Min()).ThenBy(a => a.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("da-DK"), false))
            .ToList();
    }

    public async Task<ClusterTask> CreateTaskAsync(int clusterId, string title, string notes, DateOnly? dueOn, int? assignedPersonId, string userName, DateOnly today, DateTimeOffset now, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(title)) throw new CoordinationException("Giv opgaven en titel.");
        if (title.Trim().Length > 300) throw new CoordinationException("Titlen må højst være 300 tegn.");
        if (!await db.Clusters.AnyAsync(c => c.Id == clusterId, ct)) throw new CoordinationException("Klyngen findes ikke.");
        if (assignedPersonId is { } person) await CheckAssigneeAsync(clusterId, person, today, ct);
        var task = new ClusterTask
        {
            ClusterId = clusterId, Title = title.Trim(), Notes = notes.Trim(), DueOn = dueOn, Kind = ClusterTaskKind.Other,
            AssignedPersonId = assignedPersonId, CreatedBy = userName, CreatedAtUtc = now.UtcDateTime,
        };
        db.ClusterTasks.Add(task);
        await db.SaveChangesAsync(ct);
        AddEvent(task, ClusterTaskEventKind.Created, null, assignedPersonId, userName, now, "");
        db.Record(userName, "task.created", "cluster", clusterId, $"task {task.Id}: {task.Title}{(assignedPersonId is { } p ? $", assigned to person {p}" : "")}");
        await db.SaveChangesAsync(ct);
        return task;
    }

    /// <summary>Gives the task to another coordinator or board member, or to no one (<paramref name="personId"/> null).</summary>
    public async Task<ClusterTask> AssignAsync(int clusterId, int taskId, int? personId, string userName, DateOnly today, DateTimeOffset now, CancellationToken ct = default)
    {
        var task = await FindAsync(clusterId, taskId, ct);
        if (task.Status != ClusterTaskStatus.Open) throw new CoordinationException("Opgaven er udført; genåbn den, før den gives videre.");
        if (task.AssignedPersonId == personId) return task;
        if (personId is { } person) await CheckAssigneeAsync(clusterId, person, today, ct);
        AddEvent(task, ClusterTaskEventKind.Assigned, task.AssignedPersonId, personId, userName, now, "");
        db.Record(userName, "task.assigned", "cluster", clusterId, $"task {task.Id}: person {task.AssignedPersonId?.ToString() ?? "-"} -> {personId?.ToString() ?? "-"}");
        task.AssignedPersonId = personId;
        await db.SaveChangesAsync(ct);
        return task;
    }

    public async Task<ClusterTask> CompleteAsync(int clusterId, int taskId, string userName, DateTimeOffset now, CancellationToken ct = default)
    {
        var task = await FindAsync(clusterId, taskId, ct);
        if (task.Status == ClusterTaskStatus.Done) throw new CoordinationException("Opgaven er allerede udført.");
        task.Status = ClusterTaskStatus.Done;
        task.CompletedBy = userName;
        task.CompletedAtUtc = now.UtcDateTime;
        AddEvent(task, ClusterTaskEventKind.Completed, null, null, userName, now, "");
        db.Record(userName, "task.completed", "cluster", clusterId, $"task {task.Id}");
        await db.SaveChangesAsync(ct);
        return task;
    }

    /// <summary>Opens a completed task again; who completed it stays in the history.</summary>
    public async Task<ClusterTask> ReopenAsync(int clusterId, int taskId, string userName, DateTimeOffset now, CancellationToken ct = default)
    {
        var task = await FindAsync(clusterId, taskId, ct);
        if (task.Status == ClusterTaskStatus.Open) throw new CoordinationException("Opgaven er allerede åben.");
        task.Status = ClusterTaskStatus.Open;
        task.CompletedBy = null;
        task.CompletedAtUtc = null;
        AddEvent(task, ClusterTaskEventKind.Reopened, null, null, userName, now, "");
        db.Record(userName, "task.reopened", "cluster", clusterId, $"task {task.Id}");
        await db.SaveChangesAsync(ct);
        return task;
    }

    /// <summary>
    /// Creates the yearly duties of <paramref name="year"/> that the cluster does not have yet, assigned to the
    /// treasurer (accounts, budget) or the longest-serving coordinator; returns the tasks made now.
    /// </summary>
    public async Task<IReadOnlyList<ClusterTask>> EnsureYearlyTasksAsync(int clusterId, int year, string userName, DateOnly today, DateTimeOffset now, CancellationToken ct = default)
    {
        var existing = (await db.ClusterTasks.AsNoTracking()
            .Where(t => t.ClusterId == clusterId && t.Year == year).Select(t => t.Kind).ToListAsync(ct)).ToHashSet();
        if (YearlyDuties.All(d => existing.Contains(d.Kind))) return [];
        var roles = await db.ClusterRoles.AsNoTracking()
            .Where(r => r.ClusterId == clusterId && r.ValidFrom <= today && (r.ValidTo == null || r.ValidTo > today))
            .OrderBy(r => r.ValidFrom).ThenBy(r => r.Id).ToListAsync(ct);
        int? coordinator = roles.FirstOrDefault(r => r.Kind == ClusterRoleKind.Coordinator)?.PersonId;
        int? treasurer = roles.FirstOrDefault(r => r.Kind == ClusterRoleKind.Treasurer)?.PersonId ?? coordinator;

        var made = YearlyDuties.Where(d => !existing.Contains(d.Kind)).Select(d => new ClusterTask
        {
            ClusterId = clusterId, Kind = d.Kind, Year = year, DueOn = d.DueIn(year), Notes = d.Notes,
            Title = d.Kind switch
            {
                ClusterTaskKind.ActivityReport => $"Aktivitetsrapport for {year - 1}",
                ClusterTaskKind.AnnualAccounts => $"Årsregnskab for {year - 1}",
                ClusterTaskKind.Budget => $"Budget for {year} til generalforsamlingen",
                _ => $"Tjek medlemslisten {year}",
            },
            AssignedPersonId = d.ForTreasurer ? treasurer : coordinator, CreatedBy = userName, CreatedAtUtc = now.UtcDateTime,
        }).ToList();
        db.ClusterTasks.AddRange(made);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two requests created the same year's duties at once; the unique index kept one set, which is all we want.
            db.ChangeTracker.Clear();
            return [];
        }
        foreach (var t in made) AddEvent(t, ClusterTaskEventKind.Created, null, t.AssignedPersonId, userName, now, $"yearly {year}");
        db.Record(userName, "task.yearly", "cluster", clusterId, $"{made.Count} yearly tasks for {year}");
        await db.SaveChangesAsync(ct);
        return made;
    }

    /// <summary>
    /// Hands the cluster over from one coordinator to another on <paramref name="on"/>: the old coordinator role
    /// ends that day, the new coordinator's role begins (unless they already coordinate), the old coordinator's open
    /// tasks move to the new one, and the note is kept. Nothing is deleted.
    /// </summary>
    public async Task<ClusterHandOver> HandOverAsync(int clusterId, int fromPersonId, int toPersonId, DateOnly on, string note, string userName, DateTimeOffset now, CancellationToken ct = default)
    {
        if (fromPersonId == toPersonId) throw new CoordinationException("Vælg en anden person at overdrage til.");
        var roles = await db.ClusterRoles.Where(r => r.ClusterId == clusterId && r.Kind == ClusterRoleKind.Coordinator).ToListAsync(ct);
        var fromRole = roles.FirstOrDefault(r => r.PersonId == fromPersonId && r.IsValidOn(on))
            ?? throw new CoordinationException("Den tidligere koordinator er ikke koordinator for klyngen på overdragelsesdagen.");
        if (fromRole.ValidFrom >= on) throw new CoordinationException($"Overdragelsen skal ligge efter, at koordinatoren begyndte ({fromRole.ValidFrom:yyyy-MM-dd}).");
        var to = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == toPersonId, ct)
            ?? throw new CoordinationException("Personen findes ikke.");
        var memberPractices = db.ClusterMemberships
            .Where(m => m.ClusterId == clusterId && m.ValidFrom <= on && (m.ValidTo == null || m.ValidTo > on))
            .Select(m => m.PracticeId);
        if (!await db.PracticeAffiliations.AnyAsync(a => a.PersonId == toPersonId && memberPractices.Contains(a.PracticeId) && a.ValidFrom <= on && (a.ValidTo == null || a.ValidTo > on), ct))
            throw new CoordinationException($"{to.FirstName} {to.LastName} arbejder ikke i en af klyngens praksisser.");
        if (roles.Any(r => r.PersonId == toPersonId && r.ValidFrom > on))
            throw new CoordinationException($"{to.FirstName} {to.LastName} har allerede en koordinatorrolle, der begynder senere.");

        fromRole.ValidTo = on;
        if (!roles.Any(r => r.PersonId == toPersonId && r.IsValidOn(on)))
            db.ClusterRoles.Add(new ClusterRole { ClusterId = clusterId, PersonId = toPersonId, Kind = ClusterRoleKind.Coordinator, ValidFrom = on });
        var open = await db.ClusterTasks.Where(t => t.ClusterId == clusterId && t.Status == ClusterTaskStatus.Open && t.AssignedPersonId == fromPersonId).ToListAsync(ct);
        var handOver = new ClusterHandOver
        {
            ClusterId = clusterId, FromPersonId = fromPersonId, ToPersonId = toPersonId, HandOverOn = on, Note = note.Trim(),
            TasksMoved = open.Count, RecordedBy = userName, RecordedAtUtc = now.UtcDateTime,
        };
        db.ClusterHandOvers.Add(handOver);
        foreach (var t in open)
        {
            t.AssignedPersonId = toPersonId;
            AddEvent(t, ClusterTaskEventKind.HandedOver, fromPersonId, toPersonId, userName, now, "");
        }
        db.Record(userName, "cluster.hand-over", "cluster", clusterId,
            $"coordinator person {fromPersonId} -> {toPersonId} from {on:yyyy-MM-dd}; {open.Count} open tasks moved");
        await db.SaveChangesAsync(ct);
        return handOver;
    }

    /// <summary>A person's open tasks in every cluster, soonest due first.</summary>
    public Task<List<ClusterTask>> OpenTasksOfAsync(int personId, CancellationToken ct = default) =>
        db.ClusterTasks.AsNoTracking().Where(t => t.AssignedPersonId == personId && t.Status == ClusterTaskStatus.Open)
            .OrderBy(t => t.DueOn == null).ThenBy(t => t.DueOn).ThenBy(t => t.Id).ToListAsync(ct);

    private async Task CheckAssigneeAsync(int clusterId, int personId, DateOnly today, CancellationToken ct)
    {
        if (!await db.ClusterRoles.AnyAsync(r => r.ClusterId == clusterId && r.PersonId == personId && r.ValidFrom <= today && (r.ValidTo == null || r.ValidTo > today), ct))
            throw new CoordinationException("Opgaver kan kun gives til klyngens koordinatorer og bestyrelsesmedlemmer.");
    }

    private async Task<ClusterTask> FindAsync(int clusterId, int taskId, CancellationToken ct) =>
        await db.ClusterTasks.SingleOrDefaultAsync(t => t.Id == taskId && t.ClusterId == clusterId, ct)
        ?? throw new CoordinationException("Opgaven findes ikke i denne klynge.");

    private void AddEvent(ClusterTask task, ClusterTaskEventKind kind, int? from, int? to, string userName, DateTimeOffset now, string note) =>
        db.ClusterTaskEvents.Add(new ClusterTaskEvent
        {
            TaskId = task.Id, ClusterId = task.ClusterId, Kind = kind, FromPersonId = from, ToPersonId = to,
            UserName = userName, AtUtc = now.UtcDateTime, Note = note,
        });
}
