using Klynge.Cli;

return await KlyngeCommand.RunAsync(args);
