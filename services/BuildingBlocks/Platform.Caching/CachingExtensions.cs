using System.Text.Json;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.OutputCaching.StackExchangeRedis;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Platform.Caching;

public static class CachingExtensions
{
    /// <summary>IDistributedCache: Redis (Cache__Redis) behind the circuit breaker, or memory when unset.</summary>
    public static IServiceCollection AddPlatformCache(this IServiceCollection services, IConfiguration configuration, string service) =>
        services.AddPlatformCache(new CacheOptions
        {
            Redis = configuration["Cache:Redis"],
            KeyPrefix = $"platform:{service}:",
        });

    public static IServiceCollection AddPlatformCache(this IServiceCollection services, CacheOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options);
        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            services.AddDistributedMemoryCache();
            return services;
        }
        RedisConnection.Validate(options);
        AddRedisConnection(services);
        services.AddSingleton<IDistributedCache>(sp =>
        {
            var connection = sp.GetRequiredService<RedisConnection>();
            var redis = new RedisCache(Options.Create(new RedisCacheOptions
            {
                InstanceName = options.KeyPrefix,
                ConnectionMultiplexerFactory = connection.GetAsync,
            }));
            return new ResilientCache(redis, sp.GetRequiredService<CacheCircuit>());
        });
        return services;
    }

    /// <summary>
    /// The output cache's store: Redis (Microsoft.AspNetCore.OutputCaching.StackExchangeRedis, shared by replicas) behind the
    /// circuit breaker with a short in-process copy when Cache__Redis is set, ASP.NET's memory store otherwise. Call after
    /// AddPlatformCache and AddOutputCache.
    /// </summary>
    public static IServiceCollection AddPlatformOutputCacheStore(this IServiceCollection services, OutputCacheStoreOptions local)
    {
        var options = services.Select(d => d.ImplementationInstance).OfType<CacheOptions>().FirstOrDefault()
            ?? throw new InvalidOperationException("Call AddPlatformCache before AddPlatformOutputCacheStore.");
        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            return services;
        }
        services.AddStackExchangeRedisOutputCache(_ => { });
        services.AddOptions<RedisOutputCacheOptions>().Configure<RedisConnection>((o, connection) =>
        {
            o.InstanceName = "platform:oc:";
            o.ConnectionMultiplexerFactory = connection.GetAsync;
        });
        // The library's store (internal) stays as registered; ours decorates it.
        var registered = services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        services.Remove(registered);
        services.AddSingleton<IOutputCacheStore>(sp => new ResilientOutputCacheStore(
            (IOutputCacheStore)(registered.ImplementationInstance
                ?? registered.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!)),
            sp.GetRequiredService<CacheCircuit>(),
            local));
        return services;
    }

    private static void AddRedisConnection(IServiceCollection services)
    {
        services.AddLogging();
        services.TryAddSingleton<RedisConnection>();
        services.TryAddSingleton<CacheCircuit>();
    }

    /// <summary>Reads a JSON value, or computes, stores and returns it. Cache failures only cost the computation.</summary>
    public static async Task<T> GetOrCreateAsync<T>(this IDistributedCache cache, string key, Func<CancellationToken, Task<T>> factory,
        DistributedCacheEntryOptions entryOptions, CancellationToken cancellationToken = default)
    {
        var cached = await cache.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (cached is not null)
        {
            return JsonSerializer.Deserialize<T>(cached)!;
        }
        var value = await factory(cancellationToken).ConfigureAwait(false);
        await cache.SetAsync(key, JsonSerializer.SerializeToUtf8Bytes(value), entryOptions, cancellationToken).ConfigureAwait(false);
        return value;
    }
}
