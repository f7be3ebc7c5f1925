using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Platform.Grpc;

/// <summary>
/// Terminal for gRPC requests: looks the path up among bound methods. Unknown methods get
/// UNIMPLEMENTED as a Trailers-Only response with HTTP 200 (not a bare 404, which clients would
/// report as a transport error). Non-gRPC requests pass through to the rest of the app
/// (health endpoints, metrics).
/// </summary>
internal sealed class GrpcDispatcher(RequestDelegate next, GrpcServiceRegistry registry, IServiceProvider services, ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Platform.Grpc.Server");

    public Task InvokeAsync(HttpContext http)
    {
        var lookup = registry.Freeze(services);
        var path = http.Request.Path.Value ?? "";
        var isGrpc = GrpcProtocol.IsGrpcContentType(http.Request.ContentType);
        var found = lookup.TryGetValue(path, out var method);
        if (!isGrpc)
        {
            if (found)
            {
                // PROTOCOL-HTTP2.md: a request to a gRPC method with another content-type gets 415.
                http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                return Task.CompletedTask;
            }
            return next(http);
        }
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return Task.CompletedTask;
        }
        if (!found)
        {
            GrpcServerLog.MethodNotFound(_logger, path);
            http.Response.ContentType = GrpcProtocol.ContentType;
            http.Response.Headers[GrpcProtocol.StatusTrailer] = GrpcProtocol.StatusText(StatusCode.Unimplemented);
            http.Response.Headers[GrpcProtocol.MessageTrailer] = PercentEncoding.Encode($"Method is unimplemented: {path}");
            return Task.CompletedTask;
        }
        return method!.HandleAsync(http);
    }
}
