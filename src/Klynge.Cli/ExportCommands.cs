using System.CommandLine;
using System.Text;
using Klynge.Core.Indicators;

namespace Klynge.Cli;

public static class ExportCommands
{
    public static Command Build(CliOutput output)
    {
        var export = new Command("export", "Export data in the formats other tools read.");

        var outOption = new Option<FileInfo>("--out") { Description = "file to write (CSV)", Required = true };
        var indicators = new Command("indicators", "Every computed indicator value, unsuppressed, in the format of DATA-FORMATS.md.") { outOption };
        indicators.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(outOption)!;
            await using var db = await KlyngeCommand.OpenDatabaseAsync(ct);
            // Write beside the target and move into place, so a failed export never leaves half a file.
            var temporary = file.FullName + ".partial";
            long rows;
            await using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                rows = await IndicatorResultStore.ExportAsync(db, writer, ct);
            }
            File.Move(temporary, file.FullName, overwrite: true);
            output.Out.WriteLine($"Wrote {rows:N0} rows to {file.FullName}.");
            return 0;
        });
        export.Subcommands.Add(indicators);
        return export;
    }
}
