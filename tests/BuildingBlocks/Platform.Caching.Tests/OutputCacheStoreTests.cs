using System.Diagnostics;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Platform.Testing;

namespace Platform.Caching.Tests;

/// <summary>The gateway's output cache store: Redis shared by replicas, evicted by tag, and optional like every cache.</summary>
public sealed class OutputCacheStoreTests
{
    // Generous timeouts for the round trips (correctness, not latency); the Redis-down test sets production-like ones.
    private static ServiceProvider Build(string redis, TimeSpan localLifetime, TimeSpan? timeout = null) =>
        new ServiceCollection()
            .AddLogging()
            .AddPlatformCache(new CacheOptions
            {
                Redis = redis,
                Timeout = timeout ?? TimeSpan.FromSeconds(5),
                ConnectTimeout = timeout ?? TimeSpan.FromSeconds(10),
                RetryAfter = TimeSpan.FromSeconds(1),
            })
            .AddOutputCache()
            .AddPlatformOutputCacheStore(new OutputCacheStoreOptions(localLifetime, 1024 * 1024))
            .BuildServiceProvider();

    [Fact]
    public async Task SetGetEvict_TwoReplicasOnOneRedis_SharedAndEvictedByTag()
    {
        await using var first = Build(TestServers.Redis, TimeSpan.Zero);
        await using var second = Build(TestServers.Redis, TimeSpan.Zero);
        var a = first.GetRequiredService<IOutputCacheStore>();
        var b = second.GetRequiredService<IOutputCacheStore>();
        var key = $"doc-{Guid.NewGuid():N}";
        var tag = $"tag-{Guid.NewGuid():N}";

        await a.SetAsync(key, [1, 2, 3], [tag], TimeSpan.FromMinutes(1), default);
        Assert.Equal(new byte[] { 1, 2, 3 }, await b.GetAsync(key, default));
        // The store files an entry under its tags after storing it, without waiting (fire and forget): an eviction that
        // comes first would not see it. In the gateway the two are minutes apart; here, wait for the tag.
        await WaitUntilTaggedAsync(tag, key);

        // The store deletes without waiting for each delete (fire and forget): the other replica sees the eviction within moments.
        await b.EvictByTagAsync(tag, default);
        var waited = Stopwatch.StartNew();
        while (await a.GetAsync(key, default) is not null)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(5), "the other replica still serves the evicted entry after 5 s");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Get_LocalCopy_ServedWithoutRedisUntilEvicted()
    {
        await using var services = Build(TestServers.Redis, TimeSpan.FromMinutes(1));
        var store = services.GetRequiredService<IOutputCacheStore>();
        var key = $"doc-{Guid.NewGuid():N}";
        var tag = $"tag-{Guid.NewGuid():N}";
        await store.SetAsync(key, [7], [tag], TimeSpan.FromMinutes(1), default);
        await WaitUntilTaggedAsync(tag, key);

        await using (var other = Build(TestServers.Redis, TimeSpan.Zero))
        {
            // Removed from Redis behind this replica's back: its local copy still answers.
            await other.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(tag, default);
        }
        Assert.Equal(new byte[] { 7 }, await store.GetAsync(key, default));

        await store.EvictByTagAsync(tag, default);
        Assert.Null(await store.GetAsync(key, default));
    }

    [Fact]
    public async Task Store_RedisDown_MissesAndDropsWithoutFailing()
    {
        // Nothing listens on a port just freed: every Redis operation fails.
        var port = RedisCacheTests.FreePort();
        await using var services = Build($"127.0.0.1:{port}", TimeSpan.Zero, timeout: TimeSpan.FromMilliseconds(500));
        var store = services.GetRequiredService<IOutputCacheStore>();
        for (var i = 0; i < 10; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            await store.SetAsync("k", [1], ["t"], TimeSpan.FromMinutes(1), default);
            Assert.Null(await store.GetAsync("k", default));
            await store.EvictByTagAsync("t", default);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"a store call took {stopwatch.Elapsed} while Redis was down");
        }
    }

    private static async Task WaitUntilTaggedAsync(string tag, string key)
    {
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        var waited = Stopwatch.StartNew();
        while (await redis.GetDatabase().SortedSetScoreAsync($"platform:oc:__MSOCT_{tag}", key) is null)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "the entry was never filed under its tag");
            await Task.Delay(10);
        }
    }
}
