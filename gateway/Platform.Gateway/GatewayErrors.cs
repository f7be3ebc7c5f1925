using Grpc.Core;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Grpc;

namespace Platform.Gateway;

/// <summary>
/// How the gateway refuses a request it does not forward, in the caller's own protocol: a gRPC client gets a
/// trailers-only response (HTTP 200, grpc-status and grpc-message in the headers; PROTOCOL-HTTP2.md "Responses"),
/// since most gRPC clients report a bare 401 or 429 as a transport error; everyone else gets the HTTP status of
/// google/rpc/code.proto and the JSON error body the transcoder uses: {"code", "message", "details"}.
/// </summary>
internal static class GatewayErrors
{
    public static bool IsGrpc(HttpRequest request) => GrpcWire.IsGrpcContentType(request.ContentType);

    /// <param name="httpStatus">For JSON callers, a more precise HTTP status than the code's mapping (413 for a body over the limit).</param>
    public static Task WriteAsync(HttpContext context, StatusCode code, string message, IReadOnlyList<FieldDetail>? details = null, int? httpStatus = null)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            // Nothing honest can be added to a response already under way: end it.
            context.Abort();
            return Task.CompletedTask;
        }
        response.Headers.Remove("Content-Length");
        if (IsGrpc(context.Request))
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = GrpcWire.ContentType;
            response.Headers[GrpcWire.StatusTrailer] = GrpcWire.StatusText(code);
            response.Headers[GrpcWire.MessageTrailer] = GrpcWire.EncodeMessage(message);
            return Task.CompletedTask;
        }
        response.StatusCode = httpStatus ?? GrpcWire.ToHttpStatus(code);
        response.ContentType = "application/json; charset=utf-8";
        return response.WriteAsync(JsonSerializer.Serialize(new ErrorBody(CodeName(code), message, details ?? []), GatewayJson.Default.ErrorBody));
    }

    /// <summary>
    /// Middleware: a request Kestrel refused while it was being read (a body over the limit, a malformed request) gets an
    /// answer in the caller's protocol. A client below the minimum data rate has its connection closed by Kestrel.
    /// </summary>
    public static async Task CatchUnreadableRequestsAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            await (ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? WriteAsync(context, StatusCode.ResourceExhausted,
                    $"the request body exceeds the gateway's limit of {context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize} bytes",
                    httpStatus: StatusCodes.Status413PayloadTooLarge)
                : WriteAsync(context, StatusCode.InvalidArgument, "the request could not be read"));
        }
    }

    /// <summary>The canonical name of a code as google/rpc/code.proto spells it (INVALID_ARGUMENT, NOT_FOUND, …).</summary>
    public static string CodeName(StatusCode code) => code switch
    {
        StatusCode.OK => "OK",
        StatusCode.Cancelled => "CANCELLED",
        StatusCode.Unknown => "UNKNOWN",
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        StatusCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.AlreadyExists => "ALREADY_EXISTS",
        StatusCode.PermissionDenied => "PERMISSION_DENIED",
        StatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.Aborted => "ABORTED",
        StatusCode.OutOfRange => "OUT_OF_RANGE",
        StatusCode.Unimplemented => "UNIMPLEMENTED",
        StatusCode.Internal => "INTERNAL",
        StatusCode.Unavailable => "UNAVAILABLE",
        StatusCode.DataLoss => "DATA_LOSS",
        StatusCode.Unauthenticated => "UNAUTHENTICATED",
        _ => ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>One field of a refused request and why (google.rpc.BadRequest.FieldViolation).</summary>
internal sealed record FieldDetail(string Field, string Description);

internal sealed record ErrorBody(string Code, string Message, IReadOnlyList<FieldDetail> Details);

[System.Text.Json.Serialization.JsonSerializable(typeof(ErrorBody))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class GatewayJson : System.Text.Json.Serialization.JsonSerializerContext;
