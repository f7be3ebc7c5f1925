using System.Text.Json;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Platform.Caching;

public sealed class CacheOptions
{
    /// <summary>StackExchange.Redis configuration ("127.0.0.1:6379"); none means an in-memory cache (embedded default).</summary>
    public string? Redis { get; set; }

    /// <summary>Prefix of every key, so services can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "platform:";

    /// <summary>After a Redis failure, how long to go straight to the source before trying Redis again.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Operation timeout: a slow cache must not be slower than the source.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the first connection may take, once, when the cache is created (on a loaded host it can exceed <see cref="Timeout"/>).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);
}

public static class CachingExtensions
{
    /// <summary>IDistributedCache: Redis (Cache__Redis) wrapped so that its failures are misses, or memory when unset.</summary>
    public static IServiceCollection AddPlatformCache(this IServiceCollection services, IConfiguration configuration, string service)
    {
        var options = new CacheOptions
        {
            Redis = configuration["Cache:Redis"],
            KeyPrefix = $"platform:{service}:",
        };
        return services.AddPlatformCache(options);
    }

    public static IServiceCollection AddPlatformCache(this IServiceCollection services, CacheOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            services.AddDistributedMemoryCache();
            return services;
        }
        services.AddSingleton(_ =>
        {
            var config = ConfigurationOptions.Parse(options.Redis);
            // Start and keep running while Redis is down; reconnect in the background.
            config.AbortOnConnectFail = false;
            config.ConnectTimeout = (int)options.ConnectTimeout.TotalMilliseconds;
            config.SyncTimeout = (int)options.Timeout.TotalMilliseconds;
            config.ConnectRetry = 1;
            var connection = ConnectionMultiplexer.Connect(config);
            // Without AbortOnConnectFail the first connection completes in the background; give it up to one
            // timeout so the first requests after start-up are not needless misses (a down Redis costs just that).
            if (!connection.IsConnected)
            {
                using var connected = new ManualResetEventSlim();
                connection.ConnectionRestored += (_, _) => connected.Set();
                if (!connection.IsConnected)
                {
                    connected.Wait(options.ConnectTimeout);
                }
            }
            return connection;
        });
        services.AddSingleton<IDistributedCache>(sp => new ResilientCache(
            new RedisDistributedCache(sp.GetRequiredService<ConnectionMultiplexer>(), options.KeyPrefix),
            options,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ResilientCache>>()));
        return services;
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
