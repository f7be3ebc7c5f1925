using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Domain;
using Platform.Grpc.Security;
using Platform.ServiceDefaults;
using Platform.Performance.Domain.Evaluations;
using Platform.Performance.Host.Import;
using Platform.Performance.Host.Persistence;
using Platform.Performance.V1;

namespace Platform.Performance.Host.Demo;

/// <summary>
/// `./platform run` demo data: the performance forms of the three shared publications (services/Demo/disclosures),
/// imported through the same rpc as `import-disclosure` once the host listens (the registry, seeded from its own demo
/// files, answers the unit lookups). Performance__SeedDemo=true.
/// </summary>
internal sealed partial class PerformanceDemoSeeder(IServiceProvider services, IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<PerformanceDemoSeeder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Performance:SeedDemo", false))
        {
            return;
        }
        await lifetime.WaitUntilStartedAsync(stoppingToken);
        await using var scope = services.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<PerformanceDbContext>().Evaluations.AnyAsync(stoppingToken))
        {
            return;
        }
        var assembly = typeof(PerformanceDemoSeeder).Assembly;
        var actor = new Actor("demo-seeder", [EvaluationAccess.Admin], "650000", null);
        using var caller = CallerContext.Use(new CallerIdentity(actor.Subject, actor.Roles, actor.RegionCode));
        var import = scope.ServiceProvider.GetRequiredService<PublicationImport>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Platform.Performance.Host.Demo.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var document = name["Platform.Performance.Host.Demo.".Length..];
            try
            {
                await using var file = assembly.GetManifestResourceStream(name)!;
                var response = await import.ImportAsync(
                    new ImportDisclosureRequest { Transcription = await ByteString.FromStreamAsync(file, stoppingToken), FileName = document }, actor, stoppingToken);
                Seeded(logger, document, response.Evaluations.Count, response.UnitId, response.FiscalYear);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                SeedFailed(logger, document, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: imported {Count} performance forms of {Document} for {Unit} {FiscalYear}")]
    private static partial void Seeded(ILogger logger, string document, int count, string unit, int fiscalYear);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: importing the performance forms of {Document} failed")]
    private static partial void SeedFailed(ILogger logger, string document, Exception exception);
}
