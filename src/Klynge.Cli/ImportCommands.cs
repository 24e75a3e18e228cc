using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Klynge.Core.Prescribing;
using Klynge.Core.Registry.Import;
using Spectre.Console;

namespace Klynge.Cli;

/// <summary><c>klynge import ...</c>: one subcommand per input format (registry, dispensings, list sizes).</summary>
public static class ImportCommands
{
    /// <summary>How many errors are printed; the errors file always has all of them.</summary>
    public const int MaxPrintedErrors = 50;
    public const string DefaultErrorsFileName = "registry-import-errors.csv";

    public static Command Build(CliOutput output)
    {
        var import = new Command("import", "Import data files.");
        import.Subcommands.Add(BuildRegistry(output));
        import.Subcommands.Add(BuildPrescribing(output, PrescribingImporter.DispensingsKind,
            "Import dispensings: every row checked first, then the quarters the files cover are replaced in one transaction.",
            PrescribingImporter.ImportDispensingsAsync));
        import.Subcommands.Add(BuildPrescribing(output, PrescribingImporter.ListSizesKind,
            "Import list sizes: every row checked first, then the quarters the files cover are replaced in one transaction.",
            PrescribingImporter.ImportListSizesAsync));
        return import;
    }

    private static Command BuildRegistry(CliOutput output)
    {
        var practices = new Argument<string>("PRACTICES") { Description = "practices.csv (or .csv.gz)" };
        var clusters = new Argument<string>("CLUSTERS") { Description = "clusters.csv (or .csv.gz)" };
        var memberships = new Argument<string>("MEMBERSHIPS") { Description = "memberships.csv (or .csv.gz)" };
        var ignoreExtra = new Option<bool>("--ignore-extra-columns") { Description = "Skip columns the format does not know instead of rejecting the file." };
        var errorsFile = new Option<string?>("--errors")
        {
            Description = $"Where to write the error report (CSV) if the files have errors; default {DefaultErrorsFileName} next to PRACTICES.",
        };
        var registry = new Command("registry", "Import practices, clusters and memberships: all or nothing, safe to re-run.")
        {
            practices, clusters, memberships, ignoreExtra, errorsFile,
        };
        registry.SetAction(async (parse, ct) =>
        {
            var practicesPath = parse.GetValue(practices)!;
            var options = new RegistryImportOptions { IgnoreExtraColumns = parse.GetValue(ignoreExtra) };
            await using var db = await KlyngeCommand.OpenDatabaseAsync(ct);
            var result = await RegistryImporter.ImportAsync(db, practicesPath, parse.GetValue(clusters)!, parse.GetValue(memberships)!,
                options, Environment.UserName, ct);
            if (!result.Succeeded)
            {
                ReportErrors(output, result.Errors, parse.GetValue(errorsFile) ?? DefaultErrorsPath(practicesPath));
                return 1;
            }
            output.Out.WriteLine("Registry imported.");
            output.Out.WriteLine($"  practices:   {result.Practices}");
            output.Out.WriteLine($"  clusters:    {result.Clusters}");
            output.Out.WriteLine($"  memberships: {result.Memberships}");
            return 0;
        });
        return registry;
    }

    private delegate Task<PrescribingImportResult> PrescribingImport(
        Klynge.Core.Data.KlyngeDbContext db, IReadOnlyList<string> paths, PrescribingImportOptions options, string userName,
        IProgress<PrescribingImportProgress>? progress, CancellationToken ct);

