using System.Globalization;
using Klynge.Core.Csv;
using Klynge.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Meetings;

/// <summary>Which meetings the programme view and export cover: a region (null: the whole country) and meeting days, both ends included, in Danish time.</summary>
public sealed record ProgrammeFilter(int? RegionCode = null, DateOnly? From = null, DateOnly? To = null)
{
    public static ProgrammeFilter Year(int year, int? regionCode = null) => new(regionCode, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
}

/// <summary>The sums of a meeting's evaluations per question, so means can be pooled over meetings, clusters and regions.</summary>
public sealed record EvaluationSums(int Count, int Productive, int DataUseful, int Commitment, int AgreementEasy)
{
    public static readonly EvaluationSums None = new(0, 0, 0, 0, 0);

    public EvaluationSums Add(EvaluationSums other) => new(Count + other.Count, Productive + other.Productive, DataUseful + other.DataUseful,
        Commitment + other.Commitment, AgreementEasy + other.AgreementEasy);

    /// <summary>The mean over every answer to every question; null without evaluations.</summary>
    public double? Mean => Count == 0 ? null : (Productive + DataUseful + Commitment + AgreementEasy) / (4.0 * Count);
    public double? ProductiveMean => Count == 0 ? null : Productive / (double)Count;
    public double? DataUsefulMean => Count == 0 ? null : DataUseful / (double)Count;
    public double? CommitmentMean => Count == 0 ? null : Commitment / (double)Count;
    public double? AgreementEasyMean => Count == 0 ? null : AgreementEasy / (double)Count;
}

/// <summary>
/// One meeting as the programme evaluation sees it. <see cref="PackageUsed"/>: a published cluster package was made for
/// the meeting. <see cref="Invited"/> counts every invitation (members, staff, guests); <see cref="Attended"/> those checked in.
/// </summary>
public sealed record ProgrammeMeeting(
    int ClusterId,
    int MeetingId,
    DateTime StartsAtUtc,
    string TopicId,
    MeetingFormat Formats,
    bool PackageUsed,
    int Invited,
    int Attended,
    int ActionsAgreed,
    int ActionsDone,
    EvaluationSums Evaluations,
    int RegionCode,
    MeetingStatus Status)
{
    public double? EvaluationMean => Evaluations.Mean;
    public int Year => DanishTime.ToLocal(StartsAtUtc).Year;
}

/// <summary>Figures for a group of meetings (a cluster, a region, the country); rates and means are pooled over the held meetings.</summary>
public sealed record ProgrammeSummary(
    int Held,
    int Planned,
    int Cancelled,
    int Invited,
    int Attended,
    int ActionsAgreed,
    int ActionsDone,
    int WithPackage,
    int MixedFormats,
    IReadOnlyDictionary<MeetingFormat, int> FormatUse,
    IReadOnlyDictionary<string, int> Topics,
    EvaluationSums Evaluations)
{
    /// <summary>Attended over invited at held meetings; null when nobody was invited.</summary>
    public double? AttendanceRate => Invited == 0 ? null : Attended / (double)Invited;
    public double? PackageShare => Held == 0 ? null : WithPackage / (double)Held;
    public double? MixedFormatShare => Held == 0 ? null : MixedFormats / (double)Held;
    public double? ActionsDoneShare => ActionsAgreed == 0 ? null : ActionsDone / (double)ActionsAgreed;

    public static ProgrammeSummary Of(IEnumerable<ProgrammeMeeting> meetings)
    {
        var all = meetings.ToList();
        var held = all.Where(m => m.Status == MeetingStatus.Held).ToList();
        var formats = MeetingProgramme.SingleFormats.ToDictionary(f => f, f => held.Count(m => m.Formats.HasFlag(f)));
        var topics = held.GroupBy(m => m.TopicId).ToDictionary(g => g.Key, g => g.Count());
        return new ProgrammeSummary(
            held.Count,
            all.Count(m => m.Status == MeetingStatus.Planned),
            all.Count(m => m.Status == MeetingStatus.Cancelled),
            held.Sum(m => m.Invited),
            held.Sum(m => m.Attended),
            held.Sum(m => m.ActionsAgreed),
            held.Sum(m => m.ActionsDone),
            held.Count(m => m.PackageUsed),
            held.Count(m => MeetingProgramme.SingleFormats.Count(f => m.Formats.HasFlag(f)) >= 2),
            formats,
            topics,
            held.Aggregate(EvaluationSums.None, (sum, m) => sum.Add(m.Evaluations)));
    }
}

/// <summary>
/// The programme evaluation of cluster meetings: per-meeting figures (invited, attended, agreed and done actions,
/// evaluation scores, package use) for analysts, and the CSV both the web page and <c>klynge export meetings</c> write.
/// Each figure comes from one grouped query over the selected meetings, so the cost does not grow with a query per meeting.
/// </summary>
public static class MeetingProgramme
{
    /// <summary>The fixed columns (docs/data-formats.md); <c>region_code</c>, <c>status</c> and <c>evaluations</c> follow them.</summary>
    public static readonly string[] Columns =
        ["cluster_id", "meeting_id", "starts_at", "topic_id", "formats", "package_used", "invited", "attended", "actions_agreed", "actions_done", "evaluation_mean",
         "region_code", "status", "evaluations"];

    public static readonly MeetingFormat[] SingleFormats = [MeetingFormat.Plenary, MeetingFormat.GroupWork, MeetingFormat.CaseDiscussion, MeetingFormat.ExternalSpeaker];

