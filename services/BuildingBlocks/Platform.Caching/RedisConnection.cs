using StackExchange.Redis;

namespace Platform.Caching;

/// <summary>
/// The process's one StackExchange.Redis connection, shared by the distributed cache and the output cache store. It is
/// made to live through Redis outages: it does not abort when the first connection fails and reconnects in the
/// background, and every operation gives up after <see cref="CacheOptions.Timeout"/>.
/// </summary>
internal sealed class RedisConnection(CacheOptions options) : IDisposable
{
    private readonly Lazy<IConnectionMultiplexer> _multiplexer = new(() => Connect(options));

    public IConnectionMultiplexer Multiplexer => _multiplexer.Value;

    public Task<IConnectionMultiplexer> GetAsync() => Task.FromResult(Multiplexer);

    /// <summary>Checked when the host is built: a bad setting stops the start-up instead of silently turning every read into a miss.</summary>
    public static ConfigurationOptions Validate(CacheOptions options)
    {
        try
        {
            return ConfigurationOptions.Parse(options.Redis!);
        }
        catch (ArgumentException ex)
        {
            // The message of StackExchange.Redis names the bad part; the value may hold a password and is not repeated.
            throw new InvalidOperationException($"Cache__Redis is not a StackExchange.Redis configuration (host:port[,option=value…]): {ex.Message}", ex);
        }
    }

    private static IConnectionMultiplexer Connect(CacheOptions options)
    {
        var config = Validate(options);
        config.AbortOnConnectFail = false;
        config.ConnectTimeout = (int)options.ConnectTimeout.TotalMilliseconds;
        config.SyncTimeout = (int)options.Timeout.TotalMilliseconds;
        config.AsyncTimeout = (int)options.Timeout.TotalMilliseconds;
        config.ConnectRetry = 1;
        // While disconnected, fail at once instead of queueing commands until they time out (StackExchange.Redis 2.5+
        // queues by default): for a cache, a miss now is better than a hit after the timeout.
        config.BacklogPolicy = BacklogPolicy.FailFast;
        var connection = ConnectionMultiplexer.Connect(config);
        // Without AbortOnConnectFail the first connection completes in the background; give it up to the connect timeout
        // so the first requests after start-up are not needless misses (a down Redis costs just that, once).
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
    }

    public void Dispose()
    {
        if (_multiplexer.IsValueCreated)
        {
            _multiplexer.Value.Dispose();
        }
    }
}
