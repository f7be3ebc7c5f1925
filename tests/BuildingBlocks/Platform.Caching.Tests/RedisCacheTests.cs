using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Testing;

namespace Platform.Caching.Tests;

public sealed class RedisCacheTests
{
    // Round-trip tests check correctness, not latency: a generous operation timeout keeps them independent of
    // how loaded the machine is; the Redis-down test sets the production-like short timeouts itself.
    private static ServiceProvider Build(string redis, TimeSpan? retryAfter = null, TimeSpan? timeout = null) =>
        new ServiceCollection()
            .AddLogging()
            .AddPlatformCache(new CacheOptions
            {
                Redis = redis,
                KeyPrefix = $"test:{Guid.NewGuid():N}:",
                RetryAfter = retryAfter ?? TimeSpan.FromSeconds(5),
                Timeout = timeout ?? TimeSpan.FromSeconds(5),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            })
            .BuildServiceProvider();

    [Fact]
    public async Task SetGetRemove_RealRedis_RoundTrips()
    {
        await using var services = Build(TestServers.Redis);
        var cache = services.GetRequiredService<IDistributedCache>();
        await cache.SetAsync("unit:652301", [1, 2, 3], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) });
        Assert.Equal(new byte[] { 1, 2, 3 }, await cache.GetAsync("unit:652301"));
        await cache.RemoveAsync("unit:652301");
        Assert.Null(await cache.GetAsync("unit:652301"));
    }

    [Fact]
    public async Task Set_AbsoluteExpiration_EntryDisappears()
    {
        await using var services = Build(TestServers.Redis);
        var cache = services.GetRequiredService<IDistributedCache>();
        // Microsoft.Extensions.Caching.StackExchangeRedis keeps expirations in whole seconds.
        await cache.SetAsync("short", [9], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(2) });
        Assert.NotNull(await cache.GetAsync("short"));
        var stopwatch = Stopwatch.StartNew();
        while (await cache.GetAsync("short") is not null)
        {
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(8), "entry outlived its absolute expiration");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task GetOrCreate_SecondCall_ServedFromCache()
    {
        await using var services = Build(TestServers.Redis);
        var cache = services.GetRequiredService<IDistributedCache>();
        var computed = 0;
        Task<decimal> Factory(CancellationToken _) { computed++; return Task.FromResult(1234.56m); }
        var options = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) };
        Assert.Equal(1234.56m, await cache.GetOrCreateAsync("total", Factory, options));
        Assert.Equal(1234.56m, await cache.GetOrCreateAsync("total", Factory, options));
        Assert.Equal(1, computed);
    }

    [Fact]
    public async Task Cache_RedisGoesDownAndComesBack_SlowerNeverFailing()
    {
        var port = FreePort();
        var redis = StartRedis(port);
        try
        {
            await using var services = Build($"127.0.0.1:{port}", retryAfter: TimeSpan.FromMilliseconds(200), timeout: TimeSpan.FromMilliseconds(500));
            var cache = services.GetRequiredService<IDistributedCache>();
            var options = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) };
            await cache.SetAsync("k", [1], options);
            Assert.Equal(new byte[] { 1 }, await cache.GetAsync("k"));

            redis.Kill();
            await redis.WaitForExitAsync();

            // Down: reads are misses, writes are dropped, callers still get their values, nothing throws.
            var computed = 0;
            for (var i = 0; i < 20; i++)
            {
                var stopwatch = Stopwatch.StartNew();
                Assert.Null(await cache.GetAsync("k"));
                await cache.SetAsync("k2", [2], options);
                Assert.Equal(7, await cache.GetOrCreateAsync("k3", _ => { computed++; return Task.FromResult(7); }, options));
                Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"a cache call took {stopwatch.Elapsed} while Redis was down");
            }
            Assert.Equal(20, computed);

            // Back: after the retry window and reconnection, the cache works again.
            redis = StartRedis(port);
            var recovery = Stopwatch.StartNew();
            while (true)
            {
                await cache.SetAsync("k4", [4], options);
                if (await cache.GetAsync("k4") is [4])
                {
                    break;
                }
                Assert.True(recovery.Elapsed < TimeSpan.FromSeconds(30), "cache did not recover after Redis came back");
                await Task.Delay(100);
            }
        }
        finally
        {
            if (!redis.HasExited)
            {
                redis.Kill();
            }
        }
    }

    private static Process StartRedis(int port)
    {
        var info = new ProcessStartInfo(TestServers.RedisServerBinary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        };
        foreach (var arg in new[] { "--bind", "127.0.0.1", "--port", port.ToString(), "--save", "", "--appendonly", "no", "--dir", Path.GetTempPath() })
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info)!;
        var started = Stopwatch.StartNew();
        while (true)
        {
            var line = process.StandardOutput.ReadLine();
            if (line is null || line.Contains("Ready to accept connections"))
            {
                break;
            }
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), "redis-server did not start");
        }
        // Keep draining its output so it never blocks on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync();
        return process;
    }

    internal static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
