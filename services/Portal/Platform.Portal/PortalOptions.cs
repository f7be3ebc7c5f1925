using Microsoft.Extensions.Options;

namespace Platform.Portal;

/// <summary>Portal settings (section Portal, environment Portal__*), checked at start.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>
    /// The gateway's address for the portal's own calls (the services' contracts over gRPC-Web, the provider's discovery
    /// document and token endpoint). Empty: only a request that reached the portal on a loopback address is served (at that
    /// address); the portal never calls a host a request names.
    /// </summary>
    public string? GatewayAddress { get; set; }

    /// <summary>The OpenID Connect provider's issuer; empty: the gateway's address (the platform's identity service behind it).</summary>
    public string? Authority { get; set; }

    /// <summary>The provider's discovery document; empty: Authority's (or the gateway's) /.well-known/openid-configuration.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>The portal's client id at the provider (a public client: code + PKCE, no secret).</summary>
    public string ClientId { get; set; } = "portal";

    /// <summary>Accept a provider reached over plain HTTP (the embedded default on one machine; never across a network).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>
    /// Networks (CIDR) of the gateway when it is not on loopback (a container network): its X-Forwarded-Proto and -Host are
    /// believed from there, so the portal's sign-in callback names the address the browser used.
    /// </summary>
    public List<string> TrustedProxyNetworks { get; set; } = [];

    /// <summary>Hours a portal session lasts without use before signing in again.</summary>
    public int SessionHours { get; set; } = 8;
}

internal sealed class PortalOptionsValidator : IValidateOptions<PortalOptions>
{
    public ValidateOptionsResult Validate(string? name, PortalOptions options)
    {
        var failures = new List<string>();
        foreach (var (key, value) in new[] { ("GatewayAddress", options.GatewayAddress), ("Authority", options.Authority), ("MetadataAddress", options.MetadataAddress) })
        {
            if (value is { Length: > 0 } && (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            {
                failures.Add($"Portal__{key} must be an absolute http(s) URL.");
            }
        }
        if (options.Authority is { Length: > 0 } && string.IsNullOrEmpty(options.GatewayAddress))
        {
            failures.Add("Portal__GatewayAddress must be set with Portal__Authority: signed-in pages call the services through the gateway at that address.");
        }
        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add("Portal__ClientId must not be empty.");
        }
        foreach (var network in options.TrustedProxyNetworks)
        {
            if (!System.Net.IPNetwork.TryParse(network, out _))
            {
                failures.Add($"Portal__TrustedProxyNetworks: '{network}' is not a CIDR network (e.g. 172.16.0.0/12).");
            }
        }
        if (options.SessionHours is < 1 or > 24)
        {
            failures.Add("Portal__SessionHours must be between 1 and 24.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
