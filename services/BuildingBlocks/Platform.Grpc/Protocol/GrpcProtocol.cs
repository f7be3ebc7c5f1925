namespace Platform.Grpc;

/// <summary>
/// Protocol constants of gRPC over HTTP/2, kept in one place.
/// Reference: grpc/doc/PROTOCOL-HTTP2.md ("Requests", "Responses") and the notes in ../shared/platform-notes.md.
/// </summary>
internal static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string StatusTrailer = "grpc-status";
    public const string MessageTrailer = "grpc-message";
    public const string StatusDetailsTrailer = "grpc-status-details-bin";
    public const string TeHeader = "te";
    public const string TeTrailers = "trailers";
    public const string UserAgentHeader = "user-agent";
    public const string BinarySuffix = "-bin";

    public const string IdentityEncoding = "identity";
    public const string GzipEncoding = "gzip";
    public const string SupportedEncodings = "identity,gzip";

    /// <summary>Length-Prefixed-Message: 1 byte Compressed-Flag + 4 bytes big-endian Message-Length.</summary>
    public const int FrameHeaderSize = 5;

    public const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>
    /// "application/grpc" optionally followed by "+proto" (or another subtype) and parameters.
    /// Anything else is not gRPC (PROTOCOL-HTTP2.md: Content-Type).
    /// </summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (contentType.Length == ContentType.Length)
        {
            return true;
        }
        var next = contentType[ContentType.Length];
        return next is '+' or ';';
    }

    /// <summary>Headers that belong to the protocol itself and are never surfaced as call metadata.</summary>
    public static bool IsReservedHeader(string name) =>
        name.StartsWith(':')
        || name.Equals("content-type", StringComparison.OrdinalIgnoreCase)
        || name.Equals(TeHeader, StringComparison.OrdinalIgnoreCase)
        || name.Equals(TimeoutHeader, StringComparison.OrdinalIgnoreCase)
        || name.Equals(EncodingHeader, StringComparison.OrdinalIgnoreCase)
        || name.Equals(AcceptEncodingHeader, StringComparison.OrdinalIgnoreCase)
        || name.Equals(StatusTrailer, StringComparison.OrdinalIgnoreCase)
        || name.Equals(MessageTrailer, StringComparison.OrdinalIgnoreCase)
        || name.Equals("content-length", StringComparison.OrdinalIgnoreCase)
        || name.Equals("host", StringComparison.OrdinalIgnoreCase);

    private static readonly string[] StatusTexts = Enumerable.Range(0, 17).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>grpc-status header text, without allocating for the 17 defined codes.</summary>
    public static string StatusText(StatusCode code) =>
        (uint)code < StatusTexts.Length ? StatusTexts[(int)code] : ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The status a client infers from a non-200 HTTP response (grpc/doc/http-grpc-status-mapping.md).</summary>
    public static StatusCode FromHttpStatus(int httpStatus) => httpStatus switch
    {
        400 => StatusCode.Internal,
        401 => StatusCode.Unauthenticated,
        403 => StatusCode.PermissionDenied,
        404 => StatusCode.Unimplemented,
        429 or 502 or 503 or 504 => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    /// <summary>
    /// The HTTP status a JSON client is given for a gRPC status: google/rpc/code.proto's mapping, which HTTP/JSON
    /// transcoders (google.api.http, ASP.NET Core's JSON transcoding) follow.
    /// </summary>
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
