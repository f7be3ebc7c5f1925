using Platform.Domain;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Host.Import;
using Platform.Accounts.Host.Persistence;
using Platform.Accounts.V1;
using Platform.Grpc.Security;
using Platform.ServiceDefaults;

namespace Platform.Accounts.Host.Demo;

/// <summary>
/// `./platform run` demo data: disclosure 000 imported through the same importer as `import-disclosure`, once the
/// host listens (the registry, seeded from its own demo files, answers the unit lookups). Accounts__SeedDemo=true.
/// </summary>
internal sealed partial class AccountsDemoSeeder(IServiceProvider services, IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<AccountsDemoSeeder> logger) : BackgroundService
{
    public const string Document = "000_bb240cb5f2680099.json";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Accounts:SeedDemo", false))
        {
            return;
        }
        await lifetime.WaitUntilStartedAsync(stoppingToken);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        if (await db.Returns.AnyAsync(stoppingToken))
        {
            return;
        }
        await using var file = typeof(AccountsDemoSeeder).Assembly.GetManifestResourceStream($"Platform.Accounts.Host.Demo.{Document}")!;
        var actor = new Actor("demo-seeder", [AccountsRoles.Admin, "registry-admin"], "650000", null);
        using var caller = CallerContext.Use(new CallerIdentity(actor.Subject, actor.Roles, actor.RegionCode));
        try
        {
            var response = await scope.ServiceProvider.GetRequiredService<DisclosureImporter>().ImportAsync(
                new ImportDisclosureRequest { Transcription = await ByteString.FromStreamAsync(file, stoppingToken), FileName = Document }, actor, stoppingToken);
            Seeded(logger, Document, response.DepartmentUnitId, response.Findings.Count);
            // A published return is final: consolidate its year so the demo's consolidated returns are there at once
            // (an import raises no approval event; an administrator's Recompute does the same later).
            var year = response.Imported.FiscalYear;
            var result = await scope.ServiceProvider.GetRequiredService<Consolidation.ConsolidationStore>().RecomputeAsync(year, stoppingToken);
            Consolidated(logger, year, result.Contributions, result.Nodes);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SeedFailed(logger, Document, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: imported {Document} as the {Unit} return ({Findings} findings)")]
    private static partial void Seeded(ILogger logger, string document, string unit, int findings);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: consolidated {FiscalYear}: {Contributions} returns into {Nodes} consolidated returns")]
    private static partial void Consolidated(ILogger logger, int fiscalYear, int contributions, int nodes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: importing {Document} failed")]
    private static partial void SeedFailed(ILogger logger, string document, Exception exception);
}
