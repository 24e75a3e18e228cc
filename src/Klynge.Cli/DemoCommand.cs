using System.CommandLine;

namespace Klynge.Cli;

public static class DemoCommand
{
    public static Command Build(CliOutput output)
    {
        var demo = new Command("demo", "Write the demo country to the configured database.");
        demo.SetAction(_ => { output.Error.WriteLine("not yet"); return 1; });
        return demo;
    }
}
