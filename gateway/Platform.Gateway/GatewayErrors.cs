using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Platform.Gateway;

/// <summary>
/// How the gateway refuses a request it does not forward, in the caller's own protocol: a gRPC or gRPC-Web client gets a
/// trailers-only response (HTTP 200, grpc-status and grpc-message in the headers; PROTOCOL-HTTP2.md "Responses"), since
/// most gRPC clients report a bare 401 or 429 as a transport error; everyone else gets the HTTP status of
/// google/rpc/code.proto and the same JSON error body the services' JSON transcoding writes — google.rpc.Status in the
/// protobuf JSON mapping: {"code": 7, "message": "…", "details": []}.
/// </summary>
internal static class GatewayErrors
{
    public static bool IsGrpc(HttpRequest request) => GrpcWire.IsGrpcContentType(request.ContentType);

    public static bool IsGrpcWebText(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc-web-text", StringComparison.OrdinalIgnoreCase) == true;

    /// <param name="httpStatus">For JSON callers, a more precise HTTP status than the code's mapping (413 for a body over the limit).</param>
    /// <param name="field">The request field at fault, for a google.rpc.BadRequest detail a form can point with (JSON callers).</param>
    public static Task WriteAsync(HttpContext context, StatusCode code, string message, int? httpStatus = null, string? field = null)
    {
        // As in the services: a message is bounded, whatever it quotes (it becomes a header for gRPC callers).
        message = Platform.Domain.Quoting.Truncate(message, 500);
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
            // gRPC-Web clients expect their own content type back (and read a trailers-only status from the headers too).
            response.ContentType = context.Request.ContentType!.Split(';')[0].Split('+')[0];
            response.Headers[GrpcWire.StatusTrailer] = GrpcWire.StatusText(code);
            response.Headers[GrpcWire.MessageTrailer] = GrpcWire.EncodeMessage(message);
            return Task.CompletedTask;
        }
        response.StatusCode = httpStatus ?? GrpcWire.ToHttpStatus(code);
        response.ContentType = "application/json; charset=utf-8";
        IReadOnlyList<JsonElement> details = field is null ? [] :
        [
            JsonSerializer.SerializeToElement(new Dictionary<string, object>
            {
                ["@type"] = "type.googleapis.com/google.rpc.BadRequest",
                ["fieldViolations"] = new[] { new Dictionary<string, string> { ["field"] = field, ["description"] = message } },
            }),
        ];
        return response.WriteAsync(JsonSerializer.Serialize(new ErrorBody((int)code, message, details), ErrorJson));
    }

    /// <summary>Chinese and quotes as they are (the body is JSON, never embedded in HTML), as JSON transcoding writes them.</summary>
    private static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<ErrorBody> ErrorJson =
        (System.Text.Json.Serialization.Metadata.JsonTypeInfo<ErrorBody>)new JsonSerializerOptions
        {
            TypeInfoResolver = GatewayJson.Default,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }.GetTypeInfo(typeof(ErrorBody));

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
                    GatewayMessages.BodyTooLarge(context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize),
                    httpStatus: StatusCodes.Status413PayloadTooLarge)
                : WriteAsync(context, StatusCode.InvalidArgument, GatewayMessages.RequestUnreadable));
        }
    }
}

/// <summary>google.rpc.Status in the protobuf JSON mapping, as JSON transcoding writes it.</summary>
internal sealed record ErrorBody(int Code, string Message, IReadOnlyList<JsonElement> Details);

[System.Text.Json.Serialization.JsonSerializable(typeof(ErrorBody))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class GatewayJson : System.Text.Json.Serialization.JsonSerializerContext;
