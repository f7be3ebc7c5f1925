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
using Microsoft.Extensions.Options;
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
        builder.AddHostDefaults(serviceName);
        builder.Services.AddOptions<PlatformGrpcServerOptions>().Configure<IOptions<PlatformOptions>>((grpc, platform) =>
        {
            grpc.MaxReceiveMessageSize = platform.Value.MaxReceiveMessageSize;
            grpc.MaxSendMessageSize = platform.Value.MaxReceiveMessageSize;
            grpc.EnableDetailedErrors = platform.Value.DetailedErrors;
        });
        builder.Services.AddPlatformGrpc();
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
    /// What every host of the platform shares, services and gateway alike: settings (validated at start-up), logging, the
    /// two Kestrel ports, telemetry, the clock, health checks, the caller token codec and graceful shutdown. No gRPC
    /// services: the gateway forwards gRPC instead of serving it.
    /// </summary>
    public static WebApplicationBuilder AddHostDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        if (builder.Environment.IsDevelopment() && string.IsNullOrEmpty(builder.Configuration["Platform:CallerSigningKey"]))
        {
            // A host started alone on a development machine (dotnet run --project …) signs with the data directory's key,
            // the one `platform run` and `platform token --internal` use. Never outside Development.
            builder.Configuration["Platform:CallerSigningKey"] = DevelopmentKeys.LoadOrCreate(DevelopmentKeys.DataDirectory(builder.Configuration));
        }
        builder.Services.AddOptions<PlatformOptions>().Bind(builder.Configuration.GetSection(PlatformOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PlatformOptions>, PlatformOptionsValidator>();

        ConfigureLogging(builder);
        ConfigureKestrel(builder);
        ConfigureTelemetry(builder, serviceName);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHealthChecks();
        builder.Services.AddSingleton(sp => new CallerSigningOptions { Key = sp.GetRequiredService<IOptions<PlatformOptions>>().Value.CallerSigningKeyBytes });
        builder.Services.AddSingleton<CallerTokenCodec>();
        // Graceful shutdown: Kestrel stops accepting, then waits this long for in-flight calls to finish.
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<PlatformOptions>>((host, platform) => host.ShutdownTimeout = platform.Value.ShutdownTimeout);
        return builder;
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
        // ASP.NET Core logs two lines at Information for every request (request starting, request finished): at the rates a
        // service answers, that is most of its log and a share of its CPU. Warning unless a deployment asks for more
        // (Logging__LogLevel__Microsoft.AspNetCore), as ASP.NET's own templates ship it.
        const string AspNetCoreLevel = "Logging:LogLevel:Microsoft.AspNetCore";
        if (builder.Configuration[AspNetCoreLevel] is null)
        {
            builder.Configuration[AspNetCoreLevel] = nameof(LogLevel.Warning);
        }
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

    private static void ConfigureKestrel(WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<PlatformOptions>>((kestrel, platform) =>
        {
            var settings = platform.Value;
            var address = settings.BindIpAddress;
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
