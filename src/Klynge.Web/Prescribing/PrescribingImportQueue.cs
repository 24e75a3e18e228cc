using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Klynge.Web.Prescribing;

/// <summary>
/// The import jobs of this web process: a queue the <see cref="PrescribingImportWorker"/> takes them from one
/// at a time, and the recent jobs for their status views. Jobs live in memory only; what an import did is
/// kept in the database (import_runs, the audit log).
/// </summary>
public sealed class PrescribingImportQueue
{
    /// <summary>Finished jobs kept for their status view (a rejected job holds its first errors).</summary>
    public const int FinishedJobsKept = 50;

    private readonly Channel<PrescribingImportJob> _channel = Channel.CreateUnbounded<PrescribingImportJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, PrescribingImportJob> _jobs = new();

    public PrescribingImportQueue(IConfiguration configuration)
    {
        // National files run to gigabytes, so the folder can be put on a disk with room: Klynge:Import:UploadFolder.
        UploadFolder = configuration["Klynge:Import:UploadFolder"] is { Length: > 0 } folder
            ? folder
            : Path.Combine(Path.GetTempPath(), "klynge-uploads");
    }

    public string UploadFolder { get; }

    public ChannelReader<PrescribingImportJob> Reader => _channel.Reader;

    /// <summary>A new, empty folder for one job's uploads.</summary>
    public string CreateJobFolder(Guid id)
    {
        var folder = Path.Combine(UploadFolder, id.ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    public void Enqueue(PrescribingImportJob job)
    {
        _jobs[job.Id] = job;
        Prune();
        if (!_channel.Writer.TryWrite(job)) throw new InvalidOperationException("The import queue is closed.");
    }

    public PrescribingImportJob? Find(Guid id) => _jobs.GetValueOrDefault(id);

    /// <summary>Jobs waiting, running and recently finished, newest first.</summary>
    public IReadOnlyList<ImportJobStatus> Recent() =>
        _jobs.Values.Select(j => j.Status()).OrderByDescending(s => s.QueuedAtUtc).ToList();

    private void Prune()
    {
        var finished = _jobs.Values.Select(j => j.Status()).Where(s => s.Finished).OrderByDescending(s => s.QueuedAtUtc).Skip(FinishedJobsKept);
        foreach (var old in finished) _jobs.TryRemove(old.Id, out _);
    }

    /// <summary>Deletes a job's folder with its uploads; a failure is logged, not thrown, since the job's outcome stands.</summary>
    public static void DeleteFolder(string folder, ILogger log)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException e)
        {
            log.LogWarning(e, "Could not delete the upload folder {Folder}", folder);
        }
        catch (UnauthorizedAccessException e)
        {
            log.LogWarning(e, "Could not delete the upload folder {Folder}", folder);
        }
    }
}
