using Microsoft.AspNetCore.Http;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Gateway.Caching;

using Platform.Registry.Client;
using Platform.Gateway.Forwarding;
using Platform.Gateway.Identity;
using Platform.Gateway.Observability;
using Platform.Gateway.Routing;
using Platform.Gateway.Contracts;
using Platform.ServiceDefaults;

namespace Platform.Gateway;

/// <summary>
/// The gateway's one registration extension. Forwarding is YARP's (Yarp.ReverseProxy 2.3.0): routes, clusters,
/// destinations, active and passive health checks and load balancing come from the ReverseProxy configuration section
/// in YARP's own shape (shipped defaults in gateway.routes.json, overridden by environment variables such as
/// ReverseProxy__Clusters__registry__Destinations__a__Address). Around it the gateway adds what is the platform's:
/// bearer tokens turned into signed callers, policies, rate limits and the access log.
/// </summary>
public static class GatewayExtensions
{
    public const string Name = "gateway";

    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        // The shipped routes go first so that every other source (environment, command line) overrides them.
        // Gateway:ShippedRoutes=false leaves only configured routes (tests, or a deployment that lists its own).
        if (builder.Configuration.GetValue("Gateway:ShippedRoutes", true))
        {
            var routes = typeof(GatewayExtensions).Assembly.GetManifestResourceStream("gateway.routes.json")!;
            builder.Configuration.Sources.Insert(0, new JsonStreamConfigurationSource { Stream = routes });
        }

        if (builder.Environment.IsDevelopment() && string.IsNullOrEmpty(builder.Configuration["Gateway:Jwt:SigningKey"])
            && string.IsNullOrEmpty(builder.Configuration["Gateway:Jwt:RsaPublicKeyPem"]))
        {
            // Started alone on a development machine: the bearer-token key `platform token` signs with. Never outside Development.
            builder.Configuration["Gateway:Jwt:SigningKey"] = DevelopmentKeys.LoadOrCreateGatewayKey(DevelopmentKeys.DataDirectory(builder.Configuration));
        }
        builder.AddHostDefaults(Name);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Request size and slow-client limits for everything the gateway accepts; Kestrel enforces them before
            // a byte is forwarded (413 for a body over the limit, a closed connection for a client below the rate).
            var limits = GatewayLimits.From(builder.Configuration);
            kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodySize;
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(limits.MinBytesPerSecond, limits.RateGracePeriod);
            kestrel.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
        });
        builder.Services.AddGatewayIdentity(builder.Configuration);
        builder.Services.AddGatewayPolicies(builder.Configuration);
        builder.Services.AddGatewayCors(builder.Configuration);
        // Route field Timeout (YARP): the longest a route's request may take end to end; gRPC calls carry their own
        // deadline (grpc-timeout) to the service instead. A request cut off is answered DEADLINE_EXCEEDED / 504.
        builder.Services.AddRequestTimeouts(options => options.DefaultPolicy = new Microsoft.AspNetCore.Http.Timeouts.RequestTimeoutPolicy
        {
            // No timeout of its own: only routes that name one are cut off.
            Timeout = null,
            WriteTimeoutResponse = context => GatewayErrors.WriteAsync(context, StatusCode.DeadlineExceeded, GatewayMessages.ServiceTimedOut),
        });
        // The client's address behind a proxy the deployment trusts (an Ingress, a load balancer: Gateway__TrustedProxyNetworks__0…):
        // the rate limits per client address would otherwise count every client as the proxy. Loopback is trusted by default.
        builder.Services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor;
            foreach (var network in builder.Configuration.GetSection("Gateway:TrustedProxyNetworks").Get<string[]>() ?? [])
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        builder.Services.AddSingleton<CallerForwarding>();
        // The contracts the gateway fronts: its routes, retries and jurisdiction checks are generated from them.
        foreach (var source in GrpcDescriptorSource.Platform())
        {
            builder.Services.AddSingleton(source);
        }
        builder.Services.AddSingleton<ContractCatalog>();
        builder.Services.AddSingleton<ContractRoutes>();
        // The registry places units for the jurisdiction check (Services:registry, as for every peer).
        builder.Services.AddMemoryCache();
        builder.Services.AddUnitLookup();
        builder.Services.AddGatewayOutputCache(builder.Configuration);
        builder.Services.AddSingleton<Yarp.ReverseProxy.Configuration.IProxyConfigProvider>(sp => sp.GetRequiredService<ContractRoutes>());
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddTransforms(context => context.RequestTransforms.Add(context.Services.GetRequiredService<CallerForwarding>()));
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<AccessLog>();
        // Every answer the gateway gives, its own refusals and redirects included, is read as the type it names (the
        // portal's pages set it; the gateway's 401s, the sign-in redirects and the provider's errors did not).
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                if (!headers.ContainsKey("X-Content-Type-Options"))
                {
                    headers.XContentTypeOptions = "nosniff";
                }
                return Task.CompletedTask;
            }, context.Response);
            return next(context);
        });
        app.Use(GatewayErrors.CatchUnreadableRequestsAsync);
        app.UseMiddleware<GrpcBodyLimit>();
        app.Use(GatewayIdentity.AuthenticateAsync);
        app.UseRouting();
        app.UseCors();
        app.UseAuthorization();
        app.UseRequestTimeouts();
        app.UseRateLimiter();
        app.UseOutputCache();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = _ => false });
        app.MapReverseProxy(proxy =>
        {
            // YARP's default pipeline (session affinity, load balancing, passive health) with retries and error answers around it.
            proxy.UseMiddleware<JurisdictionGuard>();
            proxy.UseMiddleware<ForwardingOutcome>();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        // An address (or a method) no route serves: said in Chinese in the caller's protocol — a JSON or gRPC error for
        // API callers, a page with the way home for a browser (both were an empty 404 or 405).
        app.MapFallback("{**path}", context =>
        {
            var path = Platform.Domain.Quoting.Truncate(context.Request.Path.Value ?? "", 200);
            var what = $"{context.Request.Method} {path}";
            // A gRPC method no contract has is UNIMPLEMENTED (gRPC's own status for it: health checking and reflection
            // clients read it as "not offered here", any other status as a failure).
            if (GatewayErrors.IsGrpc(context.Request))
            {
                return GatewayErrors.WriteAsync(context, global::Grpc.Core.StatusCode.Unimplemented, GatewayMessages.NoSuchRoute(what));
            }
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                return GatewayErrors.WriteAsync(context, global::Grpc.Core.StatusCode.NotFound, GatewayMessages.NoSuchRoute(what));
            }
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/html; charset=utf-8";
            // A person reads the address only (the method is an API caller's word).
            return context.Response.WriteAsync(GatewayMessages.NoSuchPage(path));
        });
        return app;
    }
}

/// <summary>Gateway:Limits:* — request body size (bytes), the slowest body upload accepted and the header timeout.</summary>
internal sealed record GatewayLimits(long MaxRequestBodySize, double MinBytesPerSecond, TimeSpan RateGracePeriod, TimeSpan RequestHeadersTimeout)
{
    public static GatewayLimits From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Gateway:Limits");
        return new GatewayLimits(
            section.GetValue("MaxRequestBodyBytes", 16L * 1024 * 1024),
            section.GetValue("MinBytesPerSecond", 240d),
            TimeSpan.FromSeconds(section.GetValue("RateGracePeriodSeconds", 5d)),
            TimeSpan.FromSeconds(section.GetValue("RequestHeadersTimeoutSeconds", 15d)));
    }
}
