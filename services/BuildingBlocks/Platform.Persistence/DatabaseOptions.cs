using Microsoft.Extensions.Configuration;

namespace Platform.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// Where a service's own database lives. ConnectionStrings__{service} with a PostgreSQL connection string
/// ("Host=…") selects PostgreSQL; otherwise the embedded default is a SQLite file under the data directory.
/// </summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString)
{
    public static DatabaseOptions For(IConfiguration configuration, string service)
    {
        var configured = configuration.GetConnectionString(service);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.Contains("Host=", StringComparison.OrdinalIgnoreCase)
                ? new DatabaseOptions(DatabaseProvider.PostgreSql, configured)
                : new DatabaseOptions(DatabaseProvider.Sqlite, configured);
        }
        var dataDirectory = configuration["Platform:DataDirectory"] ?? Path.Combine(Directory.GetCurrentDirectory(), ".platform-data");
        Directory.CreateDirectory(dataDirectory);
        return new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(dataDirectory, service + ".db")}");
    }
}
