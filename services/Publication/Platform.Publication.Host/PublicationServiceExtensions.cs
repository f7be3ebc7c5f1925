using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Platform.Caching;
using Platform.Events.V1;
using Platform.Accounts.V1;
using Platform.Assets.V1;
using Platform.Performance.V1;
using Platform.Grpc.Client;
using Platform.Messaging;
using Platform.Persistence;
using Platform.Publication.Domain.Documents;
using Platform.Publication.Host.Assembly;
using Platform.Publication.Host.Consumers;
using Platform.Publication.Host.Grpc;
using Platform.Publication.Host.Http;
using Platform.Publication.Host.Persistence;
using Platform.Publication.Host.Publishing;
using Platform.Publication.Host.Reading;
using Platform.Publication.V1;
using Platform.Registry.Client;

namespace Platform.Publication.Host;

/// <summary>The publication service's one registration extension: glossary, database, events and consumers, peers, cache, gRPC and public HTTP.</summary>
public static class PublicationServiceExtensions
{
    public const string Name = "publication";

    public static WebApplicationBuilder AddPublicationService(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(Glossary.LoadShipped());
        builder.Services.AddPlatformDbContext<PublicationDbContext>(DatabaseOptions.For(builder.Configuration, Name));
        builder.Services.AddPlatformMessaging<PublicationDbContext>(MessagingOptions.From(builder.Configuration), events => events
            .Add<DisclosurePublished>(),
            consumers: x =>
            {
                x.AddConsumer<ReturnApprovedConsumer, ReturnApprovedConsumerDefinition>();
                x.AddConsumer<EvaluationScoredConsumer, EvaluationScoredConsumerDefinition>();
                x.AddConsumer<AssetInventoryReportedConsumer, AssetInventoryReportedConsumerDefinition>();
                x.AddConsumer<DisclosurePublishedCacheConsumer, DisclosurePublishedCacheConsumerDefinition>();
            });
        // One shared cache per process: the host's (Cache__Redis), or this service's own when it runs alone.
        if (!builder.Services.Any(d => d.ServiceType == typeof(IDistributedCache)))
        {
            builder.Services.AddPlatformCache(builder.Configuration, Name);
        }
        builder.Services.AddSingleton<DocumentCache>();
        builder.Services.AddScoped<DocumentReader>();
        builder.Services.AddScoped<Publisher>();
        builder.Services.AddPeerClient<FinalAccounts.FinalAccountsClient>("Accounts", FinalAccounts.Descriptor);
        builder.Services.AddPeerClient<PerformanceEvaluations.PerformanceEvaluationsClient>("Performance", PerformanceEvaluations.Descriptor);
        builder.Services.AddPeerClient<AssetInventory.AssetInventoryClient>("Assets", AssetInventory.Descriptor);
        builder.Services.AddRegistryClient();
        builder.Services.AddSingleton<IPartsGatherer, PeerPartsGatherer>();
        builder.Services.AddUnitLookup();
        builder.Services.AddHostedService<Demo.PublicationDemoSeeder>();
        return builder;
    }

    public static WebApplication MapPublicationService(this WebApplication app)
    {
        app.MapGrpcService<PublicationsHandler>();
        PublicRoutes.Map(app);
        return app;
    }
}
