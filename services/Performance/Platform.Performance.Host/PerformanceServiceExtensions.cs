using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Events.V1;
using Platform.Grpc;
using Platform.Messaging;
using Platform.Performance.Domain.Evaluations;
using Platform.Performance.Host.Grpc;
using Platform.Performance.Host.Import;
using Platform.Performance.Host.Persistence;
using Platform.Registry.Client;
using Platform.Performance.V1;
using Platform.Persistence;

namespace Platform.Performance.Host;

/// <summary>The performance service's one registration extension: reference data, database, events, registry lookups, gRPC.</summary>
public static class PerformanceServiceExtensions
{
    public const string Name = "performance";

    public static WebApplicationBuilder AddPerformanceService(this WebApplicationBuilder builder)
    {
        // Shipped policies, assignments and indicator framework, or a deployment's own directory
        // (Performance__ReferenceData): a region's new scoring rules are a data change.
        var directory = builder.Configuration["Performance:ReferenceData"];
        builder.Services.AddSingleton(directory is { Length: > 0 } ? PerformanceReference.LoadDirectory(directory) : PerformanceReference.LoadShipped());
        builder.Services.AddPlatformDbContext<PerformanceDbContext>(DatabaseOptions.For(builder.Configuration, Name));
        builder.Services.AddPlatformMessaging<PerformanceDbContext>(MessagingOptions.From(builder.Configuration), events => events
            .Add<EvaluationSubmitted>()
            .Add<EvaluationScored>()
            .Add<EvaluationAccepted>()
            .Add<EvaluationReturned>());
        builder.Services.AddScoped<EvaluationStore>();
        builder.Services.AddUnitLookup();
        builder.Services.AddSingleton<DisclosureForms>();
        builder.Services.AddScoped<PublicationImport>();
        builder.Services.AddHostedService<Demo.PerformanceDemoSeeder>();
        return builder;
    }

    public static WebApplication MapPerformanceService(this WebApplication app)
    {
        app.MapGrpcService<EvaluationsHandler>();
        return app;
    }
}
