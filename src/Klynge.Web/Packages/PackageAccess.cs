using Klynge.Core.Audit;
using Klynge.Core.Data;
using Klynge.Core.Packages;
using Klynge.Core.Registry;
using Klynge.Web.Access;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Web.Packages;

/// <summary>Why a package could not be opened: unknown id (404) or not for this user (403).</summary>
public enum PackageRefusal { NotFound, Forbidden }

/// <summary>A package opened for the current user: the view they may see, and whether they may prepare it.</summary>
public sealed record OpenedPackage(ClusterPackage Package, Cluster Cluster, PackageAudience Audience, PackageView View, bool CanPrepare, string ViewKey = "");

/// <summary>
/// Opens a package for the signed-in user with <see cref="PackageService.AudienceFor"/>: the page, the print view
/// and the API all come through here, so they agree on who sees what, and each records the view in the audit log.
/// </summary>
public sealed class PackageAccess(KlyngeDbContext db, RequestAccess access, PackageSnapshotCache cache, AuditWriter audit)
{
    // Compiled once, as every view of a package asks them. The header is everything but the snapshot, whose JSON is
    // read only when the cache does not hold it.
    private static readonly CompiledPerModel<Func<KlyngeDbContext, int, Task<ClusterPackage?>>> Header = new(() => EF.CompileAsyncQuery(
        (KlyngeDbContext db, int id) => db.Packages.AsNoTracking().Where(p => p.Id == id).Select(p => new ClusterPackage
        {
            Id = p.Id,
            ClusterId = p.ClusterId,
            TopicId = p.TopicId,
            Kind = p.Kind,
            FollowsPackageId = p.FollowsPackageId,
            MeetingId = p.MeetingId,
            MeetingOn = p.MeetingOn,
            CutOff = p.CutOff,
            CreatedAtUtc = p.CreatedAtUtc,
            CreatedBy = p.CreatedBy,
            PublishOn = p.PublishOn,
            PublishedBy = p.PublishedBy,
            Snapshot = "",
        }).SingleOrDefault()));

    private static readonly CompiledPerModel<Func<KlyngeDbContext, int, Task<Cluster>>> ClusterOf = new(() => EF.CompileAsyncQuery(
        (KlyngeDbContext db, int id) => db.Clusters.AsNoTracking().Include(c => c.Municipalities).Single(c => c.Id == id)));

    /// <summary>The package as the current user may see it, or why not. Does not record the view; see <see cref="RecordAsync"/>.</summary>
    public async Task<(OpenedPackage? Opened, PackageRefusal Refusal)> OpenAsync(int id, CancellationToken ct = default)
    {
        var scope = await access.GetAsync(ct);
        if (await Header.For(db)(db, id) is not { } package) return (null, PackageRefusal.NotFound);
        var cluster = await ClusterOf.For(db)(db, package.ClusterId);
        if (PackageService.AudienceFor(scope, package, cluster, cluster.Municipalities.Select(m => m.MunicipalityCode), access.Today) is not { } audience)
            return (null, PackageRefusal.Forbidden);
        var snapshot = await cache.GetAsync(id, c => db.Packages.AsNoTracking().Where(p => p.Id == id).Select(p => p.Snapshot).SingleAsync(c), ct);
        var key = ViewKey(package, audience, scope.OwnPractices);
        // A member's view hides what the cluster's earlier packages would give away with it. They never change, so
        // the view key needs only this package's id; they are read only when the view is not cached.
        var earlier = cache.HasDerived(key) ? [] : await EarlierAsync(package, audience, ct);
        var view = cache.Derived(key,
            () => PackageProjection.For(package, snapshot, audience, scope.OwnPractices, earlier),
            v => 64L * 1024 + v.Indicators.Sum(i => 200L * (i.Funnel.Count + i.Practices.Count * v.Quarters.Count)));
        return (new OpenedPackage(package, cluster, audience, view, PackageService.CanPrepare(scope, cluster), key), default);
    }

    private async Task<IReadOnlyList<PackageSnapshot>> EarlierAsync(ClusterPackage package, PackageAudience audience, CancellationToken ct)
    {
        if (audience is not (PackageAudience.Member or PackageAudience.Coordinator)) return [];
        var snapshots = new List<PackageSnapshot>();
        foreach (var id in await PackageDisclosure.EarlierAsync(db, package, ct))
            snapshots.Add(await cache.GetAsync(id, c => db.Packages.AsNoTracking().Where(p => p.Id == id).Select(p => p.Snapshot).SingleAsync(c), ct));
        return snapshots;
    }

    /// <summary>What a view of a package depends on besides its immutable snapshot (and its cluster's earlier ones).</summary>
    public static string ViewKey(ClusterPackage package, PackageAudience audience, IEnumerable<int> ownPractices) =>
        $"view|{package.Id}|{audience}|{string.Join(',', ownPractices.Order())}|{package.PublishOn:yyyy-MM-dd}|{package.MeetingOn:yyyy-MM-dd}";

    /// <summary>The rendered body of a view, made once per view and culture.</summary>
    public string Body(OpenedPackage opened, System.Globalization.CultureInfo culture) =>
        opened.ViewKey.Length == 0 ? PackageDocument.Body(opened.View, culture)
        : cache.Derived($"body|{opened.ViewKey}|{culture.Name}", () => PackageDocument.Body(opened.View, culture), html => 2L * html.Length);

    /// <summary>Writes the view to the audit log: <paramref name="format"/> is page, print, json or csv.</summary>
    public async Task RecordAsync(OpenedPackage opened, string format, CancellationToken ct = default) =>
        await audit.WriteAsync(PackageService.ViewEntry((await access.GetAsync(ct)).UserName, opened.Package.Id, opened.Audience, format), ct);
}
