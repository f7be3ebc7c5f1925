using Microsoft.AspNetCore.Identity;
using Platform.Identity.Domain;

namespace Platform.Identity.Host.Persistence;

/// <summary>
/// A person who signs in: ASP.NET Core Identity's user (login name, password hash, lockout, security stamp) with what
/// the platform needs to know of them — the name people read, their role, jurisdiction and unit (<see cref="UserProfile"/>).
/// The login name is also the token's subject: it is what audit trails show, and it never changes.
/// </summary>
internal sealed class PlatformUser : IdentityUser
{
    public string DisplayName { get; private set; } = "";
    public string Role { get; private set; } = "";
    public string Jurisdiction { get; private set; } = "";
    public string? UnitId { get; private set; }
    /// <summary>Disabled by an administrator: no sign-in, no token refresh (lockout is for wrong passwords, and ends).</summary>
    public bool Disabled { get; private set; }

    private PlatformUser() { }

    public static PlatformUser Of(UserProfile profile) => new()
    {
        Id = profile.LoginName,
        UserName = profile.LoginName,
        DisplayName = profile.DisplayName,
        Role = profile.Role.ToString(),
        Jurisdiction = profile.Jurisdiction,
        UnitId = profile.UnitId,
        LockoutEnabled = true,
    };

    public PortalRole PortalRole => Enum.Parse<PortalRole>(Role);

    public bool Enabled => !Disabled;

    public void Disable() => Disabled = true;

    public void SetEnabled(bool enabled) => Disabled = !enabled;

    /// <summary>A new name, role, jurisdiction or unit (the login name never changes: it is the token's subject).</summary>
    public void Change(UserProfile profile)
    {
        DisplayName = profile.DisplayName;
        Role = profile.Role.ToString();
        Jurisdiction = profile.Jurisdiction;
        UnitId = profile.UnitId;
    }
}
