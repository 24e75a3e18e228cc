using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Klynge.Core.Audit;
using Klynge.Core.Data;
using Klynge.Core.Funds;
using Klynge.Core.Topics;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Meetings;

/// <summary>
/// Makes, edits, submits and reopens annual activity reports. Callers check that the user may edit the cluster's
/// report (<see cref="Access.AccessScope.CanEditActivityReport"/>); this class keeps the report's own rules: only a
/// draft is edited, submitting freezes the figures, and reopening starts a new version.
/// </summary>
public sealed class ActivityReports(KlyngeDbContext db, TopicLibrary? topics = null)
{
    public const int MaxText = 8000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private static readonly CultureInfo Danish = CultureInfo.GetCultureInfo("da-DK");

    /// <summary>Every version of the cluster's report for the year, newest first.</summary>
    public async Task<IReadOnlyList<ActivityReport>> VersionsAsync(int clusterId, int year, CancellationToken ct = default) =>
        (await db.ActivityReports.AsNoTracking().Where(r => r.ClusterId == clusterId && r.Year == year).ToListAsync(ct))
            .OrderByDescending(r => r.Version).ToList();

    public static ActivityFigures? FiguresOf(ActivityReport report) =>
        report.FiguresJson.Length > 2 ? JsonSerializer.Deserialize<ActivityFigures>(report.FiguresJson, Json) : null;

    /// <summary>Works the figures out from the meetings, invitations, actions, evaluations, packages and funds of the year.</summary>
    public async Task<ActivityFigures> ComputeAsync(int clusterId, int year, DateTimeOffset now, CancellationToken ct = default)
    {
        // The year runs in Danish time: a meeting on New Year's Eve evening belongs to that year.
        var from = DanishTime.ToUtc(new DateOnly(year, 1, 1), TimeOnly.MinValue);
        var to = DanishTime.ToUtc(new DateOnly(year + 1, 1, 1), TimeOnly.MinValue);
        var meetings = await db.Meetings.AsNoTracking()
            .Where(m => m.ClusterId == clusterId && m.StartsAt >= from && m.StartsAt < to).ToListAsync(ct);
        var held = meetings.Where(m => m.Status == MeetingStatus.Held).OrderBy(m => m.StartsAt).ToList();
        var heldIds = held.Select(m => m.Id).ToList();

        var formats = new[] { MeetingFormat.Plenary, MeetingFormat.GroupWork, MeetingFormat.CaseDiscussion, MeetingFormat.ExternalSpeaker }
            .Select(f => new FormatCount(f, held.Count(m => m.Formats.HasFlag(f)))).ToList();
        var topicCounts = held
            .GroupBy(m => m.TopicId.Length > 0 ? m.TopicId : "\u0001" + m.Title)
            .Select(g =>
            {
                var first = g.First();
                var title = first.TopicId.Length > 0 ? topics?.Find(first.TopicId)?.Title?.Da ?? first.TopicId : first.Title;
                return new TopicCount(first.TopicId, title, g.Count());
            })
            .OrderByDescending(t => t.Meetings).ThenBy(t => t.Title, StringComparer.Ordinal).ToList();

        DateOnly firstDay = new(year, 1, 1), nextYear = new(year + 1, 1, 1);
        var packages = (await db.Packages.AsNoTracking()
                .Where(p => p.ClusterId == clusterId && ((p.MeetingId != null && heldIds.Contains(p.MeetingId.Value))
                    || (p.PublishOn != null && p.PublishOn >= firstDay && p.PublishOn < nextYear)))
                .Select(p => new { p.Id, p.TopicId, p.MeetingOn }).ToListAsync(ct))
            .OrderBy(p => p.MeetingOn).ThenBy(p => p.Id).Select(p => new PackageUse(p.Id, p.TopicId, p.MeetingOn)).ToList();

        var invitations = await db.MeetingInvitations.AsNoTracking()
            .Where(i => heldIds.Contains(i.MeetingId) && i.Kind == InviteeKind.Member)
            .Select(i => i.AttendedAtUtc != null).ToListAsync(ct);
        var actions = await db.AgreedActions.AsNoTracking().Where(a => heldIds.Contains(a.MeetingId)).Select(a => a.Status).ToListAsync(ct);
        var evaluations = await db.MeetingEvaluations.AsNoTracking().Where(e => heldIds.Contains(e.MeetingId)).ToListAsync(ct);
        var funds = await new ClusterFunds(db).YearAsync(clusterId, year, ct);

        return new ActivityFigures(
            year, held.Count, meetings.Count(m => m.Status == MeetingStatus.Cancelled), formats, topicCounts, packages,
            invitations.Count, invitations.Count(a => a),
            actions.Count, actions.Count(s => s == ActionStatus.Done), actions.Count(s => s == ActionStatus.Dropped),
            evaluations.Count == 0 ? null : new EvaluationMeans(evaluations.Count, evaluations.Average(e => e.Productive),
                evaluations.Average(e => e.DataUseful), evaluations.Average(e => e.Commitment), evaluations.Average(e => e.AgreementEasy)),
            funds.BudgetDkk, funds.Approved, now.UtcDateTime);
    }

