using System.Security.Cryptography;
using Klynge.Core.Access;
using Klynge.Core.Audit;
using Klynge.Core.Data;
using Klynge.Core.Mail;
using Klynge.Core.Prescribing;
using Klynge.Core.Registry;
using Klynge.Core.Topics;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Packages;

/// <summary>A package as listed: enough to show a row without reading its snapshot.</summary>
public sealed record PackageSummary(int Id, int ClusterId, string ClusterName, string TopicId, PackageKind Kind, Quarter CutOff, DateOnly? MeetingOn, DateOnly? PublishOn, DateTime CreatedAtUtc, string CreatedBy, int? FollowsPackageId);

/// <summary>
/// Orders, publishes and follows up cluster packages, and answers who may see which. Every change is written to
/// the audit log in the same transaction.
/// </summary>
public sealed class PackageService(KlyngeDbContext db, TopicLibrary library)
{
    /// <summary>Mail kind of the message members get when a package is published.</summary>
    public const string PublishedMailKind = "package-published";

    /// <summary>
    /// Makes a package for one cluster: the snapshot is taken at once from the stored results at
    /// <paramref name="cutOff"/> (default: the latest complete quarter with results). It stays a draft until published.
    /// </summary>
    public async Task<ClusterPackage> OrderAsync(int clusterId, string topicId, Quarter? cutOff, DateOnly? meetingOn, int? meetingId, string userName, DateTimeOffset now, CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var quarter = await CutOffAsync(cutOff, today, ct);
        var source = await PackageBuilder.LoadAsync(db, library, topicId, quarter, today, ct);
        var package = NewPackage(source.Build(clusterId, now.UtcDateTime, RandomNumberGenerator.GetInt32(int.MaxValue)), clusterId, topicId, PackageKind.Package, quarter, meetingOn, meetingId, userName, now);
        db.Packages.Add(package);
        await db.SaveChangesAsync(ct);
        db.Record(userName, "package.ordered", "package", package.Id, $"cluster {clusterId}, topic {topicId}, cut-off {quarter}");
        await db.SaveChangesAsync(ct);
        return package;
    }

    /// <summary>
    /// Makes a package for every cluster for one topic in one transaction, reading the results once; reports the
    /// number done after each. Returns the packages in cluster order.
    /// </summary>
    public async Task<IReadOnlyList<ClusterPackage>> GenerateAllAsync(string topicId, Quarter? cutOff, string userName, DateTimeOffset now, IProgress<(int Done, int Total)>? progress = null, CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var quarter = await CutOffAsync(cutOff, today, ct);
        var source = await PackageBuilder.LoadAsync(db, library, topicId, quarter, today, ct);
        var clusters = source.ClusterIds.ToList();
        var packages = new List<ClusterPackage>(clusters.Count);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var clusterId in clusters)
        {
            packages.Add(NewPackage(source.Build(clusterId, now.UtcDateTime, RandomNumberGenerator.GetInt32(int.MaxValue)), clusterId, topicId, PackageKind.Package, quarter, null, null, userName, now));
            progress?.Report((packages.Count, clusters.Count));
        }
        db.Packages.AddRange(packages);
        db.Record(userName, "package.generated-all", "topic", topicId, $"{packages.Count} clusters, cut-off {quarter}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return packages;
    }

    /// <summary>A meeting to give a package after the fact: which, whose, about what, on which day.</summary>
    public sealed record PastMeeting(int MeetingId, int ClusterId, string TopicId, DateOnly Day);

