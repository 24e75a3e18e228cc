using System.Diagnostics;
using Klynge.Core.Indicators;
using Klynge.Core.Prescribing;

namespace Klynge.Web.Prescribing;

/// <summary>Where an import job is: waiting, in one of the importer's two passes, computing indicators, or finished.</summary>
public enum ImportJobPhase { Queued, Validating, Loading, ComputingIndicators, Done, Failed }

/// <summary>One uploaded file, kept under its own (sanitised) name in the job's folder until the job ends.</summary>
public sealed record UploadedFile(string Name, string Path, long Bytes);

/// <summary>What a job's status view and the JSON status endpoint show, taken at one moment.</summary>
public sealed record ImportJobStatus(
    Guid Id,
    string Kind,
    IReadOnlyList<UploadedFile> Files,
    string UserName,
    DateTime QueuedAtUtc,
    bool Recompute,
    ImportJobPhase Phase,
    long Rows,
    double RowsPerSecond,
    TimeSpan? Duration,
    PrescribingImportResult? Import,
    IndicatorRun.Summary? Indicators,
    TimeSpan? IndicatorsElapsed,
    string? Failure)
{
    public bool Finished => Phase is ImportJobPhase.Done or ImportJobPhase.Failed;
    public bool Rejected => Import is { Succeeded: false };
}

/// <summary>
/// One upload of dispensings or list sizes waiting for, or going through, the import worker. The worker
/// moves it along; requests read <see cref="Status"/>, so every change happens under one lock.
/// </summary>
public sealed class PrescribingImportJob(Guid id, string kind, string folder, IReadOnlyList<UploadedFile> files,
    bool ignoreExtraColumns, bool recompute, string userName, DateTime queuedAtUtc)
{
    private readonly Lock _lock = new();
    private readonly Stopwatch _total = new();
    private readonly Stopwatch _phaseClock = new();
    private ImportJobPhase _phase = ImportJobPhase.Queued;
    private long _rows;
    private PrescribingImportResult? _import;
    private IndicatorRun.Summary? _indicators;
    private TimeSpan? _indicatorsElapsed;
    private string? _failure;

    public Guid Id { get; } = id;
    public string Kind { get; } = kind;
    /// <summary>The job's own folder holding its uploads; deleted when the job ends.</summary>
    public string Folder { get; } = folder;
    public IReadOnlyList<UploadedFile> Files { get; } = files;
    public bool IgnoreExtraColumns { get; } = ignoreExtraColumns;
    public bool Recompute { get; } = recompute;
    public string UserName { get; } = userName;
    public DateTime QueuedAtUtc { get; } = queuedAtUtc;

    public ImportJobStatus Status()
    {
        lock (_lock)
        {
            var finished = _phase is ImportJobPhase.Done or ImportJobPhase.Failed;
            var seconds = _phaseClock.Elapsed.TotalSeconds;
            var rate = finished
                ? (_import is { Succeeded: true, Elapsed.TotalSeconds: > 0 } import ? import.Rows / import.Elapsed.TotalSeconds : 0)
                : seconds > 0 ? _rows / seconds : 0;
            return new ImportJobStatus(Id, Kind, Files, UserName, QueuedAtUtc, Recompute, _phase, _rows, rate,
                _total.IsRunning || finished ? _total.Elapsed : null, _import, _indicators, _indicatorsElapsed, _failure);
        }
    }

    /// <summary>Rows done in the current phase; the importer and the indicator run report them as they go.</summary>
    public void Report(ImportJobPhase phase, long rows)
    {
        lock (_lock)
        {
            if (_phase is ImportJobPhase.Done or ImportJobPhase.Failed) return;
            if (_phase != phase)
            {
                _phase = phase;
                _phaseClock.Restart();
                if (!_total.IsRunning) _total.Start();
            }
            _rows = rows;
        }
    }

    public void Enter(ImportJobPhase phase) => Report(phase, 0);

    public void Imported(PrescribingImportResult result)
    {
        lock (_lock)
        {
            _import = result;
            if (result.Succeeded) _rows = result.Rows;
        }
    }

    public void Computed(IndicatorRun.Summary summary, TimeSpan elapsed)
    {
        lock (_lock)
        {
            _indicators = summary;
            _indicatorsElapsed = elapsed;
        }
    }

    public void Succeed() => End(ImportJobPhase.Done, null);

    /// <summary>Ends the job as failed: a rejected file (see <see cref="Imported"/>) or <paramref name="failure"/>.</summary>
    public void Fail(string? failure) => End(ImportJobPhase.Failed, failure);

    private void End(ImportJobPhase phase, string? failure)
    {
        lock (_lock)
        {
            _phase = phase;
            _failure = failure;
            _total.Stop();
            _phaseClock.Stop();
            if (_import is { Succeeded: true } import) _rows = import.Rows;
        }
    }
}
