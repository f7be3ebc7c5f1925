namespace Platform.Caching;

/// <summary>Cache:* — where Redis is and how patient the platform is with it.</summary>
public sealed class CacheOptions
{
    /// <summary>StackExchange.Redis configuration ("127.0.0.1:6379"); none means an in-memory cache (embedded default).</summary>
    public string? Redis { get; set; }

    /// <summary>Prefix of every key, so services can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "platform:";

    /// <summary>After Redis failed, how long to go straight to the source before trying Redis again.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Operation timeout: a slow cache must not be slower than the source.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the first connection may take, once, when the cache is created (on a loaded host it can exceed <see cref="Timeout"/>).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
