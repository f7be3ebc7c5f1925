using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Platform.Portal.Security;

/// <summary>
/// Signing in to the portal: OpenID Connect authorization code with PKCE (RFC 7636) at the platform's identity service
/// through the gateway — or a province's unified sign-in, by configuration alone — and a session kept on the server with
/// its tokens (<see cref="PortalSessions"/>): the browser holds an HttpOnly cookie naming the session and never a token (the
/// "backend for frontend" shape of the OAuth 2.0 for Browser-Based Apps BCP, §6.1); signing out ends the session there.
/// The schemes are named, never the default: in `platform run` the portal shares its process with the identity service,
/// whose own sign-in cookie is the default there.
/// </summary>
internal static class PortalAuthentication
{
    public const string CookieScheme = "portal";
    public const string OidcScheme = "portal-oidc";
    public const string Policy = "portal-user";

    public const string SignInPath = "/portal/signin";
    public const string SignOutPath = "/portal/signout";
    public const string CallbackPath = "/portal/signin-oidc";
    public const string SignedOutCallbackPath = "/portal/signout-callback-oidc";
    public const string HomePath = "/portal";

    /// <summary>The claims the platform's provider issues (and a province's must, to be used here).</summary>
    public const string NameClaim = "name";
    public const string RoleClaim = "role";
    public const string JurisdictionClaim = "jurisdiction";
    public const string UnitClaim = "unit";

    /// <summary>
    /// Whether sign-in is configured: the provider's address (Portal__Authority) or the gateway's (Portal__GatewayAddress),
    /// which must be known before the first request. Without either the portal serves its public pages only.
    /// </summary>
    public static bool SignInConfigured(PortalOptions portal) => portal.Authority is { Length: > 0 } || portal.GatewayAddress is { Length: > 0 };

