using Klynge.Core.Data;
using Klynge.Core.Meetings;
using Klynge.Core.Registry;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Coordination;

/// <summary>What the records say is still to be done for a meeting, or that a task is due.</summary>
public enum DueItemKind { OrderPackage, PublishPackage, SendInvitations, RecordAttendance, WriteMinutes, SendEvaluations, Task }

/// <summary>One thing due: for a meeting (<see cref="MeetingId"/>) or a task (<see cref="TaskId"/>), with its title and due day.</summary>
public sealed record DueItem(DueItemKind Kind, DateOnly DueOn, string Title, int? MeetingId, int? TaskId, int? AssignedPersonId, bool Overdue);

/// <summary>An upcoming meeting with its answers so far.</summary>
public sealed record DeskMeeting(Meeting Meeting, DateOnly Day, int Invited, int Yes, int No, int Maybe, int NoAnswer, bool PackagePublished);

/// <summary>A member GP or staff member who has not answered the invitation to an upcoming meeting.</summary>
public sealed record UnansweredInvitation(int InvitationId, int MeetingId, string MeetingTitle, DateOnly MeetingDay, int? PracticeId, string PracticeName, string PersonName, DateTime InvitedAtUtc, DateTime? RemindedAtUtc);

/// <summary>
/// A member practice's attendance this calendar year: the meetings held while it was a member, how many of them no
/// one from the practice attended, and the cluster's limit (null when the cluster has none).
/// </summary>
public sealed record PracticeAttendance(int PracticeId, string PracticeName, int Held, int Missed, int? Limit)
{
    public bool AtLimit => Limit is { } limit && Missed == limit;
    public bool OverLimit => Limit is { } limit && Missed > limit;
    public bool AtOrOverLimit => AtLimit || OverLimit;
}

/// <summary>A task with the names the desk shows.</summary>
public sealed record TaskRow(ClusterTask Task, string? AssignedName, bool Overdue);

/// <summary>One line of the desk's history: a task step or a hand-over, newest first.</summary>
public sealed record DeskHistoryEntry(DateTime AtUtc, string UserName, ClusterTaskEventKind? TaskEvent, int? TaskId, string? TaskTitle, string? FromName, string? ToName, ClusterHandOver? HandOver);

/// <summary>Everything on the coordinator's desk for one cluster on one day.</summary>
public sealed record CoordinatorDeskView(
    Cluster Cluster,
    DateOnly Today,
    IReadOnlyList<DeskMeeting> NextMeetings,
    IReadOnlyList<DueItem> Due,
    IReadOnlyList<TaskRow> Tasks,
    IReadOnlyList<UnansweredInvitation> Unanswered,
    IReadOnlyList<PracticeAttendance> Attendance,
    IReadOnlyList<DeskHistoryEntry> History)
{
    public IEnumerable<DueItem> Overdue => Due.Where(d => d.Overdue);
    public IEnumerable<PracticeAttendance> AtOrOverLimit => Attendance.Where(a => a.AtOrOverLimit);
}

/// <summary>
/// Works out the coordinator's desk from the records, storing nothing: what each meeting still lacks (package,
/// invitations, attendance, minutes, evaluations), the open tasks, who has not answered, and each practice's missed
/// meetings against the cluster's rule.
/// </summary>
public sealed class CoordinatorDesk(KlyngeDbContext db)
{
    /// <summary>Days before the meeting: invitations three weeks ahead, the package a week ahead so members can read it.</summary>
    public const int InviteDaysBefore = 21, PackageDaysBefore = 7;
    /// <summary>Days after the meeting: attendance the next day, evaluations while it is fresh, minutes within a week.</summary>
    public const int AttendanceDaysAfter = 1, EvaluationDaysAfter = 2, MinutesDaysAfter = 7;
    /// <summary>Meetings that ended longer ago than this no longer put anything on the desk.</summary>
    public const int LookBackDays = 90;
    /// <summary>How many upcoming meetings the desk lists.</summary>
    public const int NextMeetingCount = 3;

    public async Task<CoordinatorDeskView?> LoadAsync(int clusterId, DateOnly today, DateTimeOffset now, CancellationToken ct = default)
    {
        var cluster = await db.Clusters.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clusterId, ct);
        if (cluster is null) return null;
        var nowUtc = now.UtcDateTime;
        var since = nowUtc.AddDays(-LookBackDays);
        var yearStart = DanishTime.ToUtc(new DateOnly(today.Year, 1, 1), TimeOnly.MinValue);
        var from = since < yearStart ? since : yearStart;

