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
        var demo = new Command("demo", "Write the demo country to the configured database.") { seedOption, replaceOption };
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
            return 0;
        });
        return demo;
    }
}
