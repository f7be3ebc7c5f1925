namespace Platform.Domain;

/// <summary>
/// Who acts: mapped by each host from the signed caller identity, so domain rules can check roles and jurisdiction.
/// <paramref name="Name"/> is the person's display name as their sign-in gave it (王芳), kept only to say who did what in
/// records; it never decides anything.
/// </summary>
public sealed record Actor(string Subject, IReadOnlyList<string> Roles, string? RegionCode, string? UnitId, string? Name = null)
{
    public bool IsInRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>A unit's own clerk or head, the token narrowed to that unit.</summary>
    public bool IsStaffOf(string unitId) => (IsInRole(PlatformRoles.Clerk) || IsInRole(PlatformRoles.UnitHead)) && UnitId == unitId;

    /// <summary>A finance-office reviewer (not narrowed to a unit) whose region covers <paramref name="regionCode"/>.</summary>
    /// <summary>Another platform service reading for its own work (the publication service gathering approved parts).</summary>
    public bool IsPlatformService => IsInRole(PlatformRoles.Service);

    public bool IsReviewerOver(string regionCode) => IsInRole(PlatformRoles.Reviewer) && UnitId is null && Jurisdiction.Covers(RegionCode, regionCode);
}

/// <summary>
/// The roles every service understands. Each service adds its own administrator role (accounts-admin,
/// registry-admin, performance-admin, …) so that administering one service does not grant another.
/// </summary>
public static class PlatformRoles
{
    /// <summary>Fills in the unit's forms (token narrowed to the unit).</summary>
    public const string Clerk = "clerk";
    /// <summary>Head of the unit: what a clerk can do.</summary>
    public const string UnitHead = "unit-head";
    /// <summary>Finance-office reviewer: reviews the units in the office's jurisdiction.</summary>
    public const string Reviewer = "reviewer";
    /// <summary>
    /// A platform service calling another on its own behalf (consumers, the publication service): reads across units.
    /// Never issued to a person; the gateway strips it from anything a client sends.
    /// </summary>
    public const string Service = "service";
}
