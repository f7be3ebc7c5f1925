using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Memory;

namespace Platform.Caching;

/// <summary>
/// The output cache shared by every gateway replica: Microsoft.AspNetCore.OutputCaching.StackExchangeRedis's store behind
/// the <see cref="CacheCircuit"/> (a failed read is a miss, a failed write or eviction is dropped), with a copy in process
/// memory for at most <see cref="OutputCacheStoreOptions.LocalLifetime"/> so that a hot document costs no Redis round trip.
/// An eviction here clears the local copy at once; other replicas see it within the local lifetime.
/// </summary>
internal sealed class ResilientOutputCacheStore(IOutputCacheStore inner, CacheCircuit circuit, OutputCacheStoreOptions options) : IOutputCacheStore, IDisposable
{
    private MemoryCache _local = NewLocal(options);

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (_local.TryGetValue(key, out byte[]? value))
        {
            return value;
        }
        value = await circuit.RunAsync(t => inner.GetAsync(key, t), null, cancellationToken).ConfigureAwait(false);
        if (value is not null)
        {
            KeepLocally(key, value, options.LocalLifetime);
        }
        return value;
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        await circuit.RunAsync(async t => { await inner.SetAsync(key, value, tags, validFor, t).ConfigureAwait(false); return true; }, false, cancellationToken)
            .ConfigureAwait(false);
        KeepLocally(key, value, validFor < options.LocalLifetime ? validFor : options.LocalLifetime);
    }

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        // Evictions are rare (a publication): the local copies are simply all dropped.
        Interlocked.Exchange(ref _local, NewLocal(options)).Dispose();
        await circuit.RunAsync(async t => { await inner.EvictByTagAsync(tag, t).ConfigureAwait(false); return true; }, false, cancellationToken)
            .ConfigureAwait(false);
    }

    private void KeepLocally(string key, byte[] value, TimeSpan lifetime)
    {
        if (lifetime > TimeSpan.Zero)
        {
            _local.Set(key, value, new MemoryCacheEntryOptions { Size = value.Length + 64, AbsoluteExpirationRelativeToNow = lifetime });
        }
    }

    private static MemoryCache NewLocal(OutputCacheStoreOptions options) => new(new MemoryCacheOptions { SizeLimit = options.LocalSizeLimitBytes });

    public void Dispose() => _local.Dispose();
}

/// <summary>The in-process copy of output-cache entries: how long (0 = none) and how much memory.</summary>
public sealed record OutputCacheStoreOptions(TimeSpan LocalLifetime, long LocalSizeLimitBytes);
