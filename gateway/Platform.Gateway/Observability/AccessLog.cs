using Grpc.Core;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Platform.Grpc;
using Yarp.ReverseProxy.Model;

namespace Platform.Gateway.Observability;

/// <summary>
/// First in the pipeline: gives every request an id (the client's x-request-id when it is a plain token, else a new one),
/// forwards it and returns it, and writes one access-log line per request when it ends: method, path (never the query,
/// which may carry search text), status, gRPC status, route, destination, subject and duration. Tokens are never logged.
/// Trace context (traceparent) is propagated by the forwarder's HttpClient.
/// </summary>
internal sealed partial class AccessLog(RequestDelegate next, ILogger<AccessLog> logger, TimeProvider time)
{
    public const string RequestIdHeader = "x-request-id";

    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        var requestId = context.Request.Headers[RequestIdHeader].ToString();
        if (!RequestIdPattern().IsMatch(requestId))
        {
            requestId = Activity.Current?.TraceId.ToHexString() ?? Guid.NewGuid().ToString("N");
            context.Request.Headers[RequestIdHeader] = requestId;
        }
        context.TraceIdentifier = requestId;
        // Set as the response starts, so that a response replayed from the output cache carries this request's id.
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[RequestIdHeader] = http.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        try
        {
            await next(context);
        }
        finally
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                var proxy = context.Features.Get<Yarp.ReverseProxy.Model.IReverseProxyFeature>();
                Logged(logger, context.Request.Method, context.Request.Path.Value ?? "", context.Response.StatusCode, GrpcStatus(context),
                    proxy?.Route.Config.RouteId ?? "-", proxy?.ProxiedDestination?.DestinationId ?? "-",
                    context.User.Identity?.Name ?? "-", requestId, time.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    private static string GrpcStatus(HttpContext context)
    {
        var trailers = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
        if (trailers is not null && trailers.TryGetValue(GrpcWire.StatusTrailer, out var fromTrailers))
        {
            return fromTrailers.ToString();
        }
        return context.Response.Headers.TryGetValue(GrpcWire.StatusTrailer, out var fromHeaders) ? fromHeaders.ToString() : "-";
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$")]
    private static partial Regex RequestIdPattern();

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, EventName = "Access",
        Message = "{Method} {Path} {Status} grpc-status={GrpcStatus} route={Route} destination={Destination} subject={Subject} request={RequestId} {ElapsedMs:0.0} ms")]
    private static partial void Logged(ILogger logger, string method, string path, int status, string grpcStatus, string route, string destination,
        string subject, string requestId, double elapsedMs);
}
