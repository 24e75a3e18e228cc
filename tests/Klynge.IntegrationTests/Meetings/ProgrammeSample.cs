using Klynge.Core.Data;
using Klynge.Core.Meetings;
using Klynge.Core.Packages;
using Klynge.IntegrationTests.Web;

namespace Klynge.IntegrationTests.Meetings;

/// <summary>One hand-built meeting: who came, what was agreed and done, and each attendee's four scores.</summary>
public sealed record SampleMeeting(
    int ClusterId,
    int RegionCode,
    DateOnly Day,
    TimeOnly Starts,
    string TopicId,
    MeetingFormat Formats,
    MeetingStatus Status,
    int Invited,
    int Attended,
    ActionStatus[] Actions,
    (int P, int D, int C, int A)[] Scores,
    bool? Package)
{
    public int Id { get; set; }
    public DateTime StartsAtUtc => DanishTime.ToUtc(Day, Starts);
}

/// <summary>
/// Six meetings on the clusters of <see cref="TestRegistry"/> (A and B in Midtjylland, C in Hovedstaden), written straight
/// through the context so the programme figures can be worked out from this list alone. <see cref="SampleMeeting.Package"/>:
/// true for a published package, false for a draft that does not count, null for none. One meeting starts at 00:30 on
/// New Year's Day in Danish time, which is still the old year in UTC.
/// </summary>
public static class ProgrammeSample
{
    public static List<SampleMeeting> Meetings(TestRegistry r) =>
    [
        new(r.ClusterA.Id, TestRegistry.Midtjylland, new(2025, 3, 11), new(16, 30), "antibiotics", MeetingFormat.Plenary | MeetingFormat.GroupWork, MeetingStatus.Held,
            5, 3, [ActionStatus.Done, ActionStatus.Open], [(5, 4, 4, 3), (3, 3, 4, 2)], true),
        new(r.ClusterA.Id, TestRegistry.Midtjylland, new(2025, 9, 9), new(16, 30), "", MeetingFormat.CaseDiscussion, MeetingStatus.Held,
            4, 4, [ActionStatus.Done, ActionStatus.Dropped, ActionStatus.Done], [(4, 4, 4, 4)], false),
        new(r.ClusterB.Id, TestRegistry.Midtjylland, new(2025, 5, 20), new(16, 30), "antibiotics", MeetingFormat.Plenary, MeetingStatus.Held,
            6, 2, [], [], null),
        new(r.ClusterC.Id, TestRegistry.Hovedstaden, new(2026, 1, 1), new(0, 30), "benzodiazepines",
            MeetingFormat.Plenary | MeetingFormat.CaseDiscussion | MeetingFormat.ExternalSpeaker, MeetingStatus.Held,
            3, 3, [ActionStatus.Done], [(2, 3, 2, 3), (5, 5, 5, 5), (4, 3, 4, 4)], true),
        new(r.ClusterC.Id, TestRegistry.Hovedstaden, new(2026, 2, 10), new(16, 30), "antibiotics", MeetingFormat.Plenary, MeetingStatus.Cancelled,
            2, 0, [], [], null),
        new(r.ClusterA.Id, TestRegistry.Midtjylland, new(2026, 6, 2), new(16, 30), "antibiotics", MeetingFormat.GroupWork, MeetingStatus.Planned,
            5, 0, [], [], null),
    ];

    /// <summary>Writes the meetings with their invitations, actions, evaluations and packages; sets each <see cref="SampleMeeting.Id"/>.</summary>
    public static async Task<List<SampleMeeting>> WriteAsync(KlyngeDbContext db, TestRegistry registry)
    {
        var samples = Meetings(registry);
        foreach (var s in samples)
        {
            var meeting = new Meeting
            {
                ClusterId = s.ClusterId, StartsAt = s.StartsAtUtc, EndsAt = s.StartsAtUtc.AddHours(2.5), TopicId = s.TopicId, Title = $"Møde {s.Day:yyyy-MM-dd}",
                Venue = "Lægehuset", Formats = s.Formats, Status = s.Status, CreatedBy = "test", CreatedAtUtc = s.StartsAtUtc.AddDays(-30),
            };
            db.Meetings.Add(meeting);
            await db.SaveChangesAsync();
            s.Id = meeting.Id;
            var invitations = Enumerable.Range(0, s.Invited).Select(n => new MeetingInvitation
            {
                MeetingId = meeting.Id, Kind = InviteeKind.Member, Name = $"Deltager {n}", Email = $"deltager{n}@praksis.test",
                Token = $"m{meeting.Id}-i{n}", InvitedAtUtc = meeting.CreatedAtUtc, Response = RsvpResponse.Yes,
                AttendedAtUtc = n < s.Attended ? meeting.StartsAt : null,
            }).ToList();
            db.MeetingInvitations.AddRange(invitations);
            await db.SaveChangesAsync();
            db.AgreedActions.AddRange(s.Actions.Select((status, n) => new AgreedAction
            {
                MeetingId = meeting.Id, ClusterId = s.ClusterId, Text = $"Aftale {n}", Status = status,
                ClosedAtUtc = status == ActionStatus.Open ? null : meeting.StartsAt.AddDays(20),
            }));
            db.MeetingEvaluations.AddRange(s.Scores.Select((score, n) => new MeetingEvaluation
            {
                MeetingId = meeting.Id, InvitationId = invitations[n].Id, Productive = score.P, DataUseful = score.D, Commitment = score.C,
                AgreementEasy = score.A, SubmittedAtUtc = meeting.StartsAt.AddDays(1),
            }));
            if (s.Package is { } published)
            {
                db.Packages.Add(new ClusterPackage
                {
                    ClusterId = s.ClusterId, TopicId = s.TopicId.Length > 0 ? s.TopicId : "antibiotics", MeetingId = meeting.Id, MeetingOn = s.Day, CutOff = 20244,
                    CreatedAtUtc = meeting.CreatedAtUtc, CreatedBy = "test", Snapshot = "{}",
                    PublishOn = published ? s.Day.AddDays(-7) : null, PublishedBy = published ? "test" : null,
                });
            }
            await db.SaveChangesAsync();
        }
        return samples;
    }

    /// <summary>The mean of every score of the meetings' evaluations, worked out from the sample, or null without any.</summary>
    public static double? EvaluationMean(IEnumerable<SampleMeeting> meetings)
    {
        var scores = meetings.SelectMany(m => m.Scores).SelectMany(s => new[] { s.P, s.D, s.C, s.A }).ToList();
        return scores.Count == 0 ? null : scores.Sum() / (double)scores.Count;
    }
}
