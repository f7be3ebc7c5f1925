using System.Net;
using Grpc.Core;
using Platform.Grpc;
using Platform.Grpc.Security;
using Platform.Identity.V1;
using Platform.Testing;

namespace Platform.Identity.Tests;

/// <summary>
/// Administrators manage the users of their jurisdiction over gRPC (platform.identity.v1.Users), on real Kestrel and
/// PostgreSQL with the registry saying where units are: the user they create signs in; what they may not do is refused by
/// the service itself, with the field named in Chinese.
/// </summary>
public sealed class UsersTests(IdentityFixture identity) : IClassFixture<IdentityFixture>
{
    private static readonly CallerIdentity CityAdmin = new("admin-urumqi", ["identity-admin"], "650100");
    private static readonly CallerIdentity PrefectureAdmin = new("admin-changji", ["identity-admin"], "652300");
    private static readonly CallerIdentity Reviewer = new("reviewer-urumqi", ["reviewer"], "650100");

    private static readonly CallerIdentity RegistryAdmin = new("admin-registry", ["registry-admin"], "650000");

    private Users.UsersClient Client() => new(identity.Host.Channel());

    private Platform.Registry.V1.UnitRegistry.UnitRegistryClient Registry() => new(identity.Host.Channel());

    /// <summary>A unit of Urumqi (650100) registered from <paramref name="fromYear"/>, under a fresh id and credit code.</summary>
    private async Task<string> RegisterUnitAsync(string name, int fromYear)
    {
        var unitId = $"u-{Guid.NewGuid():N}"[..16];
        await Registry().RegisterUnitAsync(new Platform.Registry.V1.RegisterUnitRequest
        {
            Id = unitId, CreditCode = Platform.Registry.Domain.CreditCode.Complete($"11650100MB{Random.Shared.Next(10_000_000):0000000}").Value,
            Name = name, RegionCode = "650100", Nature = "行政单位", FromYear = fromYear,
        }, TestHost.As(RegistryAdmin));
        return unitId;
    }

    private static CreateUserRequest Clerk(string login, string unit = "urumqi-emergency", string jurisdiction = "650100") => new()
    {
        LoginName = login, DisplayName = "新填报员", Role = "clerk", Jurisdiction = jurisdiction, UnitId = unit, InitialPassword = "first-password-7",
    };

