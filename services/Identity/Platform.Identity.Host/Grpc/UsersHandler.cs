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
        // An administrator first (as their account stands now); then the form, every field at once — the profile, the
        // first password, a login name already taken (a blank jurisdiction is a field to fill in, not a region beyond the
        // caller: "行政区划 “” 的用户" said nothing a person could act on); then the jurisdiction's authority and the unit.
        var actor = await CurrentAdministratorAsync(context);
        var errors = new List<FieldError>();
        var login = request.LoginName.Trim();
        if (InitialPasswordProblem(request.InitialPassword, login) is { } weak)
        {
            errors.Add(weak);
        }
        if (login.Length > 0 && UserProfile.LoginNameProblem(login) is null && await users.FindByNameAsync(login) is not null)
        {
            errors.Add(new FieldError("login_name", IdentityMessages.LoginNameTaken(login), "LOGIN_NAME_TAKEN"));
        }
        UserProfile? profile = null;
        try
        {
            profile = UserProfile.Create(request.LoginName, request.DisplayName, request.Role, request.Jurisdiction, request.UnitId);
        }
        catch (ValidationException invalid)
        {
            errors.InsertRange(0, invalid.Errors);
        }
        if (profile is not null)
        {
            // Authority before the registry is asked; what the registry says of the region and the unit joins the round.
            UserAdministration.RequireManager(actor, profile.Jurisdiction);
            UserAdministration.RequireAbove(actor, profile.Role, profile.Jurisdiction);
            await CollectAsync(errors, RequireRegionAsync(profile, context.CancellationToken));
            await CollectAsync(errors, RequireUnitAsync(profile, context.CancellationToken));
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        var user = PlatformUser.Of(profile!);
        Check(await users.CreateAsync(user, request.InitialPassword));
        return await ToProtoAsync(user);
    }

    public override async Task<User> UpdateUser(UpdateUserRequest request, ServerCallContext context)
    {
        var actor = await CurrentAdministratorAsync(context);
        // Who may, before anything is looked up: an administrator (above), over the new jurisdiction when one is given (one
        // that is not a division code at all is the form's problem, named at its field below).
        if (UserProfile.IsDivisionCode(request.Jurisdiction))
        {
            UserAdministration.RequireManager(actor, request.Jurisdiction);
        }
        var user = await FindManagedAsync(actor, request.LoginName);
        var profile = UserProfile.Update(user.UserName!, user.DisplayName, user.Role, user.Jurisdiction, user.UnitId,
            request.DisplayName, request.Role, request.Jurisdiction, request.UnitId);
        UserAdministration.RequireManager(actor, profile.Jurisdiction);
        UserAdministration.RequireAbove(actor, profile.Role, profile.Jurisdiction);
        if (profile.Jurisdiction != user.Jurisdiction)
        {
            await RequireRegionAsync(profile, context.CancellationToken);
        }
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
        var actor = await CurrentAdministratorAsync(context);
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

    public override async Task<User> ResetPassword(ResetPasswordRequest request, ServerCallContext context)
    {
        var actor = await CurrentAdministratorAsync(context);
        var user = await FindManagedAsync(actor, request.LoginName);
        if (InitialPasswordProblem(request.InitialPassword, user.UserName!) is { } weak)
        {
            throw new ValidationException([weak]);
        }
        // Identity's own reset (a token it issues and redeems at once) rather than remove-then-add: one update, so a
        // failure leaves the old password, never none.
        Check(await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), request.InitialPassword));
        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
        // Whoever was signed in as the user (perhaps not the user) is signed out: sessions end at their next authorization
        // request, refresh tokens now.
        await revocation.RevokeAsync(user.Id, context.CancellationToken);
        return await ToProtoAsync(user);
    }

    public override async Task<User> GetUser(GetUserRequest request, ServerCallContext context)
    {
        var actor = await CurrentAdministratorAsync(context);
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
        var actor = await CurrentAdministratorAsync(context);
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
    /// The caller as an administrator, as their account stands now: a token outlives a change of its user (an access token
    /// lives its minutes), and an administrator disabled or demoted kept creating users with the token they had. A caller
    /// who is not a user of this service (a development token, a platform service) is judged by its token alone.
    /// </summary>
    private async Task<Actor> CurrentAdministratorAsync(ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        UserAdministration.RequireAdministrator(actor);
        if (actor.Subject is { Length: > 0 } subject && await users.FindByNameAsync(subject) is { } account
            && (!account.Enabled || account.PortalRole != PortalRole.Administrator || account.Jurisdiction != actor.RegionCode))
        {
            throw new ForbiddenException(IdentityMessages.NoLongerAdministrator);
        }
        return actor;
    }

    /// <summary>Why a first password an administrator sets is not accepted, at its field — the reasons only, never the password.</summary>
    private FieldError? InitialPasswordProblem(string password, string loginName) =>
        PasswordPolicy.Problems(password, loginName, options.Value.MinimumPasswordLength, "初始密码") is { Count: > 0 } problems
            ? new FieldError("initial_password", IdentityMessages.PasswordNotAccepted(problems), password.Length == 0 ? "REQUIRED" : "WEAK_PASSWORD")
            : null;

    /// <summary>A check's field errors joined to the round's (anything else it throws stays thrown).</summary>
    private static async Task CollectAsync(List<FieldError> errors, Task check)
    {
        try
        {
            await check;
        }
        catch (ValidationException invalid)
        {
            errors.AddRange(invalid.Errors);
        }
    }

    /// <summary>A user's jurisdiction is a region the registry knows (659999 was accepted, and its user could open nothing).</summary>
    private async Task RequireRegionAsync(UserProfile profile, CancellationToken token)
    {
        if (await units.RegionNameAsync(profile.Jurisdiction, token) is null)
        {
            throw new ValidationException("jurisdiction", IdentityMessages.RegionNotRegistered(profile.Jurisdiction), "UNKNOWN_REGION");
        }
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
            UserAdministration.RequireUnitWithin(profile, unit.RegionCode, unit.Status);
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
