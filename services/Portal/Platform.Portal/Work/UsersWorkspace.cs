using Platform.Identity.V1;
using Platform.Portal.Gateway;

namespace Platform.Portal.Work;

/// <summary>
/// An administrator's users on the portal (用户管理): the users of their jurisdiction, one user, a new user, a change,
/// disabling and enabling — the identity service's Users contract through the gateway, which with the service decides
/// what this administrator may do. Nothing is decided here but what the form means: a unit typed by name is resolved,
/// and a unit's staff without a jurisdiction typed work where their unit is.
/// </summary>
internal sealed class UsersWorkspace(PortalApi api, UnitChoices units)
{
    /// <summary>Users listed on a page.</summary>
    public const int PageSize = 100;

    public async Task<UserList> ListAsync(string after) =>
        await api.Users.ListUsersAsync(new ListUsersRequest { PageSize = PageSize, PageToken = after }, await api.AsSignedInAsync());

    public async Task<User> GetAsync(string login) =>
        await api.Users.GetUserAsync(new GetUserRequest { LoginName = login }, await api.AsSignedInAsync());

    public async Task<User> CreateAsync(CreateUserRequest request) =>
        await api.Users.CreateUserAsync(request, await api.AsSignedInAsync());

    public async Task<User> UpdateAsync(UpdateUserRequest request) =>
        await api.Users.UpdateUserAsync(request, await api.AsSignedInAsync());

    public async Task<User> ResetPasswordAsync(string login, string password) =>
        await api.Users.ResetPasswordAsync(new ResetPasswordRequest { LoginName = login, InitialPassword = password }, await api.AsSignedInAsync());

    public async Task<User> SetEnabledAsync(string login, bool enabled) =>
        await api.Users.SetUserEnabledAsync(new SetUserEnabledRequest { LoginName = login, Enabled = enabled }, await api.AsSignedInAsync());

    /// <summary>
    /// The unit and jurisdiction a form means: for a unit's staff the unit typed (a name or a suggestion, resolved — or why
    /// it could not be, said at the box) and, when no jurisdiction was typed, the unit's region; for other roles what was
    /// typed, left to the service (which says a reviewer has no unit).
    /// </summary>
    public async Task<(string UnitId, string Jurisdiction, string? UnitProblem)> WhereAsync(string role, string unit, string jurisdiction)
    {
        if (!PortalText.IsUnitRole(role) || unit.Length == 0)
        {
            // A suggestion's code, so a reviewer given a unit hears "不属于某个单位", not that "名称（code）" is no code.
            return (UnitChoices.SuggestedId(unit) ?? unit, jurisdiction, null);
        }
        var choice = await UnitAsync(unit);
        if (choice.Problem is { } problem)
        {
            return ("", jurisdiction, problem);
        }
        return (choice.UnitId!, jurisdiction.Length > 0 ? jurisdiction : await RegionOfAsync(choice.UnitId!) ?? "", null);
    }

    /// <summary>
    /// Where a unit's staff work, when the form left it blank: the unit's region this year (the service requires exactly
    /// that, and an administrator choosing a unit by name should not have to look its code up). Null when the registry
    /// cannot say: the service then names the blank field.
    /// </summary>
    private async Task<string?> RegionOfAsync(string unitId)
    {
        try
        {
            var unit = await api.Registry.GetUnitAsync(new Platform.Registry.V1.GetUnitRequest { UnitId = unitId, AsOfYear = PortalText.Today().Year },
                await api.AsSignedInAsync());
            return unit.RegionCode.Length > 0 ? unit.RegionCode : null;
        }
        catch (global::Grpc.Core.RpcException)
        {
            return null;
        }
    }

    /// <summary>The units an administrator may give staff to, offered by name: the active units of the jurisdiction this year.</summary>
    public Task<IReadOnlyList<(string Id, string Name)>> UnitsAsync() => units.ActiveAsync(PortalText.Today().Year);

    /// <summary>The unit typed in a user's form, resolved (a name, a suggestion or a code).</summary>
    private Task<UnitChoice> UnitAsync(string typed) => units.ResolveAsync(typed, PortalText.Today().Year);
}
