using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Assets.Domain;
using Platform.Assets.Host.Consumers;
using Platform.Assets.Host.Grpc;
using Platform.Assets.Host.Import;
using Platform.Assets.Host.Persistence;
using Platform.Assets.V1;
using Platform.Events.V1;
using Platform.Grpc;
using Platform.Messaging;
using Platform.Persistence;
using Platform.Registry.Client;

namespace Platform.Assets.Host;

/// <summary>The assets service's one registration extension: reference data, database, events and registry consumers, registry lookups, gRPC.</summary>
public static class AssetsServiceExtensions
{
    public const string Name = "assets";

    public static WebApplicationBuilder AddAssetsService(this WebApplicationBuilder builder)
    {
        // Shipped categories, quotas and thresholds, or a deployment's own directory (Assets__ReferenceData).
        var directory = builder.Configuration["Assets:ReferenceData"];
        builder.Services.AddSingleton(directory is { Length: > 0 } ? AssetReference.LoadDirectory(directory) : AssetReference.LoadShipped());
        builder.Services.AddPlatformDbContext<AssetsDbContext>(DatabaseOptions.For(builder.Configuration, Name));
        builder.Services.AddPlatformMessaging<AssetsDbContext>(MessagingOptions.From(builder.Configuration), events => events
            .Add<AssetInventoryReported>()
            .Add<AssetInventoryAccepted>()
            .Add<AssetInventoryReturned>()
            .Add<VehicleAcquired>()
            .Add<VehicleDisposed>()
            .Add<VehicleTransferred>(),
            consumers: x =>
            {
                x.AddConsumer<UnitReorganizedConsumer, UnitReorganizedConsumerDefinition>();
                x.AddConsumer<FiscalYearsClosedConsumer, FiscalYearsClosedConsumerDefinition>();
            });
        builder.Services.AddScoped<AssetStore>();
        builder.Services.AddScoped<InventoryService>();
        builder.Services.AddScoped<WorkbookImport>();
        builder.Services.AddScoped<DisclosureAssets>();
        builder.Services.AddUnitLookup();
        builder.Services.AddHostedService<Demo.AssetsDemoSeeder>();
        return builder;
    }

    public static WebApplication MapAssetsService(this WebApplication app)
    {
        app.MapGrpcService<AssetInventoryHandler>();
        return app;
    }
}