    private static Command BuildPrescribing(CliOutput output, string kind, string description, PrescribingImport run)
    {
        var files = new Argument<string[]>("FILE") { Description = $"{kind} CSV files (or .csv.gz)", Arity = ArgumentArity.OneOrMore };
        var ignoreExtra = new Option<bool>("--ignore-extra-columns") { Description = "Skip columns the format does not know instead of rejecting the file." };
        var defaultErrors = $"{kind}-import-errors.csv";
        var errorsFile = new Option<string?>("--errors")
        {
            Description = $"Where to write the error report (CSV) if the files have errors; default {defaultErrors} next to the first FILE.",
        };
        var command = new Command(kind, description) { files, ignoreExtra, errorsFile };
        command.SetAction(async (parse, ct) =>
        {
            var paths = parse.GetValue(files)!;
            var options = new PrescribingImportOptions { IgnoreExtraColumns = parse.GetValue(ignoreExtra) };
            await using var db = await KlyngeCommand.OpenDatabaseAsync(ct);
            var result = ReferenceEquals(output.Out, Console.Out) && !Console.IsOutputRedirected
                ? await RunWithProgressBarAsync(description: kind, progress => run(db, paths, options, Environment.UserName, progress, ct))
                : await run(db, paths, options, Environment.UserName, new ProgressLines(output.Out), ct);
            if (!result.Succeeded)
            {
                var reportPath = parse.GetValue(errorsFile) ?? DefaultErrorsPath(paths[0], defaultErrors);
                ReportErrors(output, result.Errors, reportPath, result.ErrorCount);
                return 1;
            }
            var seconds = Math.Max(result.Elapsed.TotalSeconds, 0.001);
            output.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Imported {result.Rows:N0} {kind} rows from {paths.Length} file(s) in {seconds:0.0} s ({result.Rows / seconds:N0} rows/s)."));
            output.Out.WriteLine(result.QuartersReplaced.Count == 0
                ? "  quarters replaced: none (the files have no rows)"
                : $"  quarters replaced: {string.Join(", ", result.QuartersReplaced)}");
            return 0;
        });
        return command;
    }

    /// <summary>A Spectre.Console progress display, for a terminal only: it would fill a redirected log with escape codes.</summary>
    private static async Task<PrescribingImportResult> RunWithProgressBarAsync(
        string description, Func<IProgress<PrescribingImportProgress>, Task<PrescribingImportResult>> run)
    {
        PrescribingImportResult? result = null;
        await AnsiConsole.Progress()
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"Checking {description}");
                task.IsIndeterminate = true;
                var progress = new DirectProgress(p => task.Description = string.Create(CultureInfo.InvariantCulture,
                    $"{(p.Phase == PrescribingImportPhase.Validating ? "validated" : "loaded")} {p.Rows:N0} rows"));
                result = await run(progress);
                task.StopTask();
            });
        return result!;
    }

    /// <summary>Calls back on the importer's own thread, so lines appear in order and at once (Progress&lt;T&gt; posts them later).</summary>
    private sealed class DirectProgress(Action<PrescribingImportProgress> report) : IProgress<PrescribingImportProgress>
    {
        public void Report(PrescribingImportProgress value) => report(value);
    }

    /// <summary>Plain progress for redirected output: a line when a phase starts, then about one a second.</summary>
    private sealed class ProgressLines(TextWriter writer) : IProgress<PrescribingImportProgress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private PrescribingImportPhase? _phase;
        private TimeSpan _last;

        public void Report(PrescribingImportProgress value)
        {
            if (_phase != value.Phase)
            {
                _phase = value.Phase;
                _last = _clock.Elapsed;
                writer.WriteLine(value.Phase == PrescribingImportPhase.Validating ? "validating ..." : "loading ...");
            }
            if (_clock.Elapsed - _last < TimeSpan.FromSeconds(1)) return;
            _last = _clock.Elapsed;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(value.Phase == PrescribingImportPhase.Validating ? "validated" : "loaded")} {value.Rows:N0} rows"));
            writer.Flush();
        }
    }

    private static string DefaultErrorsPath(string firstInput) => DefaultErrorsPath(firstInput, DefaultErrorsFileName);

    private static string DefaultErrorsPath(string firstInput, string fileName)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(firstInput));
        return Path.Combine(folder is not null && Directory.Exists(folder) ? folder : Environment.CurrentDirectory, fileName);
    }

    private static void ReportErrors(CliOutput output, IReadOnlyList<ImportError> errors, string reportPath, long? total = null)
    {
        var count = total ?? errors.Count;
        output.Error.WriteLine($"Nothing was imported: {count} error(s).");
        foreach (var error in errors.Take(MaxPrintedErrors)) output.Error.WriteLine(error.ToString());
        if (count > MaxPrintedErrors) output.Error.WriteLine($"... and {count - MaxPrintedErrors} more");
        if (count > errors.Count) output.Error.WriteLine($"The errors file lists the first {errors.Count}.");
        using (var writer = new StreamWriter(reportPath, append: false, new System.Text.UTF8Encoding(false)))
            ImportError.WriteCsv(writer, errors);
        output.Error.WriteLine($"The errors are listed in {reportPath}.");
    }
}
