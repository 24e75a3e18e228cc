using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Klynge.Core.Indicators;
using Spectre.Console;

namespace Klynge.Cli;

public static class ComputeCommand
{
    public static Command Build(CliOutput output)
    {
        var onlyOption = new Option<string[]>("--only")
        {
            Description = "compute only these indicators (ids, comma- or space-separated) and replace only their results; the others are kept",
            AllowMultipleArgumentsPerToken = true,
        };
        var compute = new Command("compute", "Compute every indicator in the catalogue for every practice, cluster, region and the nation, and replace the stored results.")
        {
            onlyOption,
        };
        compute.SetAction(async (parse, ct) =>
        {
            var catalogue = IndicatorCatalogue.LoadDefault();
            var only = (parse.GetValue(onlyOption) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToList();
            var unknown = only.Where(id => catalogue.All(d => d.Id != id)).ToList();
            if (unknown.Count > 0)
            {
                output.Error.WriteLine($"error: no indicator {string.Join(", ", unknown)} in the catalogue; its ids are: {string.Join(", ", catalogue.Select(d => d.Id))}.");
                return 1;
            }
            var definitions = only.Count == 0 ? catalogue : [.. catalogue.Where(d => only.Contains(d.Id))];
            var scope = only.Count == 0 ? IndicatorRunScope.Catalogue : IndicatorRunScope.Only;
            await using var db = await KlyngeCommand.OpenDatabaseAsync(ct);
            var clock = Stopwatch.StartNew();
            var summary = ReferenceEquals(output.Out, Console.Out) && !Console.IsOutputRedirected
                ? await RunWithProgressBarAsync(progress => IndicatorRun.RunAsync(db, definitions, scope, progress, ct))
                : await IndicatorRun.RunAsync(db, definitions, scope, new ProgressLines(output.Out), ct);
            output.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Computed {summary.Indicators} indicators over {summary.Quarters} quarters from {summary.Dispensings:N0} dispensings: {summary.Results:N0} results in {clock.Elapsed.TotalSeconds:0.0} s."));
            return 0;
        });
        return compute;
    }

    /// <summary>
    /// Reading has no known end (counting the rows first would cost a pass of its own), so it shows rows and speed;
    /// computing is a bar over the indicators.
    /// </summary>
    private static async Task<IndicatorRun.Summary> RunWithProgressBarAsync(Func<IProgress<IndicatorRun.Progress>, Task<IndicatorRun.Summary>> run)
    {
        IndicatorRun.Summary? summary = null;
        await AnsiConsole.Progress()
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var reading = context.AddTask("reading dispensings");
                reading.IsIndeterminate = true;
                var computing = context.AddTask("computing indicators", autoStart: false);
                var storing = context.AddTask("storing results", autoStart: false);
                storing.IsIndeterminate = true;
                var clock = Stopwatch.StartNew();
                summary = await run(new Direct(p =>
                {
                    switch (p.Phase)
                    {
                        case IndicatorRunPhase.Reading:
                            reading.Description = string.Create(CultureInfo.InvariantCulture,
                                $"read {p.Done:N0} dispensings ({p.Done / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0}/s)");
                            break;
                        case IndicatorRunPhase.Computing:
                            if (!computing.IsStarted)
                            {
                                reading.IsIndeterminate = false;
                                reading.Value = reading.MaxValue;
                                reading.StopTask();
                                computing.MaxValue = p.Total;
                                computing.StartTask();
                            }
                            computing.Value = p.Done;
                            break;
                        case IndicatorRunPhase.Storing:
                            computing.StopTask();
                            storing.Description = string.Create(CultureInfo.InvariantCulture, $"storing {p.Total:N0} results");
                            storing.StartTask();
                            break;
                    }
                }));
                storing.IsIndeterminate = false;
                storing.Value = storing.MaxValue;
                storing.StopTask();
            });
        return summary!;
    }

    /// <summary>Calls back on the run's own thread, so the display follows the run without delay.</summary>
    private sealed class Direct(Action<IndicatorRun.Progress> report) : IProgress<IndicatorRun.Progress>
    {
        public void Report(IndicatorRun.Progress value) => report(value);
    }

    /// <summary>Plain progress for redirected output: a line per phase and about one a second while reading.</summary>
    private sealed class ProgressLines(TextWriter writer) : IProgress<IndicatorRun.Progress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private IndicatorRunPhase? _phase;
        private TimeSpan _last;

        public void Report(IndicatorRun.Progress value)
        {
            var started = _phase != value.Phase;
            _phase = value.Phase;
            if (!started && _clock.Elapsed - _last < TimeSpan.FromSeconds(1)) return;
            _last = _clock.Elapsed;
            var seconds = _clock.Elapsed.TotalSeconds;
            writer.WriteLine(value.Phase switch
            {
                IndicatorRunPhase.Reading => string.Create(CultureInfo.InvariantCulture, $"read {value.Done:N0} dispensings ({seconds:0.0} s)"),
                IndicatorRunPhase.Computing => string.Create(CultureInfo.InvariantCulture, $"computed {value.Done} of {value.Total} indicators ({seconds:0.0} s)"),
                _ => string.Create(CultureInfo.InvariantCulture, $"storing {value.Total:N0} results ({seconds:0.0} s)"),
            });
            writer.Flush();
        }
    }
}
