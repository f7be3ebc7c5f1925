using Platform.Domain;

namespace Platform.Identity.Domain;

/// <summary>
/// Who may manage whom: the identity service's administrators, over users whose jurisdiction lies within their own
/// (GB/T 2260 prefixes: a prefecture's administrator manages the prefecture and its counties, never the region above or
/// a neighbour). A change that moves a user must be allowed at both ends.
/// </summary>
public static class UserAdministration
{
    /// <summary>The platform role of an administrator of users (what the gateway makes of a token's "admin").</summary>
    public const string Role = "identity-admin";

    public static void RequireAdministrator(Actor actor)
    {
        if (!actor.IsInRole(Role))
        {
            throw new ForbiddenException(Messages.RoleRequired([PortalRoles.DisplayName(PortalRole.Administrator)]));
        }
    }

    public static void RequireManager(Actor actor, string jurisdiction)
    {
        RequireAdministrator(actor);
        if (!Jurisdiction.Covers(actor.RegionCode, jurisdiction))
        {
            throw new ForbiddenException(Messages.OutsideJurisdiction(IdentityMessages.UsersOfRegion(jurisdiction)));
        }
    }

    /// <summary>
    /// An administrator is made, changed or disabled only by one above them (a strictly wider jurisdiction): a region's
    /// administrators cannot multiply themselves, and nobody manages their own account here.
    /// </summary>
    public static void RequireManagerOf(Actor actor, string targetLogin, PortalRole currentRole, string currentJurisdiction)
    {
        RequireManager(actor, currentJurisdiction);
        if (string.Equals(actor.Subject, targetLogin, StringComparison.Ordinal))
        {
            throw new ForbiddenException(IdentityMessages.NotOwnAccount);
        }
        RequireAbove(actor, currentRole, currentJurisdiction);
    }

    /// <summary>For an administrator (as they are, or as they are to be): the caller's jurisdiction strictly above theirs.</summary>
    public static void RequireAbove(Actor actor, PortalRole role, string jurisdiction)
    {
        if (role == PortalRole.Administrator && (actor.RegionCode == jurisdiction || !Jurisdiction.Covers(actor.RegionCode, jurisdiction)))
        {
            throw new ForbiddenException(IdentityMessages.AdministratorsFromAbove);
        }
    }

    /// <summary>
    /// A unit's staff work where their unit is: the user's jurisdiction is the unit's region (the registry
    /// says where the unit is; a unit that is not active cannot be given new staff).
    /// </summary>
    public static void RequireUnitWithin(UserProfile profile, string unitRegion, string unitStatus)
    {
        if (unitStatus != "ACTIVE")
        {
            throw new ValidationException("unit_id", IdentityMessages.UnitNotActive(profile.UnitId!, unitStatus), "INACTIVE_UNIT");
        }
        // Exactly the unit's region: a wider jurisdiction would carry a clerk's token to every unit under it.
        if (!string.Equals(profile.Jurisdiction, unitRegion, StringComparison.Ordinal))
        {
            throw new ValidationException("unit_id", IdentityMessages.UnitOutsideJurisdiction(profile.UnitId!, unitRegion, profile.Jurisdiction), "REGION_MISMATCH");
        }
    }
}
