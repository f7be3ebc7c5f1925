using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Gateway.Routing;

/// <summary>
/// CORS (route field CorsPolicy, as in YARP): "portals" for the county, prefecture and city portals, whose origins are
/// configured (Gateway:Cors:PortalOrigins, e.g. https://portal.czt.xinjiang.gov.cn); "public" for the public API, which any
/// site may read from a browser (GET and HEAD, no credentials). The bearer token is sent in a header, never a cookie,
/// so no policy allows credentials.
/// </summary>
internal static class GatewayCors
{
    public const string Portals = "portals";
    public const string Public = "public";

    public static IServiceCollection AddGatewayCors(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = configuration.GetSection("Gateway:Cors:PortalOrigins").Get<string[]>() ?? [];
        services.AddCors(options =>
        {
            // The portals call JSON routes (every verb google.api.http routes use) and gRPC-Web (its own request headers;
            // status and message come back as headers a browser script must be allowed to read).
            options.AddPolicy(Portals, policy => policy
                .WithOrigins(origins)
                .WithMethods("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
                .WithHeaders("authorization", "content-type", "x-request-id", "x-grpc-web", "x-user-agent", "grpc-timeout")
                .WithExposedHeaders("x-request-id", "retry-after", "grpc-status", "grpc-message", "grpc-status-details-bin")
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10)));
            options.AddPolicy(Public, policy => policy
                .AllowAnyOrigin()
                .WithMethods("GET", "HEAD")
                .WithHeaders("content-type", "x-request-id", "if-none-match")
                // x-checksum-sha256: the bulk zip's, for a site's script to verify what it fetched.
                .WithExposedHeaders("x-request-id", "etag", "retry-after", "x-checksum-sha256")
                .SetPreflightMaxAge(TimeSpan.FromHours(1)));
        });
        return services;
    }
}
