using System.Diagnostics;
using System.Globalization;
using Klynge.Core.Audit;
using Klynge.Core.Data;
using Klynge.Core.Indicators;
using Klynge.Core.Prescribing;

namespace Klynge.Web.Prescribing;

/// <summary>
/// Runs the queued import jobs one at a time, each in its own DI scope (own DbContext): the import, then, if
/// asked, the indicator recomputation. Writes an audit entry for each, and deletes the job's uploads at the end.
/// </summary>
public sealed class PrescribingImportWorker(PrescribingImportQueue queue, IServiceScopeFactory scopes, ILogger<PrescribingImportWorker> log) : BackgroundService
{
    public const string ImportAction = "prescribing.import";
    public const string RejectedAction = "prescribing.import.rejected";
    public const string FailedAction = "prescribing.import.failed";
    public const string ComputeAction = "indicators.compute";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in queue.Reader.ReadAllAsync(stoppingToken))
                await RunAsync(job, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            while (queue.Reader.TryRead(out var waiting))
            {
                waiting.Fail("The platform stopped before the import started; nothing was imported.");
                PrescribingImportQueue.DeleteFolder(waiting.Folder, log);
            }
        }
    }

    private async Task RunAsync(PrescribingImportJob job, CancellationToken ct)
    {
        var files = string.Join(", ", job.Files.Select(f => f.Name));
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KlyngeDbContext>();
            job.Enter(ImportJobPhase.Validating);
            var result = await ImportAsync(db, job, ct);
            job.Imported(result);
            // The importer commits its own transaction; the entry follows it, so an audit failure cannot undo a load.
            await AuditAsync(db, job.UserName, result.Succeeded ? ImportAction : RejectedAction, "prescribing", job.Kind, result.Succeeded
                ? string.Create(CultureInfo.InvariantCulture, $"{files}: {result.Rows} rows, quarters {Quarters(result.QuartersReplaced)}, {result.Elapsed.TotalSeconds:0.0} s")
                : string.Create(CultureInfo.InvariantCulture, $"{files}: rejected with {result.ErrorCount} errors, nothing imported"), ct);
            log.LogInformation("Import {Job} of {Kind} ({Files}) by {User}: {Outcome}", job.Id, job.Kind, files, job.UserName,
                result.Succeeded ? $"{result.Rows} rows" : $"rejected, {result.ErrorCount} errors");
            if (!result.Succeeded)
            {
                job.Fail(null);
                return;
            }

            if (job.Recompute)
            {
                job.Enter(ImportJobPhase.ComputingIndicators);
                var clock = Stopwatch.StartNew();
                var summary = await IndicatorRun.RunAsync(db, IndicatorCatalogue.LoadDefault(), new DirectProgress<IndicatorRun.Progress>(p =>
                {
                    // The job page counts the dispensings read; computing and storing follow in seconds.
                    if (p.Phase == IndicatorRunPhase.Reading) job.Report(ImportJobPhase.ComputingIndicators, p.Done);
                }), ct);
                job.Computed(summary, clock.Elapsed);
                await AuditAsync(db, job.UserName, ComputeAction, "indicators", "all", string.Create(CultureInfo.InvariantCulture,
                    $"after the {job.Kind} import of {files}: {summary.Results} results for {summary.Indicators} indicators over {summary.Quarters} quarters from {summary.Dispensings} dispensings, {clock.Elapsed.TotalSeconds:0.0} s"), ct);
            }
            job.Succeed();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            job.Fail("The platform stopped during the job; an import that had not committed changed nothing.");
            throw;
        }
        catch (Exception e)
        {
            log.LogError(e, "Import job {Job} of {Kind} ({Files}) failed", job.Id, job.Kind, files);
            job.Fail(e.GetBaseException().Message);
            await RecordFailureAsync(job, files, e);
        }
        finally
        {
            PrescribingImportQueue.DeleteFolder(job.Folder, log);
        }
    }

    private static Task<PrescribingImportResult> ImportAsync(KlyngeDbContext db, PrescribingImportJob job, CancellationToken ct)
    {
        var paths = job.Files.Select(f => f.Path).ToList();
        var options = new PrescribingImportOptions { IgnoreExtraColumns = job.IgnoreExtraColumns };
        var progress = new DirectProgress<PrescribingImportProgress>(p =>
            job.Report(p.Phase == PrescribingImportPhase.Validating ? ImportJobPhase.Validating : ImportJobPhase.Loading, p.Rows));
        return job.Kind == PrescribingImporter.DispensingsKind
            ? PrescribingImporter.ImportDispensingsAsync(db, paths, options, job.UserName, progress, ct)
            : PrescribingImporter.ImportListSizesAsync(db, paths, options, job.UserName, progress, ct);
    }

    /// <summary>A failed job is audited too, in a fresh scope: the job's own context may be what failed.</summary>
    private async Task RecordFailureAsync(PrescribingImportJob job, string files, Exception failure)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KlyngeDbContext>();
            var phase = job.Status().Import is { Succeeded: true } ? "after the import, computing indicators" : "importing";
            await AuditAsync(db, job.UserName, FailedAction, "prescribing", job.Kind, $"{files}: failed {phase}: {failure.GetBaseException().Message}", CancellationToken.None);
        }
        catch (Exception e)
        {
            log.LogError(e, "Could not audit the failure of import job {Job}", job.Id);
        }
    }

    /// <summary>
    /// Writes one audit entry in an explicit transaction, which takes the write lock up front and waits for it
    /// like the importer's own writes: a lone autocommit INSERT was seen to fail now and then while the status
    /// page polled the database (SQLite keeps a rollback journal, so readers and a committing writer meet).
    /// </summary>
    private static async Task AuditAsync(KlyngeDbContext db, string userName, string action, string entityType, string entityId, string details, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Record(userName, action, entityType, entityId, details);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private static string Quarters(IReadOnlyList<Quarter> quarters) =>
        quarters.Count == 0 ? "none" : string.Join(" ", quarters);

    /// <summary>Calls back on the reporting thread, so the job's figures are current (Progress&lt;T&gt; posts them later).</summary>
    private sealed class DirectProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
