using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Assets.Domain.Vehicles;
using Platform.Assets.Host.Import;
using Platform.Assets.Host.Persistence;
using Platform.Assets.V1;
using Platform.Domain;
using Platform.Grpc.Security;
using Platform.ServiceDefaults;

namespace Platform.Assets.Host.Demo;

/// <summary>
/// `./platform run` demo data: the asset section of 000 (services/Demo/disclosures) as the department's 2022 inventory,
/// imported through the same path as `import-disclosure` once the host listens. Assets__SeedDemo=true.
/// </summary>
internal sealed partial class AssetsDemoSeeder(IServiceProvider services, IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<AssetsDemoSeeder> logger) : BackgroundService
{
    public const string Document = "000_bb240cb5f2680099.json";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Assets:SeedDemo", false))
        {
            return;
        }
        await lifetime.WaitUntilStartedAsync(stoppingToken);
        await using var scope = services.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<AssetsDbContext>().Inventories.AnyAsync(stoppingToken))
        {
            return;
        }
        var actor = new Actor("demo-seeder", [AssetAccess.Admin], "650000", null);
        using var caller = CallerContext.Use(new CallerIdentity(actor.Subject, actor.Roles, actor.RegionCode));
        try
        {
            await using var file = typeof(AssetsDemoSeeder).Assembly.GetManifestResourceStream($"Platform.Assets.Host.Demo.{Document}")!;
            var response = await scope.ServiceProvider.GetRequiredService<DisclosureAssets>().ImportAsync(
                new ImportDisclosureRequest { Transcription = await ByteString.FromStreamAsync(file, stoppingToken), FileName = Document }, actor, stoppingToken);
            Seeded(logger, Document, response.Inventory.Ref.UnitId, response.Inventory.Ref.FiscalYear);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SeedFailed(logger, Document, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: imported the asset section of {Document} as the {Unit} {FiscalYear} inventory")]
    private static partial void Seeded(ILogger logger, string document, string unit, int fiscalYear);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: importing the asset section of {Document} failed")]
    private static partial void SeedFailed(ILogger logger, string document, Exception exception);
}
