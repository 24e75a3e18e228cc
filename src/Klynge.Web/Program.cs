using Klynge.Core.Indicators;
using Klynge.Core.Topics;
using Klynge.Web;

WebApplication app;
try
{
    app = KlyngeWebApp.Build(args);
}
catch (Exception e) when (e is TopicCatalogueException or IndicatorCatalogueException)
{
    // The author of a topic or indicator file needs the list of problems, not a stack trace.
    Console.Error.WriteLine(e.Message);
    return 1;
}
await KlyngeWebApp.PrepareDatabaseAsync(app);
await app.RunAsync();
return 0;

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
