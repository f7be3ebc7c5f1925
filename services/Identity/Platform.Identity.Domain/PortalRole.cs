using Platform.Domain;

namespace Platform.Identity.Domain;

/// <summary>
/// What a person signs in as. A clerk and a unit head belong to one unit; a reviewer belongs to the finance office of a
/// county, prefecture or city (their jurisdiction is that region); an administrator manages the platform within theirs.
/// </summary>
public enum PortalRole
{
    Clerk,
    UnitHead,
    Reviewer,
    Administrator,
}

public static class PortalRoles
{
    /// <summary>The role claim a token carries for the role (the gateway's names: clerk, unit-head, reviewer, admin).</summary>
    public static string Claim(PortalRole role) => role switch
    {
        PortalRole.Clerk => PlatformRoles.Clerk,
        PortalRole.UnitHead => PlatformRoles.UnitHead,
        PortalRole.Reviewer => PlatformRoles.Reviewer,
        PortalRole.Administrator => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>The role for its stored or typed name (case-insensitive: Clerk, clerk, unit-head, UnitHead…), or null.</summary>
    public static PortalRole? Parse(string? text) =>
        Enum.GetValues<PortalRole>().Cast<PortalRole?>().FirstOrDefault(r =>
            string.Equals(r.ToString(), text, StringComparison.OrdinalIgnoreCase) || string.Equals(Claim(r!.Value), text, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the role works for one unit (its token is narrowed to that unit).</summary>
    public static bool IsUnitStaff(PortalRole role) => role is PortalRole.Clerk or PortalRole.UnitHead;

    /// <summary>The role's name for a reader.</summary>
    public static string DisplayName(PortalRole role) => role switch
    {
        PortalRole.Clerk => "填报员",
        PortalRole.UnitHead => "单位负责人",
        PortalRole.Reviewer => "财政审核人员",
        _ => "系统管理员",
    };
}
