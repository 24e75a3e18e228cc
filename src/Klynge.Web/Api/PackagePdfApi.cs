using Klynge.Core.Audit;
using Klynge.Core.Data;
using Klynge.Core.Packages;
using Klynge.Core.Topics;
using Klynge.Printing;
using Klynge.Web.Access;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Web.Api;

/// <summary><c>/api/packages/{id}.pdf</c>: a package printed to PDF for the viewer's audience, stored on first request.</summary>
public static class PackagePdfApi
{
    public static void MapPackagePdfApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/packages/{id:int}.pdf", async (int id, KlyngeDbContext db, TopicLibrary topics, RequestAccess access, PackagePrinter printer,
                IWebHostEnvironment environment, TimeProvider time, AuditWriter audit, CancellationToken ct) =>
            {
                var service = new PackageService(db, topics);
                if (await service.FindAsync(id, ct) is not var (package, snapshot)) return Results.NotFound();
                var cluster = await db.Clusters.AsNoTracking().Include(c => c.Municipalities).SingleAsync(c => c.Id == package.ClusterId, ct);
                var scope = await access.GetAsync(ct);
                if (PackageService.AudienceFor(scope, package, cluster, cluster.Municipalities.Select(m => m.MunicipalityCode), access.Today) is not { } audience)
                    return Results.Forbid();
                if (PackagePdfs.AudienceKey(audience, snapshot, scope.OwnPractices) is not { } key)
                    return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "No PDF for partners",
                        detail: "Partners see a package's cluster, regional and national figures on the package page; the PDF holds practice-level data and is printed for members, coordinators and analysts only.");
                byte[] pdf;
                try
                {
                    pdf = await PackagePdfs.GetOrPrintAsync(db, printer, package, snapshot, key, environment.WebRootPath, time.GetUtcNow(), ct);
                }
                catch (ChromiumMissingException e)
                {
                    return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "PDF printing is not available", detail: e.Message);
                }
                await audit.WriteAsync(PackageService.ViewEntry(scope.UserName, id, audience, "pdf"), ct);
                return Results.File(pdf, "application/pdf", PackagePdfs.FileName(package, snapshot));
            })
            .RequireAuthorization()
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .WithSummary("A package as an A4 PDF for the signed-in user's view (analyst, own practice or cluster), printed once and kept; 403 when the user may not see the package, and for partners; 503 when Chromium is missing.");
    }
}
