namespace Klynge.Core.Packages;

/// <summary>A package for a meeting, or a follow-up that repeats an earlier package's data after the cluster has acted.</summary>
public enum PackageKind { Package, FollowUp }

/// <summary>
/// A cluster package: one topic's material with the cluster's data, frozen as a <see cref="PackageSnapshot"/> when it
/// is generated so that it reads the same a year later, whatever is re-imported. Members see it from
/// <see cref="PublishOn"/>; until then only those who may prepare it (coordinators, analysts) can preview it.
/// </summary>
public class ClusterPackage
{
    public int Id { get; set; }
    public int ClusterId { get; set; }
    public required string TopicId { get; set; }
    public PackageKind Kind { get; set; }
    /// <summary>For a follow-up: the package whose cut-off is the "before".</summary>
    public int? FollowsPackageId { get; set; }
    /// <summary>The meeting the package was ordered for, when it was ordered for one.</summary>
    public int? MeetingId { get; set; }
    /// <summary>The date the package is meant for (the meeting's date, or the date the coordinator gave).</summary>
    public DateOnly? MeetingOn { get; set; }
    /// <summary>The last quarter of data, as <see cref="Prescribing.Quarter.ToKey"/>.</summary>
    public int CutOff { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public required string CreatedBy { get; set; }
    /// <summary>The day members may see it; null while it is a draft.</summary>
    public DateOnly? PublishOn { get; set; }
    public string? PublishedBy { get; set; }
    /// <summary>The frozen content as JSON (<see cref="PackageSnapshot"/>); never rewritten.</summary>
    public required string Snapshot { get; set; }

    public bool IsPublishedOn(DateOnly day) => PublishOn is { } on && on <= day;
}

/// <summary>
/// A PDF printed from a package for one audience (the cluster's own view, one member practice's view, or the
/// analysts' view). Made on first request and kept: the snapshot cannot change, so neither can its print.
/// </summary>
public class PackagePdf
{
    public int PackageId { get; set; }
    /// <summary><c>cluster</c>, <c>analyst</c> or <c>practice-{ydernummer}</c>.</summary>
    public required string Audience { get; set; }
    public required byte[] Content { get; set; }
    public DateTime CreatedAtUtc { get; set; }
}
