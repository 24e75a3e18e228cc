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
        await db.Meetings.ExecuteDeleteAsync(ct);
        await db.IndicatorResults.ExecuteDeleteAsync(ct);
        await db.Dispensings.ExecuteDeleteAsync(ct);
        await db.ListSizes.ExecuteDeleteAsync(ct);

        var lists = await PrescribingStore.InsertListSizesAsync(db, prescribing.ListSizes(), ct);
        var dispensings = await PrescribingStore.InsertDispensingsAsync(db, prescribing.Dispensings(), ct);
        // The database numbers the meetings (an explicit id would not move PostgreSQL's identity on);
        // the planted effects then point at the numbers it gave.
        var meetings = prescribing.Meetings.ToDictionary(m => m.Id, m => new Meetings.Meeting
        {
            ClusterId = m.ClusterId, StartsAt = m.StartsAt, EndsAt = m.StartsAt.AddMinutes(150), TopicId = m.TopicId, Title = m.Title,
            Status = Meetings.MeetingStatus.Held, Formats = Meetings.MeetingFormat.Plenary | Meetings.MeetingFormat.GroupWork,
            CreatedBy = "demo", CreatedAtUtc = m.StartsAt.AddDays(-60),
        });
        db.Meetings.AddRange(meetings.Values);
        await db.SaveChangesAsync(ct);
        db.PlantedEffects.AddRange(prescribing.PlantedEffects.Select(e => new Meetings.PlantedEffect
        {
            MeetingId = meetings[e.MeetingId].Id, ClusterId = e.ClusterId, TopicId = e.TopicId,
            IndicatorId = e.IndicatorId, RelativeChange = e.RelativeChange, FromQuarter = e.FromQuarter,
        }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return new Written(dispensings, lists, prescribing.Meetings.Count);
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
