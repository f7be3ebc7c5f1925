using Grpc.Core;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Platform.Grpc;
using Platform.Grpc.Security;

namespace Platform.Gateway.Identity;

/// <summary>
/// Bearer tokens in, a platform caller out. The JwtBearer handler validates signature, issuer, audience and lifetime;
/// this class turns a valid token into the <see cref="CallerIdentity"/> the services verify, and turns every refusal
/// into an answer in the caller's protocol that says what was wrong with the token without repeating it.
/// </summary>
internal static class GatewayIdentity
{
    public static IServiceCollection AddGatewayIdentity(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        services.AddOptions<GatewayJwtOptions>().Bind(configuration.GetSection(GatewayJwtOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<GatewayJwtOptions>, GatewayJwtOptionsValidator>();
        services.AddSingleton<ValidatedTokens>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<Microsoft.Extensions.Options.IOptions<GatewayJwtOptions>>((options, settings) =>
        {
            var jwt = settings.Value;
            // Keep "sub" and "role" as issued instead of mapping them to WS-* claim URIs.
            options.MapInboundClaims = false;
            if (jwt.MetadataAddress is { Length: > 0 } metadata)
            {
                // The provider's issuer and signing keys join the configured ones (JwtBearer merges them at validation).
                options.MetadataAddress = metadata;
                options.RequireHttpsMetadata = !jwt.AllowHttpMetadata;
            }
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = jwt.Issuer,
                ValidAudience = jwt.Audience,
                IssuerSigningKeys = jwt.Keys(),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.RsaSha256],
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = jwt.ClockSkew,
                NameClaimType = GatewayClaims.Subject,
                RoleClaimType = GatewayClaims.Role,
            };
            options.Events = new JwtBearerEvents
            {
                OnChallenge = context =>
                {
                    context.HandleResponse();
                    var reason = context.AuthenticateFailure is { } failure ? Reason(failure) : GatewayMessages.SignInRequired;
                    return GatewayErrors.WriteAsync(context.HttpContext, StatusCode.Unauthenticated, reason);
                },
                OnForbidden = context => GatewayErrors.WriteAsync(context.HttpContext, StatusCode.PermissionDenied, GatewayMessages.NotAllowed),
            };
        });
        return services;
    }

    /// <summary>
    /// Authenticates every request: a request that presents a token must present a valid one, on public routes too
    /// (a bad credential is an error, not a reason to fall back to anonymous).
    /// </summary>
    public static async Task AuthenticateAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Headers.ContainsKey("Authorization"))
        {
            // Anonymous: the JwtBearer handler only reads this header, so there is nothing for it to do.
            await next(context);
            return;
        }
        var validated = context.RequestServices.GetRequiredService<ValidatedTokens>();
        var bearer = BearerToken(context.Request);
        if (bearer is not null && validated.TryGet(bearer, out var known))
        {
            context.User = known;
            await next(context);
            return;
        }
        var result = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (result.Succeeded)
        {
            if (string.IsNullOrEmpty(result.Principal.FindFirstValue(GatewayClaims.Subject)))
            {
                await GatewayErrors.WriteAsync(context, StatusCode.Unauthenticated, GatewayMessages.TokenNoSubject);
                return;
            }
            context.User = result.Principal;
            if (bearer is not null)
            {
                validated.Add(bearer, result.Principal);
            }
        }
        else if (result.Failure is { } failure)
        {
            await GatewayErrors.WriteAsync(context, StatusCode.Unauthenticated, Reason(failure));
            return;
        }
        await next(context);
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
    }

    /// <summary>The caller the services will see: the token's subject, its platform roles, jurisdiction and unit.</summary>
    public static CallerIdentity ToCaller(ClaimsPrincipal user) => Callers.GetValue(user, Map);

    /// <summary>The caller of a principal, worked out once: a validated token's principal is the same object call after call.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ClaimsPrincipal, CallerIdentity> Callers = new();

    private static CallerIdentity Map(ClaimsPrincipal user)
    {
        var subject = user.FindFirstValue(GatewayClaims.Subject);
        if (string.IsNullOrEmpty(subject) || user.Identity?.IsAuthenticated != true)
        {
            return CallerIdentity.Anonymous;
        }
        var roles = GatewayRoles.ToPlatformRoles(user.FindAll(GatewayClaims.Role).Select(c => c.Value));
        return new CallerIdentity(subject, roles, NullIfEmpty(user.FindFirstValue(GatewayClaims.Jurisdiction)), NullIfEmpty(user.FindFirstValue(GatewayClaims.Unit)),
            NullIfEmpty(user.FindFirstValue(GatewayClaims.Name)));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>Why a token was refused, in words a portal developer can act on; never the token or the key.</summary>
    internal static string Reason(Exception failure) => failure switch
    {
        SecurityTokenExpiredException => GatewayMessages.TokenExpired,
        SecurityTokenNotYetValidException => GatewayMessages.TokenNotYetValid,
        SecurityTokenInvalidAudienceException => GatewayMessages.TokenOtherAudience,
        SecurityTokenInvalidIssuerException => GatewayMessages.TokenIssuerUntrusted,
        SecurityTokenInvalidAlgorithmException => GatewayMessages.TokenAlgorithmRefused,
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => GatewayMessages.TokenSignatureInvalid,
        SecurityTokenNoExpirationException => GatewayMessages.TokenNoExpiry,
        _ => GatewayMessages.TokenMalformed,
    };
}
