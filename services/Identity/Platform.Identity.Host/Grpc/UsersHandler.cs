using Grpc.Core;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Platform.Domain;
using Platform.Grpc;
using Platform.Identity.Domain;
using Platform.Identity.Host.Persistence;
using Platform.Identity.V1;
using Platform.Registry.Client;

namespace Platform.Identity.Host.Grpc;

/// <summary>
/// platform.identity.v1.Users: administrators manage the users of their jurisdiction (declared in identity.proto;
/// <see cref="UserAdministration"/> decides). Authorize first — before any lookup says whether a login name exists to
/// someone who may not manage it — then check the profile, where unit staff's unit is (the registry), and store.
/// </summary>
internal sealed class UsersHandler(UserManager<PlatformUser> users, IUnitLookup units, IdentityDb db, TimeProvider time,
    Microsoft.Extensions.Options.IOptions<IdentityServiceOptions> options, Oidc.SessionRevocation revocation) : Users.UsersBase
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 500;

    public override async Task<User> CreateUser(CreateUserRequest request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        // An administrator first; then the form, every field at once (a blank jurisdiction is a field to fill in, not a
        // region beyond the caller: "行政区划 “” 的用户" said nothing a person could act on); then the jurisdiction's authority.
        UserAdministration.RequireAdministrator(actor);
        // The password is judged with the profile, so a form hears of both in one round (never echoing the password).
        var problems = PasswordPolicy.Problems(request.InitialPassword, request.LoginName.Trim(), options.Value.MinimumPasswordLength);
        var weak = problems.Count > 0 ? new FieldError("initial_password", IdentityMessages.PasswordNotAccepted(problems), "WEAK_PASSWORD") : null;
        UserProfile profile;
        try
        {
            profile = UserProfile.Create(request.LoginName, request.DisplayName, request.Role, request.Jurisdiction, request.UnitId);
        }
        catch (ValidationException invalid) when (weak is not null)
        {
            throw new ValidationException([.. invalid.Errors, weak]);
        }
        UserAdministration.RequireManager(actor, profile.Jurisdiction);
        UserAdministration.RequireAbove(actor, profile.Role, profile.Jurisdiction);
        await RequireUnitAsync(profile, context.CancellationToken);
        if (weak is not null)
        {
            throw new ValidationException([weak]);
        }
        if (await users.FindByNameAsync(profile.LoginName) is not null)
        {
            throw new ConflictException(IdentityMessages.LoginNameTaken(profile.LoginName));
        }
        var user = PlatformUser.Of(profile);
        Check(await users.CreateAsync(user, request.InitialPassword));
        return await ToProtoAsync(user);
    }

    public override async Task<User> UpdateUser(UpdateUserRequest request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        // Who may, before anything is looked up: an administrator, over the new jurisdiction when one is given (one that
        // is not a division code at all is the form's problem, named at its field below).
        if (UserProfile.IsDivisionCode(request.Jurisdiction))
        {
            UserAdministration.RequireManager(actor, request.Jurisdiction);
        }
        else
        {
            UserAdministration.RequireAdministrator(actor);
        }
        var user = await FindManagedAsync(actor, request.LoginName);
        var profile = UserProfile.Update(user.UserName!, user.DisplayName, user.Role, user.Jurisdiction, user.UnitId,
            request.DisplayName, request.Role, request.Jurisdiction, request.UnitId);
        UserAdministration.RequireManager(actor, profile.Jurisdiction);
        UserAdministration.RequireAbove(actor, profile.Role, profile.Jurisdiction);
        if (profile.UnitId != user.UnitId || profile.Jurisdiction != user.Jurisdiction || profile.Role.ToString() != user.Role)
        {
            // The unit is checked when the change touches where the user works: renaming a clerk whose unit has since
            // been merged was refused on a unit_id the request never sent.
            await RequireUnitAsync(profile, context.CancellationToken);
        }
        user.Change(profile);
        Check(await users.UpdateAsync(user));
        // Sessions of the old role end at their next authorization request; its refresh tokens end now.
        Check(await users.UpdateSecurityStampAsync(user));
        await revocation.RevokeAsync(user.Id, context.CancellationToken);
        return await ToProtoAsync(user);
    }

    public override async Task<User> SetUserEnabled(SetUserEnabledRequest request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        UserAdministration.RequireAdministrator(actor);
        var user = await FindManagedAsync(actor, request.LoginName);
        if (user.Enabled != request.Enabled)
        {
            user.SetEnabled(request.Enabled);
            Check(await users.UpdateAsync(user));
            Check(await users.UpdateSecurityStampAsync(user));
            if (!request.Enabled)
            {
                await revocation.RevokeAsync(user.Id, context.CancellationToken);
            }
        }
        return await ToProtoAsync(user);
    }

    public override async Task<User> GetUser(GetUserRequest request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        UserAdministration.RequireAdministrator(actor);
        var user = request.LoginName.Length > 0 ? await users.FindByNameAsync(request.LoginName) : null;
        // What ListUsers lists, one at a time: a user beyond the caller's jurisdiction is not found, like a name never
        // given (a 403 would tell an administrator which login names exist elsewhere).
        if (user is null || !Jurisdiction.Covers(actor.RegionCode, user.Jurisdiction))
        {
            throw new NotFoundException("user", request.LoginName);
        }
        return await ToProtoAsync(user);
    }

    public override async Task<UserList> ListUsers(ListUsersRequest request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        var region = request.RegionCode is { Length: > 0 } code ? code : actor.RegionCode ?? "";
        UserAdministration.RequireManager(actor, region);
        var size = request.PageSize is > 0 and <= MaxPageSize ? request.PageSize : request.PageSize > MaxPageSize ? MaxPageSize : DefaultPageSize;
        var prefix = Jurisdiction.SignificantPrefix(region);
        var after = request.PageToken;
        var page = await db.Users.AsNoTracking()
            .Where(u => u.Jurisdiction.StartsWith(prefix) && string.Compare(u.Id, after) > 0)
            .OrderBy(u => u.Id).Take(size + 1).ToListAsync(context.CancellationToken);
        var list = new UserList();
        foreach (var user in page.Take(size).Where(u => Jurisdiction.Covers(region, u.Jurisdiction)))
        {
            list.Users.Add(await ToProtoAsync(user));
        }
        if (page.Count > size)
        {
            list.NextPageToken = page[size - 1].Id;
        }
        return list;
    }

    /// <summary>
    /// The user by login name, when the caller manages them: one beyond the caller's jurisdiction is NOT_FOUND like a name
    /// never given (as <see cref="GetUser"/> and the listing see it); one within it the caller may not change (their own
    /// account, a peer administrator) is PERMISSION_DENIED with the reason.
    /// </summary>
    private async Task<PlatformUser> FindManagedAsync(Actor actor, string loginName)
    {
        var user = loginName.Length > 0 ? await users.FindByNameAsync(loginName) : null;
        if (user is null || !Jurisdiction.Covers(actor.RegionCode, user.Jurisdiction))
        {
            throw new NotFoundException("user", loginName);
        }
        UserAdministration.RequireManagerOf(actor, user.Id, user.PortalRole, user.Jurisdiction);
        return user;
    }

    /// <summary>
    /// A unit's staff work where their unit is this year — or, for a unit registered only from a later year (a new
    /// bureau set up for next year), where its latest version is: its clerk is given an account before its first year,
    /// not after. A unit this year not active (merged, dissolved) is refused as it stands this year.
    /// </summary>
    private async Task RequireUnitAsync(UserProfile profile, CancellationToken token)
    {
        if (profile.UnitId is { } unitId)
        {
            var thisYear = time.GetUtcNow().Year;
            UnitSummary unit;
            try
            {
                unit = await units.GetAsync(unitId, thisYear, "unit_id", token);
            }
            catch (ValidationException)
            {
                // Known in no year after all: asked again, so the refusal is this year's, in the registry's words.
                unit = await LaterUnitAsync(unitId, token) ?? await units.GetAsync(unitId, thisYear, "unit_id", token);
            }
            UserAdministration.RequireUnitWithin(profile, unit.RegionCode, unit.IsActive);
        }
    }

    /// <summary>The unit as its latest version stands, when it is active there; null when the registry knows it in no year.</summary>
    private async Task<UnitSummary?> LaterUnitAsync(string unitId, CancellationToken token)
    {
        try
        {
            var latest = await units.GetAsync(unitId, RegistryYears.Latest, "unit_id", token);
            return latest.IsActive ? latest : null;
        }
        catch (ValidationException)
        {
            return null;
        }
    }

    private async Task<User> ToProtoAsync(PlatformUser user) => new()
    {
        LoginName = user.Id,
        DisplayName = user.DisplayName,
        Role = PortalRoles.Claim(user.PortalRole),
        Jurisdiction = user.Jurisdiction,
        UnitId = user.UnitId ?? "",
        Enabled = user.Enabled,
        LockedOut = await users.IsLockedOutAsync(user),
    };

    /// <summary>Identity's own failures are not the caller's input (every input was checked above): a conflict to retry.</summary>
    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.ConcurrencyFailure))
                ? new ConcurrencyConflictException(Messages.TryAgain)
                : new ConflictException(string.Join("；", result.Errors.Select(e => e.Code)));
        }
    }
}
