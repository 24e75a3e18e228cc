using System.CommandLine;
using Klynge.Core.Registry.Import;

namespace Klynge.Cli;

/// <summary><c>klynge import ...</c>: one subcommand per input format (registry now; dispensings and list sizes to come).</summary>
public static class ImportCommands
{
    /// <summary>How many errors are printed; the errors file always has all of them.</summary>
    public const int MaxPrintedErrors = 50;
    public const string DefaultErrorsFileName = "registry-import-errors.csv";

    public static Command Build(CliOutput output)
    {
        var import = new Command("import", "Import data files.");
        import.Subcommands.Add(BuildRegistry(output));
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

    private static string DefaultErrorsPath(string firstInput)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(firstInput));
        return Path.Combine(folder is not null && Directory.Exists(folder) ? folder : Environment.CurrentDirectory, DefaultErrorsFileName);
    }

    private static void ReportErrors(CliOutput output, IReadOnlyList<ImportError> errors, string reportPath)
    {
        output.Error.WriteLine($"Nothing was imported: {errors.Count} error(s).");
        foreach (var error in errors.Take(MaxPrintedErrors)) output.Error.WriteLine(error.ToString());
        if (errors.Count > MaxPrintedErrors) output.Error.WriteLine($"... and {errors.Count - MaxPrintedErrors} more");
        using (var writer = new StreamWriter(reportPath, append: false, new System.Text.UTF8Encoding(false)))
            ImportError.WriteCsv(writer, errors);
        output.Error.WriteLine($"The errors are listed in {reportPath}.");
    }
}
