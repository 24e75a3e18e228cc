namespace Klynge.Core.Registry;

public enum DataSharing { Open, Closed }

public enum ClusterRoleKind { Coordinator, Chair, Treasurer, BoardMember }

/// <summary>A quality cluster (kvalitetsklynge): local GPs who meet to improve their work with data.</summary>
public class Cluster
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public int RegionCode { get; set; }
    public Region? Region { get; set; }
    /// <summary>The municipality the cluster belongs to; others it covers are in <see cref="Municipalities"/>.</summary>
    public int MainMunicipalityCode { get; set; }
    public Municipality? MainMunicipality { get; set; }
    public DateOnly FoundedOn { get; set; }
    public DataSharing DataSharing { get; set; } = DataSharing.Closed;
    /// <summary>The cluster's own rule on attendance, e.g. at most one missed meeting a year.</summary>
    public int? MaxMissedMeetingsPerYear { get; set; }
    /// <summary>Further rules the cluster has agreed, in its own words.</summary>
    public string Rules { get; set; } = "";

    public List<ClusterMunicipality> Municipalities { get; set; } = [];
    public List<ClusterMembership> Memberships { get; set; } = [];
    public List<ClusterRole> Roles { get; set; } = [];
}

/// <summary>A further municipality that a cluster covers besides its main one.</summary>
public class ClusterMunicipality
{
    public int ClusterId { get; set; }
    public int MunicipalityCode { get; set; }
    public Municipality? Municipality { get; set; }
}

/// <summary>
/// A practice's membership of a cluster over a period. Rows are closed, never rewritten,
/// because evaluation must know who was in which cluster when.
/// </summary>
public class ClusterMembership
{
    public int Id { get; set; }
    public int PracticeId { get; set; }
    public Practice? Practice { get; set; }
    public int ClusterId { get; set; }
    public Cluster? Cluster { get; set; }
    public DateOnly ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }

    public bool IsValidOn(DateOnly day) => Validity.Covers(ValidFrom, ValidTo, day);
}

/// <summary>A coordinator or board role in a cluster over a period; several coordinators may share the work.</summary>
public class ClusterRole
{
    public int Id { get; set; }
    public int ClusterId { get; set; }
    public Cluster? Cluster { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public ClusterRoleKind Kind { get; set; }
    public DateOnly ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }

    public bool IsValidOn(DateOnly day) => Validity.Covers(ValidFrom, ValidTo, day);
}

/// <summary>A practice's consent to share its data within its cluster; the latest record counts.</summary>
public class DataSharingConsent
{
    public int Id { get; set; }
    public int PracticeId { get; set; }
    public Practice? Practice { get; set; }
    public bool Given { get; set; }
    public DateOnly On { get; set; }
    public required string RecordedBy { get; set; }
}

/// <summary>A lægelaug: the municipal GP guild, a parallel local forum that often overlaps a cluster.</summary>
public class Guild
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public int MunicipalityCode { get; set; }
    public Municipality? Municipality { get; set; }
    public List<GuildMembership> Memberships { get; set; } = [];
}

public class GuildMembership
{
    public int Id { get; set; }
    public int GuildId { get; set; }
    public Guild? Guild { get; set; }
    public int PracticeId { get; set; }
    public Practice? Practice { get; set; }
    public DateOnly ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
}