        var meetings = await db.Meetings.AsNoTracking()
            .Where(m => m.ClusterId == clusterId && m.Status != MeetingStatus.Cancelled && m.EndsAt >= from)
            .OrderBy(m => m.StartsAt).ToListAsync(ct);
        var ids = meetings.Select(m => m.Id).ToList();
        var invitations = await db.MeetingInvitations.AsNoTracking().Where(i => ids.Contains(i.MeetingId)).ToListAsync(ct);
        var byMeeting = invitations.ToLookup(i => i.MeetingId);
        var packages = (await db.Packages.AsNoTracking().Where(p => p.MeetingId != null && ids.Contains(p.MeetingId.Value))
            .Select(p => new { MeetingId = p.MeetingId!.Value, p.PublishOn }).ToListAsync(ct)).ToLookup(p => p.MeetingId);

        var due = new List<DueItem>();
        void Due(DueItemKind kind, DateOnly on, Meeting m) => due.Add(new DueItem(kind, on, m.Title, m.Id, null, null, on < today));
        var next = new List<DeskMeeting>();
        foreach (var m in meetings)
        {
            var day = DateOnly.FromDateTime(DanishTime.ToLocal(m.StartsAt));
            var invited = byMeeting[m.Id].ToList();
            // Published in time: members can read it on the meeting day at the latest.
            var published = packages[m.Id].Any(p => p.PublishOn is { } on && on <= day);
            if (m.EndsAt >= nowUtc)
            {
                if (m.Status != MeetingStatus.Planned) continue;
                if (next.Count < NextMeetingCount)
                    next.Add(new DeskMeeting(m, day, invited.Count, invited.Count(i => i.Response == RsvpResponse.Yes), invited.Count(i => i.Response == RsvpResponse.No),
                        invited.Count(i => i.Response == RsvpResponse.Maybe), invited.Count(i => i.Response == RsvpResponse.None), published));
                if (!packages[m.Id].Any()) Due(DueItemKind.OrderPackage, day.AddDays(-PackageDaysBefore), m);
                else if (!published) Due(DueItemKind.PublishPackage, day.AddDays(-PackageDaysBefore), m);
                if (invited.Count == 0) Due(DueItemKind.SendInvitations, day.AddDays(-InviteDaysBefore), m);
            }
            else if (m.EndsAt >= since)
            {
                var attended = invited.Where(i => i.AttendedAtUtc != null).ToList();
                if (attended.Count == 0) Due(DueItemKind.RecordAttendance, day.AddDays(AttendanceDaysAfter), m);
                else if (attended.Any(i => i.EvaluationSentAtUtc == null)) Due(DueItemKind.SendEvaluations, day.AddDays(EvaluationDaysAfter), m);
                if (string.IsNullOrWhiteSpace(m.Minutes)) Due(DueItemKind.WriteMinutes, day.AddDays(MinutesDaysAfter), m);
            }
        }

