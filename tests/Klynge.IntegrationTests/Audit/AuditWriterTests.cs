using Klynge.Core.Audit;
using Klynge.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Audit;

public class AuditWriterTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Views_arriving_together_are_all_committed_sharing_one_transaction_behind_the_one_being_written(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var contexts = 0;
        using var firstBatchMayStart = new SemaphoreSlim(0);
        await using var writer = new AuditWriter(() =>
        {
            // The first batch waits until every viewer has arrived, as when the database is busy with a write.
            if (Interlocked.Increment(ref contexts) == 1) firstBatchMayStart.Wait();
            return test.NewContext();
        });

        // 200 page views arriving together.
        var views = Enumerable.Range(1, 200)
            .Select(i => writer.WriteAsync(AuditLog.Entry($"user{i}", "package.viewed", "package", i, "page as member")))
            .ToList();
        Assert.All(views, v => Assert.False(v.IsCompleted));
        firstBatchMayStart.Release();
        await Task.WhenAll(views);

        await using var check = test.NewContext();
        var ids = await check.AuditEntries.Where(e => e.Action == "package.viewed").Select(e => e.EntityId).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 200).Select(i => i.ToString()).Order(), ids.Order());
        // 200 views in at most two transactions: the first batch holds whoever had arrived when the writer woke,
        // the second everyone who queued behind it.
        Assert.InRange(contexts, 1, 2);
    }

    [Fact]
    public async Task A_batch_that_cannot_be_written_fails_its_callers_and_the_next_batch_still_goes_in()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var failNext = true;
        await using var writer = new AuditWriter(() =>
        {
            if (!failNext) return test.NewContext();
            failNext = false;
            throw new InvalidOperationException("the database is away");
        });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteAsync(AuditLog.Entry("a", "practice.view", "practice", 1)));
        Assert.Equal("the database is away", failure.Message);
        await writer.WriteAsync(AuditLog.Entry("b", "practice.view", "practice", 2));

        await using var db = test.NewContext();
        Assert.Equal(["b"], await db.AuditEntries.Select(e => e.UserName).ToListAsync());
    }
}
