using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Platform.Identity.Host.Persistence;

namespace Platform.Identity.Host.Account;

/// <summary>
/// Sign-in attempts under a login name nobody has, answered as a real account's would be — so that neither the time of
/// the answer nor the lockout tells whether a name exists (OWASP Authentication Cheat Sheet, "Authentication and error
/// messages"): the password is checked against a hash of the same cost (a known name took 60–90 ms to refuse, an unknown
/// one 3–7 ms), and the name locks after the same number of failures for the same minutes (a known name answered 429
/// "账户已暂时锁定" after five, an unknown one never). The counts live in this process's memory for the lockout's length.
/// </summary>
internal sealed class UnknownSignIns(IPasswordHasher<PlatformUser> hasher, IMemoryCache memory, IOptions<IdentityServiceOptions> options, TimeProvider time)
{
    private sealed class Attempts
    {
        public int Failed;
        public DateTimeOffset? LockedUntil;
    }

    /// <summary>No user: Identity's hasher reads only the password (the user parameter is for custom hashers).</summary>
    private static readonly PlatformUser Nobody = null!;

    /// <summary>A hash made once with the service's own hasher (its algorithm and iteration count), of a password nobody knows.</summary>
    private readonly Lazy<string> _hash = new(() => hasher.HashPassword(Nobody, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))));

    /// <summary>Until when the name is locked (null: a wrong password like any other), after counting this attempt.</summary>
    public DateTimeOffset? Fail(string login, string password)
    {
        var now = time.GetUtcNow();
        var key = "unknown-sign-in:" + login.ToUpperInvariant();
        var attempts = memory.GetOrCreate(key, entry =>
        {
            entry.SlidingExpiration = TimeSpan.FromMinutes(options.Value.LockoutMinutes);
            return new Attempts();
        })!;
        lock (attempts)
        {
            if (attempts.LockedUntil is { } until && until > now)
            {
                // A locked account is refused before its password is checked, as Identity does.
                return until;
            }
        }
        _ = hasher.VerifyHashedPassword(Nobody, _hash.Value, password);
        lock (attempts)
        {
            attempts.LockedUntil = null;
            if (++attempts.Failed < options.Value.MaxFailedAttempts)
            {
                return null;
            }
            attempts.Failed = 0;
            attempts.LockedUntil = now.AddMinutes(options.Value.LockoutMinutes);
            return attempts.LockedUntil;
        }
    }
}
