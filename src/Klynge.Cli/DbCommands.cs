using System.CommandLine;
using Klynge.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Cli;

public static class DbCommands
{
    public static Command Build(CliOutput output)
    {
        var db = new Command("db", "Database schema.");

        var migrate = new Command("migrate", "Apply pending schema scripts to the configured database.");
        migrate.SetAction(async (_, ct) =>
        {
            await using var context = DatabaseSettings.From(KlyngeCommand.Configuration()).CreateContext();
            var applied = await Database.MigrateAsync(context, ct);
            output.Out.WriteLine(applied.Count == 0
                ? "The database is up to date."
                : $"Applied {applied.Count} script(s): {string.Join(", ", applied)}.");
            return 0;
        });
        db.Subcommands.Add(migrate);

        var providerOption = new Option<string>("--provider") { Description = "sqlite or postgres", Required = true };
        var script = new Command("script", "Print the CREATE script EF Core derives from the model (the base for a new schema script).")
        {
            providerOption,
        };
        script.SetAction(parse =>
        {
            var provider = DatabaseOptions.Parse(parse.GetValue(providerOption));
            var connection = provider == DatabaseProvider.Sqlite ? "Data Source=:memory:" : "Host=localhost";
            using var context = DatabaseOptions.CreateContext(provider, connection);
            output.Out.WriteLine(context.Database.GenerateCreateScript());
            return 0;
        });
        db.Subcommands.Add(script);
        return db;
    }
}
