using System.CommandLine;
using System.Text;
using Klynge.Core.Indicators;
using Klynge.Core.Meetings;

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
        export.Subcommands.Add(Meetings(output));
        return export;
    }

    private static Command Meetings(CliOutput output)
    {
        var outOption = new Option<FileInfo>("--out") { Description = "file to write (CSV)", Required = true };
        var fromOption = new Option<DateOnly?>("--from") { Description = "first meeting day to include (YYYY-MM-DD, Danish time)" };
        var toOption = new Option<DateOnly?>("--to") { Description = "last meeting day to include (YYYY-MM-DD, Danish time)" };
        var meetings = new Command("meetings", "One row per cluster meeting for the programme evaluation: invited, attended, actions, evaluation mean.")
            { outOption, fromOption, toOption };
        meetings.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(outOption)!;
            var filter = new ProgrammeFilter(null, parse.GetValue(fromOption), parse.GetValue(toOption));
            if (filter is { From: { } from, To: { } to } && to < from)
            {
                output.Error.WriteLine($"error: --to {to:yyyy-MM-dd} is before --from {from:yyyy-MM-dd}.");
                return 2;
            }
            await using var db = await KlyngeCommand.OpenDatabaseAsync(ct);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var rows = await MeetingProgramme.RowsAsync(db, filter, ct);
            var temporary = file.FullName + ".partial";
            await using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                await MeetingProgramme.WriteCsvAsync(rows, writer, ct);
            }
            File.Move(temporary, file.FullName, overwrite: true);
            output.Out.WriteLine($"Wrote {rows.Count:N0} meetings to {file.FullName} in {clock.Elapsed.TotalSeconds:0.00} s.");
            return 0;
        });
        return meetings;
    }
}
