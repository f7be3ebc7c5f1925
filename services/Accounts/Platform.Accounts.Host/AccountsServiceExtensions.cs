using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Accounts.Domain.ReferenceData;
using Platform.Accounts.Host.Consolidation;
using Platform.Accounts.Host.Grpc;
using Platform.Accounts.Host.Import;
using Platform.Accounts.Host.Persistence;
using Platform.Accounts.Host.Units;
using Platform.Accounts.V1;
using Platform.Events.V1;
using Platform.Grpc.Client;
using Platform.Messaging;
using Platform.Persistence;
using Platform.Registry.Client;

namespace Platform.Accounts.Host;

/// <summary>The accounts service's one registration extension: reference data, database, events, registry lookups, gRPC.</summary>
public static class AccountsServiceExtensions
{
    public const string Name = "accounts";

    public static WebApplicationBuilder AddAccountsService(this WebApplicationBuilder builder)
    {
        // Shipped reference data, or a deployment's own directory (Accounts__ReferenceData): a new fiscal year
        // is a data change. Loading checks every formula, so a bad file stops the start-up with its name.
        var directory = builder.Configuration["Accounts:ReferenceData"];
        builder.Services.AddSingleton(directory is { Length: > 0 } ? ReferenceDataSet.LoadDirectory(directory) : ReferenceDataSet.LoadShipped());
        builder.Services.AddPlatformDbContext<AccountsDbContext>(DatabaseOptions.For(builder.Configuration, Name));
        builder.Services.AddPlatformMessaging<AccountsDbContext>(MessagingOptions.From(builder.Configuration), events => events
            .Add<ReturnSubmitted>()
            .Add<ReturnReturned>()
            .Add<ReturnApproved>()
            .Add<ReturnCorrected>()
            .Add<ConsolidationUpdated>(),
            consumers: x =>
            {
                x.AddConsumer<ReturnApprovedConsolidator, ReturnApprovedConsolidatorDefinition>();
                x.AddConsumer<Assets.InventoryReportedRecheck, Assets.InventoryReportedRecheckDefinition>();
                x.AddConsumer<Assets.VehicleAcquiredRecheck, Assets.VehicleAcquiredRecheckDefinition>();
                x.AddConsumer<Assets.VehicleDisposedRecheck, Assets.VehicleDisposedRecheckDefinition>();
                x.AddConsumer<Assets.VehicleTransferredRecheck, Assets.VehicleTransferredRecheckDefinition>();
                x.AddConsumer<Assets.ReturnApprovedRecheck, Assets.ReturnApprovedRecheckDefinition>();
            });
        builder.Services.AddScoped<ConsolidationStore>();
        builder.Services.AddScoped<ReturnStore>();
        builder.Services.AddRegistryClient();
        builder.Services.AddSingleton<IUnitDirectory, RegistryUnitDirectory>();
        builder.Services.AddScoped<DisclosureImporter>();
        builder.Services.AddPeerClient<Platform.Assets.V1.AssetInventory.AssetInventoryClient>("Assets", Platform.Assets.V1.AssetInventory.Descriptor);
        builder.Services.AddSingleton<Assets.IAssetReconciliation, Assets.AssetServiceReconciliation>();
        builder.Services.AddScoped<Assets.LateAssetFindings>();
        builder.Services.AddSingleton<WorkbookImporter>();
        builder.Services.AddSingleton<WorkbookExporter>();
        builder.Services.AddHostedService<Demo.AccountsDemoSeeder>();
        return builder;
    }

    public static WebApplication MapAccountsService(this WebApplication app)
    {
        app.MapGrpcService<FinalAccountsHandler>();
        app.MapGrpcService<ConsolidationHandler>();
        return app;
    }
}
