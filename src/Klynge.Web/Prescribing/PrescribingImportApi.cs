using Klynge.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Klynge.Web.Prescribing;

/// <summary>The status of an import job, as its status page polls it.</summary>
/// <param name="Phase">queued, validating, loading, computing-indicators, done or failed.</param>
/// <param name="PhaseText">The phase in the user's language.</param>
/// <param name="Rows">Rows done in the current phase (all rows imported once done).</param>
/// <param name="ErrorCount">Errors found in the files when they were rejected, else 0.</param>
/// <param name="Failure">Why the job failed, when it was not the files' errors.</param>
public record ImportJobStatusDto(Guid Id, string Kind, string Phase, string PhaseText, long Rows, double RowsPerSecond, bool Finished, bool? Succeeded,
    long ErrorCount, string? Failure);

public static class PrescribingImportApi
{
    public static void MapPrescribingImportApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/prescribing/imports/{id:guid}", async Task<Results<Ok<ImportJobStatusDto>, NotFound, ForbidHttpResult>> (
                Guid id, PrescribingImportQueue queue, RequestAccess access, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
            {
                // Access first, so that users who may not import cannot learn which jobs exist.
                if (!(await access.GetAsync(ct)).CanImportNationalData) return TypedResults.Forbid();
                if (queue.Find(id)?.Status() is not { } job) return TypedResults.NotFound();
                bool? succeeded = job.Finished ? job.Phase == ImportJobPhase.Done : null;
                return TypedResults.Ok(new ImportJobStatusDto(job.Id, job.Kind, ImportLabels.Key(job.Phase), L[ImportLabels.Of(job.Phase)],
                    job.Rows, Math.Round(job.RowsPerSecond), job.Finished, succeeded, job.Import?.ErrorCount ?? 0, job.Failure));
            })
            .RequireAuthorization()
            .WithSummary("The phase and progress of a dispensings or list size import; national analysts and admins only (403 otherwise).");
    }
}
