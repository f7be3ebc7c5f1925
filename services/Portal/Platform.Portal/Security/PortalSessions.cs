using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;

namespace Platform.Portal.Security;

/// <summary>
/// The portal's sessions kept on the server (the cookie handler's <see cref="ITicketStore"/>): the browser's cookie holds a
/// random key and nothing else, the session (claims and the person's tokens) lives in the shared cache, and signing out
/// removes it — a copy of the cookie taken before is then worth nothing. A self-contained cookie could not be ended: it
/// stayed valid to its expiry however often its owner signed out.
/// ASP.NET Core ships the interface but no store over IDistributedCache; this is that adapter. The session is encrypted
/// with Data Protection before it leaves the process (it holds a refresh token), and expires with the cookie.
/// </summary>
internal sealed class PortalSessions(IDistributedCache cache, IDataProtectionProvider protection, TimeProvider time) : ITicketStore
{
    private const string KeyPrefix = "portal-session:";

    private readonly IDataProtector _protector = protection.CreateProtector("Platform.Portal.Sessions.v1");

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await RenewAsync(key, ticket);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        var expires = ticket.Properties.ExpiresUtc ?? time.GetUtcNow().AddHours(8);
        return cache.SetAsync(KeyPrefix + key, _protector.Protect(TicketSerializer.Default.Serialize(ticket)),
            new DistributedCacheEntryOptions { AbsoluteExpiration = expires });
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        if (await cache.GetAsync(KeyPrefix + key) is not { } stored)
        {
            return null;
        }
        try
        {
            return TicketSerializer.Default.Deserialize(_protector.Unprotect(stored));
        }
        catch (CryptographicException)
        {
            // A session written under keys this process no longer has: no session (the person signs in again).
            return null;
        }
    }

    public Task RemoveAsync(string key) => cache.RemoveAsync(KeyPrefix + key);
}
