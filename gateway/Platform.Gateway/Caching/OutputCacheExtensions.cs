using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Caching;

namespace Platform.Gateway.Caching;

internal static class OutputCacheExtensions
{
    /// <summary>The "public" output-cache policy (route field OutputCachePolicy) on the shared store (Cache__Redis; memory when unset).</summary>
    public static IServiceCollection AddGatewayOutputCache(this IServiceCollection services, IConfiguration configuration)
    {
        var options = GatewayCacheOptions.From(configuration);
        services.AddSingleton(options);
        if (!services.Any(d => d.ServiceType == typeof(IDistributedCache)))
        {
            services.AddPlatformCache(configuration, GatewayExtensions.Name);
        }
        services.AddOutputCache(o => o.AddPolicy(PublicReadPolicy.Tag, new PublicReadPolicy(options)));
        // Registered after AddOutputCache so that it replaces the in-memory default store.
        services.AddSingleton<IOutputCacheStore>(sp => new SharedOutputCacheStore(
            sp.GetRequiredService<IDistributedCache>(), options, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
