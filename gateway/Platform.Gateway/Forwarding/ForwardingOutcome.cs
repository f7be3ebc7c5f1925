using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Platform.Grpc;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Platform.Gateway.Forwarding;

/// <summary>
/// The step of the proxy pipeline around load balancing and forwarding (YARP has no retries of its own):
/// an idempotent call — GET/HEAD, or a gRPC method declared NO_SIDE_EFFECTS or IDEMPOTENT in its proto — whose replica
/// could not be reached is sent once more to each other healthy replica while nothing has been answered yet; anything
/// else is never sent twice. A failure that remains is answered in the caller's protocol (gRPC UNAVAILABLE, not a bare 502).
/// </summary>
internal sealed partial class ForwardingOutcome(RequestDelegate next, GrpcMethodCatalog methods, ILogger<ForwardingOutcome> logger)
{
    /// <summary>Bodies up to this size are kept in memory for a retry; larger ones spill to a temporary file.</summary>
    private const int MemoryBufferBytes = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        var idempotent = IsIdempotent(context.Request);
        if (idempotent)
        {
            context.Request.EnableBuffering(MemoryBufferBytes);
        }
        var candidates = proxy.AvailableDestinations;
        while (true)
        {
            await next(context);
            var error = context.Features.Get<IForwarderErrorFeature>();
            if (error is null)
            {
                return;
            }
            var failed = proxy.ProxiedDestination;
            candidates = candidates.Where(d => !ReferenceEquals(d, failed)).ToList();
            if (!idempotent || context.Response.HasStarted || !IsUnreachable(error.Error) || candidates.Count == 0 || context.RequestAborted.IsCancellationRequested)
            {
                await AnswerAsync(context, error);
                return;
            }
            Retrying(logger, context.Request.Path.Value ?? "", failed?.DestinationId ?? "-", error.Error.ToString());
            proxy.AvailableDestinations = candidates;
            context.Request.Body.Position = 0;
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
    }

    private bool IsIdempotent(HttpRequest request) => GatewayErrors.IsGrpc(request)
        ? methods.IsIdempotent(request.Path.Value ?? "")
        : HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);

    /// <summary>The replica was not reached or did not answer: the only failures another replica can cure.</summary>
    private static bool IsUnreachable(ForwarderError error) => error is ForwarderError.Request or ForwarderError.RequestTimedOut;

    private static Task AnswerAsync(HttpContext context, IForwarderErrorFeature error)
    {
        if (context.Response.HasStarted)
        {
            // The service's answer is already on its way (a service may answer before reading the whole request body,
            // which YARP then reports as RequestBodyDestination); YARP has reset the stream itself if it had to.
            return Task.CompletedTask;
        }
        var cluster = context.GetReverseProxyFeature().Cluster.Config.ClusterId;
        return error.Error switch
        {
            ForwarderError.NoAvailableDestinations => GatewayErrors.WriteAsync(context, StatusCode.Unavailable, $"no healthy replica of '{cluster}' is available"),
            ForwarderError.Request => GatewayErrors.WriteAsync(context, StatusCode.Unavailable, $"'{cluster}' could not be reached"),
            ForwarderError.RequestTimedOut => GatewayErrors.WriteAsync(context, StatusCode.Unavailable, $"'{cluster}' did not answer in time"),
            ForwarderError.RequestBodyClient when IsBodyTooLarge(error.Exception) => GatewayErrors.WriteAsync(context, StatusCode.ResourceExhausted,
                $"the request body exceeds the gateway's limit of {context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize} bytes",
                httpStatus: StatusCodes.Status413PayloadTooLarge),
            // The client went away or broke its own request: nobody is left to answer, or the stream is already reset.
            ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled
                or ForwarderError.RequestBodyClient or ForwarderError.ResponseBodyClient => Task.CompletedTask,
            _ => GatewayErrors.WriteAsync(context, StatusCode.Unavailable, $"'{cluster}' failed while answering"),
        };
    }

    private static bool IsBodyTooLarge(Exception? exception) =>
        exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
        || exception?.InnerException is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge };

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Retrying idempotent {Path} on another replica after {Error} at {Destination}")]
    private static partial void Retrying(ILogger logger, string path, string destination, string error);
}
