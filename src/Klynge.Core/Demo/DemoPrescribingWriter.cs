using Klynge.Core.Data;
using Klynge.Core.Prescribing;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Demo;

public static class DemoPrescribingWriter
{
    public record Written(long Dispensings, long ListSizes, int Meetings);

    /// <summary>
    /// Writes the demo prescribing, its meetings and the planted truth in one transaction, replacing any
    /// prescribing data already there; dispensings go through the same bulk path as an import.
    /// </summary>
    public static async Task<Written> WriteAsync(KlyngeDbContext db, DemoPrescribing prescribing, CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.PlantedEffects.ExecuteDeleteAsync(ct);
        await db.MeetingEvaluations.ExecuteDeleteAsync(ct);
        await db.Packages.Where(p => p.MeetingId != null).ExecuteUpdateAsync(u => u.SetProperty(p => p.MeetingId, (int?)null), ct);
        await db.Meetings.ExecuteDeleteAsync(ct);
        await db.IndicatorResults.ExecuteDeleteAsync(ct);
        await db.Dispensings.ExecuteDeleteAsync(ct);
        await db.ListSizes.ExecuteDeleteAsync(ct);

        var lists = await PrescribingStore.InsertListSizesAsync(db, prescribing.ListSizes(), ct);
        var dispensings = await PrescribingStore.InsertDispensingsAsync(db, prescribing.Dispensings(), ct);
        // The database numbers the meetings (an explicit id would not move PostgreSQL's identity on); invitations,
        // actions, evaluations and the planted effects then point at the numbers it gave.
        var meetings = DemoMeetingGenerator.Generate(prescribing);
        db.Meetings.AddRange(meetings.Select(m => m.Meeting));
        await db.SaveChangesAsync(ct);
        foreach (var m in meetings)
        {
            foreach (var i in m.Invitations) i.MeetingId = m.Meeting.Id;
            foreach (var a in m.Actions) a.MeetingId = m.Meeting.Id;
        }
        db.MeetingInvitations.AddRange(meetings.SelectMany(m => m.Invitations));
        db.AgreedActions.AddRange(meetings.SelectMany(m => m.Actions));
        await db.SaveChangesAsync(ct);
        foreach (var m in meetings)
        foreach (var (invitation, evaluation) in m.Evaluations)
        {
            evaluation.MeetingId = m.Meeting.Id;
            evaluation.InvitationId = m.Invitations[invitation].Id;
            db.MeetingEvaluations.Add(evaluation);
        }
        var planted = meetings.Where(m => m.PlantedId is not null).ToDictionary(m => m.PlantedId!.Value, m => m.Meeting.Id);
        db.PlantedEffects.AddRange(prescribing.PlantedEffects.Select(e => new Meetings.PlantedEffect
        {
            MeetingId = planted[e.MeetingId], ClusterId = e.ClusterId, TopicId = e.TopicId,
            IndicatorId = e.IndicatorId, RelativeChange = e.RelativeChange, FromQuarter = e.FromQuarter,
        }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return new Written(dispensings, lists, meetings.Count);
    }
}

/// <summary>The choices the web app's first start and <c>klynge demo</c> share.</summary>
public static class DemoSetupDefaults
{
    /// <summary>A tenth of each list: the web app's first start stays well under a minute, and rates are unaffected.</summary>
    public const double Scale = 0.1;

    /// <summary>The latest quarter that has ended before <paramref name="today"/>.</summary>
    public static Quarter LastCompleteQuarter(DateOnly today) => Quarter.Of(today).Previous;
}
