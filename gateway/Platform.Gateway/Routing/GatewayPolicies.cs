using Grpc.Core;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Gateway.Identity;
using Platform.Grpc;

namespace Platform.Gateway.Routing;

/// <summary>
/// The named policies routes refer to (route fields AuthorizationPolicy and RateLimiterPolicy, as in YARP):
/// "portal" for signed-in users of the county, prefecture and city portals, "Anonymous" (YARP's own) for the public API.
/// </summary>
internal static class GatewayPolicies
{
    public const string Portal = "portal";
    public const string Public = "public";
    public const string SignIn = "sign-in";
    public const string CountyPortal = "county-portal";
    public const string PrefecturePortal = "prefecture-portal";
    public const string CityPortal = "city-portal";

    private static bool HasPlatformRole(System.Security.Claims.ClaimsPrincipal user) => GatewayIdentity.ToCaller(user).Roles.Count > 0;

    private static bool OnPortal(System.Security.Claims.ClaimsPrincipal user, JurisdictionLevel portal)
    {
        var caller = GatewayIdentity.ToCaller(user);
        var level = JurisdictionLevels.Of(caller.RegionCode);
        return caller.Roles.Count > 0 && (level == portal || level == JurisdictionLevel.Region);
    }

    /// <summary>The client's address (behind a trusted proxy, the one it forwarded: UseForwardedHeaders), a limit's partition.</summary>
    private static string Client(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static IServiceCollection AddGatewayPolicies(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Portal, policy => policy.RequireAuthenticatedUser().RequireAssertion(context => HasPlatformRole(context.User)))
            // The route sets of the three portals: a user reaches a portal of the level of their jurisdiction; offices of
            // the autonomous region oversee them all.
            .AddPolicy(CountyPortal, policy => policy.RequireAuthenticatedUser().RequireAssertion(context => OnPortal(context.User, JurisdictionLevel.County)))
            .AddPolicy(PrefecturePortal, policy => policy.RequireAuthenticatedUser().RequireAssertion(context => OnPortal(context.User, JurisdictionLevel.Prefecture)))
            .AddPolicy(CityPortal, policy => policy.RequireAuthenticatedUser().RequireAssertion(context => OnPortal(context.User, JurisdictionLevel.City)));

        var limits = RateLimits.From(configuration);
        services.AddRateLimiter(options =>
        {
            // Publication sites: per client address. Portals: per signed-in user, so one office behind a NAT does not
            // starve the next. Token buckets allow a burst and then a steady rate.
            options.AddPolicy(Public, context => RateLimitPartition.GetTokenBucketLimiter(Client(context), _ => limits.Public));
            options.AddPolicy(Portal, context => RateLimitPartition.GetTokenBucketLimiter(
                context.User.Identity?.Name ?? Client(context), _ => limits.Portal));
            // The sign-in pages: their forms posted per client address in a fixed window (guessing passwords, or locking
            // accounts by wrong ones, from one address is slowed to this); the pages themselves as the public API.
            // (A policy's partitions are one cache by key: the two kinds of limiter need keys of their own.)
            options.AddPolicy(SignIn, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter("post " + Client(context), _ => limits.SignIn)
                : RateLimitPartition.GetTokenBucketLimiter("read " + Client(context), _ => limits.Public));
            options.OnRejected = (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limits.Public.ReplenishmentPeriod;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                if (HttpMethods.IsPost(rejected.HttpContext.Request.Method) && rejected.HttpContext.Request.Path.StartsWithSegments("/account"))
                {
                    // A person's form (the sign-in page): a page in Chinese with the way back, not a JSON error.
                    rejected.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    rejected.HttpContext.Response.ContentType = "text/html; charset=utf-8";
                    return new ValueTask(rejected.HttpContext.Response.WriteAsync(GatewayMessages.TooManyAttemptsPage(seconds)));
                }
                return new ValueTask(GatewayErrors.WriteAsync(rejected.HttpContext, StatusCode.ResourceExhausted, GatewayMessages.TooManyRequests(seconds)));
            };
        });
        return services;
    }

    /// <summary>
    /// Gateway:RateLimits:{Public|Portal}:{PerSecond, Burst, PeriodSeconds}; Gateway:RateLimits:SignIn:{Permits, WindowSeconds}
    /// (default 60 forms posted per address in 5 minutes: an office behind one address signs in on a busy morning; the
    /// account lockout, not this, is what stops guessing one account's password).
    /// </summary>
    private sealed record RateLimits(TokenBucketRateLimiterOptions Public, TokenBucketRateLimiterOptions Portal, FixedWindowRateLimiterOptions SignIn)
    {
        public static RateLimits From(IConfiguration configuration) => new(
            Bucket(configuration.GetSection("Gateway:RateLimits:Public"), perSecond: 200, burst: 400),
            Bucket(configuration.GetSection("Gateway:RateLimits:Portal"), perSecond: 50, burst: 100),
            new FixedWindowRateLimiterOptions
            {
                PermitLimit = configuration.GetValue("Gateway:RateLimits:SignIn:Permits", 60),
                Window = TimeSpan.FromSeconds(configuration.GetValue("Gateway:RateLimits:SignIn:WindowSeconds", 300d)),
                AutoReplenishment = true,
                QueueLimit = 0,
            });

        /// <summary>PerSecond tokens added every PeriodSeconds (default 1), at most Burst held.</summary>
        private static TokenBucketRateLimiterOptions Bucket(IConfigurationSection section, int perSecond, int burst) => new()
        {
            TokenLimit = section.GetValue("Burst", burst),
            TokensPerPeriod = section.GetValue("PerSecond", perSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(section.GetValue("PeriodSeconds", 1d)),
            AutoReplenishment = true,
            QueueLimit = 0,
        };
    }
}
