using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Platform.Gateway.Identity;

/// <summary>
/// Which bearer tokens the gateway accepts (configuration section Gateway:Jwt, environment Gateway__Jwt__*):
/// issuer, audience and the keys, HS256 (SigningKey, base64, at least 32 bytes: RFC 7518 §3.2) and/or RS256
/// (RsaPublicKeyPem, a PEM public key), and/or an OpenID Connect provider's discovery document (MetadataAddress: the
/// platform's identity service, or a province's unified sign-in instead — configuration alone): its issuer and its
/// published keys (JWKS, refreshed as the provider rotates them) are trusted beside the configured ones. Validated at
/// start-up (<see cref="GatewayJwtOptionsValidator"/>). Keys never reach logs.
/// </summary>
internal sealed class GatewayJwtOptions
{
    public const string Section = "Gateway:Jwt";
    public const string DefaultIssuer = "platform";
    public const string DefaultAudience = "platform-gateway";

    public string Issuer { get; set; } = DefaultIssuer;

    public string Audience { get; set; } = DefaultAudience;

    public string? SigningKey { get; set; }

    public string? RsaPublicKeyPem { get; set; }

    /// <summary>An OpenID Connect provider's discovery document, e.g. http://identity:5081/.well-known/openid-configuration.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>Fetch the discovery document over plain HTTP (a provider on loopback or inside the cluster's network).</summary>
    public bool AllowHttpMetadata { get; set; }

    public int ClockSkewSeconds { get; set; } = 30;

    public TimeSpan ClockSkew => TimeSpan.FromSeconds(ClockSkewSeconds);

    /// <summary>The keys tokens may be signed with (the options are valid: see the validator).</summary>
    public IReadOnlyList<SecurityKey> Keys()
    {
        var keys = new List<SecurityKey>();
        if (SigningKey is { Length: > 0 } text)
        {
            keys.Add(new SymmetricSecurityKey(Convert.FromBase64String(text)) { KeyId = "hs256" });
        }
        if (RsaPublicKeyPem is { Length: > 0 } pem)
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            keys.Add(new RsaSecurityKey(rsa) { KeyId = "rs256" });
        }
        return keys;
    }
}

/// <summary>Every bad setting of <see cref="GatewayJwtOptions"/>, named as the environment variable that sets it.</summary>
internal sealed class GatewayJwtOptionsValidator : IValidateOptions<GatewayJwtOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayJwtOptions options)
    {
        var failures = new List<string>();
        if (options.SigningKey is { Length: > 0 } text)
        {
            var bytes = new byte[text.Length];
            if (!Convert.TryFromBase64String(text, bytes, out var length))
            {
                failures.Add("Gateway__Jwt__SigningKey must be base64.");
            }
            else if (length < 32)
            {
                failures.Add("Gateway__Jwt__SigningKey must be at least 32 bytes (HS256, RFC 7518 §3.2).");
            }
        }
        if (options.RsaPublicKeyPem is { Length: > 0 } pem)
        {
            using var rsa = RSA.Create();
            try
            {
                rsa.ImportFromPem(pem);
            }
            catch (Exception ex) when (ex is ArgumentException or CryptographicException)
            {
                failures.Add("Gateway__Jwt__RsaPublicKeyPem is not a PEM-encoded RSA public key.");
            }
        }
        if (options.MetadataAddress is { Length: > 0 } metadata
            && (!Uri.TryCreate(metadata, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps && !(options.AllowHttpMetadata && uri.Scheme == Uri.UriSchemeHttp)))
        {
            failures.Add("Gateway__Jwt__MetadataAddress must be an absolute https URL (http only with Gateway__Jwt__AllowHttpMetadata=true).");
        }
        if (string.IsNullOrEmpty(options.SigningKey) && string.IsNullOrEmpty(options.RsaPublicKeyPem) && string.IsNullOrEmpty(options.MetadataAddress))
        {
            failures.Add("The gateway needs a token key: Gateway__Jwt__SigningKey (HS256, base64), Gateway__Jwt__RsaPublicKeyPem (RS256) or Gateway__Jwt__MetadataAddress (an OpenID Connect provider).");
        }
        if (string.IsNullOrWhiteSpace(options.Issuer) || string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("Gateway__Jwt__Issuer and Gateway__Jwt__Audience must not be empty.");
        }
        if (options.ClockSkewSeconds is < 0 or > 600)
        {
            failures.Add($"Gateway__Jwt__ClockSkewSeconds {options.ClockSkewSeconds} is outside 0–600.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
