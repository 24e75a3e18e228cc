using Klynge.Core.Data;
using Klynge.Core.Registry;
using Klynge.Web.Access;
using Klynge.Web.Prescribing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Web.Api;

public record StatsDto(int Clusters, int Practices, int Gps, int Patients, double Coverage, IReadOnlyList<RegionStatsDto> Regions);
public record RegionStatsDto(int Code, string Name, int Clusters, int Practices, int Gps, int Patients, double Coverage);
public record RegionDto(int Code, string Name);
public record ClusterDto(int Id, string Name, RegionDto Region, int Practices, int Gps, int Patients, IReadOnlyList<string> Coordinators);

/// <summary>The JSON API under /api; documented at /openapi/v1.json.</summary>
public static class KlyngeApi
{
    public static void MapKlyngeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Klynge");

        api.MapGet("/stats", async (ClusterDirectory directory, RequestAccess access, CancellationToken ct) =>
            {
                var n = await directory.NationalAsync(access.Today, ct);
                return new StatsDto(n.Clusters, n.Practices, n.Gps, n.Patients, Math.Round(n.Coverage, 4),
                    n.Regions.Select(r => new RegionStatsDto(r.Code, r.Name, r.Clusters, r.Practices, r.Gps, r.Patients, Math.Round(r.Coverage, 4))).ToList());
            })
            .AllowAnonymous()
            .WithSummary("National key figures: clusters, open practices, GPs, listed patients, and the share of GPs in a cluster (coverage), by region.");

        api.MapGet("/clusters", async (ClusterDirectory directory, RequestAccess access, KlyngeDbContext db, CancellationToken ct) =>
            {
                var scope = await access.GetAsync(ct);
                var visible = await scope.VisibleClustersAsync(db, ct);
                var clusters = await directory.ClustersAsync(access.Today, visible, ct);
                return clusters.Select(c => ToDto(c, scope)).ToList();
            })
            .RequireAuthorization()
            .WithSummary("The clusters the signed-in user may see, with key figures.");

        api.MapGet("/clusters/{id:int}", async Task<Results<Ok<ClusterDto>, NotFound, ForbidHttpResult>> (int id, ClusterDirectory directory, RequestAccess access, KlyngeDbContext db, CancellationToken ct) =>
            {
                var cluster = await db.Clusters.AsNoTracking().Include(c => c.Municipalities).SingleOrDefaultAsync(c => c.Id == id, ct);
                if (cluster is null) return TypedResults.NotFound();
                var scope = await access.GetAsync(ct);
                if (!scope.CanViewCluster(cluster, cluster.Municipalities.Select(m => m.MunicipalityCode))) return TypedResults.Forbid();
                var figures = await directory.ClustersAsync(access.Today, [id], ct);
                return TypedResults.Ok(ToDto(figures.Single(), scope));
            })
            .RequireAuthorization()
            .WithSummary("One cluster with key figures; 403 when the signed-in user may not see it.");

        api.MapIndicatorApi();
        api.MapPackageApi();
        api.MapPrescribingImportApi();
        api.MapPackagePdfApi();
    }

    // Listed patients to the nearest 1,000 for members and coordinators of a closed cluster, as on the cluster page.
    private static ClusterDto ToDto(ClusterFigures c, Klynge.Core.Access.AccessScope scope) =>
        new(c.Id, c.Name, new RegionDto(c.RegionCode, c.RegionName), c.Practices, c.Gps,
            scope.SeesExactClusterSize(c.Id, c.RegionCode, c.DataSharing) ? c.Patients : Klynge.Core.Access.AccessScope.ToNearestThousand(c.Patients), c.Coordinators);
}
