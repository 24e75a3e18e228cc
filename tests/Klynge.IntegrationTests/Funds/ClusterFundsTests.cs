using Klynge.Core.Data;
using Klynge.Core.Funds;
using Klynge.Core.Meetings;
using Klynge.IntegrationTests.Web;
using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Funds;

/// <summary>Budgets, expenses, receipts and reimbursement on both providers, with the sums worked out again in the test.</summary>
public class ClusterFundsTests
{
    private const int Year = 2025;
    private static readonly DateTimeOffset Now = new(2025, 11, 20, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The smallest files each type check accepts: the magic bytes and a little content.</summary>
    public static readonly byte[] Pdf = [.. "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"u8];
    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0xFF, 0xD9];
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];

    private sealed record Planned(DateOnly On, ExpenseCategory Category, decimal Amount, bool ForMeeting, ReimbursementStatus FinalStatus);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Totals_by_category_and_meeting_and_the_remaining_funds_add_up(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        int clusterId, otherCluster, meetingId;
        await using (var db = test.NewContext())
        {
            var registry = await TestRegistry.WriteAsync(db);
            clusterId = registry.ClusterA.Id;
            otherCluster = registry.ClusterB.Id;
            var meeting = new Meeting { ClusterId = clusterId, Title = "Antibiotika", StartsAt = new(2025, 3, 4, 15, 30, 0, DateTimeKind.Utc), EndsAt = new(2025, 3, 4, 18, 0, 0, DateTimeKind.Utc), Status = MeetingStatus.Held };
            db.Meetings.Add(meeting);
            await db.SaveChangesAsync();
            meetingId = meeting.Id;
        }

        Planned[] planned =
        [
            new(new(2025, 3, 4), ExpenseCategory.Venue, 1500.00m, true, ReimbursementStatus.Approved),
            new(new(2025, 3, 4), ExpenseCategory.Food, 2345.50m, true, ReimbursementStatus.Reimbursed),
            new(new(2025, 3, 4), ExpenseCategory.Speaker, 4000.00m, true, ReimbursementStatus.Submitted),
            new(new(2025, 6, 10), ExpenseCategory.Food, 899.95m, false, ReimbursementStatus.Rejected),
            new(new(2025, 9, 1), ExpenseCategory.Other, 120.25m, false, ReimbursementStatus.Approved),
            new(new(2025, 12, 31), ExpenseCategory.Food, 0.01m, false, ReimbursementStatus.Submitted),
        ];
        const decimal budget = 25_000.00m;
        await using (var db = test.NewContext())
        {
            var funds = new ClusterFunds(db);
            await funds.SetBudgetAsync(clusterId, Year, 10_000m, "Første bud", "kasserer", Now);
            await funds.SetBudgetAsync(clusterId, Year, budget, "Vedtaget på generalforsamlingen", "kasserer", Now);
            await funds.SetBudgetAsync(clusterId, Year + 1, 99_999m, "", "kasserer", Now);
            foreach (var p in planned)
            {
                var e = await funds.AddExpenseAsync(new ExpenseInput(clusterId, p.On, p.Category, p.Amount, $"{p.Category} {p.Amount}", p.ForMeeting ? meetingId : null, "Karen Dahl"), Year, "koordinator", Now);
                foreach (var step in StepsTo(p.FinalStatus))
                    await funds.SetStatusAsync(e.Id, step, step == ReimbursementStatus.Rejected ? "Ikke klyngens udgift" : "", "kasserer", Now);
            }
            // Outside the year and in another cluster: must not count.
            await funds.AddExpenseAsync(new ExpenseInput(clusterId, new(2024, 12, 31), ExpenseCategory.Food, 700m, "Julefrokost", null, "Bo Lund"), 2024, "koordinator", Now);
            var other = await funds.AddExpenseAsync(new ExpenseInput(otherCluster, new(2025, 5, 5), ExpenseCategory.Venue, 5000m, "Lokale", null, "Ole Bak"), Year, "koordinator.b", Now);
            await funds.SetStatusAsync(other.Id, ReimbursementStatus.Approved, "", "koordinator.b", Now);
        }

        // Read back through a new context, so the decimals have made the round trip through the database.
        await using var read = test.NewContext();
        var year = await new ClusterFunds(read).YearAsync(clusterId, Year);
        static bool Counts(ReimbursementStatus s) => s is ReimbursementStatus.Approved or ReimbursementStatus.Reimbursed;
        var approved = planned.Where(p => Counts(p.FinalStatus)).Sum(p => p.Amount);
        Assert.Equal(1500.00m + 2345.50m + 120.25m, approved);
        Assert.Equal(budget, year.BudgetDkk);
        Assert.Equal("Vedtaget på generalforsamlingen", year.Budget!.Notes);
        Assert.Equal(approved, year.Approved);
        Assert.Equal(4000.00m + 0.01m, year.Pending);
        Assert.Equal(2345.50m, year.Reimbursed);
        Assert.Equal(budget - approved, year.Remaining);
        Assert.Equal(planned.Select(p => p.Amount).Order(), year.Expenses.Select(e => e.AmountDkk).Order());
        foreach (var category in Enum.GetValues<ExpenseCategory>())
        {
            var total = year.Categories.Single(c => c.Category == category);
            Assert.Equal(planned.Where(p => p.Category == category && Counts(p.FinalStatus)).Sum(p => p.Amount), total.Approved);
            Assert.Equal(planned.Where(p => p.Category == category && p.FinalStatus == ReimbursementStatus.Submitted).Sum(p => p.Amount), total.Pending);
        }
        var perMeeting = Assert.Single(year.Meetings);
        Assert.Equal((meetingId, 1500.00m + 2345.50m, 4000.00m), (perMeeting.MeetingId, perMeeting.Approved, perMeeting.Pending));
        Assert.Equal(3, (await new ClusterFunds(read).ForMeetingAsync(meetingId)).Count);

        var rejected = year.Expenses.Single(e => e.Status == ReimbursementStatus.Rejected);
        Assert.Equal(("kasserer", "Ikke klyngens udgift"), (rejected.DecidedBy, rejected.RejectionReason));
        var reimbursed = year.Expenses.Single(e => e.Status == ReimbursementStatus.Reimbursed);
        Assert.Equal(("kasserer", "kasserer"), (reimbursed.DecidedBy, reimbursed.ReimbursedBy));
        Assert.NotNull(reimbursed.ReimbursedAtUtc);
        Assert.Equal(700m, (await new ClusterFunds(read).YearAsync(clusterId, 2024)).Pending);
        Assert.Equal(1, await read.ClusterBudgets.CountAsync(b => b.ClusterId == clusterId && b.Year == Year));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Receipts_make_the_round_trip_and_only_PDF_JPEG_and_PNG_are_taken(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        int expenseId;
        await using (var db = test.NewContext())
        {
            var registry = await TestRegistry.WriteAsync(db);
            expenseId = (await new ClusterFunds(db).AddExpenseAsync(
                new ExpenseInput(registry.ClusterA.Id, new(2025, 2, 1), ExpenseCategory.Food, 500m, "Sandwich", null, "Anne Holm"), Year, "koordinator", Now)).Id;
        }

        foreach (var (content, type, name) in new[] { (Pdf, "application/pdf", "bon 1.pdf"), (Jpeg, "image/jpeg", "foto.JPG"), (Png, "image/png", "scan.png") })
        {
            await using (var db = test.NewContext())
                await new ClusterFunds(db).AttachReceiptAsync(expenseId, name, content, "koordinator", Now);
            await using var read = test.NewContext();
            var stored = await new ClusterFunds(read).ReceiptAsync(expenseId);
            Assert.NotNull(stored);
            Assert.Equal(content, stored.Content);
            Assert.Equal(type, stored.ContentType);
            Assert.Equal(Path.GetFileNameWithoutExtension(name) + ReceiptFile.ExtensionOf(type), stored.FileName);
        }

        byte[] html = [.. "<html><script>alert(1)</script></html>"u8];
        byte[] zip = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00];
        var tooLarge = new byte[ReceiptFile.MaxBytes + 1];
        Pdf.CopyTo(tooLarge, 0);
        foreach (var (bad, name) in new[] { (html, "kvittering.pdf"), (zip, "kvittering.png"), ([], "tom.pdf"), (tooLarge, "stor.pdf") })
        {
            await using var db = test.NewContext();
            var error = await Assert.ThrowsAsync<FundsException>(() => new ClusterFunds(db).AttachReceiptAsync(expenseId, name, bad, "koordinator", Now));
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
        }
        await using (var read = test.NewContext())
        {
            // The last good receipt is still the one kept.
            var kept = await read.ExpenseReceipts.SingleAsync();
            Assert.Equal(Png, kept.Content);
            Assert.Equal(3, await read.AuditEntries.CountAsync(a => a.Action == "funds.receipt"));
        }
        await using var stream = new MemoryStream(tooLarge);
        await Assert.ThrowsAsync<FundsException>(() => ReceiptFile.ReadAsync(stream));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Invalid_expenses_and_steps_are_refused_and_nothing_is_stored(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        var registry = await TestRegistry.WriteAsync(db);
        var a = registry.ClusterA.Id;
        var meetingOfB = new Meeting { ClusterId = registry.ClusterB.Id, Title = "B's møde", StartsAt = new(2025, 3, 4, 15, 30, 0, DateTimeKind.Utc), EndsAt = new(2025, 3, 4, 18, 0, 0, DateTimeKind.Utc) };
        db.Meetings.Add(meetingOfB);
        await db.SaveChangesAsync();
        var funds = new ClusterFunds(db);
        ExpenseInput Valid() => new(a, new(2025, 4, 1), ExpenseCategory.Venue, 100m, "Lokale", null, "Karen Dahl");

        ExpenseInput[] invalid =
        [
            Valid() with { AmountDkk = 0m },
            Valid() with { AmountDkk = -50m },
            Valid() with { AmountDkk = 10.005m },
            Valid() with { AmountDkk = ClusterFunds.MaxAmount + 1 },
            Valid() with { SpentOn = new(2024, 12, 31) },
            Valid() with { SpentOn = new(2026, 1, 1) },
            Valid() with { Description = "  " },
            Valid() with { PaidBy = "" },
            Valid() with { MeetingId = meetingOfB.Id },
            Valid() with { Category = (ExpenseCategory)42 },
        ];
        foreach (var input in invalid)
            await Assert.ThrowsAsync<FundsException>(() => funds.AddExpenseAsync(input, Year, "koordinator", Now));
        Assert.Equal(0, await db.Expenses.CountAsync());
        await Assert.ThrowsAsync<FundsException>(() => funds.SetBudgetAsync(a, Year, -1m, "", "koordinator", Now));
        Assert.Equal(0, await db.ClusterBudgets.CountAsync());

        var expense = await funds.AddExpenseAsync(Valid(), Year, "koordinator", Now);
        await Assert.ThrowsAsync<FundsException>(() => funds.SetStatusAsync(expense.Id, ReimbursementStatus.Reimbursed, "", "kasserer", Now));
        await Assert.ThrowsAsync<FundsException>(() => funds.SetStatusAsync(expense.Id, ReimbursementStatus.Rejected, " ", "kasserer", Now));
        await funds.SetStatusAsync(expense.Id, ReimbursementStatus.Approved, "", "kasserer", Now);
        await funds.SetStatusAsync(expense.Id, ReimbursementStatus.Reimbursed, "", "kasserer", Now);
        foreach (var status in Enum.GetValues<ReimbursementStatus>())
            await Assert.ThrowsAsync<FundsException>(() => funds.SetStatusAsync(expense.Id, status, "grund", "kasserer", Now));
        db.ChangeTracker.Clear();
        Assert.Equal(ReimbursementStatus.Reimbursed, (await db.Expenses.SingleAsync()).Status);
    }

    private static IEnumerable<ReimbursementStatus> StepsTo(ReimbursementStatus status) => status switch
    {
        ReimbursementStatus.Approved => [ReimbursementStatus.Approved],
        ReimbursementStatus.Reimbursed => [ReimbursementStatus.Approved, ReimbursementStatus.Reimbursed],
        // Rejected once, sent in again and then rejected for good: the last decision is the one kept.
        ReimbursementStatus.Rejected => [ReimbursementStatus.Rejected, ReimbursementStatus.Submitted, ReimbursementStatus.Rejected],
        _ => [],
    };
}
