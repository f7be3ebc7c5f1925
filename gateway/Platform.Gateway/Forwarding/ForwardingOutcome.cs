using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Platform.Gateway.Contracts;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Platform.Gateway.Forwarding;

/// <summary>
/// The step of the proxy pipeline around load balancing and forwarding (YARP has no retries of its own):
/// an idempotent call — GET/HEAD, or a gRPC method declared NO_SIDE_EFFECTS or IDEMPOTENT in its proto — whose replica
/// could not be reached is sent once more to each other healthy replica while nothing has been answered yet; anything
/// else is never sent twice. A failure that remains is answered in the caller's protocol (gRPC UNAVAILABLE, not a bare 502).
/// </summary>
internal sealed partial class ForwardingOutcome(RequestDelegate next, ContractCatalog catalog, ILogger<ForwardingOutcome> logger)
{
    /// <summary>Bodies up to this size are kept in memory for a retry; larger ones spill to a temporary file.</summary>
    private const int MemoryBufferBytes = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        var idempotent = IsIdempotent(context.Request);
        var serverStream = IsServerStream(context);
        if (!idempotent)
        {
            await next(context);
            if (context.Features.Get<IForwarderErrorFeature>() is { } failure)
            {
                await AnswerAsync(context, failure);
            }
            return;
        }
        context.Request.EnableBuffering(MemoryBufferBytes);
        var body = context.Features.Get<IHttpResponseBodyFeature>()!;
        // A server stream is passed on as it comes (it is retried only until its first byte); anything else is held back.
        var held = new RetryableResponse(body, hold: !serverStream);
        context.Features.Set<IHttpResponseBodyFeature>(held);
        try
        {
            var candidates = proxy.AvailableDestinations;
            while (true)
            {
                await next(context);
                var error = context.Features.Get<IForwarderErrorFeature>();
                if (error is null)
                {
                    break;
                }
                var failed = proxy.ProxiedDestination;
                candidates = candidates.Where(d => !ReferenceEquals(d, failed)).ToList();
                if (held.Committed || context.Response.HasStarted || !IsRetriable(error.Error) || candidates.Count == 0 || context.RequestAborted.IsCancellationRequested)
                {
                    if (!held.Committed && !context.Response.HasStarted)
                    {
                        // What the failed attempt wrote is not part of the answer.
                        held.Discard();
                        context.Response.Headers.Clear();
                    }
                    await AnswerAsync(context, error);
                    break;
                }
                Retrying(logger, context.Request.Path.Value ?? "", failed?.DestinationId ?? "-", error.Error.ToString());
                // Nothing of the failed attempt has reached the client: forget it and send the call to another replica.
                proxy.AvailableDestinations = candidates;
                context.Request.Body.Position = 0;
                context.Features.Set<IForwarderErrorFeature>(null);
                held.Discard();
                context.Response.Headers.Clear();
                context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers.Clear();
                context.Response.StatusCode = StatusCodes.Status200OK;
            }
        }
        finally
        {
            context.Features.Set(body);
        }
        await held.ReleaseAsync(context.RequestAborted);
    }

    /// <summary>A server-streaming rpc, called over gRPC or as JSON (whose answer then streams as newline-delimited objects).</summary>
    private bool IsServerStream(HttpContext context)
    {
        var path = context.GetReverseProxyFeature().Route.Config.Metadata?.GetValueOrDefault(ContractRoutes.RpcKey)
            ?? (GatewayErrors.IsGrpc(context.Request) ? context.Request.Path.Value : null);
        return path is not null && catalog.Find(path)?.Method.IsServerStreaming == true;
    }

    private bool IsIdempotent(HttpRequest request) => GatewayErrors.IsGrpc(request)
        ? catalog.IsIdempotent(request.Path.Value ?? "")
        : HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);

    /// <summary>
    /// Failures on the replica's side, before anything reached the client: another replica can cure them. The client's own
    /// failures (it went away, its body broke) cannot be.
    /// </summary>
    private static bool IsRetriable(ForwarderError error) => error is ForwarderError.Request or ForwarderError.RequestTimedOut
        or ForwarderError.RequestBodyDestination or ForwarderError.ResponseBodyDestination or ForwarderError.ResponseHeaders;

    private static Task AnswerAsync(HttpContext context, IForwarderErrorFeature error)
    {
        if (context.Response.HasStarted || context.Features.Get<IHttpResponseBodyFeature>() is RetryableResponse { Committed: true })
        {
            // The service's answer is already on its way (a service may answer before reading the whole request body,
            // which YARP then reports as RequestBodyDestination); YARP has reset the stream itself if it had to.
            return Task.CompletedTask;
        }
        var cluster = context.GetReverseProxyFeature().Cluster.Config.ClusterId;
        if (context.Features.Get<Microsoft.AspNetCore.Http.Timeouts.IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true)
        {
            // The route's Timeout fired (it cancels the request, which YARP reports as RequestCanceled).
            return GatewayErrors.WriteAsync(context, StatusCode.DeadlineExceeded, GatewayMessages.ClusterTimedOut(cluster));
        }
        return error.Error switch
        {
            ForwarderError.NoAvailableDestinations => GatewayErrors.WriteAsync(context, StatusCode.Unavailable, GatewayMessages.NoHealthyReplica(cluster)),
            ForwarderError.Request => GatewayErrors.WriteAsync(context, StatusCode.Unavailable, GatewayMessages.Unreachable(cluster)),
            // The route's timeout or the cluster's activity timeout: a gateway timeout (504), not an unavailable service.
            ForwarderError.RequestTimedOut => GatewayErrors.WriteAsync(context, StatusCode.DeadlineExceeded, GatewayMessages.NotAnsweredInTime(cluster)),
            ForwarderError.RequestBodyClient when IsBodyTooLarge(error.Exception) => GatewayErrors.WriteAsync(context, StatusCode.ResourceExhausted,
                GatewayMessages.BodyTooLarge(context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize),
                httpStatus: StatusCodes.Status413PayloadTooLarge),
            // The body's copy cancelled while the client is still there: YARP stopped it because the replica could not be
            // reached (connection refused as the copy began — seen when a replica stops), and reports it as the client's.
            // The client is owed an answer; without one the connection was dropped mid-request ("response ended
            // prematurely"). Nothing reached the replica's handler, so saying it is unreachable is true.
            ForwarderError.RequestBodyClient or ForwarderError.RequestBodyCanceled
                when error.Exception is OperationCanceledException && !context.RequestAborted.IsCancellationRequested
                => GatewayErrors.WriteAsync(context, StatusCode.Unavailable, GatewayMessages.Unreachable(cluster)),
            // The client went away or broke its own request: nobody is left to answer, or the stream is already reset.
            ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled
                or ForwarderError.RequestBodyClient or ForwarderError.ResponseBodyClient => Task.CompletedTask,
            _ => GatewayErrors.WriteAsync(context, StatusCode.Unavailable, GatewayMessages.FailedWhileAnswering(cluster)),
        };
    }

    private static bool IsBodyTooLarge(Exception? exception) =>
        exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
        || exception?.InnerException is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge };

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Retrying idempotent {Path} on another replica after {Error} at {Destination}")]
    private static partial void Retrying(ILogger logger, string path, string destination, string error);
}
