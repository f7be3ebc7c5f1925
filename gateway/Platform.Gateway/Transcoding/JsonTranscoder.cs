using Grpc.Core;
using System.Buffers.Binary;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using BadRequest = Google.Rpc.BadRequest;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Platform.Gateway.Forwarding;
using Platform.Grpc;
using Yarp.ReverseProxy.Model;

namespace Platform.Gateway.Transcoding;

/// <summary>
/// JSON endpoints for portals and publication sites on top of the services' gRPC methods. A route whose metadata names
/// "Transcode" (package.Service/Method) is rewritten in place into a gRPC call — POST to the method's path, the message
/// built by <see cref="JsonRequestMapper"/> in one frame — and goes through the same forwarding as gRPC clients (load
/// balancing, health, retries of idempotent methods). The gRPC answer is turned back: messages in the protobuf JSON
/// mapping (a server stream as a JSON array), a status as the HTTP status of google/rpc/code.proto with the JSON error
/// body {code, message, details[{field, description}]} taken from grpc-status-details-bin (google.rpc.BadRequest).
/// Route metadata "Transcode.CacheSeconds" marks a public read as cacheable for that long (the output cache honours it).
/// </summary>
internal sealed class JsonTranscoder(RequestDelegate next, GrpcMethodCatalog methods)
{
    public const string MetadataKey = "Transcode";
    public const string CacheSecondsKey = "Transcode.CacheSeconds";
    private const int MaxJsonBodyBytes = 4 * 1024 * 1024;

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public async Task InvokeAsync(HttpContext context)
    {
        var route = context.GetReverseProxyFeature().Route.Config;
        if (route.Metadata?.GetValueOrDefault(MetadataKey) is not { Length: > 0 } target)
        {
            await next(context);
            return;
        }
        var path = "/" + target.TrimStart('/');
        var method = methods.Find(path) ?? throw new InvalidOperationException($"Route '{route.RouteId}' transcodes to unknown method {path}.");
        var request = context.Request;

        IMessage message;
        try
        {
            var body = request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0 ? await ReadBodyAsync(request) : null;
            message = JsonRequestMapper.Build(method.InputType, request.RouteValues, request.Query, body);
        }
        catch (TranscodingException ex)
        {
            await GatewayErrors.WriteAsync(context, StatusCode.InvalidArgument, $"{ex.Field}: {ex.Reason}", [new FieldDetail(ex.Field, ex.Reason)]);
            return;
        }
        context.Items[typeof(IMessage)] = message;

        var frame = Frame(message);
        var (originalMethod, originalPath, originalQuery, originalContentType) = (request.Method, request.Path, request.QueryString, request.ContentType);
        request.Method = HttpMethods.Post;
        request.Path = path;
        request.QueryString = QueryString.Empty;
        request.ContentType = GrpcWire.ContentType;
        request.ContentLength = frame.Length;
        request.Body = new MemoryStream(frame, writable: false);
        request.Headers[GrpcWire.TeHeader] = GrpcWire.TeTrailers;
        request.Headers[GrpcWire.AcceptEncodingHeader] = GrpcWire.IdentityEncoding;
        request.Headers.Remove(GrpcWire.EncodingHeader);
        request.Headers.Remove("Accept-Encoding");
        context.Features.Set<IHttpRequestBodyDetectionFeature>(new HasBody());

        var originalBody = context.Features.Get<IHttpResponseBodyFeature>()!;
        var originalTrailers = context.Features.Get<IHttpResponseTrailersFeature>();
        var captured = new MemoryStream();
        var trailers = new CapturedTrailers();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(captured));
        context.Features.Set<IHttpResponseTrailersFeature>(trailers);
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(originalBody);
            context.Features.Set(originalTrailers);
            // The caller asked in JSON: answers (and the access log) see the request as it came.
            (request.Method, request.Path, request.QueryString, request.ContentType) = (originalMethod, originalPath, originalQuery, originalContentType);
        }
        await AnswerAsync(context, method, captured, trailers.Trailers, route.Metadata.GetValueOrDefault(CacheSecondsKey));
    }

    /// <summary>The JSON body; its size is already bounded by Kestrel's request body limit (Gateway:Limits:MaxRequestBodyBytes).</summary>
    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (body.Length > MaxJsonBodyBytes)
        {
            throw new TranscodingException("body", $"is larger than {MaxJsonBodyBytes} characters");
        }
        return body;
    }

    private static async Task AnswerAsync(HttpContext context, MethodDescriptor method, MemoryStream captured, IHeaderDictionary trailers, string? cacheSeconds)
    {
        var response = context.Response;
        var headers = response.Headers;
        var statusText = headers[GrpcWire.StatusTrailer].ToString() is { Length: > 0 } inHeaders ? inHeaders : trailers[GrpcWire.StatusTrailer].ToString();
        var detailsText = headers[GrpcWire.StatusDetailsTrailer].ToString() is { Length: > 0 } d ? d : trailers[GrpcWire.StatusDetailsTrailer].ToString();
        var grpcMessage = GrpcWire.DecodeMessage(headers[GrpcWire.MessageTrailer].ToString() is { Length: > 0 } m ? m : trailers[GrpcWire.MessageTrailer].ToString());
        foreach (var name in headers.Keys.Where(k => k.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            headers.Remove(name);
        }
        headers.ContentLength = null;
        if (response.StatusCode != StatusCodes.Status200OK || !int.TryParse(statusText, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            // The service's HTTP layer failed (no gRPC status at all): the gateway cannot say more than that.
            await GatewayErrors.WriteAsync(context, StatusCode.Unavailable, $"'{method.Service.FullName}' gave no gRPC status");
            return;
        }
        if ((StatusCode)code != StatusCode.OK)
        {
            await GatewayErrors.WriteAsync(context, (StatusCode)code, grpcMessage, Details(detailsText));
            return;
        }
        var messages = Messages(captured.ToArray(), method.OutputType).Select(m => Formatter.Format(m)).ToList();
        response.ContentType = "application/json; charset=utf-8";
        if (int.TryParse(cacheSeconds, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            headers.CacheControl = $"public, max-age={seconds}";
        }
        await response.WriteAsync(method.IsServerStreaming ? "[" + string.Join(",", messages) + "]" : messages.SingleOrDefault() ?? "{}");
    }

    private static IEnumerable<IMessage> Messages(byte[] body, MessageDescriptor type)
    {
        var offset = 0;
        while (offset + GrpcWire.FrameHeaderSize <= body.Length)
        {
            if (body[offset] != 0)
            {
                throw new InvalidOperationException("A compressed message arrived though the gateway asked for identity encoding.");
            }
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(offset + 1));
            yield return type.Parser.ParseFrom(body, offset + GrpcWire.FrameHeaderSize, length);
            offset += GrpcWire.FrameHeaderSize + length;
        }
    }

    private static byte[] Frame(IMessage message)
    {
        var size = message.CalculateSize();
        var frame = new byte[GrpcWire.FrameHeaderSize + size];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)size);
        message.WriteTo(frame.AsSpan(GrpcWire.FrameHeaderSize));
        return frame;
    }

    /// <summary>Field violations of a google.rpc.Status with a BadRequest (base64 in the -bin trailer).</summary>
    private static List<FieldDetail> Details(string base64)
    {
        if (base64.Length == 0)
        {
            return [];
        }
        try
        {
            var status = Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=')));
            return status.Details.Where(a => a.Is(BadRequest.Descriptor))
                .SelectMany(a => a.Unpack<BadRequest>().FieldViolations)
                .Select(v => new FieldDetail(v.Field, v.Description))
                .ToList();
        }
        catch (Exception ex) when (ex is FormatException or InvalidProtocolBufferException)
        {
            return [];
        }
    }

    private sealed class HasBody : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }

    private sealed class CapturedTrailers : IHttpResponseTrailersFeature
    {
        public IHeaderDictionary Trailers { get; set; } = new HeaderDictionary();
    }
}
