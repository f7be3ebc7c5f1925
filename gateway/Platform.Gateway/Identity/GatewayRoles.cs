using Platform.Domain;

namespace Platform.Gateway.Identity;

/// <summary>
/// The roles a person's token may carry and what each becomes inside the platform. Anything else is dropped
/// at the gateway, above all <see cref="PlatformRoles.Service"/>: only the platform's own services act as one.
/// </summary>
internal static class GatewayRoles
{
    /// <summary>A platform administrator: every service's own administrator role, within the token's jurisdiction.</summary>
    public const string Administrator = "admin";

    private static readonly string[] ServiceAdministrators =
        ["registry-admin", "accounts-admin", "performance-admin", "assets-admin", "publication-admin", "identity-admin"];

    private static readonly HashSet<string> PassedThrough = new(StringComparer.Ordinal)
    {
        PlatformRoles.Clerk, PlatformRoles.UnitHead, PlatformRoles.Reviewer,
        "registry-admin", "accounts-admin", "performance-admin", "assets-admin", "publication-admin", "identity-admin",
    };

    /// <summary>The platform roles of a token's role claims: known roles kept, "admin" expanded, the rest dropped.</summary>
    public static IReadOnlyList<string> ToPlatformRoles(IEnumerable<string> claimed)
    {
        var roles = new List<string>();
        foreach (var role in claimed)
        {
            if (role == Administrator)
            {
                roles.AddRange(ServiceAdministrators);
            }
            else if (PassedThrough.Contains(role))
            {
                roles.Add(role);
            }
        }
        return roles.Distinct(StringComparer.Ordinal).ToList();
    }
}
