using System.CommandLine;
using Klynge.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Klynge.Cli;

/// <summary>The <c>klynge</c> command line: every command uses the same Core services as the web app.</summary>
public static class KlyngeCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var output = new CliOutput(stdout ?? Console.Out, stderr ?? Console.Error);
        var root = new RootCommand("Klynge: data-driven quality clusters in general practice.");
        root.Subcommands.Add(DbCommands.Build(output));
        root.Subcommands.Add(DemoCommand.Build(output));
        root.Subcommands.Add(ImportCommands.Build(output));
        root.Subcommands.Add(ExportCommands.Build(output));
        root.Subcommands.Add(ComputeCommand.Build(output));
        root.Subcommands.Add(MailCommands.Build(output));
        root.Subcommands.Add(PackageCommands.Build(output));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) output.Error.WriteLine(error.Message);
            return 2;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output.Out, Error = output.Error });
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or DbUpdateException or FormatException
                                      or System.Data.Common.DbException or UnauthorizedAccessException
                                      or Klynge.Core.Indicators.IndicatorCatalogueException)
        {
            output.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>Configuration as the web app reads it: appsettings.json in the current folder, then environment variables.</summary>
    public static IConfiguration Configuration() => new ConfigurationBuilder()
        .SetBasePath(Environment.CurrentDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();

    /// <summary>Opens the configured database and brings it to the current schema, as every command needs.</summary>
    public static async Task<KlyngeDbContext> OpenDatabaseAsync(CancellationToken ct)
    {
        var db = DatabaseSettings.From(Configuration()).CreateContext();
        await Database.MigrateAsync(db, ct);
        return db;
    }
}

public record CliOutput(TextWriter Out, TextWriter Error);
