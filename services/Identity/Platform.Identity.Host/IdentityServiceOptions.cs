using Microsoft.Extensions.Options;
using Platform.Identity.Domain;

namespace Platform.Identity.Host;

/// <summary>
/// The identity service's settings (section Identity, environment Identity__*), validated at start-up. Keys are PEM text
/// (Identity__SigningKeyPem, Identity__EncryptionKeyPem) in production; the embedded default keeps generated ones in the
/// owner-only data directory. They never reach logs.
/// </summary>
internal sealed class IdentityServiceOptions
{
    public const string Section = "Identity";

    /// <summary>The issuer tokens name (what the gateway trusts), e.g. http://127.0.0.1:8080/; empty: the request's own address.</summary>
    public string? Issuer { get; set; }

    /// <summary>The audience access tokens are issued for: the gateway's (Gateway__Jwt__Audience).</summary>
    public string Audience { get; set; } = "platform-gateway";

    /// <summary>Where the portal is: its sign-in callback and sign-out landing are registered for the public client "portal".</summary>
    public List<string> PortalRedirectUris { get; set; } = [];

    public List<string> PortalPostLogoutRedirectUris { get; set; } = [];

    public string? SigningKeyPem { get; set; }

    public string? EncryptionKeyPem { get; set; }

    /// <summary>Accept sign-in over plain HTTP (loopback development, or TLS ended in front with X-Forwarded-Proto not set).</summary>
    public bool AllowHttp { get; set; }

    public int MinimumPasswordLength { get; set; } = PasswordPolicy.DefaultMinimumLength;

    /// <summary>Wrong passwords in a row before the account is locked, and for how long.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    public int AccessTokenMinutes { get; set; } = 30;

    public bool SeedDemo { get; set; }

    /// <summary>Redeemed, expired and revoked tokens are removed this many days after they were created, every so many hours.</summary>
    public int PruneAfterDays { get; set; } = 14;

    public int PruneIntervalHours { get; set; } = 6;

    /// <summary>
    /// Networks (CIDR) whose X-Forwarded-* headers are believed: the gateway's, when it is not on loopback (a container
    /// network, a cluster's pod range). Loopback is always trusted; nobody else may tell the service its own address.
    /// </summary>
    public List<string> TrustedProxyNetworks { get; set; } = [];
}

internal sealed class IdentityServiceOptionsValidator : IValidateOptions<IdentityServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, IdentityServiceOptions options)
    {
        var failures = new List<string>();
        if (options.Issuer is { Length: > 0 } issuer && !Uri.TryCreate(issuer, UriKind.Absolute, out _))
        {
            failures.Add("Identity__Issuer must be an absolute URL.");
        }
        foreach (var uri in options.PortalRedirectUris.Concat(options.PortalPostLogoutRedirectUris))
        {
            if (!Uri.TryCreate(uri, UriKind.Absolute, out _))
            {
                failures.Add($"Identity__PortalRedirectUris / PortalPostLogoutRedirectUris: '{uri}' is not an absolute URL.");
            }
        }
        if (options.MinimumPasswordLength is < 8 or > 128)
        {
            failures.Add("Identity__MinimumPasswordLength must be between 8 and 128.");
        }
        if (options.MaxFailedAttempts is < 1 or > 100 || options.LockoutMinutes is < 1 or > 1440)
        {
            failures.Add("Identity__MaxFailedAttempts (1–100) and Identity__LockoutMinutes (1–1440) must be in range.");
        }
        foreach (var network in options.TrustedProxyNetworks)
        {
            if (!System.Net.IPNetwork.TryParse(network, out _))
            {
                failures.Add($"Identity__TrustedProxyNetworks: '{network}' is not a CIDR network (e.g. 172.16.0.0/12).");
            }
        }
        if (options.PruneAfterDays is < 1 or > 3650 || options.PruneIntervalHours is < 1 or > 168)
        {
            failures.Add("Identity__PruneAfterDays (1–3650) and Identity__PruneIntervalHours (1–168) must be in range.");
        }
        if (options.AccessTokenMinutes is < 1 or > 1440)
        {
            failures.Add("Identity__AccessTokenMinutes must be between 1 and 1440.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
