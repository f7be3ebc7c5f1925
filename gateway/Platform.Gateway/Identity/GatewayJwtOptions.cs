using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace Platform.Gateway.Identity;

/// <summary>
/// Which bearer tokens the gateway accepts (configuration section Gateway:Jwt, environment Gateway__Jwt__*):
/// issuer, audience and the keys, HS256 (SigningKey, base64, at least 32 bytes: RFC 7518 §3.2) and/or RS256
/// (RsaPublicKeyPem, a PEM public key). Keys never reach logs.
/// </summary>
internal sealed class GatewayJwtOptions
{
    public const string Section = "Gateway:Jwt";
    public const string DefaultIssuer = "platform";
    public const string DefaultAudience = "platform-gateway";

    public required string Issuer { get; init; }
    public required string Audience { get; init; }
    public required IReadOnlyList<SecurityKey> Keys { get; init; }
    public SymmetricSecurityKey? SigningKey { get; init; }
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(30);

    public static GatewayJwtOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var keys = new List<SecurityKey>();
        SymmetricSecurityKey? symmetric = null;
        if (section["SigningKey"] is { Length: > 0 } text)
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException("Gateway__Jwt__SigningKey must be base64.");
            }
            if (bytes.Length < 32)
            {
                throw new InvalidOperationException("Gateway__Jwt__SigningKey must be at least 32 bytes (HS256, RFC 7518 §3.2).");
            }
            symmetric = new SymmetricSecurityKey(bytes) { KeyId = "hs256" };
            keys.Add(symmetric);
        }
        if (section["RsaPublicKeyPem"] is { Length: > 0 } pem)
        {
            var rsa = RSA.Create();
            try
            {
                rsa.ImportFromPem(pem);
            }
            catch (ArgumentException)
            {
                throw new InvalidOperationException("Gateway__Jwt__RsaPublicKeyPem is not a PEM-encoded RSA public key.");
            }
            keys.Add(new RsaSecurityKey(rsa) { KeyId = "rs256" });
        }
        if (keys.Count == 0)
        {
            throw new InvalidOperationException("The gateway needs a token key: Gateway__Jwt__SigningKey (HS256, base64) or Gateway__Jwt__RsaPublicKeyPem (RS256).");
        }
        return new GatewayJwtOptions
        {
            Issuer = section["Issuer"] ?? DefaultIssuer,
            Audience = section["Audience"] ?? DefaultAudience,
            Keys = keys,
            SigningKey = symmetric,
            ClockSkew = TimeSpan.FromSeconds(section.GetValue("ClockSkewSeconds", 30)),
        };
    }
}
