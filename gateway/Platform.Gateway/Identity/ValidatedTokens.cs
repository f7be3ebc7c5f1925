using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;

namespace Platform.Gateway.Identity;

/// <summary>
/// Bearer tokens already validated, by their exact text, until they expire (at most <see cref="MaxReuse"/>): a portal sends
/// the same token with every call, and checking its signature once per token rather than once per call is what lets the
/// gateway keep up with a plain proxy. Only a token that passed every check is kept; a token is never kept past its "exp".
/// Bounded: the least recently added go first when <see cref="Capacity"/> tokens are held.
/// </summary>
internal sealed class ValidatedTokens(TimeProvider time) : IDisposable
{
    private const int Capacity = 100_000;
    private static readonly TimeSpan MaxReuse = TimeSpan.FromMinutes(5);

    private readonly MemoryCache _tokens = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public bool TryGet(string token, out ClaimsPrincipal principal)
    {
        if (_tokens.TryGetValue(token, out Entry? entry) && entry!.ExpiresAt > time.GetUtcNow())
        {
            principal = entry.Principal;
            return true;
        }
        principal = null!;
        return false;
    }

    public void Add(string token, ClaimsPrincipal principal)
    {
        if (!long.TryParse(principal.FindFirst("exp")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var exp))
        {
            return;
        }
        var now = time.GetUtcNow();
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(exp);
        if (expiresAt > now + MaxReuse)
        {
            expiresAt = now + MaxReuse;
        }
        if (expiresAt > now)
        {
            _tokens.Set(token, new Entry(principal, expiresAt), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = expiresAt - now });
        }
    }

    public void Dispose() => _tokens.Dispose();

    private sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset ExpiresAt);
}
