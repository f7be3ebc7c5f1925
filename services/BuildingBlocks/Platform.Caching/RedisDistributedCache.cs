using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace Platform.Caching;

/// <summary>
/// IDistributedCache on Redis. Each entry is a hash: "d" the bytes, "s" the sliding window in ticks (0 when
/// none); the key's TTL is the sooner of the absolute and sliding expirations, and reads renew a sliding TTL.
/// </summary>
internal sealed class RedisDistributedCache(ConnectionMultiplexer connection, string prefix) : IDistributedCache
{
    private static readonly RedisValue DataField = "d";
    private static readonly RedisValue SlidingField = "s";

    private IDatabase Db => connection.GetDatabase();

    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        var values = await Db.HashGetAsync(prefix + key, [DataField, SlidingField]).ConfigureAwait(false);
        if (values.Length < 2 || values[0].IsNull)
        {
            return null;
        }
        if (values[1].TryParse(out long sliding) && sliding > 0)
        {
            await Db.KeyExpireAsync(prefix + key, TimeSpan.FromTicks(sliding)).ConfigureAwait(false);
        }
        return values[0];
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).GetAwaiter().GetResult();

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        var now = DateTimeOffset.UtcNow;
        TimeSpan? absolute = options.AbsoluteExpirationRelativeToNow
            ?? (options.AbsoluteExpiration is { } at ? at - now : null);
        if (absolute is { } a && a <= TimeSpan.Zero)
        {
            await Db.KeyDeleteAsync(prefix + key).ConfigureAwait(false);
            return;
        }
        var sliding = options.SlidingExpiration;
        TimeSpan? ttl = (absolute, sliding) switch
        {
            ({ } abs, { } sl) => abs < sl ? abs : sl,
            ({ } abs, null) => abs,
            (null, { } sl) => sl,
            _ => null,
        };
        var transaction = Db.CreateTransaction();
        var k = prefix + key;
        _ = transaction.KeyDeleteAsync(k);
        _ = transaction.HashSetAsync(k, [new HashEntry(DataField, value), new HashEntry(SlidingField, sliding?.Ticks ?? 0)]);
        if (ttl is { } t)
        {
            _ = transaction.KeyExpireAsync(k, t);
        }
        await transaction.ExecuteAsync().ConfigureAwait(false);
    }

    public void Refresh(string key) => RefreshAsync(key).GetAwaiter().GetResult();

    public async Task RefreshAsync(string key, CancellationToken token = default)
    {
        var sliding = await Db.HashGetAsync(prefix + key, SlidingField).ConfigureAwait(false);
        if (sliding.TryParse(out long ticks) && ticks > 0)
        {
            await Db.KeyExpireAsync(prefix + key, TimeSpan.FromTicks(ticks)).ConfigureAwait(false);
        }
    }

    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    public Task RemoveAsync(string key, CancellationToken token = default) => Db.KeyDeleteAsync(prefix + key);
}
