using Klynge.Core.Demo;
using Klynge.Core.Meetings;
using Klynge.Core.Prescribing;

namespace Klynge.Core.Tests.Demo;

/// <summary>The demo's two years of meetings: how often clusters meet, who comes, and that they agree with the planted effects.</summary>
public class DemoMeetingGeneratorTests
{
    private static readonly DemoCountry Country = DemoCountryGenerator.Generate(2018, new DateOnly(2025, 6, 1));
    private static readonly DemoPrescribing Rx = DemoPrescribingGenerator.Generate(Country, 7, Quarter.Parse("2025-Q1"), scale: 0.001);
    private static readonly List<DemoMeeting> Meetings = DemoMeetingGenerator.Generate(Rx);

    [Fact]
    public void Every_cluster_meets_two_to_four_times_a_full_year_on_weekday_evenings()
    {
        var year = Rx.Quarters[0].Year + 1;
        var perCluster = Meetings.Where(m => DanishTime.ToLocal(m.Meeting.StartsAt).Year == year).GroupBy(m => m.Meeting.ClusterId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Country.Clusters.Count, perCluster.Count);
        // A planted meeting can move into the year and push one cluster to five.
        Assert.All(perCluster.Values, n => Assert.InRange(n, 2, 5));
        Assert.InRange(perCluster.Values.Average(), 2.6, 3.4);
        Assert.All(Meetings, m => Assert.InRange(DanishTime.ToLocal(m.Meeting.StartsAt).DayOfWeek, DayOfWeek.Monday, DayOfWeek.Friday));
        Assert.Equal(Meetings.Count, Meetings.Select(m => (m.Meeting.ClusterId, m.Meeting.StartsAt)).Distinct().Count());
    }

    [Fact]
    public void Planted_topics_are_met_on_only_where_an_effect_was_planted()
    {
        var planted = Rx.Meetings.ToDictionary(m => m.Id);
        Assert.All(Meetings.Where(m => m.PlantedId is not null), m =>
        {
            var p = planted[m.PlantedId!.Value];
            Assert.Equal((p.ClusterId, p.StartsAt, p.TopicId), (m.Meeting.ClusterId, m.Meeting.StartsAt, m.Meeting.TopicId));
        });
        Assert.Equal(planted.Count, Meetings.Count(m => m.PlantedId is not null));
        var plantedTopics = Rx.Meetings.Select(m => m.TopicId).ToHashSet();
        Assert.DoesNotContain(Meetings.Where(m => m.PlantedId is null), m => plantedTopics.Contains(m.Meeting.TopicId));
    }

    [Fact]
    public void Held_meetings_have_attendance_actions_and_evaluations_and_future_ones_none()
    {
        var held = Meetings.Where(m => m.Meeting.Status == MeetingStatus.Held).ToList();
        var planned = Meetings.Where(m => m.Meeting.Status == MeetingStatus.Planned).ToList();
        Assert.NotEmpty(planned);
        Assert.All(planned, m => Assert.True(m.Meeting.StartsAt > Country.Today.ToDateTime(TimeOnly.MinValue)));
        Assert.All(planned, m => Assert.DoesNotContain(m.Invitations, i => i.AttendedAtUtc is not null));
        var invited = held.Sum(m => m.Invitations.Count);
        var attended = held.Sum(m => m.Invitations.Count(i => i.AttendedAtUtc is not null));
        Assert.InRange(attended / (double)invited, 0.5, 0.9);
        Assert.All(held, m => Assert.NotEmpty(m.Actions));
        Assert.All(held.SelectMany(m => m.Evaluations), e =>
        {
            Assert.NotNull(e.Evaluation);
            Assert.All(new[] { e.Evaluation.Productive, e.Evaluation.DataUseful, e.Evaluation.Commitment, e.Evaluation.AgreementEasy }, s => Assert.InRange(s, 1, 5));
        });
        // Only attendees evaluate, and each at most once.
        Assert.All(held, m => Assert.All(m.Evaluations, e => Assert.NotNull(m.Invitations[e.Invitation].AttendedAtUtc)));
        Assert.All(held, m => Assert.Equal(m.Evaluations.Count, m.Evaluations.Select(e => e.Invitation).Distinct().Count()));
        // Mixed formats: group work in most meetings, an external speaker in some.
        Assert.InRange(Meetings.Count(m => m.Meeting.Formats.HasFlag(MeetingFormat.GroupWork)) / (double)Meetings.Count, 0.5, 0.8);
        Assert.Contains(Meetings, m => m.Meeting.Formats.HasFlag(MeetingFormat.ExternalSpeaker));
    }
}
