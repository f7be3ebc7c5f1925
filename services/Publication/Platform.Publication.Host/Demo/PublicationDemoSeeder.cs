using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Accounts.V1;
using Platform.Domain;
using Platform.Events.V1;
using Platform.Grpc;
using Platform.Grpc.Client;
using Platform.Grpc.Security;
using Platform.Publication.Host.Persistence;
using Platform.Publication.Host.Publishing;
using Platform.Registry.Client;
using Platform.ServiceDefaults;

namespace Platform.Publication.Host.Demo;

/// <summary>
/// `./platform run` demo data (Publication__SeedDemo=true): the department of 000, whose return, inventory and forms the
/// other services' demo seeders import, gets its disclosure written by the platform. An imported publication raises no
/// approval (it was approved outside the platform), so the seeder opens the file as that approval would, once the return
/// is there; the document is then published like any other, when its parts are in.
/// </summary>
internal sealed partial class PublicationDemoSeeder(IServiceProvider services, IConfiguration configuration, IHostApplicationLifetime lifetime,
    PeerClient<FinalAccounts.FinalAccountsClient> accountsClient, IUnitLookup units, TimeProvider time, ILogger<PublicationDemoSeeder> logger) : BackgroundService
{
    private const string Department = "乌鲁木齐市应急管理局（市矿山安全监督管理局）";
    private const int Year = 2022;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Publication:SeedDemo", false))
        {
            return;
        }
        await lifetime.WaitUntilStartedAsync(stoppingToken);
        try
        {
            await using (var scope = services.CreateAsyncScope())
            {
                if (await scope.ServiceProvider.GetRequiredService<PublicationDbContext>().Files.AnyAsync(stoppingToken))
                {
                    return;
                }
            }
            using var ambient = CallerContext.Use(CallerIdentity.Service("publication-demo"));
            var accounts = accountsClient.Client;
            // The other seeders import concurrently: wait (at most two minutes) for the department and its return.
            Return? imported = null;
            for (var attempt = 0; attempt < 240 && imported is null; attempt++)
            {
                var unit = await units.FindByNameAsync(Department, Year, stoppingToken);
                if (unit is not null)
                {
                    try
                    {
                        imported = await accounts.GetReturnAsync(new ReturnRef { UnitId = unit.Id, FiscalYear = Year }, cancellationToken: stoppingToken);
                    }
                    catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
                    {
                    }
                }
                if (imported is null)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500), time, stoppingToken);
                }
            }
            if (imported is null)
            {
                NotFound(logger, Department, Year);
                return;
            }
            await using var work = services.CreateAsyncScope();
            var db = work.ServiceProvider.GetRequiredService<PublicationDbContext>();
            var approval = new ReturnApproved(imported.UnitId, imported.FiscalYear, imported.Version, imported.RegionCode, "publication-demo", time.GetUtcNow());
            // One transaction, as a consumer's (PostgreSQL's retrying strategy runs it as one retriable unit).
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(stoppingToken);
                await work.ServiceProvider.GetRequiredService<Publisher>().ApprovedAsync(approval, stoppingToken);
                await db.SaveChangesAsync(stoppingToken);
                await transaction.CommitAsync(stoppingToken);
            });
            Seeded(logger, imported.UnitId, imported.FiscalYear);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SeedFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: disclosure file of {Unit} {FiscalYear} opened (published once its parts are in)")]
    private static partial void Seeded(ILogger logger, string unit, int fiscalYear);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: no return of {Department} {FiscalYear} appeared; no disclosure seeded")]
    private static partial void NotFound(ILogger logger, string department, int fiscalYear);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: seeding the disclosure failed")]
    private static partial void SeedFailed(ILogger logger, Exception exception);
}
