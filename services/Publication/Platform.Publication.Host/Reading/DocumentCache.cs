using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;

namespace Platform.Publication.Host.Reading;

/// <summary>A rendered document as served: its version, content, content type and strong ETag.</summary>
internal sealed record RenderedDocument(string DocumentId, int Version, string ContentType, string Content, string ETag)
{
    private byte[]? _utf8;

    /// <summary>The content as sent (encoded once per cached instance, not per request).</summary>
    [JsonIgnore]
    public byte[] Utf8 => _utf8 ??= Encoding.UTF8.GetBytes(Content);

    public static RenderedDocument Of(string documentId, int version, string contentType, string content) =>
        new(documentId, version, contentType, content, "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..32] + "\"");
}

/// <summary>
/// Rendered documents in two levels: this process's memory (bounded by size) in front of the shared cache (Redis in
/// production, memory in the embedded default). A published version never changes, so both levels keep it as long as
/// they have room. Only the pointer "latest version of a document" changes: it lives in the shared cache, dropped by
/// <see cref="Platform.Events.V1.DisclosurePublished"/>, and each process keeps it for a few seconds only — far inside
/// the 60 s a latest URL allows clients to cache it. A cache failure costs a database read, never an answer.
/// </summary>
internal sealed class DocumentCache(IDistributedCache shared, IConfiguration configuration) : IDisposable
{
    private static readonly DistributedCacheEntryOptions Version = new() { SlidingExpiration = TimeSpan.FromDays(7) };

    // The pointer is dropped by the event; the expiry only bounds how stale it can be if an event were lost.
    private static readonly DistributedCacheEntryOptions Latest = new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) };
    private static readonly TimeSpan LocalLatest = TimeSpan.FromSeconds(5);

    private readonly MemoryCache _local = new(new MemoryCacheOptions
    {
        // Publication__LocalCacheMegabytes: the rendered documents this process keeps (size = content bytes).
        SizeLimit = configuration.GetValue("Publication:LocalCacheMegabytes", 256) * 1024L * 1024L,
    });

    public async Task<RenderedDocument?> GetAsync(string documentId, int version, string format, CancellationToken token)
    {
        var key = VersionKey(documentId, version, format);
        if (_local.TryGetValue(key, out RenderedDocument? local))
        {
            return local;
        }
        if (await shared.GetAsync(key, token) is not { } bytes)
        {
            return null;
        }
        var document = JsonSerializer.Deserialize<RenderedDocument>(bytes)!;
        Keep(key, document);
        return document;
    }

    public async Task SetAsync(RenderedDocument document, string format, CancellationToken token)
    {
        var key = VersionKey(document.DocumentId, document.Version, format);
        Keep(key, document);
        await shared.SetAsync(key, JsonSerializer.SerializeToUtf8Bytes(document), Version, token);
    }

    public async Task<int?> GetLatestAsync(string documentId, CancellationToken token)
    {
        var key = LatestKey(documentId);
        if (_local.TryGetValue(key, out int local))
        {
            return local;
        }
        if (await shared.GetAsync(key, token) is not { Length: 4 } bytes)
        {
            return null;
        }
        var version = BitConverter.ToInt32(bytes);
        _local.Set(key, version, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = LocalLatest, Size = 1 });
        return version;
    }

    public async Task SetLatestAsync(string documentId, int version, CancellationToken token)
    {
        _local.Set(LatestKey(documentId), version, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = LocalLatest, Size = 1 });
        await shared.SetAsync(LatestKey(documentId), BitConverter.GetBytes(version), Latest, token);
    }

    public async Task InvalidateLatestAsync(string documentId, CancellationToken token)
    {
        _local.Remove(LatestKey(documentId));
        await shared.RemoveAsync(LatestKey(documentId), token);
    }

    private void Keep(string key, RenderedDocument document) =>
        _local.Set(key, document, new MemoryCacheEntryOptions { Size = document.Content.Length * 3L, SlidingExpiration = TimeSpan.FromHours(1) });

    private static string VersionKey(string documentId, int version, string format) => $"publication:doc:{documentId}:v{version}:{format}";

    private static string LatestKey(string documentId) => $"publication:latest:{documentId}";

    public void Dispose() => _local.Dispose();
}
