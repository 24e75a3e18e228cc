using System.CommandLine;
using System.Diagnostics;
using Klynge.Core.Demo;

namespace Klynge.Cli;

public static class DemoCommand
{
    public static Command Build(CliOutput output)
    {
        var seedOption = new Option<int>("--seed")
        {
            Description = "Seed of the generator: the same seed gives the same country.",
            DefaultValueFactory = _ => DemoCountryGenerator.DefaultSeed,
        };
        var replaceOption = new Option<bool>("--replace")
        {
            Description = "Delete the practices, people and clusters already in the database first.",
        };
        var scaleOption = new Option<double>("--scale")
        {
            Description = "Share of each practice's listed patients whose prescribing is simulated (1.0: every listed patient).",
            DefaultValueFactory = _ => DemoSetupDefaults.Scale,
        };
        var quartersOption = new Option<int>("--quarters")
        {
            Description = "Number of quarters of prescribing, ending with the last complete quarter.",
            DefaultValueFactory = _ => 8,
        };
        var allMedicinesOption = new Option<bool>("--all-medicines")
        {
            Description = "Also prescribe all other common medicines, not only the indicators' drug groups (with --scale 1 --quarters 4: a national-size year, about 55 million dispensings).",
        };
        var registryOnlyOption = new Option<bool>("--registry-only")
        {
            Description = "Write the country's registry only: no prescribing, meetings or indicators.",
        };
        var demo = new Command("demo", "Write the demo country, eight quarters of prescribing and the computed indicators to the configured database.")
        {
            seedOption, replaceOption, scaleOption, quartersOption, allMedicinesOption, registryOnlyOption,
        };
        quartersOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 2 or > 40) result.AddError("--quarters must be between 2 and 40.");
        });
        scaleOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is <= 0 or > 1) result.AddError("--scale must be above 0 and at most 1.");
        });
        demo.SetAction(async (parse, ct) =>
        {
            var seed = parse.GetValue(seedOption);
            var watch = Stopwatch.StartNew();
            var country = DemoCountryGenerator.Generate(seed, DateOnly.FromDateTime(DateTime.Today));
            var generated = watch.Elapsed;

            await using var db = await KlyngeCommand.OpenDatabaseAsync(ct);
            watch.Restart();
            await DemoCountryWriter.WriteAsync(db, country, parse.GetValue(replaceOption), ct);
            var written = watch.Elapsed;

            foreach (var line in DemoCountrySummary.From(country).Lines()) output.Out.WriteLine(line);
            output.Out.WriteLine($"Seed {seed}: generated in {generated.TotalSeconds:F2} s, written in {written.TotalSeconds:F2} s.");

            if (parse.GetValue(registryOnlyOption)) return 0;

            watch.Restart();
            var prescribing = DemoPrescribingGenerator.Generate(country, seed, DemoSetupDefaults.LastCompleteQuarter(country.Today),
                parse.GetValue(quartersOption), parse.GetValue(scaleOption), parse.GetValue(allMedicinesOption));
            var rx = await DemoPrescribingWriter.WriteAsync(db, prescribing, ct);
            output.Out.WriteLine($"Prescribing {prescribing.Quarters[0]} to {prescribing.Quarters[^1]}: {rx.Dispensings:N0} dispensings, {rx.ListSizes:N0} list-size rows, {rx.Meetings} meetings over two years (some with planted effects), written in {watch.Elapsed.TotalSeconds:F1} s.");
            watch.Restart();
            var computed = await Klynge.Core.Indicators.IndicatorRun.RunAsync(db, Klynge.Core.Indicators.IndicatorCatalogue.LoadDefault(), null, ct);
            output.Out.WriteLine($"Computed {computed.Indicators} indicators: {computed.Results:N0} results in {watch.Elapsed.TotalSeconds:F1} s.");
            return 0;
        });
        return demo;
    }
}
