using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Platform.Grpc;

/// <summary>Server settings every service shares (Platform:* in configuration).</summary>
public sealed class PlatformGrpcServerOptions
{
    /// <summary>Largest request message accepted (after decompression); larger → RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>Largest response message sent; larger → RESOURCE_EXHAUSTED.</summary>
    public int MaxSendMessageSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>Put exception messages of unexpected errors into grpc-message. Off in production: they may hold internals.</summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>
    /// Gzip every response whose client accepts it (grpc-accept-encoding). Off by default: Grpc.Net.Client accepts gzip on
    /// every call, and between services on one network compression costs more CPU than it saves. Compressed requests are
    /// always accepted, and a handler may compress one call's response.
    /// </summary>
    public bool CompressResponses { get; set; }
}

public static class PlatformGrpcServerExtensions
{
    /// <summary>
    /// Checks JSON requests strictly against their rpc's request message before JSON transcoding reads them, naming every
    /// bad field (<see cref="Json.JsonRequestCheck"/>). Place after routing (WebApplication routes first).
    /// </summary>
    public static IApplicationBuilder UseJsonRequestCheck(this IApplicationBuilder app) => app.UseMiddleware<Json.JsonRequestCheck>();

    /// <summary>The messages a status detail may carry (google.rpc error_details.proto), for JSON transcoding's Any.</summary>
    public static TypeRegistry StatusDetailTypes { get; } = TypeRegistry.FromFiles(ErrorDetailsReflection.Descriptor);

    /// <summary>
    /// Grpc.AspNetCore as every service of the platform configures it: the platform's interceptor, message size limits,
    /// gzip, and JSON transcoding of every rpc's google.api.http route (Microsoft.AspNetCore.Grpc.JsonTranscoding) in the
    /// protobuf JSON mapping — int64 as strings, default values written, errors as google.rpc.Status with its details.
    /// </summary>
    public static IGrpcServerBuilder AddPlatformGrpc(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PlatformServerInterceptor>();
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<PlatformGrpcServerOptions>>((grpc, platform) =>
        {
            var options = platform.Value;
            grpc.MaxReceiveMessageSize = options.MaxReceiveMessageSize;
            grpc.MaxSendMessageSize = options.MaxSendMessageSize;
            grpc.EnableDetailedErrors = options.EnableDetailedErrors;
            // gzip is among the default providers: compressed requests are always read.
            if (options.CompressResponses)
            {
                grpc.ResponseCompressionAlgorithm = "gzip";
                grpc.ResponseCompressionLevel = System.IO.Compression.CompressionLevel.Fastest;
            }
        });
        var builder = services.AddGrpc(grpc => grpc.Interceptors.Add<PlatformServerInterceptor>());
        builder.AddJsonTranscoding(json =>
        {
            json.TypeRegistry = StatusDetailTypes;
            json.JsonSettings = new Microsoft.AspNetCore.Grpc.JsonTranscoding.GrpcJsonSettings
            {
                WriteInt64sAsStrings = true,
                IgnoreDefaultValues = false,
            };
        });
        return builder;
    }
}
