namespace Klynge.Core.Meetings;

/// <summary>A cluster meeting on a topic. Meeting planning extends this; the demo records its planted effects here.</summary>
public class Meeting
{
    public int Id { get; set; }
    public int ClusterId { get; set; }
    public DateTime StartsAt { get; set; }
    /// <summary>Topic id from the catalogue (e.g. <c>antibiotics</c>), or empty for a self-chosen topic.</summary>
    public string TopicId { get; set; } = "";
    public string Title { get; set; } = "";
}

/// <summary>
/// A known effect the demo generator planted: after <see cref="MeetingId"/>, the cluster's practices
/// lowered the named indicator by <see cref="RelativeChange"/> from <see cref="FromQuarter"/> on. Kept so
/// the programme evaluation can be tested against the truth.
/// </summary>
public class PlantedEffect
{
    public int Id { get; set; }
    public int MeetingId { get; set; }
    public int ClusterId { get; set; }
    public required string TopicId { get; set; }
    public required string IndicatorId { get; set; }
    /// <summary>E.g. -0.15 for a 15 % fall.</summary>
    public double RelativeChange { get; set; }
    public int FromQuarter { get; set; }
}
