using Klynge.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Data;

/// <summary>
/// The versioned scripts, not EF, create the schema; this checks that they still build exactly what the
/// EF model (KlyngeDbContext and the entities) expects, on each provider.
/// </summary>
public class SchemaDriftTests
{
    public const string Regenerate =
        "If the model change is intended, regenerate the scripts from the model for both providers:\n" +
        "  dotnet build src/Klynge.Cli && for p in sqlite postgres; do dotnet run --no-build --project src/Klynge.Cli -- db script --provider $p > src/Klynge.Core/Data/Schema/$p/0001_initial.sql; done\n" +
        "While no database is deployed, rewriting 0001_initial.sql is right; once one is, keep 0001 as it is and add the change as the next NNNN_name.sql.";

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Versioned_scripts_build_the_schema_of_the_model(DatabaseProvider provider)
    {
        await using var scripted = await TestDatabase.CreateAsync(provider);
        await using var modelled = await TestDatabase.CreateAsync(provider, migrate: false);
        await using (var context = modelled.NewContext())
            Assert.True(await context.Database.EnsureCreatedAsync(), "EF created no tables in the empty database.");

        var fromScripts = await ReadAsync(scripted);
        var fromModel = await ReadAsync(modelled);

        // An empty reading on both sides would compare equal and prove nothing.
        Assert.Contains("practices", fromModel.Tables.Keys);
        var practices = fromModel.Tables["practices"];
        Assert.Equal(["id"], practices.PrimaryKey);
        Assert.Contains(practices.Indexes, i => i.Unique && i.Columns.SequenceEqual(["provider_number"]));
        Assert.Contains(practices.ForeignKeys, k => k.Key == "(municipality_code) -> municipalities(code)");
        Assert.DoesNotContain(SchemaCatalogue.SchemaVersionsTable, fromScripts.Tables.Keys);
        var differences = SchemaComparer.Differences(fromScripts, fromModel);
        Assert.True(differences.Count == 0, Report(provider, differences));
    }

    public static string Report(DatabaseProvider provider, IReadOnlyList<string> differences)
    {
        var folder = $"src/Klynge.Core/Data/Schema/{provider.ToString().ToLowerInvariant()}/";
        return $"The {provider} schema built by the scripts in {folder} differs from the EF model in {differences.Count} place(s):\n" +
            string.Join("\n", differences.Select(d => "  - " + d)) + "\n" + Regenerate;
    }

    private static async Task<SchemaCatalogue> ReadAsync(TestDatabase database)
    {
        await using var context = database.NewContext();
        await context.Database.OpenConnectionAsync();
        try
        {
            return await SchemaCatalogue.ReadAsync(context.Database.GetDbConnection(), database.Provider);
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }
}