        var tasks = await db.ClusterTasks.AsNoTracking().Where(t => t.ClusterId == clusterId)
            .OrderBy(t => t.Status).ThenBy(t => t.DueOn == null).ThenBy(t => t.DueOn).ThenBy(t => t.Id).ToListAsync(ct);
        var events = await db.ClusterTaskEvents.AsNoTracking().Where(e => e.ClusterId == clusterId).OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id).Take(200).ToListAsync(ct);
        var handOvers = await db.ClusterHandOvers.AsNoTracking().Where(h => h.ClusterId == clusterId).ToListAsync(ct);
        var personIds = tasks.Select(t => t.AssignedPersonId).Concat(events.SelectMany(e => new[] { e.FromPersonId, e.ToPersonId }))
            .OfType<int>().Concat(handOvers.SelectMany(h => new[] { h.FromPersonId, h.ToPersonId })).Distinct().ToList();
        var names = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.FirstName + " " + p.LastName, ct);
        string? Name(int? id) => id is { } i && names.TryGetValue(i, out var n) ? n : null;

        foreach (var t in tasks.Where(t => t.Status == ClusterTaskStatus.Open && t.DueOn is not null))
            due.Add(new DueItem(DueItemKind.Task, t.DueOn!.Value, t.Title, null, t.Id, t.AssignedPersonId, t.IsOverdueOn(today)));

        var taskTitles = tasks.ToDictionary(t => t.Id, t => t.Title);
        var history = events.Select(e => new DeskHistoryEntry(e.AtUtc, e.UserName, e.Kind, e.TaskId, taskTitles.GetValueOrDefault(e.TaskId), Name(e.FromPersonId), Name(e.ToPersonId), null))
            .Concat(handOvers.Select(h => new DeskHistoryEntry(h.RecordedAtUtc, h.RecordedBy, null, null, null, Name(h.FromPersonId), Name(h.ToPersonId), h)))
            .OrderByDescending(h => h.AtUtc).ThenBy(h => h.HandOver is null).ToList();

        return new CoordinatorDeskView(
            cluster, today, next,
            due.OrderBy(d => d.DueOn).ThenBy(d => d.Kind).ThenBy(d => d.MeetingId).ThenBy(d => d.TaskId).ToList(),
            tasks.Select(t => new TaskRow(t, Name(t.AssignedPersonId), t.IsOverdueOn(today))).ToList(),
            await UnansweredAsync(meetings.Where(m => m.EndsAt >= nowUtc && m.Status == MeetingStatus.Planned).ToList(), invitations, ct),
            await AttendanceAsync(cluster, meetings, byMeeting, today, nowUtc, ct),
            history);
    }

    private async Task<IReadOnlyList<UnansweredInvitation>> UnansweredAsync(List<Meeting> upcoming, List<MeetingInvitation> invitations, CancellationToken ct)
    {
        var titles = upcoming.ToDictionary(m => m.Id);
        var silent = invitations.Where(i => titles.ContainsKey(i.MeetingId) && i.Kind != InviteeKind.Guest && i.Response == RsvpResponse.None).ToList();
        var practiceIds = silent.Select(i => i.PracticeId).OfType<int>().Distinct().ToList();
        var practices = await db.Practices.AsNoTracking().Where(p => practiceIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        return silent
            .Select(i => new UnansweredInvitation(i.Id, i.MeetingId, titles[i.MeetingId].Title, DateOnly.FromDateTime(DanishTime.ToLocal(titles[i.MeetingId].StartsAt)),
                i.PracticeId, i.PracticeId is { } p ? practices.GetValueOrDefault(p, "") : "", i.Name, i.InvitedAtUtc, i.RemindedAtUtc))
            .OrderBy(u => u.MeetingDay).ThenBy(u => u.PracticeName).ThenBy(u => u.PersonName).ToList();
    }

    /// <summary>
    /// Counts, for each practice in the cluster today, this calendar year's held meetings (attendance recorded) on
    /// days it was a member, and those no one from the practice attended.
    /// </summary>
    private async Task<IReadOnlyList<PracticeAttendance>> AttendanceAsync(Cluster cluster, List<Meeting> meetings, ILookup<int, MeetingInvitation> byMeeting, DateOnly today, DateTime nowUtc, CancellationToken ct)
    {
        var memberships = await db.ClusterMemberships.AsNoTracking().Where(m => m.ClusterId == cluster.Id)
            .Select(m => new { m.PracticeId, m.ValidFrom, m.ValidTo, m.Practice!.Name }).ToListAsync(ct);
        var current = memberships.Where(m => Validity.Covers(m.ValidFrom, m.ValidTo, today)).GroupBy(m => m.PracticeId).Select(g => g.First()).ToList();
        var held = meetings
            .Select(m => (Meeting: m, Day: DateOnly.FromDateTime(DanishTime.ToLocal(m.StartsAt))))
            .Where(x => x.Day.Year == today.Year && x.Meeting.EndsAt < nowUtc && byMeeting[x.Meeting.Id].Any(i => i.AttendedAtUtc != null))
            .ToList();
        return current.Select(p =>
            {
                var asMember = held.Where(h => memberships.Any(m => m.PracticeId == p.PracticeId && Validity.Covers(m.ValidFrom, m.ValidTo, h.Day))).ToList();
                var missed = asMember.Count(h => !byMeeting[h.Meeting.Id].Any(i => i.PracticeId == p.PracticeId && i.AttendedAtUtc != null));
                return new PracticeAttendance(p.PracticeId, p.Name, asMember.Count, missed, cluster.MaxMissedMeetingsPerYear);
            })
            .OrderByDescending(a => a.Missed).ThenBy(a => a.PracticeName).ToList();
    }
}
