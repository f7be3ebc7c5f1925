using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Platform.Events.V1;
using Platform.Grpc;
using Platform.Messaging;
using Platform.Persistence;
using Platform.Registry.Host.Grpc;
using Platform.Registry.Host.Persistence;
using Platform.Registry.V1;

namespace Platform.Registry.Host;

/// <summary>The registry's one registration extension: its database, events, state and gRPC service.</summary>
public static class RegistryServiceExtensions
{
    public const string Name = "registry";

    public static WebApplicationBuilder AddRegistryService(this WebApplicationBuilder builder)
    {
        builder.Services.AddPlatformDbContext<RegistryDbContext>(DatabaseOptions.For(builder.Configuration, Name));
        builder.Services.AddPlatformMessaging<RegistryDbContext>(MessagingOptions.From(builder.Configuration), events => events
            .Add<UnitRegistered>()
            .Add<UnitChanged>()
            .Add<UnitReorganized>()
            .Add<StaffingReported>()
            .Add<ScopeDefined>()
            .Add<RegionAdded>()
            .Add<FiscalYearsClosed>());
        // Registered after the DbContext, so its migrations have run when the state loads.
        builder.Services.AddSingleton<RegistryState>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RegistryState>());
        builder.Services.AddHostedService<Demo.RegistryDemoSeeder>();
        return builder;
    }

    public static WebApplication MapRegistryService(this WebApplication app)
    {
        app.MapGrpcService<UnitRegistryHandler>();
        return app;
    }
}
