using System.CommandLine;
using System.Diagnostics;
using Klynge.Core.Indicators;

namespace Klynge.Cli;

public static class ComputeCommand
{
    public static Command Build(CliOutput output)
    {
        var compute = new Command("compute", "Compute every indicator in the catalogue for every practice, cluster, region and the nation, and replace the stored results.");
        compute.SetAction(async (_, ct) =>
        {
            var definitions = IndicatorCatalogue.LoadDefault();
            await using var db = await KlyngeCommand.OpenDatabaseAsync(ct);
            var clock = Stopwatch.StartNew();
            var progress = new Progress<long>(rows => output.Out.WriteLine($"read {rows:N0} dispensings ({clock.Elapsed.TotalSeconds:0.0} s)"));
            var summary = await IndicatorRun.RunAsync(db, definitions, progress, ct);
            output.Out.WriteLine($"Computed {summary.Indicators} indicators over {summary.Quarters} quarters from {summary.Dispensings:N0} dispensings: {summary.Results:N0} results in {clock.Elapsed.TotalSeconds:0.0} s.");
            return 0;
        });
        return compute;
    }
}
