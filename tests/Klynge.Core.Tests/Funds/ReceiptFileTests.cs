using Klynge.Core.Funds;
using Klynge.Core.Meetings;

namespace Klynge.Core.Tests.Funds;

public class ReceiptFileTests
{
    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34 }, "application/pdf")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xDB, 0x00 }, "image/jpeg")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00 }, "image/png")]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, null)]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04 }, null)]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46 }, null)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, null)]
    [InlineData(new byte[] { }, null)]
    public void The_type_is_read_from_the_first_bytes(byte[] content, string? expected) =>
        Assert.Equal(expected, ReceiptFile.Detect(content));

    [Fact]
    public async Task Reading_stops_just_past_the_limit()
    {
        await using var fits = new MemoryStream(new byte[ReceiptFile.MaxBytes]);
        Assert.Equal(ReceiptFile.MaxBytes, (await ReceiptFile.ReadAsync(fits)).Length);
        await using var over = new MemoryStream(new byte[ReceiptFile.MaxBytes + 1]);
        await Assert.ThrowsAsync<FundsException>(() => ReceiptFile.ReadAsync(over));
    }

    [Fact]
    public void The_draft_summary_is_written_from_the_figures()
    {
        var figures = new ActivityFigures(2025, 2, 0, [], [new("antibiotics", "Antibiotika", 1), new("", "Samarbejde med kommunen", 1)], [],
            8, 6, 4, 1, 0, new EvaluationMeans(3, 4, 4, 4, 5), 0m, 0m, DateTime.UtcNow);
        Assert.Equal("I 2025 holdt Klynge Nord 2 møder om Antibiotika og Samarbejde med kommunen. Lægerne mødte op til 6 af 8 invitationer (75 %). "
            + "Klyngen aftalte 4 konkrete ændringer, og 1 er gennemført. Deltagerne gav møderne 4,3 i gennemsnit på en skala fra 1 til 5.",
            ActivityReports.DraftSummary("Klynge Nord", figures));
        Assert.Equal("Planer for 2026:\n\nÅbne aftaler, der følges op:\n- Plakat i venteværelset\n", ActivityReports.DraftPlans(2025, ["Plakat i venteværelset"]));
    }
}
