using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Identity.Host.Account;
using Platform.Identity.Host.Demo;
using Platform.Identity.Host.Oidc;
using Platform.Identity.Host.Persistence;
using Platform.Persistence;
using Platform.Registry.Client;
using Platform.ServiceDefaults;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Identity.Host;

/// <summary>
/// The identity service's one registration extension: users (ASP.NET Core Identity on EF Core, PostgreSQL or the embedded
/// SQLite), the OpenID Connect server (OpenIddict: authorization code + PKCE, refresh tokens, signed JWT access tokens for
/// the gateway), the sign-in pages, the portal client and the demo users.
/// </summary>
public static class IdentityServiceExtensions
{
    public const string Name = "identity";

    public static WebApplicationBuilder AddIdentityService(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IdentityServiceOptions>().Bind(builder.Configuration.GetSection(IdentityServiceOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<IdentityServiceOptions>, IdentityServiceOptionsValidator>();
        var settings = builder.Configuration.GetSection(IdentityServiceOptions.Section).Get<IdentityServiceOptions>() ?? new IdentityServiceOptions();
        builder.Services.AddPlatformDbContext<IdentityDb>(DatabaseOptions.For(builder.Configuration, Name), options => options.UseOpenIddict());

        builder.Services.AddIdentityCore<PlatformUser>(identity =>
            {
                // The domain's PasswordPolicy decides (its reasons are Chinese); Identity's own validators stay loosest.
                identity.Password = new PasswordOptions { RequiredLength = 1, RequireDigit = false, RequireLowercase = false, RequireUppercase = false, RequireNonAlphanumeric = false, RequiredUniqueChars = 1 };
                identity.Lockout = new LockoutOptions { AllowedForNewUsers = true, MaxFailedAccessAttempts = settings.MaxFailedAttempts, DefaultLockoutTimeSpan = TimeSpan.FromMinutes(settings.LockoutMinutes) };
                identity.User.RequireUniqueEmail = false;
                identity.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyz0123456789.-_";
            })
            .AddSignInManager()
            .AddEntityFrameworkStores<IdentityDb>()
            .AddDefaultTokenProviders();
        builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        builder.Services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = AccountPages.Login;
            cookie.Cookie.Name = "platform.identity";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
        });
        builder.Services.AddAntiforgery(antiforgery => antiforgery.Cookie.Name = "platform.identity.af");
        builder.Services.AddAuthorization();

        var dataDirectory = DevelopmentKeys.DataDirectory(builder.Configuration).FullName;
        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDb>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris(ConnectEndpoints.Authorize.TrimStart('/'))
                    .SetTokenEndpointUris(ConnectEndpoints.Token.TrimStart('/'))
                    .SetEndSessionEndpointUris(ConnectEndpoints.Logout.TrimStart('/'))
                    // RFC 7009: the portal revokes a session's refresh token when the person signs out (handled by OpenIddict).
                    .SetRevocationEndpointUris(ConnectEndpoints.Revoke.TrimStart('/'))
                    .SetUserInfoEndpointUris(ConnectEndpoints.UserInfo.TrimStart('/'));
                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange().AllowRefreshTokenFlow();
                // S256 only: "plain" gives no protection when the authorization request itself is seen (RFC 7636 §7.2).
                server.Configure(options => options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
                server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Roles, Scopes.OfflineAccess, PortalClient.ApiScope);
                server.RegisterClaims(Claims.Subject, Claims.Name, Claims.Role, ConnectEndpoints.JurisdictionClaim, ConnectEndpoints.UnitClaim);
                if (settings.Issuer is { Length: > 0 } issuer)
                {
                    server.SetIssuer(new Uri(issuer));
                }
                // Access tokens are signed JWTs the gateway verifies with the published keys; codes and refresh tokens,
                // which only this service reads, stay encrypted.
                server.AddSigningKey(TokenKeys.Signing(settings, dataDirectory))
                    .AddEncryptionKey(TokenKeys.Encryption(settings, dataDirectory))
                    .DisableAccessTokenEncryption();
                var aspnet = server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableStatusCodePagesIntegration();
                if (settings.AllowHttp)
                {
                    aspnet.DisableTransportSecurityRequirement();
                }
            });
        // Behind the gateway: the scheme, host and prefix the browser used (X-Forwarded-*), from loopback and the configured networks only.
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost | ForwardedHeaders.XForwardedPrefix;
            foreach (var network in settings.TrustedProxyNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        builder.Services.AddUnitLookup();
        builder.Services.AddHostedService<PortalClient>();
        builder.Services.AddScoped<SessionRevocation>();
        builder.Services.AddSingleton<Account.UnknownSignIns>();
        builder.Services.AddSingleton<TokenPruning>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TokenPruning>());
        builder.Services.AddHostedService<IdentityDemoSeeder>();
        return builder;
    }

    public static WebApplication MapIdentityService(this WebApplication app)
    {
        app.MapGrpcService<Grpc.UsersHandler>();
        app.UseForwardedHeaders();
        // OpenIddict's refusals of a browser's request (a redirect_uri not registered, a bad request) are rendered here, in
        // Chinese (it wrote its English description and a link to its documentation). Other responses are left alone.
        app.UseStatusCodePages(context => ConnectEndpoints.WriteRefusalAsync(context.HttpContext));
        app.UseAuthentication();
        app.UseAuthorization();
        ConnectEndpoints.Map(app);
        AccountPages.Map(app);
        return app;
    }
}
