using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;

namespace Platform.Gateway.Caching;

/// <summary>
/// The gateway as a shared HTTP cache for public reads (RFC 9111): only anonymous GET and HEAD, keyed by path and the
/// whole query; a response is stored only when the service allows it (200, Cache-Control public with s-maxage or
/// max-age, no Set-Cookie) and for as long as it says, capped by <see cref="GatewayCacheOptions.MaxLifetime"/>.
/// The publication service decides freshness (a year for a versioned document, a minute for "latest"); the gateway
/// never makes a response fresher than its origin declared. Conditional requests (If-None-Match) are answered from the
/// stored ETag by the output-cache middleware.
/// </summary>
internal sealed class PublicReadPolicy(GatewayCacheOptions options) : IOutputCachePolicy
{
    public const string Tag = "public";

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var cacheable = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && !request.Headers.ContainsKey(HeaderNames.Authorization)
            && context.HttpContext.User.Identity?.IsAuthenticated != true;
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.CacheVaryByRules.QueryKeys = "*";
        context.Tags.Add(Tag);
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        var lifetime = response.StatusCode == StatusCodes.Status200OK && !response.Headers.ContainsKey(HeaderNames.SetCookie)
            ? FreshnessLifetime(response.Headers.CacheControl.ToString())
            : null;
        if (lifetime is not { } fresh || fresh <= TimeSpan.Zero)
        {
            context.AllowCacheStorage = false;
            return ValueTask.CompletedTask;
        }
        context.ResponseExpirationTimeSpan = fresh < options.MaxLifetime ? fresh : options.MaxLifetime;
        return ValueTask.CompletedTask;
    }

    /// <summary>RFC 9111 §4.2.1 for a shared cache: s-maxage, else max-age; nothing for private, no-store, no-cache or no "public".</summary>
    internal static TimeSpan? FreshnessLifetime(string cacheControl)
    {
        if (!CacheControlHeaderValue.TryParse(cacheControl, out var parsed) || parsed is null
            || parsed.Private || parsed.NoStore || parsed.NoCache || !parsed.Public)
        {
            return null;
        }
        return parsed.SharedMaxAge ?? parsed.MaxAge;
    }
}

/// <summary>Gateway:OutputCache:* — the longest the gateway keeps a public response, and its in-process copy.</summary>
internal sealed record GatewayCacheOptions(TimeSpan MaxLifetime, TimeSpan LocalLifetime, long LocalSizeLimitBytes)
{
    public static GatewayCacheOptions From(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var section = configuration.GetSection("Gateway:OutputCache");
        return new GatewayCacheOptions(
            TimeSpan.FromSeconds(Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue(section, "MaxSeconds", 3600d)),
            TimeSpan.FromSeconds(Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue(section, "LocalSeconds", 1d)),
            Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue(section, "LocalMegabytes", 64L) * 1024 * 1024);
    }
}
