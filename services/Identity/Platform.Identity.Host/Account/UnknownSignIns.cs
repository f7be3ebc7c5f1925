using System.Security.Cryptography;
using System.Text;
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
/// "账户已暂时锁定" after five, an unknown one never). A real account's count of failures stays until it signs in, so a
/// name's count stays here a day. Kept in this process's memory, by a hash of the name, in a cache of bounded size:
/// names sprayed by the thousand cannot fill the service's memory (the oldest are dropped first).
/// </summary>
internal sealed class UnknownSignIns(IPasswordHasher<PlatformUser> hasher, IOptions<IdentityServiceOptions> options, TimeProvider time) : IDisposable
{
    /// <summary>Names remembered at once; beyond it, compaction drops some (their counts start again).</summary>
    private const int MaxNames = 100_000;

    private static readonly TimeSpan CountKept = TimeSpan.FromDays(1);

    private sealed class Attempts
    {
        public int Failed;
        public DateTimeOffset? LockedUntil;
    }

    /// <summary>No user: Identity's hasher reads only the password (the user parameter is for custom hashers).</summary>
    private static readonly PlatformUser Nobody = null!;

    private readonly MemoryCache _names = new(new MemoryCacheOptions { SizeLimit = MaxNames, CompactionPercentage = 0.1 });

    /// <summary>A hash made once with the service's own hasher (its algorithm and iteration count), of a password nobody knows.</summary>
    private readonly Lazy<string> _hash = new(() => hasher.HashPassword(Nobody, Convert.ToHexString(RandomNumberGenerator.GetBytes(16))));

    /// <summary>Until when the name is locked (null: a wrong password like any other), after counting this attempt.</summary>
    public DateTimeOffset? Fail(string login, string password)
    {
        var now = time.GetUtcNow();
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(login.ToUpperInvariant())));
        var attempts = _names.GetOrCreate(key, entry =>
        {
            entry.Size = 1;
            entry.AbsoluteExpirationRelativeToNow = CountKept;
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
            // Another attempt may have locked the name while this one was hashing: that lock stands.
            if (attempts.LockedUntil is { } until && until > now)
            {
                return until;
            }
            attempts.LockedUntil = null;
            if (++attempts.Failed < options.Value.MaxFailedAttempts)
            {
                return null;
            }
            // As Identity does on locking: the count starts again.
            attempts.Failed = 0;
            attempts.LockedUntil = now.AddMinutes(options.Value.LockoutMinutes);
            return attempts.LockedUntil;
        }
    }

    public void Dispose() => _names.Dispose();
}
