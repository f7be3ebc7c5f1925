using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Platform.Identity.Domain;
using Platform.Identity.Host.Persistence;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Identity.Host.Oidc;

/// <summary>
/// The OpenID Connect endpoints OpenIddict passes through to the service (RFC 6749, RFC 7636, OpenID Connect Core 1.0):
/// authorize signs in a person already signed in to the identity service (else sends them to the sign-in page and back),
/// token redeems a code or a refresh token (re-reading the user, so a disabled account or a changed role takes effect at
/// the next refresh), userinfo answers the profile, logout ends the session. OpenIddict has checked the client, the
/// redirect URI, PKCE (S256) and replay before any of these runs.
/// </summary>
internal static class ConnectEndpoints
{
    public const string Authorize = "/connect/authorize";
    public const string Token = "/connect/token";
    public const string Logout = "/connect/logout";
    public const string Revoke = "/connect/revoke";
    public const string UserInfo = "/connect/userinfo";

    /// <summary>The claims a platform token carries (the gateway's names: sub, name, role, jurisdiction, unit).</summary>
    public const string JurisdictionClaim = "jurisdiction";
    public const string UnitClaim = "unit";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapMethods(Authorize, [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync);
        app.MapPost(Token, TokenAsync);
        app.MapMethods(UserInfo, [HttpMethods.Get, HttpMethods.Post], UserInfoAsync);
        // Signing out is a POST with the form's antiforgery token: a link or an image on another site cannot sign anyone out.
        app.MapGet(Logout, (HttpContext http, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) => Account.AccountPages.ConfirmSignOut(http, antiforgery));
        app.MapPost(Logout, LogoutAsync).DisableAntiforgery();
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext http, UserManager<PlatformUser> users, SignInManager<PlatformUser> signIn, IOptions<IdentityServiceOptions> options)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("The OpenID Connect request could not be read.");
        var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        // The session's security stamp must still be the user's: a password changed or an account changed since sign-in
        // ends every session at once here, not at the cookie's next periodic check.
        var user = session.Succeeded ? await signIn.ValidateSecurityStampAsync(session.Principal) : null;
        if (user is null || user.Disabled || await users.IsLockedOutAsync(user) || request.HasPromptValue(PromptValues.Login))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.LoginRequired, "The user is not signed in.");
            }
            // Back here after the sign-in page, with the same parameters (prompt=login asked once is not asked again).
            var parameters = http.Request.HasFormContentType ? http.Request.Form.ToList() : http.Request.Query.ToList();
            var back = http.Request.PathBase + http.Request.Path + QueryString.Create(parameters.Where(p => p.Key != Parameters.Prompt));
            return Results.Challenge(new AuthenticationProperties { RedirectUri = back }, [IdentityConstants.ApplicationScheme]);
        }
        return SignIn(user, request.GetScopes(), options.Value);
    }

    private static async Task<IResult> TokenAsync(HttpContext http, UserManager<PlatformUser> users, SignInManager<PlatformUser> signIn, IOptions<IdentityServiceOptions> options)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("The OpenID Connect request could not be read.");
        if (!request.IsAuthorizationCodeGrantType() && !request.IsRefreshTokenGrantType())
        {
            return Refuse(Errors.UnsupportedGrantType, "Only the authorization code and refresh token grants are served.");
        }
        var granted = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        var user = granted?.GetClaim(Claims.Subject) is { } subject ? await users.FindByIdAsync(subject) : null;
        if (user is null || user.Disabled || !await signIn.CanSignInAsync(user) || await users.IsLockedOutAsync(user))
        {
            return Refuse(Errors.InvalidGrant, "The account can no longer sign in.");
        }
        return SignIn(user, granted!.GetScopes(), options.Value);
    }

    private static async Task<IResult> UserInfoAsync(HttpContext http, UserManager<PlatformUser> users)
    {
        var token = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        var user = token?.GetClaim(Claims.Subject) is { } subject ? await users.FindByIdAsync(subject) : null;
        if (user is null || user.Disabled)
        {
            return Results.Challenge(Error(Errors.InvalidToken, "The token's user is unknown or disabled."), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }
        return Results.Ok(new Dictionary<string, object?>
        {
            [Claims.Subject] = user.Id,
            [Claims.Name] = user.DisplayName,
            [Claims.Role] = PortalRoles.Claim(user.PortalRole),
            [JurisdictionClaim] = user.Jurisdiction,
            [UnitClaim] = user.UnitId,
        });
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, SignInManager<PlatformUser> signIn, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Account.AccountPages.ConfirmSignOut(http, antiforgery);
        }
        await signIn.SignOutAsync();
        // OpenIddict sends the browser to the client's registered post_logout_redirect_uri (or this service's root).
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    /// <summary>The principal OpenIddict turns into tokens: the user's platform claims, each in both tokens; the audience is the gateway.</summary>
    private static IResult SignIn(PlatformUser user, ImmutableArray<string> scopes, IdentityServiceOptions options)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Id)
            .SetClaim(Claims.Name, user.DisplayName)
            .SetClaim(Claims.Role, PortalRoles.Claim(user.PortalRole))
            .SetClaim(JurisdictionClaim, user.Jurisdiction)
            .SetClaim(UnitClaim, user.UnitId);
        identity.SetScopes(scopes);
        identity.SetResources(options.Audience);
        identity.SetDestinations(static claim => [Destinations.AccessToken, Destinations.IdentityToken]);
        var principal = new ClaimsPrincipal(identity);
        principal.SetAccessTokenLifetime(TimeSpan.FromMinutes(options.AccessTokenMinutes));
        return Results.SignIn(principal, null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// A refusal OpenIddict left to the status code page (EnableStatusCodePagesIntegration): a page in Chinese naming the
    /// standard error code (RFC 6749 §4.1.2.1), never its English description. Nothing for responses that are not its own.
    /// </summary>
    internal static Task WriteRefusalAsync(HttpContext http)
    {
        if (http.GetOpenIddictServerResponse() is not { Error: { Length: > 0 } error })
        {
            return Task.CompletedTask;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync(Platform.ServiceDefaults.MessagePage.Html("无法完成登录请求", IdentityMessages.OidcRefusal(error), ("返回首页", "/")));
    }

    private static IResult Refuse(string error, string description) =>
        Results.Forbid(Error(error, description), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    private static AuthenticationProperties Error(string error, string description) => new(new Dictionary<string, string?>
    {
        [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
    });
}
