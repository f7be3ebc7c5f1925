using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.Persistence;

public static class PersistenceExtensions
{
    /// <summary>
    /// Registers the service's DbContext on the configured provider, applies its migrations before the host
    /// serves (hosted services start before Kestrel), and adds a "ready" health check for the database. A context that is
    /// not a <see cref="PlatformDbContext"/> (the identity service's, which ASP.NET Core Identity's model shapes) gets the
    /// same provider choice, migrations and health check; <paramref name="configure"/> adds what its libraries need.
    /// </summary>
    public static IServiceCollection AddPlatformDbContext<TContext>(this IServiceCollection services, DatabaseOptions database, Action<DbContextOptionsBuilder>? configure = null)
        where TContext : DbContext
    {
        services.AddDbContext<TContext>((provider, options) =>
        {
            // Interceptors registered by other building blocks (the outbox signal) join every context.
            options.AddInterceptors(provider.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());
            switch (database.Provider)
            {
                case DatabaseProvider.PostgreSql:
                    options.UseNpgsql(database.ConnectionString, npgsql => npgsql.EnableRetryOnFailure(3));
                    break;
                default:
                    options.UseSqlite(database.ConnectionString).AddInterceptors(SqliteWriteGate.Instance);
                    break;
            }
            configure?.Invoke(options);
        });
        services.AddHostedService<MigrationRunner<TContext>>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TContext>>(typeof(TContext).Name, tags: ["ready"]);
        return services;
    }
}

internal sealed partial class MigrationRunner<TContext>(IServiceProvider services, ILogger<MigrationRunner<TContext>> logger) : IHostedService
    where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            Applying(logger, typeof(TContext).Name, pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(cancellationToken);
        }
        if (db.Database.IsSqlite())
        {
            // Write-ahead logging (kept in the file): readers no longer block the writer, so concurrent requests of the
            // embedded default wait for each other far less; a writer that still meets a lock is a lost race (see SaveChanges).
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migration(s) to {Context}: {Migrations}")]
    private static partial void Applying(ILogger logger, string context, int count, string migrations);
}

internal sealed class DatabaseHealthCheck<TContext>(IServiceProvider services) : IHealthCheck
    where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("database unreachable");
    }
}
