using System.Net;
using Grpc.AspNetCore.HealthChecks;
using Grpc.AspNetCore.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Platform.Grpc;
using Platform.Grpc.Security;

namespace Platform.ServiceDefaults;

/// <summary>
/// Shared defaults for every host (eShop's ServiceDefaults): settings from environment variables (Platform__GrpcPort,
/// Platform__CallerSigningKey, …), logging, Kestrel, telemetry, health and the gRPC runtime as the platform configures it.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        var settings = builder.AddHostDefaults(serviceName);
        builder.Services.AddPlatformGrpc(new PlatformGrpcServerOptions
        {
            MaxReceiveMessageSize = settings.MaxReceiveMessageSize,
            MaxSendMessageSize = settings.MaxReceiveMessageSize,
            EnableDetailedErrors = settings.DetailedErrors,
        });
        builder.Services.AddGrpcReflection();
        // grpc.health.v1: the whole server ("") and each mapped service are SERVING when the readiness checks pass.
        builder.Services.AddGrpcHealthChecks(options =>
        {
            options.Services.Clear();
            options.Services.Map("", HealthServiceNames.IsReady);
        }).AddCheck<HostLifetimeCheck>("host", tags: [ReadyTag]);
        builder.Services.AddSingleton<HealthServiceNames.Endpoints>();
        builder.Services.AddHostedService<HealthServiceNames>();
        return builder;
    }

    /// <summary>
    /// What every host of the platform shares, services and gateway alike: settings, logging, the two Kestrel ports,
    /// telemetry, the clock, health checks, the caller token codec and graceful shutdown. No gRPC services: the gateway
    /// forwards gRPC instead of serving it.
    /// </summary>
    public static PlatformHostSettings AddHostDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        var settings = PlatformHostSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);

        ConfigureLogging(builder);
        ConfigureKestrel(builder, settings);
        ConfigureTelemetry(builder, serviceName);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHealthChecks();
        builder.Services.AddSingleton(new CallerSigningOptions { Key = settings.CallerSigningKey });
        builder.Services.AddSingleton<CallerTokenCodec>();
        // Graceful shutdown: Kestrel stops accepting, then waits this long for in-flight calls to finish.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownTimeout);
        return settings;
    }

    /// <summary>gRPC-Web for every service, grpc.health.v1, server reflection, and HTTP /health/live and /health/ready.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // gRPC-Web (Grpc.AspNetCore.Web) on every gRPC endpoint, so that a browser can use the generated clients (through
        // the gateway; HTTP/1.1 is enough).
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.UseJsonRequestCheck();
        if (app.Services.GetService<HealthServiceNames.Endpoints>() is { } endpoints)
        {
            endpoints.Routes = app;
        }
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag) });
        return app;
    }

    private static void ConfigureLogging(WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (string.Equals(builder.Configuration["Logging:Format"], "simple", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.IncludeScopes = false; });
        }
        else
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
            });
        }
        // Puts TraceId/SpanId into every log scope, beside ASP.NET's RequestId.
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
    }

    private static void ConfigureKestrel(WebApplicationBuilder builder, PlatformHostSettings settings)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var address = IPAddress.Parse(settings.BindAddress);
            // gRPC port: HTTP/2 only. On cleartext, Http1AndHttp2 would silently fall back to HTTP/1.1
            // and real gRPC clients fail (platform-notes, wire protocol §1).
            kestrel.Listen(address, settings.GrpcPort, l => l.Protocols = HttpProtocols.Http2);
            // Management port: HTTP/1.1 for probes and humans (curl, Kubernetes httpGet).
            if (settings.HttpPort >= 0)
            {
                kestrel.Listen(address, settings.HttpPort, l => l.Protocols = HttpProtocols.Http1);
            }
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
        });
    }

    private static void ConfigureTelemetry(WebApplicationBuilder builder, string serviceName)
    {
        // Only when an OTLP endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT): a listener makes ASP.NET Core, gRPC and
        // HttpClient create and record an Activity per call, which nobody would read otherwise.
        if (string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return;
        }
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddSource("Microsoft.AspNetCore", "System.Net.Http", "Grpc.Net.Client", "MassTransit", "Platform.*")
                .AddOtlpExporter())
            .WithMetrics(metrics => metrics
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "Grpc.AspNetCore.Server",
                    "Grpc.Net.Client", "MassTransit", "Platform.*")
                .AddOtlpExporter());
    }
}

/// <summary>Host settings read from configuration (environment variables Platform__*).</summary>
public sealed record PlatformHostSettings(
    string BindAddress,
    int GrpcPort,
    int HttpPort,
    byte[] CallerSigningKey,
    int MaxReceiveMessageSize,
    bool DetailedErrors,
    TimeSpan ShutdownTimeout)
{
    public static PlatformHostSettings From(IConfiguration config)
    {
        var section = config.GetSection("Platform");
        var keyText = section["CallerSigningKey"];
        // Required: a key made up per process would let a service start whose callers no peer can verify.
        // `platform run` supplies the embedded default's key from its data directory.
        if (string.IsNullOrEmpty(keyText))
        {
            throw new InvalidOperationException(
                "Platform__CallerSigningKey is not set: every service of a deployment needs the same base64 key of at least 32 bytes.");
        }
        byte[] key;
        try
        {
            key = Convert.FromBase64String(keyText);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Platform__CallerSigningKey must be base64 (at least 32 bytes).");
        }
        return new PlatformHostSettings(
            section["BindAddress"] ?? "127.0.0.1",
            section.GetValue("GrpcPort", 5080),
            section.GetValue("HttpPort", 5081),
            key,
            section.GetValue("MaxReceiveMessageSize", 16 * 1024 * 1024),
            section.GetValue("DetailedErrors", false),
            TimeSpan.FromSeconds(section.GetValue("ShutdownTimeoutSeconds", 30)));
    }
}
