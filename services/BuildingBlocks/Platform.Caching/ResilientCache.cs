using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;

namespace Platform.Caching;

/// <summary>
/// Makes a remote cache optional: any failure counts as a miss (reads) or is dropped (writes), and after a
/// failure the cache is bypassed for <see cref="CacheOptions.RetryAfter"/> so that callers do not pay a
/// timeout on every request while Redis is down. Redis down means slower, never failing.
/// </summary>
internal sealed partial class ResilientCache(IDistributedCache inner, CacheOptions options, TimeProvider time, ILogger<ResilientCache> logger) : IDistributedCache
{
    private long _openUntilTicks;

    public bool IsBypassed => time.GetUtcNow().UtcTicks < Interlocked.Read(ref _openUntilTicks);

    public byte[]? Get(string key) => Guard(() => inner.Get(key), null);

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => GuardAsync(() => inner.GetAsync(key, token), null);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Guard(() => { inner.Set(key, value, options); return true; }, false);

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        GuardAsync(async () => { await inner.SetAsync(key, value, options, token).ConfigureAwait(false); return true; }, false);

    public void Refresh(string key) => Guard(() => { inner.Refresh(key); return true; }, false);

    public Task RefreshAsync(string key, CancellationToken token = default) =>
        GuardAsync(async () => { await inner.RefreshAsync(key, token).ConfigureAwait(false); return true; }, false);

    // A removal that cannot reach Redis is a stale-data risk, not a failure: entries carry TTLs, and
    // callers that need strict invalidation use short TTLs. It is logged.
    public void Remove(string key) => Guard(() => { inner.Remove(key); return true; }, false);

    public Task RemoveAsync(string key, CancellationToken token = default) =>
        GuardAsync(async () => { await inner.RemoveAsync(key, token).ConfigureAwait(false); return true; }, false);

    private T Guard<T>(Func<T> action, T fallback)
    {
        if (IsBypassed)
        {
            return fallback;
        }
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Trip(ex);
            return fallback;
        }
    }

    private async Task<T> GuardAsync<T>(Func<Task<T>> action, T fallback)
    {
        if (IsBypassed)
        {
            return fallback;
        }
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Trip(ex);
            return fallback;
        }
    }

    private void Trip(Exception ex)
    {
        Interlocked.Exchange(ref _openUntilTicks, (time.GetUtcNow() + options.RetryAfter).UtcTicks);
        CacheUnavailable(logger, options.RetryAfter.TotalSeconds, ex.GetType().Name, ex.Message);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache unavailable, bypassing it for {Seconds} s: {ExceptionType}: {Reason}")]
    private static partial void CacheUnavailable(ILogger logger, double seconds, string exceptionType, string reason);
}
