using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Klynge.Core.Data;
using Klynge.Core.Packages;
using Klynge.Core.Prescribing;
using Klynge.Core.Topics;
using Klynge.Printing;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Klynge.Cli;

/// <summary><c>klynge package generate</c> and <c>generate-all</c>: cluster packages from the stored indicator results.</summary>
public static class PackageCommands
{
    /// <summary>The user name packages made from the command line are recorded under.</summary>
    public const string User = "cli";

    public static Command Build(CliOutput output)
    {
        var package = new Command("package", "Generate cluster packages: a topic's material with a cluster's data, frozen at a cut-off.");
        package.Subcommands.Add(Generate(output));
        package.Subcommands.Add(GenerateAll(output));
        return package;
    }

    private static Option<string> TopicOption() => new("--topic") { Description = "Topic id, e.g. dependency-forming-medicine.", Required = true };

    private static Option<string?> CutOffOption() => new("--cutoff")
    {
        Description = "Last quarter of data, YYYY-Qn (default: the latest complete quarter with results).",
    };

    private static Command Generate(CliOutput output)
    {
        var clusterOption = new Option<int>("--cluster") { Description = "Cluster id.", Required = true };
        var topicOption = TopicOption();
        var cutOffOption = CutOffOption();
        var pdfOption = new Option<FileInfo?>("--pdf") { Description = "Also print the cluster's view of the package (peers as the cluster shares them) to this PDF file." };
        var webRootOption = new Option<DirectoryInfo?>("--web-root") { Description = "The web app's wwwroot with the print styles and scripts (default: src/Klynge.Web/wwwroot of the checkout)." };
        var generate = new Command("generate", "Generate a package for one cluster and topic.") { clusterOption, topicOption, cutOffOption, pdfOption, webRootOption };
        generate.SetAction(async (parse, ct) =>
        {
            if (!TryCutOff(parse.GetValue(cutOffOption), output, out var cutOff)) return 1;
            var pdf = parse.GetValue(pdfOption);
            string? webRoot = null;
            var options = new PrinterOptions();
            if (pdf is not null)
            {
                webRoot = parse.GetValue(webRootOption)?.FullName ?? Checkout.Folder(Path.Combine("src", "Klynge.Web", "wwwroot"));
                // Checked before anything is written, so a machine that cannot print gets no half-made package.
                if (!Directory.Exists(webRoot)) return Fail(output, $"The web root {webRoot} does not exist; pass --web-root with the web app's wwwroot.");
                if (!File.Exists(options.ExecutablePath)) return Fail(output, new ChromiumMissingException(options.ExecutablePath).Message);
            }
            var library = TopicLibrary.Load();
            var topicId = parse.GetValue(topicOption)!;
            if (library.Find(topicId) is null) return Fail(output, UnknownTopic(topicId, library));

            await using var db = await KlyngeCommand.OpenDatabaseAsync(ct);
            var clusterId = parse.GetValue(clusterOption);
            var cluster = await db.Clusters.AsNoTracking().Where(c => c.Id == clusterId).Select(c => c.Name).FirstOrDefaultAsync(ct);
            if (cluster is null) return Fail(output, $"There is no cluster {clusterId}.");

            ClusterPackage made;
            try
            {
                made = await new PackageService(db, library).OrderAsync(clusterId, topicId, cutOff, null, null, User, DateTimeOffset.Now, ct);
            }
            catch (PackageException e)
            {
                return Fail(output, e.Message);
            }
            var quarter = Quarter.FromKey(made.CutOff);
            output.Out.WriteLine($"Package {made.Id}: cluster {clusterId} ({cluster}), topic {topicId}, cut-off {quarter}.");

            if (pdf is not null)
            {
                var clock = Stopwatch.StartNew();
                await using var printer = new PackagePrinter(options);
                var bytes = await PackagePdfs.GetOrPrintAsync(db, printer, made, PackageSnapshot.FromJson(made.Snapshot),
                    PackagePdfs.ClusterAudience, webRoot!, DateTimeOffset.Now, ct);
                pdf.Directory?.Create();
                await File.WriteAllBytesAsync(pdf.FullName, bytes, ct);
                output.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Printed the cluster's view to {pdf.FullName} ({bytes.Length / 1024.0:0} KB, {clock.Elapsed.TotalSeconds:0.0} s)."));
            }
            return 0;
        });
        return generate;
    }