    /// <summary>Starts the year's first report as a draft, its text prefilled from the records; returns the existing latest version if there is one.</summary>
    public async Task<ActivityReport> StartAsync(int clusterId, int year, string userName, DateTimeOffset now, CancellationToken ct = default)
    {
        if (await LatestAsync(clusterId, year, ct) is { } existing) return existing;
        var clusterName = await db.Clusters.Where(c => c.Id == clusterId).Select(c => c.Name).SingleAsync(ct);
        var figures = await ComputeAsync(clusterId, year, now, ct);
        var openActions = await OpenActionsAsync(clusterId, ct);
        var report = new ActivityReport
        {
            ClusterId = clusterId, Year = year, Version = 1, Status = ActivityReportStatus.Draft,
            FiguresJson = JsonSerializer.Serialize(figures, Json),
            Summary = DraftSummary(clusterName, figures), PlansNextYear = DraftPlans(year, openActions),
            CreatedBy = userName, CreatedAtUtc = now.UtcDateTime,
        };
        db.ActivityReports.Add(report);
        await db.SaveChangesAsync(ct);
        db.Record(userName, "report.started", "activity-report", report.Id, $"cluster {clusterId}, {year}");
        await db.SaveChangesAsync(ct);
        return report;
    }

    /// <summary>Saves the text of the latest version while it is a draft, and takes the figures again.</summary>
    public async Task<ActivityReport> SaveAsync(int clusterId, int year, string summary, string plans, string userName, DateTimeOffset now, CancellationToken ct = default)
    {
        var report = await DraftAsync(clusterId, year, ct);
        report.Summary = Check(summary, "Resuméet");
        report.PlansNextYear = Check(plans, "Planerne for næste år");
        report.FiguresJson = JsonSerializer.Serialize(await ComputeAsync(clusterId, year, now, ct), Json);
        report.UpdatedBy = userName;
        report.UpdatedAtUtc = now.UtcDateTime;
        db.Record(userName, "report.saved", "activity-report", report.Id, $"version {report.Version}");
        await db.SaveChangesAsync(ct);
        return report;
    }

    /// <summary>Submits the draft: figures are taken a last time and frozen, and the version can no longer be changed.</summary>
    public async Task<ActivityReport> SubmitAsync(int clusterId, int year, string userName, DateTimeOffset now, CancellationToken ct = default)
    {
        var report = await DraftAsync(clusterId, year, ct);
        if (string.IsNullOrWhiteSpace(report.Summary)) throw new ActivityReportException("Skriv et resumé, før rapporten indsendes.");
        report.FiguresJson = JsonSerializer.Serialize(await ComputeAsync(clusterId, year, now, ct), Json);
        report.Status = ActivityReportStatus.Submitted;
        report.SubmittedBy = userName;
        report.SubmittedAtUtc = now.UtcDateTime;
        db.Record(userName, "report.submitted", "activity-report", report.Id, $"cluster {clusterId}, {year}, version {report.Version}");
        await db.SaveChangesAsync(ct);
        return report;
    }

