using Microsoft.Extensions.Configuration;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Bound from <c>Klynge:Database</c>; the connection string is <c>ConnectionStrings:Klynge</c>.</summary>
public class DatabaseOptions
{
    public const string Section = "Klynge:Database";

    /// <summary>
    /// The default SQLite database: <c>data/klynge.db</c> at the root of the checkout the program was
    /// built from (so the web app and the CLI share it whatever folder they run in), else under the
    /// current folder.
    /// </summary>
    public static string DefaultSqlite => $"Data Source={Path.Combine(DefaultDataFolder(), "klynge.db")}";

    public static string DefaultDataFolder() => Checkout.Folder("data");

    public string Provider { get; set; } = "sqlite";

    public DatabaseProvider ParsedProvider => Parse(Provider);

    public static DatabaseProvider Parse(string? provider) => provider?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
        _ => throw new InvalidOperationException(
            $"Unknown database provider '{provider}' in {Section}:Provider; use 'sqlite' or 'postgres'."),
    };

    /// <summary>Configures EF Core for the chosen provider.</summary>
    public static void Apply(DbContextOptionsBuilder builder, DatabaseProvider provider, string connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                builder.UseSqlite(connectionString);
                break;
            case DatabaseProvider.Postgres:
                builder.UseNpgsql(connectionString);
                break;
        }
        builder.UseSnakeCaseNamingConvention();
    }

    public static KlyngeDbContext CreateContext(DatabaseProvider provider, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<KlyngeDbContext>();
        Apply(builder, provider, connectionString);
        return new KlyngeDbContext(builder.Options);
    }
}

/// <summary>The provider and connection string chosen by configuration, as the web app and the CLI both read them.</summary>
public record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public static DatabaseSettings From(IConfiguration configuration)
    {
        var provider = DatabaseOptions.Parse(configuration[$"{DatabaseOptions.Section}:Provider"]);
        var connection = configuration.GetConnectionString("Klynge");
        if (string.IsNullOrWhiteSpace(connection))
        {
            connection = provider == DatabaseProvider.Sqlite
                ? DatabaseOptions.DefaultSqlite
                : throw new InvalidOperationException(
                    "The postgres provider needs a connection string: set ConnectionStrings:Klynge (or ConnectionStrings__Klynge).");
        }
        return new DatabaseSettings(provider, connection);
    }

    public KlyngeDbContext CreateContext() => DatabaseOptions.CreateContext(Provider, ConnectionString);
}
