using System.CommandLine;

namespace Klynge.Cli;

public static class ImportCommands
{
    public static Command Build(CliOutput output)
    {
        var import = new Command("import", "Import data files.");
        return import;
    }
}