    [Fact]
    public async Task CreateUser_ByTheCitysAdministrator_TheNewClerkSignsInWithTheUnitInTheToken()
    {
        var login = $"clerk.{Guid.NewGuid():N}"[..20];

        var created = await Client().CreateUserAsync(Clerk(login), TestHost.As(CityAdmin));

        Assert.Equal((login, "clerk", "650100", "urumqi-emergency", true), (created.LoginName, created.Role, created.Jurisdiction, created.UnitId, created.Enabled));
        using var browser = identity.NewBrowser();
        var (status, tokens) = await browser.RedeemAsync(await browser.SignInForCodeAsync(login, "first-password-7"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("urumqi-emergency", OidcBrowser.Payload(tokens.GetProperty("access_token").GetString()!).GetProperty("unit").GetString());
        var listed = await Client().ListUsersAsync(new ListUsersRequest { RegionCode = "650100" }, TestHost.As(CityAdmin));
        Assert.Contains(listed.Users, u => u.LoginName == login);
        Assert.All(listed.Users, u => Assert.True(Platform.Domain.Jurisdiction.Covers("650100", u.Jurisdiction)));
    }

    [Fact]
    public async Task GetUser_WithinOrBeyondTheJurisdiction_TheUserOrNotFoundAlike()
    {
        var login = $"clerk.{Guid.NewGuid():N}"[..20];
        await Client().CreateUserAsync(Clerk(login), TestHost.As(CityAdmin));

        var read = await Client().GetUserAsync(new GetUserRequest { LoginName = login }, TestHost.As(CityAdmin));

        Assert.Equal((login, "新填报员", "clerk", "650100", "urumqi-emergency"), (read.LoginName, read.DisplayName, read.Role, read.Jurisdiction, read.UnitId));
        // Changji's administrator does not manage Urumqi's clerk: told exactly what a name never given is told.
        var beyond = await Assert.ThrowsAsync<RpcException>(() => Client().GetUserAsync(new GetUserRequest { LoginName = login }, TestHost.As(PrefectureAdmin)).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Client().GetUserAsync(new GetUserRequest { LoginName = "clerk.nobody-here" }, TestHost.As(PrefectureAdmin)).ResponseAsync);
        Assert.Equal((StatusCode.NotFound, StatusCode.NotFound), (beyond.StatusCode, unknown.StatusCode));
        Assert.Equal(unknown.Status.Detail.Replace("clerk.nobody-here", login), beyond.Status.Detail);
        var reviewer = await Assert.ThrowsAsync<RpcException>(() => Client().GetUserAsync(new GetUserRequest { LoginName = login }, TestHost.As(Reviewer)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, reviewer.StatusCode);
    }

    [Fact]
    public async Task CreateUser_OutsideTheJurisdictionOrNotAnAdministrator_PermissionDenied()
    {
        var outside = await Assert.ThrowsAsync<RpcException>(() => Client().CreateUserAsync(Clerk("clerk.elsewhere", "changji-emergency", "652300"), TestHost.As(CityAdmin)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, outside.StatusCode);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", outside.Status.Detail);
        var reviewer = await Assert.ThrowsAsync<RpcException>(() => Client().CreateUserAsync(Clerk("clerk.by-reviewer"), TestHost.As(Reviewer)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, reviewer.StatusCode);
        var listing = await Assert.ThrowsAsync<RpcException>(() => Client().ListUsersAsync(new ListUsersRequest { RegionCode = "650000" }, TestHost.As(CityAdmin)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, listing.StatusCode);
    }

    [Fact]
    public async Task CreateUser_UnitInAnotherRegionAndAWeakPassword_EachFieldNamed()
    {
        // The prefecture's administrator may manage 652300, but Urumqi's unit is not in it.
        var mismatch = await Assert.ThrowsAsync<RpcException>(() => Client().CreateUserAsync(Clerk("clerk.mismatch", "urumqi-emergency", "652300"), TestHost.As(PrefectureAdmin)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, mismatch.StatusCode);
        Assert.Equal(("unit_id", "REGION_MISMATCH"), mismatch.FieldViolations().Select(v => (v.Field, v.Reason)).Single());

        var weak = Clerk("clerk.weak");
        weak.InitialPassword = "short";
        var refused = await Assert.ThrowsAsync<RpcException>(() => Client().CreateUserAsync(weak, TestHost.As(CityAdmin)).ResponseAsync);
        var violation = refused.FieldViolations().Single();
        Assert.Equal("initial_password", violation.Field);
        Assert.Contains("初始密码至少 10 个字符", violation.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("short", refused.Status.Detail, StringComparison.Ordinal);  // never echo a password

        // Both at once: what the registry says of the unit joins the form's round (the password came a round later).
        var both = Clerk("clerk.both", "urumqi-emergency", "652300");
        both.InitialPassword = "short";
        var together = await Assert.ThrowsAsync<RpcException>(() => Client().CreateUserAsync(both, TestHost.As(PrefectureAdmin)).ResponseAsync);
        Assert.Equal(["initial_password", "unit_id"], together.FieldViolations().Select(v => v.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CreateUser_BlankJurisdictionLoginNameAndWeakPassword_EachFieldNamedInOneRound()
    {
        // A blank jurisdiction was "行政区划 “” 的用户 不在您的管辖范围" (403): the form's field to fill in, named with the rest.
        // The password is judged in the same round, and never said back.
        var blank = new CreateUserRequest { LoginName = "", DisplayName = "审核人员", Role = "reviewer", Jurisdiction = "", InitialPassword = "short" };

        var refused = await Assert.ThrowsAsync<RpcException>(() => Client().CreateUserAsync(blank, TestHost.As(CityAdmin)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Equal(["initial_password", "jurisdiction", "login_name"], refused.FieldViolations().Select(v => v.Field).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("short", refused.Status.Detail, StringComparison.Ordinal);
        // A reviewer is still refused as one, before any field is read.
        var byReviewer = await Assert.ThrowsAsync<RpcException>(() => Client().CreateUserAsync(blank, TestHost.As(Reviewer)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, byReviewer.StatusCode);
    }

    [Fact]
    public async Task CreateUser_UnitRegisteredFromNextYear_ItsClerkMadeWhereTheUnitWillBe()
    {
        // A bureau set up for next year: its clerk was refused ("单位名录中没有…") until the year began.
        var unitId = await RegisterUnitAsync("新设立的局", DateTime.UtcNow.Year + 1);

        var created = await Client().CreateUserAsync(Clerk($"clerk.{Guid.NewGuid():N}"[..20], unitId), TestHost.As(CityAdmin));

        Assert.Equal((unitId, "650100"), (created.UnitId, created.Jurisdiction));
        // Still where the unit will be: not the region above it.
        var regionAdmin = new CallerIdentity("admin-xj", ["identity-admin"], "650000");
        var wide = await Assert.ThrowsAsync<RpcException>(() => Client().CreateUserAsync(Clerk("clerk.wide-next", unitId, "650000"), TestHost.As(regionAdmin)).ResponseAsync);
        Assert.Equal(("unit_id", "REGION_MISMATCH"), wide.FieldViolations().Select(v => (v.Field, v.Reason)).Single());
        // A unit no year knows is still not found.
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Client().CreateUserAsync(Clerk("clerk.unknown-unit", "no-such-unit"), TestHost.As(CityAdmin)).ResponseAsync);
        Assert.Equal("unit_id", unknown.FieldViolations().Single().Field);
    }

    [Fact]
    public async Task UpdateUser_UnitDissolvedSince_RenamedButNotGivenANewRoleThere()
    {
        // A clerk whose unit was dissolved this year: a new display name touches nothing of where they work (it was refused
        // on a unit_id the request never sent); a new role there is checked against the unit as it stands, and refused.
        var year = DateTime.UtcNow.Year;
        var unitId = await RegisterUnitAsync("将撤销的中心", year - 1);
        var login = $"clerk.{Guid.NewGuid():N}"[..20];
        await Client().CreateUserAsync(Clerk(login, unitId), TestHost.As(CityAdmin));
        await Registry().ReorganizeAsync(new Platform.Registry.V1.ReorganizeRequest
        {
            EffectiveYear = year, Dissolve = new Platform.Registry.V1.ReorganizeRequest.Types.Dissolve { UnitId = unitId },
        }, TestHost.As(RegistryAdmin));

        var renamed = await Client().UpdateUserAsync(new UpdateUserRequest { LoginName = login, DisplayName = "改名的填报员" }, TestHost.As(CityAdmin));

        Assert.Equal(("改名的填报员", unitId), (renamed.DisplayName, renamed.UnitId));
        var promoted = await Assert.ThrowsAsync<RpcException>(() => Client().UpdateUserAsync(new UpdateUserRequest { LoginName = login, Role = "unit-head" }, TestHost.As(CityAdmin)).ResponseAsync);
        Assert.Equal(("unit_id", StatusCode.InvalidArgument), (promoted.FieldViolations().Single().Field, promoted.StatusCode));
        Assert.Equal("clerk", (await Client().GetUserAsync(new GetUserRequest { LoginName = login }, TestHost.As(CityAdmin))).Role);   // nothing saved
    }

    [Fact]
    public async Task CreateUser_ByAnAdministratorDisabledOrDemotedSince_RefusedThoughTheTokenStillSaysAdministrator()
    {
        // A token outlives a change of its user: the district administrator, demoted and then disabled, kept creating users.
        var login = $"admin.{Guid.NewGuid():N}"[..20];
        await Client().CreateUserAsync(new CreateUserRequest { LoginName = login, DisplayName = "区管理员", Role = "admin", Jurisdiction = "650104", InitialPassword = "first-password-7" }, TestHost.As(CityAdmin));
        var token = TestHost.As(new CallerIdentity(login, ["identity-admin"], "650104"));
        Assert.NotEmpty((await Client().ListUsersAsync(new ListUsersRequest(), token)).Users);

        await Client().UpdateUserAsync(new UpdateUserRequest { LoginName = login, Role = "reviewer" }, TestHost.As(CityAdmin));

        var demoted = await Assert.ThrowsAsync<RpcException>(() => Client().CreateUserAsync(new CreateUserRequest
        {
            LoginName = "ghost.user", DisplayName = "幽灵", Role = "reviewer", Jurisdiction = "650104", InitialPassword = "first-password-7",
        }, token).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, demoted.StatusCode);
        Assert.Contains("请重新登录", demoted.Status.Detail, StringComparison.Ordinal);
        await Client().UpdateUserAsync(new UpdateUserRequest { LoginName = login, Role = "admin" }, TestHost.As(CityAdmin));
        await Client().SetUserEnabledAsync(new SetUserEnabledRequest { LoginName = login, Enabled = false }, TestHost.As(CityAdmin));
        var disabled = await Assert.ThrowsAsync<RpcException>(() => Client().ListUsersAsync(new ListUsersRequest(), token).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, disabled.StatusCode);
        var ghost = await Assert.ThrowsAsync<RpcException>(() => Client().GetUserAsync(new GetUserRequest { LoginName = "ghost.user" }, TestHost.As(CityAdmin)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, ghost.StatusCode);   // nothing was made
    }

    [Fact]
    public async Task CreateUser_RegionNoRegistryKnowsTakenLoginAndFormProblems_AllFieldsOneRound()
    {
        var existing = $"clerk.{Guid.NewGuid():N}"[..20];
        await Client().CreateUserAsync(Clerk(existing), TestHost.As(CityAdmin));
        var regionAdmin = TestHost.As(new CallerIdentity("admin-xj", ["identity-admin"], "650000"));

        // A taken login name with a blank name and a weak password: all three at once (the taken name came a round later).
        var taken = await Assert.ThrowsAsync<RpcException>(() => Client().CreateUserAsync(new CreateUserRequest
        {
            LoginName = existing, DisplayName = "", Role = "reviewer", Jurisdiction = "650100", InitialPassword = "          1a",
        }, regionAdmin).ResponseAsync);
        Assert.Equal(["display_name", "initial_password", "login_name"], taken.FieldViolations().Select(v => v.Field).Order(StringComparer.Ordinal));
        Assert.Contains("不能以空格开头或结尾", taken.FieldViolations().Single(v => v.Field == "initial_password").Description, StringComparison.Ordinal);
        // A well-formed code the registry does not know: its users could open nothing.
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Client().CreateUserAsync(new CreateUserRequest
        {
            LoginName = "reviewer.nowhere", DisplayName = "审核人员", Role = "reviewer", Jurisdiction = "659999", InitialPassword = "first-password-7",
        }, regionAdmin).ResponseAsync);
        Assert.Equal(("jurisdiction", "UNKNOWN_REGION"), unknown.FieldViolations().Select(v => (v.Field, v.Reason)).Single());
        // A blank role is to be chosen, a Chinese login name is refused for its characters, a name with a control character too.
        var form = await Assert.ThrowsAsync<RpcException>(() => Client().CreateUserAsync(new CreateUserRequest
        {
            LoginName = "张三", DisplayName = "名字\u0007", Role = "", Jurisdiction = "650100", InitialPassword = "first-password-7",
        }, regionAdmin).ResponseAsync);
        var said = form.FieldViolations().ToDictionary(v => v.Field, v => v.Description);
        Assert.Equal(("请选择角色", true, true), (said["role"], said["login_name"].Contains("只能包含", StringComparison.Ordinal), said["display_name"].Contains("控制字符", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ResetPassword_LockedOutUser_UnlockedSignsInWithTheNewOneOnly()
    {
        var login = $"clerk.{Guid.NewGuid():N}"[..20];
        await Client().CreateUserAsync(Clerk(login), TestHost.As(CityAdmin));
        using (var guesser = identity.NewBrowser())
        {
            for (var i = 0; i < 5; i++)
            {
                await guesser.SubmitAsync("/account/login", new Dictionary<string, string> { ["login_name"] = login, ["password"] = "wrong-password-1" });
            }
        }
        Assert.True((await Client().GetUserAsync(new GetUserRequest { LoginName = login }, TestHost.As(CityAdmin))).LockedOut);

        // A weak one is refused by its reasons, never echoed; beyond the jurisdiction the user is not found.
        var weak = await Assert.ThrowsAsync<RpcException>(() => Client().ResetPasswordAsync(new ResetPasswordRequest { LoginName = login, InitialPassword = "abc" }, TestHost.As(CityAdmin)).ResponseAsync);
        Assert.Equal("initial_password", weak.FieldViolations().Single().Field);
        Assert.DoesNotContain("abc", weak.Status.Detail, StringComparison.Ordinal);
        var beyond = await Assert.ThrowsAsync<RpcException>(() => Client().ResetPasswordAsync(new ResetPasswordRequest { LoginName = login, InitialPassword = "second-password-8" }, TestHost.As(PrefectureAdmin)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, beyond.StatusCode);

        var reset = await Client().ResetPasswordAsync(new ResetPasswordRequest { LoginName = login, InitialPassword = "second-password-8" }, TestHost.As(CityAdmin));

        Assert.False(reset.LockedOut);
        using var browser = identity.NewBrowser();
        Assert.False(string.IsNullOrEmpty(await browser.SignInForCodeAsync(login, "second-password-8")));
        using var old = identity.NewBrowser();
        var refused = await old.SubmitAsync("/account/login", new Dictionary<string, string> { ["login_name"] = login, ["password"] = "first-password-7" });
        Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
    }

    [Fact]
    public async Task CreateUser_AnAdministratorAtTheirOwnLevelOrAClerkWiderThanTheUnit_Refused()
    {
        var peer = new CreateUserRequest { LoginName = "admin.peer", DisplayName = "同级管理员", Role = "admin", Jurisdiction = "650100", InitialPassword = "first-password-7" };
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => Client().CreateUserAsync(peer, TestHost.As(CityAdmin)).ResponseAsync)).StatusCode);
        peer.LoginName = $"admin.{Guid.NewGuid():N}"[..20];
        peer.Jurisdiction = "650104";  // a district's administrator: below the city's
        Assert.Equal("admin", (await Client().CreateUserAsync(peer, TestHost.As(CityAdmin))).Role);
        var self = await Assert.ThrowsAsync<RpcException>(() => Client().SetUserEnabledAsync(new SetUserEnabledRequest { LoginName = peer.LoginName, Enabled = false },
            TestHost.As(new CallerIdentity(peer.LoginName, ["identity-admin"], "650104"))).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, self.StatusCode);

        // A clerk's jurisdiction is their unit's region, not the region above it.
        var regionAdmin = new CallerIdentity("admin-xj", ["identity-admin"], "650000");
        var wide = await Assert.ThrowsAsync<RpcException>(() => Client().CreateUserAsync(Clerk("clerk.wide", "urumqi-emergency", "650000"), TestHost.As(regionAdmin)).ResponseAsync);
        Assert.Equal(("unit_id", "REGION_MISMATCH"), wide.FieldViolations().Select(v => (v.Field, v.Reason)).Single());
    }

    [Fact]
    public async Task SetUserEnabled_Disabled_SignInRefusedThenEnabledAgain()
    {
        var login = $"clerk.{Guid.NewGuid():N}"[..20];
        await Client().CreateUserAsync(Clerk(login), TestHost.As(CityAdmin));

        var disabled = await Client().SetUserEnabledAsync(new SetUserEnabledRequest { LoginName = login, Enabled = false }, TestHost.As(CityAdmin));
        Assert.False(disabled.Enabled);
        using (var browser = identity.NewBrowser())
        {
            var refused = await browser.SubmitAsync("/account/login", new Dictionary<string, string> { ["login_name"] = login, ["password"] = "first-password-7" });
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        // Another prefecture's administrator may not touch the user, and does not learn that the login name exists.
        var other = await Assert.ThrowsAsync<RpcException>(() => Client().SetUserEnabledAsync(new SetUserEnabledRequest { LoginName = login, Enabled = true }, TestHost.As(PrefectureAdmin)).ResponseAsync);
        var never = await Assert.ThrowsAsync<RpcException>(() => Client().SetUserEnabledAsync(new SetUserEnabledRequest { LoginName = "clerk.nobody-here", Enabled = true }, TestHost.As(PrefectureAdmin)).ResponseAsync);
        Assert.Equal((StatusCode.NotFound, never.Status.Detail.Replace("clerk.nobody-here", login)), (other.StatusCode, other.Status.Detail));

        Assert.True((await Client().SetUserEnabledAsync(new SetUserEnabledRequest { LoginName = login, Enabled = true }, TestHost.As(CityAdmin))).Enabled);
        using var again = identity.NewBrowser();
        Assert.False(string.IsNullOrEmpty(await again.SignInForCodeAsync(login, "first-password-7")));
    }

    [Fact]
    public async Task UpdateUser_DisplayNameOnly_TheRestKept()
    {
        // A PATCH of the name alone: it was refused for the role, region and unit it did not repeat ("角色 “” 不存在").
        var login = $"clerk.{Guid.NewGuid():N}"[..20];
        await Client().CreateUserAsync(Clerk(login), TestHost.As(CityAdmin));

        var renamed = await Client().UpdateUserAsync(new UpdateUserRequest { LoginName = login, DisplayName = "改名后的填报员" }, TestHost.As(CityAdmin));

        Assert.Equal(("改名后的填报员", "clerk", "650100", "urumqi-emergency"), (renamed.DisplayName, renamed.Role, renamed.Jurisdiction, renamed.UnitId));
        // A role without a unit drops the unit it does not take; another region is still checked against the caller's.
        var reviewer = await Client().UpdateUserAsync(new UpdateUserRequest { LoginName = login, Role = "reviewer" }, TestHost.As(CityAdmin));
        Assert.Equal(("reviewer", ""), (reviewer.Role, reviewer.UnitId));
        var outside = await Assert.ThrowsAsync<RpcException>(() => Client().UpdateUserAsync(new UpdateUserRequest { LoginName = login, Jurisdiction = "652300" }, TestHost.As(CityAdmin)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, outside.StatusCode);
        Assert.Contains("652300", outside.Status.Detail, StringComparison.Ordinal);
        // Not a division code at all: the field named, not a region "65" beyond the caller.
        var malformed = await Assert.ThrowsAsync<RpcException>(() => Client().UpdateUserAsync(new UpdateUserRequest { LoginName = login, Jurisdiction = "65" }, TestHost.As(CityAdmin)).ResponseAsync);
        Assert.Equal((StatusCode.InvalidArgument, "jurisdiction"), (malformed.StatusCode, malformed.FieldViolations().Single().Field));
    }

    [Fact]
    public async Task UpdateUser_NewRole_TheNextTokenCarriesIt()
    {
        var login = $"clerk.{Guid.NewGuid():N}"[..20];
        await Client().CreateUserAsync(Clerk(login), TestHost.As(CityAdmin));

        var updated = await Client().UpdateUserAsync(new UpdateUserRequest { LoginName = login, DisplayName = "单位负责人", Role = "unit-head", Jurisdiction = "650100", UnitId = "urumqi-emergency" }, TestHost.As(CityAdmin));

        Assert.Equal("unit-head", updated.Role);
        using var browser = identity.NewBrowser();
        var (_, tokens) = await browser.RedeemAsync(await browser.SignInForCodeAsync(login, "first-password-7"));
        Assert.Equal("unit-head", OidcBrowser.Payload(tokens.GetProperty("access_token").GetString()!).GetProperty("role").GetString());
    }
}
