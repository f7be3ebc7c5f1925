using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;

namespace Platform.Gateway.Caching;

/// <summary>
/// The output cache shared by every gateway replica: entries live in Redis (the platform's IDistributedCache, whose
/// failures are misses), with a small copy in process memory for at most <see cref="GatewayCacheOptions.LocalLifetime"/>
/// so that a hot document costs no Redis round trip. Microsoft.AspNetCore.OutputCaching.StackExchangeRedis needs
/// StackExchange.Redis 2.x, which the rest of the platform cannot take beside 1.2.6; this store is the narrow
/// replacement (IOutputCacheStore: get, set, evict by tag) and can be swapped for it when the platform upgrades.
///
/// Eviction by tag without a Redis set per tag: every tag has a generation (random 8 bytes, in Redis); an entry records
/// the generations of its tags when stored and is a miss once any of them changed. Replicas see a new generation within
/// <see cref="GatewayCacheOptions.LocalLifetime"/>.
/// </summary>
internal sealed class SharedOutputCacheStore(IDistributedCache shared, GatewayCacheOptions options, TimeProvider time) : IOutputCacheStore, IDisposable
{
    private const string EntryPrefix = "oc:";
    private const string TagPrefix = "ocgen:";
    private static readonly DistributedCacheEntryOptions TagLifetime = new() { SlidingExpiration = TimeSpan.FromDays(7) };

    private readonly MemoryCache _local = new(new MemoryCacheOptions { SizeLimit = options.LocalSizeLimitBytes });

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (!_local.TryGetValue(EntryPrefix + key, out Entry? entry))
        {
            var stored = await shared.GetAsync(EntryPrefix + key, cancellationToken).ConfigureAwait(false);
            if (stored is null || !Entry.TryRead(stored, out entry) || entry!.ExpiresAt <= time.GetUtcNow())
            {
                return null;
            }
            KeepLocally(EntryPrefix + key, entry, entry.Value.Length);
        }
        if (entry!.ExpiresAt <= time.GetUtcNow())
        {
            return null;
        }
        foreach (var (tag, generation) in entry.Tags)
        {
            if (!(await GenerationAsync(tag, cancellationToken).ConfigureAwait(false)).AsSpan().SequenceEqual(generation))
            {
                return null;
            }
        }
        return entry.Value;
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        var entryTags = new List<(string, byte[])>();
        foreach (var tag in tags ?? [])
        {
            entryTags.Add((tag, await GenerationAsync(tag, cancellationToken).ConfigureAwait(false)));
        }
        var entry = new Entry(time.GetUtcNow() + validFor, entryTags, value);
        await shared.SetAsync(EntryPrefix + key, entry.Write(), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = validFor }, cancellationToken)
            .ConfigureAwait(false);
        KeepLocally(EntryPrefix + key, entry, value.Length);
    }

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        var generation = RandomNumberGenerator.GetBytes(8);
        await shared.SetAsync(TagPrefix + tag, generation, TagLifetime, cancellationToken).ConfigureAwait(false);
        _local.Set(TagPrefix + tag, generation, new MemoryCacheEntryOptions { Size = 8, AbsoluteExpirationRelativeToNow = options.LocalLifetime });
    }

    /// <summary>The tag's current generation; a tag never evicted has the empty generation.</summary>
    private async ValueTask<byte[]> GenerationAsync(string tag, CancellationToken cancellationToken)
    {
        if (_local.TryGetValue(TagPrefix + tag, out byte[]? generation))
        {
            return generation!;
        }
        generation = await shared.GetAsync(TagPrefix + tag, cancellationToken).ConfigureAwait(false) ?? [];
        _local.Set(TagPrefix + tag, generation, new MemoryCacheEntryOptions { Size = 8, AbsoluteExpirationRelativeToNow = options.LocalLifetime });
        return generation;
    }

    private void KeepLocally(string key, Entry entry, int size)
    {
        var lifetime = entry.ExpiresAt - time.GetUtcNow();
        if (lifetime > options.LocalLifetime)
        {
            lifetime = options.LocalLifetime;
        }
        if (lifetime > TimeSpan.Zero)
        {
            _local.Set(key, entry, new MemoryCacheEntryOptions { Size = size + 64, AbsoluteExpirationRelativeToNow = lifetime });
        }
    }

    public void Dispose() => _local.Dispose();

    /// <summary>Stored form: expiry (unix ms), tag count, each tag (length-prefixed UTF-8) with its 0- or 8-byte generation, the value.</summary>
    internal sealed record Entry(DateTimeOffset ExpiresAt, IReadOnlyList<(string Tag, byte[] Generation)> Tags, byte[] Value)
    {
        public byte[] Write()
        {
            using var stream = new MemoryStream();
            using var writer = new BinaryWriter(stream, Encoding.UTF8);
            writer.Write(ExpiresAt.ToUnixTimeMilliseconds());
            writer.Write((byte)Tags.Count);
            foreach (var (tag, generation) in Tags)
            {
                writer.Write(tag);
                writer.Write((byte)generation.Length);
                writer.Write(generation);
            }
            writer.Write(Value);
            writer.Flush();
            return stream.ToArray();
        }

        public static bool TryRead(byte[] data, out Entry? entry)
        {
            entry = null;
            try
            {
                using var reader = new BinaryReader(new MemoryStream(data), Encoding.UTF8);
                var expires = DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64());
                var count = reader.ReadByte();
                var tags = new List<(string, byte[])>(count);
                for (var i = 0; i < count; i++)
                {
                    var tag = reader.ReadString();
                    tags.Add((tag, reader.ReadBytes(reader.ReadByte())));
                }
                var offset = (int)reader.BaseStream.Position;
                entry = new Entry(expires, tags, data[offset..]);
                return true;
            }
            catch (EndOfStreamException)
            {
                return false;
            }
        }
    }
}