    /// <summary>
    /// Makes and publishes, without mail, a package for each past meeting: its topic with data up to the quarter
    /// before the meeting, published a week before it and linked to it, as the coordinator would have done. For a
    /// demo country, whose meetings happened before anyone could order; meetings on the same topic and cut-off
    /// share one read of the results. Returns the number made.
    /// </summary>
    public async Task<int> PublishForPastMeetingsAsync(IEnumerable<PastMeeting> meetings, string userName, DateTimeOffset now, CancellationToken ct = default)
    {
        var made = 0;
        foreach (var group in meetings.GroupBy(m => (m.TopicId, CutOff: Quarter.Of(m.Day).Previous)))
        {
            var source = await PackageBuilder.LoadAsync(db, library, group.Key.TopicId, group.Key.CutOff, group.Min(m => m.Day), ct);
            foreach (var meeting in group)
            {
                var package = NewPackage(source.Build(meeting.ClusterId, now.UtcDateTime, RandomNumberGenerator.GetInt32(int.MaxValue)),
                    meeting.ClusterId, meeting.TopicId, PackageKind.Package, group.Key.CutOff, meeting.Day, meeting.MeetingId, userName, now);
                package.PublishOn = meeting.Day.AddDays(-7);
                package.PublishedBy = userName;
                db.Packages.Add(package);
                made++;
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        return made;
    }

    /// <summary>
    /// Makes a follow-up of <paramref name="originalId"/>: the same topic and letters, data up to the latest quarter
    /// (at least one quarter after the original's cut-off), with the original cut-off as "before".
    /// </summary>
    /// <remarks>
    /// The follow-up carries the actions the cluster agreed at meetings held since the original package was made
    /// (or at the meeting it was ordered for), with their status on the day of the follow-up.
    /// </remarks>
    public async Task<ClusterPackage> FollowUpAsync(int originalId, string userName, DateTimeOffset now, CancellationToken ct = default)
    {
        var original = await db.Packages.AsNoTracking().FirstOrDefaultAsync(p => p.Id == originalId, ct)
            ?? throw new PackageException($"There is no package {originalId}.");
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var latest = await PackageBuilder.LatestCutOffAsync(db, today, ct)
            ?? throw new PackageException("There are no indicator results yet.");
        var before = Quarter.FromKey(original.CutOff);
        if (latest <= before)
            throw new PackageException($"A follow-up needs data after {before}; the latest complete quarter with results is {latest}.");
        var source = await PackageBuilder.LoadAsync(db, library, original.TopicId, latest, today, ct, from: before);
        var since = original.CreatedAtUtc;
        var actions = await db.AgreedActions.AsNoTracking()
            .Where(a => a.ClusterId == original.ClusterId)
            .Join(db.Meetings, a => a.MeetingId, m => m.Id, (a, m) => new { Action = a, m.StartsAt })
            .Where(x => x.Action.MeetingId == original.MeetingId || x.StartsAt >= since)
            .OrderBy(x => x.StartsAt).ThenBy(x => x.Action.Id)
            .Select(x => x.Action)
            .ToListAsync(ct);
        var snapshot = source.Build(original.ClusterId, now.UtcDateTime, RandomNumberGenerator.GetInt32(int.MaxValue),
            lettersFrom: PackageSnapshot.FromJson(original.Snapshot), baseline: before.ToString(),
            actions: [.. actions.Select(a => new PackageAction(a.Text, a.PracticeId, a.Owner, a.DueOn, a.Status.ToString().ToLowerInvariant()))]);
        var package = NewPackage(snapshot, original.ClusterId, original.TopicId, PackageKind.FollowUp, latest, null, null, userName, now);
        package.FollowsPackageId = original.Id;
        db.Packages.Add(package);
        await db.SaveChangesAsync(ct);
        db.Record(userName, "package.follow-up", "package", package.Id, $"follows package {original.Id}, {before} to {latest}");
        await db.SaveChangesAsync(ct);
        return package;
    }

    /// <summary>
    /// Publishes a package to the members from <paramref name="on"/> and queues an e-mail to every person working at
    /// a member practice, due that day. Publishing again moves the date; mail is queued only the first time.
    /// Returns the number of e-mails queued.
    /// </summary>
    public async Task<int> PublishAsync(int packageId, DateOnly on, string userName, string linkBase, DateTimeOffset now, CancellationToken ct = default)
    {
        var package = await db.Packages.FirstOrDefaultAsync(p => p.Id == packageId, ct)
            ?? throw new PackageException($"There is no package {packageId}.");
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (on < today) throw new PackageException("The publishing date cannot be in the past.");
        var first = package.PublishOn is null;
        package.PublishOn = on;
        package.PublishedBy = userName;
        var queued = 0;
        if (first)
        {
            var snapshot = PackageSnapshot.FromJson(package.Snapshot);
            var practiceIds = snapshot.Practices.Select(p => p.Id).ToList();
            var people = await db.PracticeAffiliations.AsNoTracking()
                .Where(a => practiceIds.Contains(a.PracticeId) && a.ValidFrom <= on && (a.ValidTo == null || a.ValidTo > on)
                    && a.Person!.Email != null && a.Person.Email != "")
                .Select(a => new { a.Person!.Email, a.Person.FirstName, a.Person.LastName })
                .Distinct()
                .ToListAsync(ct);
            var due = new DateTimeOffset(on.ToDateTime(new TimeOnly(7, 0)), TimeSpan.Zero);
            var link = $"{linkBase.TrimEnd('/')}/Packages/{package.Id}";
            var title = snapshot.Topic.Title.Da;
            foreach (var person in people.DistinctBy(p => p.Email!.Trim().ToLowerInvariant()))
            {
                var message = db.Enqueue(new OutboxMessage
                {
                    Kind = PublishedMailKind,
                    ToAddress = person.Email!,
                    ToName = $"{person.FirstName} {person.LastName}",
                    Subject = $"Ny klyngepakke: {title} ({snapshot.Cluster.Name})",
                    TextBody = $"""
                        Kære {person.FirstName}

                        Klyngepakken "{title}" for {snapshot.Cluster.Name} er klar, med data til og med {snapshot.CutOff}.
                        Se jeres praksis ved siden af kollegernes her:
                        {link}

                        Venlig hilsen
                        Klynge
                        """,
                    Reference = $"package:{package.Id}",
                }, now);
                if (due > now) message.NextAttemptAtUtc = due.UtcDateTime;
                queued++;
            }
        }
        db.Record(userName, "package.published", "package", package.Id, $"from {on:yyyy-MM-dd}; {queued} e-mails queued");
        await db.SaveChangesAsync(ct);
        return queued;
    }

    /// <summary>The package and its snapshot, or null.</summary>
    public async Task<(ClusterPackage Package, PackageSnapshot Snapshot)?> FindAsync(int id, CancellationToken ct = default)
    {
        var package = await db.Packages.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        return package is null ? null : (package, PackageSnapshot.FromJson(package.Snapshot));
    }

    /// <summary>
    /// How <paramref name="scope"/> may see a package of <paramref name="cluster"/>, or null when not at all. Members
    /// see it once it is published; coordinators and analysts also before.
    /// </summary>
    public static PackageAudience? AudienceFor(AccessScope scope, ClusterPackage package, Cluster cluster, IEnumerable<int> coveredMunicipalities, DateOnly today) =>
        AudienceFor(scope, cluster.Id, cluster.RegionCode, package.IsPublishedOn(today), () => scope.CanViewCluster(cluster, coveredMunicipalities));

    // The one rule behind a single package and the package lists; partnerSeesCluster is asked last, as it may cost.
    private static PackageAudience? AudienceFor(AccessScope scope, int clusterId, int regionCode, bool published, Func<bool> partnerSeesCluster)
    {
        if (scope.IsAdmin || scope.CanAnalyseRegion(regionCode)) return PackageAudience.Analyst;
        if (scope.CoordinatedClusters.Contains(clusterId)) return PackageAudience.Coordinator;
        if (!published) return null;
        if (scope.MemberClusters.Contains(clusterId)) return PackageAudience.Member;
        return scope.IsPartner && partnerSeesCluster() ? PackageAudience.Partner : null;
    }

    /// <summary>May order, publish and follow up packages for the cluster: its coordinators, analysts of its region, admins.</summary>
    public static bool CanPrepare(AccessScope scope, Cluster cluster) =>
        scope.IsAdmin || scope.CanAnalyseRegion(cluster.RegionCode) || scope.CoordinatedClusters.Contains(cluster.Id);

    /// <summary>The audit entry of someone opening a package in some format; package views are personal data access.</summary>
    public static AuditEntry ViewEntry(string userName, int packageId, PackageAudience audience, string format) =>
        AuditLog.Entry(userName, "package.viewed", "package", packageId, $"{format} as {audience.ToString().ToLowerInvariant()}");

    /// <summary>
    /// Packages the user may see, newest first: for the given cluster, or (null) every cluster visible to them —
    /// published ones only where they are a member, drafts too where they may prepare them.
    /// </summary>
    public async Task<IReadOnlyList<PackageSummary>> ListAsync(AccessScope scope, int? clusterId, DateOnly today, CancellationToken ct = default)
    {
        var visible = await scope.VisibleClustersAsync(db, ct);
        var query = db.Packages.AsNoTracking().AsQueryable();
        if (clusterId is { } only) query = query.Where(p => p.ClusterId == only);
        if (visible is not null) query = query.Where(p => visible.Contains(p.ClusterId));
        var rows = await query
            .Join(db.Clusters, p => p.ClusterId, c => c.Id, (p, c) => new { p.Id, p.ClusterId, c.Name, c.RegionCode, p.TopicId, p.Kind, p.CutOff, p.MeetingOn, p.PublishOn, p.CreatedAtUtc, p.CreatedBy, p.FollowsPackageId })
            .ToListAsync(ct);
        return [.. rows
            // The query kept only clusters the user may see at all, which is the partner's test.
            .Where(r => AudienceFor(scope, r.ClusterId, r.RegionCode, r.PublishOn is { } on && on <= today, () => true) is not null)
            .OrderByDescending(r => r.CreatedAtUtc).ThenByDescending(r => r.Id)
            .Select(r => new PackageSummary(r.Id, r.ClusterId, r.Name, r.TopicId, r.Kind, Quarter.FromKey(r.CutOff), r.MeetingOn, r.PublishOn, r.CreatedAtUtc, r.CreatedBy, r.FollowsPackageId))];
    }

    private async Task<Quarter> CutOffAsync(Quarter? chosen, DateOnly today, CancellationToken ct) =>
        chosen ?? await PackageBuilder.LatestCutOffAsync(db, today, ct)
        ?? throw new PackageException("There are no indicator results yet; import the data and run the indicators first.");

    private static ClusterPackage NewPackage(PackageSnapshot snapshot, int clusterId, string topicId, PackageKind kind, Quarter cutOff, DateOnly? meetingOn, int? meetingId, string userName, DateTimeOffset now) => new()
    {
        ClusterId = clusterId,
        TopicId = topicId,
        Kind = kind,
        CutOff = cutOff.ToKey(),
        MeetingOn = meetingOn,
        MeetingId = meetingId,
        CreatedAtUtc = now.UtcDateTime,
        CreatedBy = userName,
        Snapshot = snapshot.ToJson(),
    };
}
