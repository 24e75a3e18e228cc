using Klynge.Web;

var app = KlyngeWebApp.Build(args);
await KlyngeWebApp.PrepareDatabaseAsync(app);
await app.RunAsync();

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