    /// <summary>Opens a new draft version from the submitted one, its text copied; the submitted version stays as it was.</summary>
    public async Task<ActivityReport> ReopenAsync(int clusterId, int year, string userName, DateTimeOffset now, CancellationToken ct = default)
    {
        var latest = await LatestAsync(clusterId, year, ct) ?? throw new ActivityReportException("Der er ingen rapport for året.");
        if (latest.Status != ActivityReportStatus.Submitted) throw new ActivityReportException("Rapporten er allerede åben for ændringer.");
        var next = new ActivityReport
        {
            ClusterId = clusterId, Year = year, Version = latest.Version + 1, Status = ActivityReportStatus.Draft,
            FiguresJson = JsonSerializer.Serialize(await ComputeAsync(clusterId, year, now, ct), Json),
            Summary = latest.Summary, PlansNextYear = latest.PlansNextYear, CreatedBy = userName, CreatedAtUtc = now.UtcDateTime,
        };
        db.ActivityReports.Add(next);
        await db.SaveChangesAsync(ct);
        db.Record(userName, "report.reopened", "activity-report", next.Id, $"cluster {clusterId}, {year}, version {next.Version}");
        await db.SaveChangesAsync(ct);
        return next;
    }

    private async Task<ActivityReport?> LatestAsync(int clusterId, int year, CancellationToken ct) =>
        (await db.ActivityReports.Where(r => r.ClusterId == clusterId && r.Year == year).ToListAsync(ct)).MaxBy(r => r.Version);

    private async Task<ActivityReport> DraftAsync(int clusterId, int year, CancellationToken ct)
    {
        var report = await LatestAsync(clusterId, year, ct) ?? throw new ActivityReportException("Der er ingen rapport for året.");
        if (report.Status != ActivityReportStatus.Draft) throw new ActivityReportException("Rapporten er indsendt og kan ikke ændres. Genåbn den for at lave en ny version.");
        return report;
    }

    private async Task<List<string>> OpenActionsAsync(int clusterId, CancellationToken ct) =>
        (await db.AgreedActions.AsNoTracking().Where(a => a.ClusterId == clusterId && a.Status == ActionStatus.Open)
            .Select(a => new { a.Id, a.Text }).ToListAsync(ct)).OrderBy(a => a.Id).Select(a => a.Text).Distinct().ToList();

    private static string Check(string text, string what)
    {
        text = (text ?? "").Trim();
        if (text.Length > MaxText) throw new ActivityReportException($"{what} er for langt (højst {MaxText} tegn).");
        return text;
    }

    /// <summary>A first summary written from the figures, for the coordinator to rewrite in the cluster's own words.</summary>
    public static string DraftSummary(string clusterName, ActivityFigures f)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"I {f.Year} holdt {clusterName} {f.MeetingsHeld} {(f.MeetingsHeld == 1 ? "møde" : "møder")}");
        text.Append(f.Topics.Count > 0 ? $" om {JoinDanish(f.Topics.Select(t => t.Title).ToList())}." : ".");
        if (f.AttendanceRate is double rate)
            text.Append(string.Create(Danish, $" Lægerne mødte op til {f.GpsAttended} af {f.GpsInvited} invitationer ({rate:P0})."));
        if (f.ActionsAgreed > 0)
            text.Append(CultureInfo.InvariantCulture, $" Klyngen aftalte {f.ActionsAgreed} konkrete ændringer, og {f.ActionsDone} er gennemført.");
        if (f.Evaluations is { } e)
            text.Append(string.Create(Danish, $" Deltagerne gav møderne {e.Overall:0.0} i gennemsnit på en skala fra 1 til 5."));
        return text.ToString();
    }

    public static string DraftPlans(int year, IReadOnlyList<string> openActions)
    {
        var text = new StringBuilder($"Planer for {year + 1}:\n");
        if (openActions.Count > 0)
        {
            text.Append("\nÅbne aftaler, der følges op:\n");
            foreach (var a in openActions) text.Append("- ").Append(a).Append('\n');
        }
        return text.ToString();
    }

    private static string JoinDanish(IReadOnlyList<string> items) =>
        items.Count <= 1 ? string.Concat(items) : string.Join(", ", items.Take(items.Count - 1)) + " og " + items[^1];
}

/// <summary>A change to an activity report was refused; the message (Danish) says why.</summary>
public sealed class ActivityReportException(string message) : Exception(message);
