namespace Platform.Gateway.Identity;

/// <summary>The claims the gateway reads from a bearer token (RFC 7519 registered names where one exists).</summary>
internal static class GatewayClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    /// <summary>The administrative division code (GB/T 2260) the user's authority covers: 652300, 652301, 650000.</summary>
    public const string Jurisdiction = "jurisdiction";
    /// <summary>The unit a clerk or unit head belongs to.</summary>
    public const string Unit = "unit";
    /// <summary>The person's display name (OpenID Connect Core 1.0 §5.1 `name`), carried on for records only.</summary>
    public const string Name = "name";
}