    public static IServiceCollection AddPortalAuthentication(this IServiceCollection services, PortalOptions configured)
    {
        var authentication = services.AddAuthentication().AddCookie(CookieScheme);
        // Sessions on the server (PortalSessions): in Redis under Cache__Redis (the process's shared cache), otherwise in a
        // memory store of their own — not the process's cache, whose size limit would evict sessions to make room for
        // documents (the portal runs as one replica, k8s/base/portal.yaml).
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new PortalSessions(
            sp.GetService<Platform.Caching.CacheOptions>()?.Redis is { Length: > 0 }
                ? sp.GetRequiredService<Microsoft.Extensions.Caching.Distributed.IDistributedCache>()
                : new Microsoft.Extensions.Caching.Distributed.MemoryDistributedCache(Options.Create(new Microsoft.Extensions.Caching.Memory.MemoryDistributedCacheOptions())),
            sp.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(), sp.GetRequiredService<TimeProvider>(),
            TimeSpan.FromHours(sp.GetRequiredService<IOptions<PortalOptions>>().Value.SessionHours)));
        if (SignInConfigured(configured))
        {
            authentication.AddOpenIdConnect(OidcScheme, _ => { });
        }
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).Configure<IOptions<PortalOptions>, PortalSessions>((cookie, portal, sessions) =>
        {
            cookie.SessionStore = sessions;
            cookie.Cookie.Name = "platform.portal";
            cookie.Cookie.Path = HomePath;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            // Secure always, except where plain HTTP is allowed (the embedded default on one machine): a TLS terminator not
            // trusted for X-Forwarded-Proto must not produce a session cookie (it holds the refresh token) without Secure.
            cookie.Cookie.SecurePolicy = portal.Value.AllowHttp ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(portal.Value.SessionHours);
            cookie.SlidingExpiration = true;
            // An unsigned-in page visit goes to the provider; an API call is answered 401 (the page keeps its input and
            // asks the person to sign in again).
            if (SignInConfigured(portal.Value))
            {
                cookie.ForwardChallenge = OidcScheme;
            }
            else
            {
                cookie.LoginPath = SignInPath;
            }
            cookie.Events.OnValidatePrincipal = PortalTokens.RefreshIfDueAsync;
        });
        services.AddOptions<OpenIdConnectOptions>(OidcScheme).Configure<IOptions<PortalOptions>>((oidc, portal) => Configure(oidc, portal.Value));
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(CookieScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(RoleClaim));
        services.AddSingleton<PortalTokens>();
        return services;
    }

    private static void Configure(OpenIdConnectOptions oidc, PortalOptions portal)
    {
        var gateway = portal.GatewayAddress is { Length: > 0 } g ? (g.EndsWith('/') ? g : g + "/") : null;
        var authority = portal.Authority is { Length: > 0 } a ? a : gateway;
        oidc.Authority = authority;
        oidc.MetadataAddress = portal.MetadataAddress is { Length: > 0 } m ? m
            : authority is null ? null : authority.TrimEnd('/') + "/.well-known/openid-configuration";
        oidc.RequireHttpsMetadata = !portal.AllowHttp;
        oidc.ClientId = portal.ClientId;
        oidc.ResponseType = OpenIdConnectResponseType.Code;
        // The code comes back on a top-level GET (query), so the correlation cookies can be SameSite=Lax: form_post would be
        // a cross-site POST, which needs SameSite=None, which needs Secure, which plain HTTP on one machine cannot give.
        oidc.ResponseMode = OpenIdConnectResponseMode.Query;
        oidc.UsePkce = true;
        // Every portal sign-in asks for the password, even when the provider still has a session: signing out of the portal
        // ends the portal's session at once, and the next person at a shared office computer must not inherit the provider's
        // (whose sign-out asks for confirmation, a step easily left undone).
        oidc.Prompt = "login";
        oidc.Scope.Clear();
        foreach (var scope in new[] { "openid", "profile", "roles", "offline_access", "platform_api" })
        {
            oidc.Scope.Add(scope);
        }
        oidc.SignInScheme = CookieScheme;
        oidc.SignOutScheme = CookieScheme;
        oidc.CallbackPath = CallbackPath;
        oidc.SignedOutCallbackPath = SignedOutCallbackPath;
        oidc.SignedOutRedirectUri = "/";
        oidc.SaveTokens = true;
        oidc.MapInboundClaims = false;
        oidc.GetClaimsFromUserInfoEndpoint = false;
        oidc.TokenValidationParameters.NameClaimType = NameClaim;
        oidc.TokenValidationParameters.RoleClaimType = RoleClaim;
        // A sign-in that comes back unusable — the browser's back button to an old callback, a sign-in page left open past
        // its correlation cookie, a forged callback — is a page in Chinese that starts again (was a blank 500).
        oidc.Events.OnRemoteFailure = context =>
        {
            context.HandleResponse();
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/html; charset=utf-8";
            return context.Response.WriteAsync(SignInFailedPage);
        };
        foreach (var cookie in new[] { oidc.CorrelationCookie, oidc.NonceCookie })
        {
            cookie.SameSite = SameSiteMode.Lax;
            cookie.SecurePolicy = portal.AllowHttp ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            cookie.Path = HomePath;
        }
    }

    /// <summary>After a sign-in that came back unusable (see OnRemoteFailure).</summary>
    internal static readonly string SignInFailedPage = Platform.ServiceDefaults.MessagePage.Html("登录未完成",
        "这次登录已过期或无效（例如用浏览器的“后退”回到了旧的登录页面，或登录页面打开太久）。请重新登录。", ("重新登录", SignInPath), ("返回首页", "/"));

    public static WebApplication MapPortalAuthentication(this WebApplication app)
    {
        // Sign in, then back to the page asked for (a local path only: never an open redirect).
        app.MapGet(SignInPath, (string? returnUrl, IOptions<PortalOptions> portal) => SignInConfigured(portal.Value)
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalPath(returnUrl) }, [OidcScheme])
            : Results.Text("本门户尚未配置登录（Portal__GatewayAddress 或 Portal__Authority），目前只提供公开信息。", "text/plain; charset=utf-8",
                statusCode: StatusCodes.Status503ServiceUnavailable));
        // Sign out: a POST with the form's antiforgery token (a GET from another site cannot end a session), then the
        // provider's end-session page, then the landing page.
        // The token was issued to the signed-in person, so the request is authenticated with the portal's scheme first.
        app.MapPost(SignOutPath, async (HttpContext http) =>
        {
            try
            {
                await http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().ValidateRequestAsync(http);
            }
            catch (Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException)
            {
                return Results.Text("页面已过期，请返回后重新操作", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            }
            // The refresh token dies with the session (RFC 7009), whether or not the person confirms at the provider; the
            // cookie handler then removes the session itself (PortalSessions), so a copy of the cookie opens nothing.
            await http.RequestServices.GetRequiredService<PortalTokens>().RevokeAsync(http);
            return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [CookieScheme, OidcScheme]);
        }).RequireAuthorization(Policy).DisableAntiforgery();
        return app;
    }

    /// <summary>A path on this site to return to; anything else (another site, "//host", "/\t/host") is the portal's home.</summary>
    internal static string LocalPath(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
            && !returnUrl.Any(char.IsControl)
            ? returnUrl
            : HomePath;

    /// <summary>The signed-in person as the portal shows them.</summary>
    public static PortalUser ToPortalUser(this ClaimsPrincipal user) => new(
        user.FindFirstValue("sub") ?? "",
        user.FindFirstValue(NameClaim) ?? user.FindFirstValue("sub") ?? "",
        user.FindAll(RoleClaim).Select(c => c.Value).ToList(),
        user.FindFirstValue(JurisdictionClaim) ?? "",
        user.FindFirstValue(UnitClaim));
}

/// <summary>A signed-in person: login name, display name, roles, jurisdiction (region code) and unit (unit staff only).</summary>
public sealed record PortalUser(string Login, string DisplayName, IReadOnlyList<string> Roles, string Jurisdiction, string? UnitId)
{
    public bool IsUnitStaff => UnitId is { Length: > 0 } && Roles.Any(PortalText.IsUnitRole);

    public bool IsReviewer => Roles.Contains("reviewer");

    public bool IsAdministrator => Roles.Contains("admin");

    /// <summary>The role as people call it.</summary>
    public string RoleLabel => PortalText.Role(new[] { "admin", "reviewer", "unit-head", "clerk" }.FirstOrDefault(Roles.Contains) ?? "");
}
