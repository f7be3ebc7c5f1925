using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;

namespace Platform.Portal.Security;

/// <summary>
/// The portal's sessions kept on the server (the cookie handler's <see cref="ITicketStore"/>): the browser's cookie holds a
/// random key and nothing else, the session (claims and the person's tokens) lives in the store, and signing out removes
/// it — a copy of the cookie taken before is then worth nothing. A self-contained cookie could not be ended: it stayed
/// valid to its expiry however often its owner signed out.
/// ASP.NET Core ships the interface but no store over IDistributedCache; this is that adapter. The session is encrypted
/// with Data Protection before it leaves the process (it holds a refresh token), and expires with the cookie. An ended
/// session leaves a mark for as long as the session could have lived, so a request of the same session still under way
/// (renewing it as it finishes) cannot write it back.
/// </summary>
internal sealed class PortalSessions(IDistributedCache store, IDataProtectionProvider protection, TimeProvider time, TimeSpan lifetime) : ITicketStore
{
    private const string KeyPrefix = "portal-session:";
    private const string EndedPrefix = "portal-session-ended:";

    private readonly IDataProtector _protector = protection.CreateProtector("Platform.Portal.Sessions.v1");

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await WriteAsync(key, ticket);
        return key;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        if (await store.GetAsync(EndedPrefix + key) is not null)
        {
            return;
        }
        await WriteAsync(key, ticket);
    }

    private Task WriteAsync(string key, AuthenticationTicket ticket) =>
        store.SetAsync(KeyPrefix + key, _protector.Protect(TicketSerializer.Default.Serialize(ticket)),
            new DistributedCacheEntryOptions { AbsoluteExpiration = ticket.Properties.ExpiresUtc ?? time.GetUtcNow().Add(lifetime) });

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        if (await store.GetAsync(KeyPrefix + key) is not { } stored || await store.GetAsync(EndedPrefix + key) is not null)
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

    public async Task RemoveAsync(string key)
    {
        await store.SetAsync(EndedPrefix + key, [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime });
        await store.RemoveAsync(KeyPrefix + key);
    }
}
