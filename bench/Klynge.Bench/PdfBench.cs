using System.Diagnostics;
using System.Globalization;
using Klynge.Core.Data;
using Klynge.Core.Packages;
using Klynge.Printing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Klynge.Bench;

/// <summary>
/// Prints the cluster view of the newest packages in the configured database (as <c>klynge</c> finds it) with one
/// printer: the first print starts Chromium, the next <c>COUNT</c> reuse it (and its kept tab). Nothing is stored in
/// the database; with an output folder each PDF is written there as <c>package-ID.pdf</c>, to look at. Prints one line:
/// <c>first SECONDS next COUNT mean SECONDS max SECONDS pages N</c>.
/// </summary>
public static class PdfBench
{
    public static async Task<int> RunAsync(string webRoot, int count, string? outFolder = null)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        await using var db = DatabaseSettings.From(configuration).CreateContext();
        var packages = await db.Packages.AsNoTracking().OrderByDescending(p => p.Id).Take(count + 1).ToListAsync();
        if (packages.Count < count + 1)
        {
            Console.Error.WriteLine($"bench: {count + 1} packages needed, the database has {packages.Count}; run klynge package generate-all first.");
            return 1;
        }
        await using var printer = new PackagePrinter();
        var seconds = new List<double>();
        var pages = 0;
        foreach (var package in packages)
        {
            var clock = Stopwatch.StartNew();
            var view = PackageProjection.For(package, PackageSnapshot.FromJson(package.Snapshot), PackageAudience.Coordinator, new HashSet<int>(), earlier: []);
            var pdf = await PackagePdfs.PrintAsync(printer, view, webRoot);
            seconds.Add(clock.Elapsed.TotalSeconds);
            if (outFolder is not null) await File.WriteAllBytesAsync(Path.Combine(Directory.CreateDirectory(outFolder).FullName, $"package-{package.Id}.pdf"), pdf);
            // Counting page objects is enough for a benchmark line; the render check reads the PDF properly.
            pages = System.Text.RegularExpressions.Regex.Count(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]");
        }
        var warm = seconds.Skip(1).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"first {seconds[0]:0.00} next {warm.Count} mean {warm.Average():0.00} max {warm.Max():0.00} pages {pages}"));
        return 0;
    }
}
