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
        // Redis shared by the replicas (with a short in-process copy), or ASP.NET's memory store without Cache__Redis.
        services.AddPlatformOutputCacheStore(new OutputCacheStoreOptions(options.LocalLifetime, options.LocalSizeLimitBytes));
        return services;
    }
}
