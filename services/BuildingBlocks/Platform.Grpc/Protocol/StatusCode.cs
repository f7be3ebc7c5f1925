namespace Platform.Grpc;

/// <summary>gRPC status codes (grpc/doc/statuscodes.md). Numeric values are part of the wire protocol.</summary>
public enum StatusCode
{
    OK = 0,
    Cancelled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    DataLoss = 15,
    Unauthenticated = 16,
}

/// <summary>The outcome of a call: code plus a human-readable detail (sent as grpc-message).</summary>
public readonly record struct Status(StatusCode Code, string Detail)
{
    public static readonly Status DefaultSuccess = new(StatusCode.OK, "");

    public override string ToString() => $"Status(StatusCode=\"{Code}\", Detail=\"{Detail}\")";
}

/// <summary>A call ended with a non-OK status. Thrown by clients; handlers may throw it to choose a status.</summary>
public sealed class RpcException : Exception
{
    public RpcException(Status status, Metadata? trailers = null, Exception? inner = null)
        : base($"{status}", inner)
    {
        Status = status;
        Trailers = trailers ?? new Metadata();
    }

    public RpcException(StatusCode code, string detail) : this(new Status(code, detail)) { }

    public Status Status { get; }
    public StatusCode StatusCode => Status.Code;
    public Metadata Trailers { get; }
}