    private static Command GenerateAll(CliOutput output)
    {
        var topicOption = TopicOption();
        var cutOffOption = CutOffOption();
        var all = new Command("generate-all", "Generate a package for every cluster for one topic, in one transaction.") { topicOption, cutOffOption };
        all.SetAction(async (parse, ct) =>
        {
            if (!TryCutOff(parse.GetValue(cutOffOption), output, out var cutOff)) return 1;
            var library = TopicLibrary.Load();
            var topicId = parse.GetValue(topicOption)!;
            if (library.Find(topicId) is null) return Fail(output, UnknownTopic(topicId, library));
            await using var db = await KlyngeCommand.OpenDatabaseAsync(ct);
            var service = new PackageService(db, library);
            var clock = Stopwatch.StartNew();
            IReadOnlyList<ClusterPackage> packages;
            try
            {
                packages = ReferenceEquals(output.Out, Console.Out) && !Console.IsOutputRedirected
                    ? await WithProgressBarAsync(progress => service.GenerateAllAsync(topicId, cutOff, User, DateTimeOffset.Now, progress, ct))
                    : await service.GenerateAllAsync(topicId, cutOff, User, DateTimeOffset.Now, new ProgressLines(output.Out), ct);
            }
            catch (PackageException e)
            {
                return Fail(output, e.Message);
            }
            if (packages.Count == 0)
            {
                output.Out.WriteLine("There are no clusters; no packages were made.");
                return 0;
            }
            var practices = packages.Sum(p => PackageSnapshot.FromJson(p.Snapshot).Practices.Count);
            output.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Generated {packages.Count} packages for topic {topicId}, cut-off {Quarter.FromKey(packages[0].CutOff)}: ids {packages[0].Id}-{packages[^1].Id}, {practices} member practices, in {clock.Elapsed.TotalSeconds:0.00} s."));
            return 0;
        });
        return all;
    }

    private static async Task<IReadOnlyList<ClusterPackage>> WithProgressBarAsync(Func<IProgress<(int Done, int Total)>, Task<IReadOnlyList<ClusterPackage>>> run)
    {
        IReadOnlyList<ClusterPackage> packages = [];
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("generating packages");
                packages = await run(new Direct(p =>
                {
                    task.MaxValue = p.Total;
                    task.Value = p.Done;
                    task.Description = $"generating packages ({p.Done} of {p.Total} clusters)";
                }));
                task.Value = task.MaxValue;
            });
        return packages;
    }

    private static bool TryCutOff(string? text, CliOutput output, out Quarter? cutOff)
    {
        cutOff = null;
        if (text is null) return true;
        if (Quarter.TryParse(text, out var q))
        {
            cutOff = q;
            return true;
        }
        output.Error.WriteLine($"error: --cutoff '{text}' is not a quarter like 2025-Q2.");
        return false;
    }

    private static string UnknownTopic(string id, TopicLibrary library) =>
        $"There is no topic '{id}'; the topics are: {string.Join(", ", library.Topics.Select(t => t.Id).Order(StringComparer.Ordinal))}.";

    private static int Fail(CliOutput output, string message)
    {
        output.Error.WriteLine($"error: {message}");
        return 1;
    }

    /// <summary>Calls back on the generating thread, so the bar follows without delay.</summary>
    private sealed class Direct(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }

    /// <summary>For redirected output: a line about every tenth of the clusters, and the last.</summary>
    private sealed class ProgressLines(TextWriter writer) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value)
        {
            var step = Math.Max(1, value.Total / 10);
            if (value.Done % step != 0 && value.Done != value.Total) return;
            writer.WriteLine($"generated {value.Done} of {value.Total} packages");
            writer.Flush();
        }
    }
}
