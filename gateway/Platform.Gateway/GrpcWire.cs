using System.Globalization;
using Grpc.Core;

namespace Platform.Gateway;

/// <summary>
/// What the gateway needs of gRPC's wire format to answer a call it does not forward (refusals, transcoded errors) and to
/// read a request's first message for the jurisdiction check. grpc/doc/PROTOCOL-HTTP2.md ("Requests", "Responses").
/// </summary>
internal static class GrpcWire
{
    public const string ContentType = "application/grpc";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string StatusTrailer = "grpc-status";
    public const string MessageTrailer = "grpc-message";
    public const string StatusDetailsTrailer = "grpc-status-details-bin";
    public const string TeHeader = "te";
    public const string TeTrailers = "trailers";
    public const string IdentityEncoding = "identity";

    /// <summary>Length-Prefixed-Message: 1 byte Compressed-Flag + 4 bytes big-endian Message-Length.</summary>
    public const int FrameHeaderSize = 5;

    /// <summary>"application/grpc" optionally followed by "+proto" (or another subtype) and parameters; gRPC-Web is "application/grpc-web…".</summary>
    public static bool IsGrpcContentType(string? contentType) =>
        contentType is not null
        && contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase)
        && (contentType.Length == ContentType.Length || contentType[ContentType.Length] is '+' or ';' or '-');

    public static string StatusText(StatusCode code) => ((int)code).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// grpc-message is percent-encoded UTF-8 (PROTOCOL-HTTP2.md "Responses"); encoding more than the spec requires is valid,
    /// and decoders must accept it.
    /// </summary>
    public static string EncodeMessage(string message) => Uri.EscapeDataString(message);

    public static string DecodeMessage(string encoded) => Uri.UnescapeDataString(encoded);

    /// <summary>The HTTP status a JSON client is given for a gRPC status: google/rpc/code.proto's mapping, which JSON transcoding follows.</summary>
    public static int ToHttpStatus(StatusCode code) => code switch
    {
        StatusCode.OK => 200,
        StatusCode.Cancelled => 499,
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange => 400,
        StatusCode.DeadlineExceeded => 504,
        StatusCode.NotFound => 404,
        StatusCode.AlreadyExists or StatusCode.Aborted => 409,
        StatusCode.PermissionDenied => 403,
        StatusCode.Unauthenticated => 401,
        StatusCode.ResourceExhausted => 429,
        StatusCode.Unimplemented => 501,
        StatusCode.Unavailable => 503,
        _ => 500,
    };
}
