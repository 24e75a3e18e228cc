using System.Diagnostics;
using System.Globalization;
using Klynge.Core.Data;
using Klynge.Core.Indicators;
using Klynge.Core.Packages;
using Klynge.Core.Prescribing;
using Klynge.Core.Registry;
using Klynge.Core.Topics;
using Klynge.IntegrationTests.Web;

namespace Klynge.IntegrationTests.Packages;

/// <summary>
/// Hand-built indicator results for the <see cref="TestRegistry"/>: every indicator of the antibiotics topic at
/// <see cref="CutOff"/> for each practice, cluster, region and the nation, with counts well above the suppression
/// limit, and consent to sharing from every member practice. Enough for a package with every practice in it.
/// </summary>
public static class RegistryPackageFixture
{
    public const string Topic = "antibiotics";
    public static readonly Quarter CutOff = new(2025, 2);

    public static async Task WriteAsync(KlyngeDbContext db, TestRegistry registry, TopicLibrary library)
    {
        var topic = library.Find(Topic) ?? throw new InvalidOperationException($"No topic {Topic}.");
        var results = new List<IndicatorResult>();
        var quarter = CutOff.ToKey();
        foreach (var (reference, n) in topic.Indicators.Select((i, n) => (i, n)))
        {
            var practices = registry.Practices.Select((p, k) => (Unit: p.ProviderNumber, Numerator: 20.0 + 7 * k + n, Denominator: 200.0 + 30 * k)).ToList();
            foreach (var p in practices) results.Add(Result(reference.Id, ResultLevel.Practice, p.Unit, quarter, p.Numerator, p.Denominator));
            foreach (var cluster in registry.Clusters)
            {
                var members = registry.Memberships.Where(m => m.Cluster == cluster).Select(m => m.Practice!.ProviderNumber).ToHashSet();
                var sum = practices.Where(p => members.Contains(p.Unit)).ToList();
                results.Add(Result(reference.Id, ResultLevel.Cluster, cluster.Id.ToString(CultureInfo.InvariantCulture), quarter, sum.Sum(p => p.Numerator), sum.Sum(p => p.Denominator)));
            }
            foreach (var region in new[] { TestRegistry.Midtjylland, TestRegistry.Hovedstaden })
                results.Add(Result(reference.Id, ResultLevel.Region, region.ToString(CultureInfo.InvariantCulture), quarter, 4_000 + n, 50_000));
            results.Add(Result(reference.Id, ResultLevel.Nation, "DK", quarter, 40_000 + n, 500_000));
        }
        await IndicatorResultStore.ReplaceAllAsync(db, results);
        db.DataSharingConsents.AddRange(registry.Memberships.Select(m => m.Practice!).Distinct()
            .Select(p => new DataSharingConsent { PracticeId = p.Id, Given = true, On = TestRegistry.Since, RecordedBy = "test" }));
        await db.SaveChangesAsync();
    }

    /// <summary>A package of the fixture's topic and cut-off for one cluster, published from today if asked.</summary>
    public static async Task<ClusterPackage> OrderAsync(KlyngeDbContext db, TopicLibrary library, Cluster cluster, bool publish)
    {
        var service = new PackageService(db, library);
        var package = await service.OrderAsync(cluster.Id, Topic, CutOff, null, null, "test", DateTimeOffset.Now);
        if (publish) await service.PublishAsync(package.Id, DateOnly.FromDateTime(DateTime.Now), "test", "http://localhost", DateTimeOffset.Now);
        return package;
    }

    /// <summary>The text of a PDF as <c>pdftotext</c> (poppler-utils) reads it.</summary>
    public static async Task<string> PdfTextAsync(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"klynge-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            var start = new ProcessStartInfo("pdftotext", ["-enc", "UTF-8", file, "-"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("pdftotext did not start; install poppler-utils.");
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0) throw new InvalidOperationException($"pdftotext failed: {await process.StandardError.ReadToEndAsync()}");
            return text;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static IndicatorResult Result(string id, ResultLevel level, string unit, int quarter, double numerator, double denominator) => new()
    {
        IndicatorId = id,
        Level = level,
        UnitId = unit,
        Quarter = quarter,
        Numerator = numerator,
        Denominator = denominator,
        Value = numerator / denominator * 1000,
    };
}
