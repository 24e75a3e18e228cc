using Klynge.Core.Access;
using Klynge.Core.Data;
using Klynge.Core.Meetings;
using Klynge.Core.Registry;
using Klynge.Web.Access;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Web.Meetings;

/// <summary>What the signed-in user may do with a cluster's meetings.</summary>
public enum MeetingRight { None, View, Manage }

/// <summary>A meeting with its cluster and the user's right to it.</summary>
public sealed record MeetingInContext(Meeting Meeting, Cluster Cluster, MeetingRight Right)
{
    public bool CanManage => Right == MeetingRight.Manage;
}

/// <summary>
/// The meeting rules on top of <see cref="AccessScope"/>: managers of the cluster (coordinators, analysts of the
/// region, admins) run its meetings; members of the cluster see them; everyone else, partners included, is refused.
/// Guests have no log-in and reach their one meeting only through the invitation token.
/// </summary>
public sealed class MeetingAccess(KlyngeDbContext db, RequestAccess access)
{
    public static MeetingRight RightTo(AccessScope scope, Cluster cluster) =>
        scope.CanManageCluster(cluster) ? MeetingRight.Manage
        : scope.MemberClusters.Contains(cluster.Id) ? MeetingRight.View
        : MeetingRight.None;

    public async Task<(Cluster Cluster, MeetingRight Right)?> ClusterAsync(int clusterId, CancellationToken ct)
    {
        var cluster = await db.Clusters.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clusterId, ct);
        if (cluster is null) return null;
        return (cluster, RightTo(await access.GetAsync(ct), cluster));
    }

    public async Task<MeetingInContext?> MeetingAsync(int meetingId, CancellationToken ct)
    {
        var meeting = await db.Meetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == meetingId, ct);
        if (meeting is null) return null;
        var cluster = await db.Clusters.AsNoTracking().SingleAsync(c => c.Id == meeting.ClusterId, ct);
        return new MeetingInContext(meeting, cluster, RightTo(await access.GetAsync(ct), cluster));
    }

    /// <summary>The clusters whose meetings the user follows: member clusters and coordinated clusters.</summary>
    public static IReadOnlySet<int> OwnClusters(AccessScope scope) => scope.MemberClusters.Union(scope.CoordinatedClusters).ToHashSet();
}

/// <summary>Danish names and formatting for meetings, shared by the pages, the CSV and the calendar.</summary>
public static class MeetingText
{
    public static readonly MeetingFormat[] Formats = [MeetingFormat.Plenary, MeetingFormat.GroupWork, MeetingFormat.CaseDiscussion, MeetingFormat.ExternalSpeaker];

    public static string Of(MeetingFormat format) => format switch
    {
        MeetingFormat.Plenary => "Plenum",
        MeetingFormat.GroupWork => "Gruppearbejde",
        MeetingFormat.CaseDiscussion => "Casediskussion",
        MeetingFormat.ExternalSpeaker => "Ekstern oplægsholder",
        _ => "",
    };

    public static string Of(RsvpResponse response) => response switch
    {
        RsvpResponse.Yes => "Ja",
        RsvpResponse.No => "Nej",
        RsvpResponse.Maybe => "Måske",
        _ => "Intet svar",
    };

    public static string Of(InviteeKind kind) => kind switch
    {
        InviteeKind.Member => "Læge",
        InviteeKind.Staff => "Personale",
        _ => "Gæst",
    };

    public static string Of(ActionStatus status) => status switch
    {
        ActionStatus.Open => "Åben",
        ActionStatus.Done => "Udført",
        _ => "Droppet",
    };

    public static string Of(MeetingStatus status) => status switch
    {
        MeetingStatus.Planned => "Planlagt",
        MeetingStatus.Held => "Afholdt",
        _ => "Aflyst",
    };

    public static IEnumerable<MeetingFormat> Split(MeetingFormat formats) => Formats.Where(f => formats.HasFlag(f));

    /// <summary>The answer in the links of the invitation mail: <c>ja</c>, <c>nej</c> or <c>maaske</c>.</summary>
    public static RsvpResponse ParseAnswer(string? answer) => answer?.Trim().ToLowerInvariant() switch
    {
        "ja" or "yes" => RsvpResponse.Yes,
        "nej" or "no" => RsvpResponse.No,
        "maaske" or "måske" or "maybe" => RsvpResponse.Maybe,
        _ => RsvpResponse.None,
    };

    public static string When(Meeting meeting)
    {
        var start = DanishTime.ToLocal(meeting.StartsAt);
        var end = DanishTime.ToLocal(meeting.EndsAt);
        return $"{start:dddd d. MMMM yyyy}, {start:HH\\:mm}–{end:HH\\:mm}";
    }
}
