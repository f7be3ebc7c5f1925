using Grpc.Core;
using Grpc.Net.Client;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Gateway.Contracts;
using Platform.Gateway.Identity;
using Platform.Grpc;
using Platform.Testing;

namespace Platform.Gateway.FunctionalTests;

/// <summary>
/// A real gateway on Kestrel (127.0.0.1, port 0 for its gRPC and its HTTP/1.1 listener) in front of real backends:
/// the routes of the test name the interop service's methods, the way the shipped routes name the platform's.
/// </summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    public static readonly byte[] JwtKey = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();

    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, Uri grpc, Uri http)
    {
        _app = app;
        GrpcAddress = grpc;
        HttpAddress = http;
    }

    /// <summary>Real listeners on port 0, the test keys, quiet logs.</summary>
    private static readonly Dictionary<string, string?> BaseSettings = new()
    {
        ["Platform:GrpcPort"] = "0",
        ["Platform:HttpPort"] = "0",
        ["Platform:CallerSigningKey"] = Convert.ToBase64String(TestHost.SigningKey),
        ["Platform:ShutdownTimeoutSeconds"] = "2",
        ["Gateway:Jwt:SigningKey"] = Convert.ToBase64String(JwtKey),
        ["Logging:Format"] = "simple",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public Uri GrpcAddress { get; }

    public Uri HttpAddress { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the gateway with the interop routes to <paramref name="backends"/> plus <paramref name="settings"/>.</summary>
    public static async Task<GatewayHost> StartAsync(IReadOnlyList<Uri> backends, IDictionary<string, string?>? settings = null, CapturingLoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var config = new Dictionary<string, string?>(BaseSettings)
        {
            ["Gateway:ShippedRoutes"] = "false",
            ["Gateway:Cors:PortalOrigins:0"] = "https://portal.example",
            // The test services' cluster (package platform.testing.v1): the gateway generates their gRPC and JSON routes
            // from the contracts, as it does for the platform's services.
            ["ReverseProxy:Clusters:testing:HttpRequest:Version"] = "2",
            ["ReverseProxy:Clusters:testing:HttpRequest:VersionPolicy"] = "RequestVersionExact",
            // Routes of the configuration beside the generated ones: plain HTTP public reads, a plain POST, and a JSON route
            // with a timeout of its own.
            ["ReverseProxy:Routes:public-http:ClusterId"] = "testing",
            ["ReverseProxy:Routes:public-http:Match:Path"] = "/public/v1/{**rest}",
            ["ReverseProxy:Routes:public-http:Match:Methods:0"] = "GET",
            ["ReverseProxy:Routes:public-http:Match:Methods:1"] = "HEAD",
            ["ReverseProxy:Routes:public-http:AuthorizationPolicy"] = "Anonymous",
            ["ReverseProxy:Routes:public-http:RateLimiterPolicy"] = "public",
            ["ReverseProxy:Routes:public-http:OutputCachePolicy"] = "public",
            ["ReverseProxy:Routes:apply:ClusterId"] = "testing",
            ["ReverseProxy:Routes:apply:Match:Path"] = "/api/v1/apply/{id}",
            ["ReverseProxy:Routes:apply:Match:Methods:0"] = "POST",
            ["ReverseProxy:Routes:apply:AuthorizationPolicy"] = "Anonymous",
            ["ReverseProxy:Routes:slow-echo:ClusterId"] = "testing",
            ["ReverseProxy:Routes:slow-echo:Match:Path"] = "/api/county/v1/slow-echo",
            ["ReverseProxy:Routes:slow-echo:Match:Methods:0"] = "POST",
            ["ReverseProxy:Routes:slow-echo:AuthorizationPolicy"] = "county-portal",
            ["ReverseProxy:Routes:slow-echo:Order"] = "-1",
            ["ReverseProxy:Routes:slow-echo:Timeout"] = "00:00:00.500",
            ["ReverseProxy:Routes:slow-echo:Transforms:0:PathRemovePrefix"] = "/api/county",
        };
        for (var i = 0; i < backends.Count; i++)
        {
            config[$"ReverseProxy:Clusters:testing:Destinations:d{i}:Address"] = backends[i].ToString();
        }
        builder.Configuration.AddInMemoryCollection(config);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.AddGateway();
        builder.Services.AddSingleton(new GrpcDescriptorSource(Platform.Testing.V1.InteropReflection.Descriptor));
        builder.Services.AddSingleton(new GrpcDescriptorSource(Platform.Testing.V1.JsonTestReflection.Descriptor));
        if (logs is not null)
        {
            builder.Logging.AddFilter((_, _) => true);
            builder.Logging.AddProvider(logs);
        }
        return await StartAsync(builder);
    }

    private static async Task<GatewayHost> StartAsync(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.MapGateway();
        await app.StartAsync();
        // Kestrel binds in the order listened: the gRPC (h2c) listener first, then HTTP/1.1.
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        return new GatewayHost(app, addresses[0], addresses[1]);
    }

    /// <summary>
    /// The gateway with its shipped routes (the ones `platform run` and production use) in front of a host serving every
    /// platform service at <paramref name="platform"/>; the HTTP cluster speaks HTTP/2 to the same port.
    /// </summary>
    public static async Task<GatewayHost> StartInFrontOfAsync(Uri platform)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var config = new Dictionary<string, string?>(BaseSettings)
        {
            ["Services:registry"] = platform.ToString().TrimEnd('/'),
            ["ReverseProxy:Clusters:publication-http:HttpRequest:Version"] = "2",
            ["ReverseProxy:Clusters:publication-http:HttpRequest:VersionPolicy"] = "RequestVersionExact",
            ["ReverseProxy:Clusters:publication-http:Destinations:local:Address"] = platform.ToString(),
            ["ReverseProxy:Clusters:portal-http:HttpRequest:Version"] = "2",
            ["ReverseProxy:Clusters:portal-http:HttpRequest:VersionPolicy"] = "RequestVersionExact",
            ["ReverseProxy:Clusters:portal-http:Destinations:local:Address"] = platform.ToString(),
        };
        foreach (var cluster in new[] { "registry", "accounts", "performance", "assets", "publication", "identity" })
        {
            config[$"ReverseProxy:Clusters:{cluster}:Destinations:local:Address"] = platform.ToString();
        }
        builder.Configuration.AddInMemoryCollection(config);
        builder.AddGateway();
        return await StartAsync(builder);
    }

    public static string Token(string subject, string[] roles, string? jurisdiction = null, string? unit = null, TimeSpan? lifetime = null,
        DateTimeOffset? now = null, string issuer = GatewayJwtOptions.DefaultIssuer, string audience = GatewayJwtOptions.DefaultAudience, byte[]? key = null) =>
        DevelopmentTokens.Issue(key ?? JwtKey, subject, roles, jurisdiction, unit, now ?? DateTimeOffset.UtcNow, lifetime ?? TimeSpan.FromMinutes(5), issuer, audience);

    public static CallOptions Bearer(string token, DateTime? deadline = null) =>
        new(headers: new Metadata { { "authorization", "Bearer " + token } }, deadline: deadline);

    /// <summary>A channel that never retries by itself, so that what a test sees is what the gateway did.</summary>
    public GrpcChannel Channel() => GrpcChannel.ForAddress(GrpcAddress, new GrpcChannelOptions { MaxRetryAttempts = 1 });

    public HttpClient Http() => new() { BaseAddress = HttpAddress, Timeout = TimeSpan.FromSeconds(30), DefaultRequestVersion = HttpVersion.Version11 };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
