using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Caching.Distributed;

namespace Platform.Publication.Host.Reading;

/// <summary>A rendered document as served: its version, content, content type and strong ETag.</summary>
internal sealed record RenderedDocument(string DocumentId, int Version, string ContentType, string Content, string ETag)
{
    public static RenderedDocument Of(string documentId, int version, string contentType, string content) =>
        new(documentId, version, contentType, content, "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..32] + "\"");
}

/// <summary>
/// Rendered documents in the shared cache (Redis in production, memory in the embedded default). A published version
/// never changes, so its entry lives long; only the pointer "latest version of a document" changes, and
/// <see cref="Platform.Events.V1.DisclosurePublished"/> drops it. A cache failure costs a database read, never an answer.
/// </summary>
internal sealed class DocumentCache(IDistributedCache cache)
{
    private static readonly DistributedCacheEntryOptions Version = new() { SlidingExpiration = TimeSpan.FromDays(7) };

    // The pointer is dropped by the event; the expiry only bounds how stale it can be if an event were lost.
    private static readonly DistributedCacheEntryOptions Latest = new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) };

    public async Task<RenderedDocument?> GetAsync(string documentId, int version, string format, CancellationToken token) =>
        await cache.GetAsync(VersionKey(documentId, version, format), token) is { } bytes ? JsonSerializer.Deserialize<RenderedDocument>(bytes) : null;

    public Task SetAsync(RenderedDocument document, string format, CancellationToken token) =>
        cache.SetAsync(VersionKey(document.DocumentId, document.Version, format), JsonSerializer.SerializeToUtf8Bytes(document), Version, token);

    public async Task<int?> GetLatestAsync(string documentId, CancellationToken token) =>
        await cache.GetAsync(LatestKey(documentId), token) is { Length: 4 } bytes ? BitConverter.ToInt32(bytes) : null;

    public Task SetLatestAsync(string documentId, int version, CancellationToken token) =>
        cache.SetAsync(LatestKey(documentId), BitConverter.GetBytes(version), Latest, token);

    public Task InvalidateLatestAsync(string documentId, CancellationToken token) => cache.RemoveAsync(LatestKey(documentId), token);

    private static string VersionKey(string documentId, int version, string format) => $"publication:doc:{documentId}:v{version}:{format}";

    private static string LatestKey(string documentId) => $"publication:latest:{documentId}";
}
