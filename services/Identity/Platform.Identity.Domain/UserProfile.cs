using Platform.Domain;

namespace Platform.Identity.Domain;

/// <summary>
/// Who a user is on the platform: the login name they type, the name people read, their role, the region their authority
/// covers (a six-digit division code, GB/T 2260) and, for unit staff, their unit. Every field is checked at once; a bad
/// profile is refused whole with each field named.
/// </summary>
public sealed record UserProfile(string LoginName, string DisplayName, PortalRole Role, string Jurisdiction, string? UnitId)
{
    public const int MaxLoginName = 64;
    public const int MaxDisplayName = 100;

    public static UserProfile Create(string? loginName, string? displayName, string? role, string? jurisdiction, string? unitId)
    {
        var errors = new List<FieldError>();
        var login = (loginName ?? "").Trim();
        if (login.Length == 0)
        {
            errors.Add(new FieldError("login_name", Messages.Required, "REQUIRED"));
        }
        else if (LoginNameProblem(login) is { } problem)
        {
            errors.Add(new FieldError("login_name", problem, "INVALID_LOGIN_NAME"));
        }
        var name = (displayName ?? "").Trim();
        if (name.Length == 0)
        {
            errors.Add(new FieldError("display_name", Messages.Required, "REQUIRED"));
        }
        else if (name.Length > MaxDisplayName)
        {
            errors.Add(new FieldError("display_name", Messages.TooLong(name.Length, MaxDisplayName), "TOO_LONG"));
        }
        else if (name.Any(char.IsControl))
        {
            errors.Add(new FieldError("display_name", IdentityMessages.ControlCharacters, "CONTROL_CHARACTERS"));
        }
        var parsed = PortalRoles.Parse(role);
        if (string.IsNullOrWhiteSpace(role))
        {
            errors.Add(new FieldError("role", IdentityMessages.RoleRequired, "REQUIRED"));
        }
        else if (parsed is null)
        {
            errors.Add(new FieldError("role", IdentityMessages.UnknownRole(role), "UNKNOWN_ROLE"));
        }
        var region = (jurisdiction ?? "").Trim();
        if (region.Length == 0)
        {
            errors.Add(new FieldError("jurisdiction", Messages.Required, "REQUIRED"));
        }
        else if (!IsDivisionCode(region))
        {
            errors.Add(new FieldError("jurisdiction", IdentityMessages.NotADivisionCode(region), "INVALID_REGION"));
        }
        var unit = string.IsNullOrWhiteSpace(unitId) ? null : unitId.Trim();
        if (parsed is { } r && PortalRoles.IsUnitStaff(r) && unit is null)
        {
            errors.Add(new FieldError("unit_id", IdentityMessages.UnitRequired(r), "REQUIRED"));
        }
        else if (parsed is { } other && !PortalRoles.IsUnitStaff(other) && unit is not null)
        {
            errors.Add(new FieldError("unit_id", IdentityMessages.NoUnitForRole(other), "UNEXPECTED"));
        }
        else if (unit is not null && UnitIds.Problem(unit) is { } unitProblem)
        {
            errors.Add(new FieldError("unit_id", unitProblem, "INVALID_ID"));
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        return new UserProfile(login, name, parsed!.Value, region, unit);
    }

    /// <summary>
    /// A change of a user (PATCH): what is given replaces, what is left blank stays as it was — a display name alone was
    /// refused for the role, the region and the unit it did not repeat ("角色 “” 不存在"). The unit stays with a role of unit
    /// staff and goes with any other, unless one is given.
    /// </summary>
    public static UserProfile Update(
        string loginName, string currentDisplayName, string currentRole, string currentJurisdiction, string? currentUnitId,
        string? displayName, string? role, string? jurisdiction, string? unitId)
    {
        static string? Given(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
        var newRole = Given(role) ?? currentRole;
        var unit = Given(unitId) ?? (PortalRoles.Parse(newRole) is { } r && PortalRoles.IsUnitStaff(r) ? currentUnitId : null);
        return Create(loginName, Given(displayName) ?? currentDisplayName, newRole, Given(jurisdiction) ?? currentJurisdiction, unit);
    }

    /// <summary>Whether the text is a six-digit division code (GB/T 2260) in form; whether the region exists is the registry's.</summary>
    public static bool IsDivisionCode(string? text) => text is { Length: 6 } && text.All(char.IsAsciiDigit);

    /// <summary>
    /// A login name: 3–64 characters of lowercase ASCII letters, digits, '.', '-' and '_', starting with a letter or
    /// digit — typed on any keyboard, the same in every log and audit line.
    /// </summary>
    public static string? LoginNameProblem(string login)
    {
        // The characters first: "张三" is not a login name for what it is made of, not for being two characters long.
        if (!char.IsAsciiLetterLower(login[0]) && !char.IsAsciiDigit(login[0]) || login.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-' or '_')))
        {
            return IdentityMessages.LoginNameCharacters;
        }
        if (login.Length is < 3 or > MaxLoginName)
        {
            return IdentityMessages.LoginNameLength(login.Length, MaxLoginName);
        }
        return null;
    }
}
