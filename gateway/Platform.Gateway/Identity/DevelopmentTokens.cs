using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Platform.Gateway.Identity;

/// <summary>
/// Signs HS256 bearer tokens with the gateway's own key for development and tests (`platform token`). Production
/// tokens come from the region's identity provider, configured by issuer, audience and key.
/// </summary>
public static class DevelopmentTokens
{
    public static string Issue(byte[] signingKey, string subject, IEnumerable<string> roles, string? jurisdiction, string? unit,
        DateTimeOffset now, TimeSpan lifetime, string issuer = GatewayJwtOptions.DefaultIssuer, string audience = GatewayJwtOptions.DefaultAudience)
    {
        var claims = new Dictionary<string, object> { [GatewayClaims.Subject] = subject, [GatewayClaims.Role] = roles.ToArray() };
        if (!string.IsNullOrEmpty(jurisdiction))
        {
            claims[GatewayClaims.Jurisdiction] = jurisdiction;
        }
        if (!string.IsNullOrEmpty(unit))
        {
            claims[GatewayClaims.Unit] = unit;
        }
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(signingKey) { KeyId = "hs256" }, SecurityAlgorithms.HmacSha256),
        });
    }
}
