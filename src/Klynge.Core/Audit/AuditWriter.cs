using System.Threading.Channels;
using Klynge.Core.Data;

namespace Klynge.Core.Audit;

/// <summary>
/// Writes audit entries that stand alone, such as views, where there is no change to save them with. Each caller
/// waits until its entry is committed, so a view is on record before it is answered; callers that arrive while
/// one batch is being written share the next transaction.
/// </summary>
/// <remarks>
/// SQLite lets one writer in at a time and makes the others sleep and retry. With one transaction per page view,
/// fifty readers of a package spent most of their time asleep; one writer with batches removes the contention on
/// both providers.
/// </remarks>
public sealed class AuditWriter : IAsyncDisposable
{
    private const int MaxBatch = 500;

    private readonly Func<KlyngeDbContext> _createContext;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writing;

    public AuditWriter(Func<KlyngeDbContext> createContext)
    {
        _createContext = createContext;
        _writing = Task.Run(WriteBatchesAsync);
    }

    private sealed record Pending(AuditEntry Entry, TaskCompletionSource Committed);

    /// <summary>Completes when the entry is committed; fails as its batch's transaction failed.</summary>
    public Task WriteAsync(AuditEntry entry, CancellationToken ct = default)
    {
        var pending = new Pending(entry, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(AuditWriter));
        // A caller who gives up still has its entry written: the view happened.
        return pending.Committed.Task.WaitAsync(ct);
    }

    private async Task WriteBatchesAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending)) batch.Add(pending);
            try
            {
                await using var db = _createContext();
                db.AuditEntries.AddRange(batch.Select(p => p.Entry));
                await db.SaveChangesAsync();
                foreach (var pending in batch) pending.Committed.TrySetResult();
            }
            catch (Exception e)
            {
                foreach (var pending in batch) pending.Committed.TrySetException(e);
            }
            batch.Clear();
        }
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writing;
    }
}