    public static async Task<IReadOnlyList<ProgrammeMeeting>> RowsAsync(KlyngeDbContext db, ProgrammeFilter filter, CancellationToken ct = default)
    {
        var meetings = db.Meetings.AsNoTracking();
        if (filter.From is { } from)
        {
            var fromUtc = DanishTime.ToUtc(from, TimeOnly.MinValue);
            meetings = meetings.Where(m => m.StartsAt >= fromUtc);
        }
        if (filter.To is { } to)
        {
            var toUtc = DanishTime.ToUtc(to.AddDays(1), TimeOnly.MinValue);
            meetings = meetings.Where(m => m.StartsAt < toUtc);
        }
        if (filter.RegionCode is { } region)
            meetings = meetings.Where(m => db.Clusters.Any(c => c.Id == m.ClusterId && c.RegionCode == region));

        var basics = await meetings
            .Join(db.Clusters, m => m.ClusterId, c => c.Id, (m, c) => new { m.Id, m.ClusterId, m.StartsAt, m.TopicId, m.Formats, m.Status, c.RegionCode })
            .ToListAsync(ct);
        // The selection is passed as a subquery, not a list of ids, so a national programme does not hit parameter limits.
        var ids = meetings.Select(m => m.Id);
        var invitations = await db.MeetingInvitations.AsNoTracking().Where(i => ids.Contains(i.MeetingId))
            .GroupBy(i => i.MeetingId)
            .Select(g => new { g.Key, Invited = g.Count(), Attended = g.Count(i => i.AttendedAtUtc != null) })
            .ToDictionaryAsync(x => x.Key, ct);
        var actions = await db.AgreedActions.AsNoTracking().Where(a => ids.Contains(a.MeetingId))
            .GroupBy(a => a.MeetingId)
            .Select(g => new { g.Key, Agreed = g.Count(), Done = g.Count(a => a.Status == ActionStatus.Done) })
            .ToDictionaryAsync(x => x.Key, ct);
        var evaluations = await db.MeetingEvaluations.AsNoTracking().Where(e => ids.Contains(e.MeetingId))
            .GroupBy(e => e.MeetingId)
            .Select(g => new
            {
                g.Key,
                Count = g.Count(),
                Productive = g.Sum(e => e.Productive),
                DataUseful = g.Sum(e => e.DataUseful),
                Commitment = g.Sum(e => e.Commitment),
                AgreementEasy = g.Sum(e => e.AgreementEasy),
            })
            .ToDictionaryAsync(x => x.Key, ct);
        var withPackage = (await db.Packages.AsNoTracking()
            .Where(p => p.MeetingId != null && p.PublishOn != null && ids.Contains(p.MeetingId.Value))
            .Select(p => p.MeetingId!.Value).Distinct().ToListAsync(ct)).ToHashSet();

        return basics
            .Select(m =>
            {
                var i = invitations.GetValueOrDefault(m.Id);
                var a = actions.GetValueOrDefault(m.Id);
                var e = evaluations.GetValueOrDefault(m.Id);
                return new ProgrammeMeeting(m.ClusterId, m.Id, DateTime.SpecifyKind(m.StartsAt, DateTimeKind.Utc), m.TopicId, m.Formats, withPackage.Contains(m.Id),
                    i?.Invited ?? 0, i?.Attended ?? 0, a?.Agreed ?? 0, a?.Done ?? 0,
                    e is null ? EvaluationSums.None : new EvaluationSums(e.Count, e.Productive, e.DataUseful, e.Commitment, e.AgreementEasy),
                    m.RegionCode, m.Status);
            })
            .OrderBy(m => m.ClusterId).ThenBy(m => m.StartsAtUtc).ThenBy(m => m.MeetingId)
            .ToList();
    }

    /// <summary>Writes the rows as CSV (header first); returns the number of rows.</summary>
    public static async Task<int> WriteCsvAsync(IReadOnlyList<ProgrammeMeeting> rows, TextWriter writer, CancellationToken ct = default)
    {
        CsvWriter.WriteRow(writer, Columns);
        foreach (var m in rows)
        {
            ct.ThrowIfCancellationRequested();
            CsvWriter.WriteRow(writer, CsvFields(m));
        }
        await writer.FlushAsync(ct);
        return rows.Count;
    }

    /// <summary>One row's fields in the order of <see cref="Columns"/>.</summary>
    public static string[] CsvFields(ProgrammeMeeting m) =>
    [
        Integer(m.ClusterId),
        Integer(m.MeetingId),
        m.StartsAtUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        m.TopicId,
        FormatNames(m.Formats),
        m.PackageUsed ? "true" : "false",
        Integer(m.Invited),
        Integer(m.Attended),
        Integer(m.ActionsAgreed),
        Integer(m.ActionsDone),
        m.EvaluationMean is { } mean ? mean.ToString("R", CultureInfo.InvariantCulture) : "",
        Integer(m.RegionCode),
        m.Status.ToString().ToLowerInvariant(),
        Integer(m.Evaluations.Count),
    ];

    /// <summary>The formats as kebab-case names joined by <c>+</c>, in a fixed order, e.g. <c>plenary+group-work</c>; empty for none.</summary>
    public static string FormatNames(MeetingFormat formats) => string.Join('+', SingleFormats.Where(f => formats.HasFlag(f)).Select(FormatName));

    public static string FormatName(MeetingFormat format) => format switch
    {
        MeetingFormat.Plenary => "plenary",
        MeetingFormat.GroupWork => "group-work",
        MeetingFormat.CaseDiscussion => "case-discussion",
        MeetingFormat.ExternalSpeaker => "external-speaker",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Only single formats have a name."),
    };

    private static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);
}
