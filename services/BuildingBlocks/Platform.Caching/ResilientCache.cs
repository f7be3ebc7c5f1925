using Microsoft.Extensions.Caching.Distributed;

namespace Platform.Caching;

/// <summary>
/// IDistributedCache on Redis (Microsoft.Extensions.Caching.StackExchangeRedis) behind the <see cref="CacheCircuit"/>:
/// a failure is a miss or a dropped write. A removal that cannot reach Redis is a stale-data risk, not a failure:
/// entries carry TTLs, and callers that need strict invalidation use short TTLs (it is logged by the circuit).
/// </summary>
internal sealed class ResilientCache(IDistributedCache inner, CacheCircuit circuit) : IDistributedCache
{
    public byte[]? Get(string key) => circuit.Run(() => inner.Get(key), null);

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) =>
        circuit.RunAsync(async t => await inner.GetAsync(key, t).ConfigureAwait(false), null, token).AsTask();

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => circuit.Run(() => { inner.Set(key, value, options); return true; }, false);

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        circuit.RunAsync(async t => { await inner.SetAsync(key, value, options, t).ConfigureAwait(false); return true; }, false, token).AsTask();

    public void Refresh(string key) => circuit.Run(() => { inner.Refresh(key); return true; }, false);

    public Task RefreshAsync(string key, CancellationToken token = default) =>
        circuit.RunAsync(async t => { await inner.RefreshAsync(key, t).ConfigureAwait(false); return true; }, false, token).AsTask();

    public void Remove(string key) => circuit.Run(() => { inner.Remove(key); return true; }, false);

    public Task RemoveAsync(string key, CancellationToken token = default) =>
        circuit.RunAsync(async t => { await inner.RemoveAsync(key, t).ConfigureAwait(false); return true; }, false, token).AsTask();
}
