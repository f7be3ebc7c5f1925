using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Status = Grpc.Core.Status;
using Platform.Domain;

namespace Platform.Grpc;

/// <summary>
/// The one place where exceptions become gRPC statuses. Domain errors map to their codes; invalid input carries a
/// google.rpc.Status with a BadRequest (one FieldViolation per field) in grpc-status-details-bin (Grpc.StatusProto), the
/// richer error model of https://google.aip.dev/193, so that a form can point at the exact field — stock clients decode it,
/// and JSON transcoding writes it as the "details" of its error body. Anything else is left to the runtime (UNKNOWN, the
/// exception logged, its message sent only with EnableDetailedErrors).
/// </summary>
public static class ExceptionStatusMapper
{
    /// <summary>The RpcException for a domain exception; null when the exception is not the platform's to map.</summary>
    public static RpcException? Map(Exception exception) => exception switch
    {
        RpcException => null,
        ValidationException validation => BadRequest(validation),
        NotFoundException => Plain(StatusCode.NotFound, exception),
        ConcurrencyConflictException => Plain(StatusCode.Aborted, exception),
        ConflictException => Plain(StatusCode.AlreadyExists, exception),
        PreconditionFailedException => Plain(StatusCode.FailedPrecondition, exception),
        ForbiddenException => Plain(StatusCode.PermissionDenied, exception),
        UnauthenticatedException => Plain(StatusCode.Unauthenticated, exception),
        _ => null,
    };

    // A status travels in HTTP/2 headers (grpc-message, grpc-status-details-bin), which peers cap (HPACK header lists,
    // SocketsHttpHandler's MaxResponseHeadersLength of 64 KiB): a message that quoted a huge value whole would break the
    // connection instead of reporting the mistake, and make a proxy count a bad request as a dead destination. Whatever
    // a rule wrote, what leaves here is bounded.

    /// <summary>Characters of a status message (grpc-message, percent-encoded UTF-8: up to 9 bytes each).</summary>
    internal const int MaxMessageLength = 500;

    /// <summary>Characters of one field violation's field path and description.</summary>
    internal const int MaxViolationTextLength = 300;

    /// <summary>Bytes of the serialized google.rpc.Status (base64 adds a third in the header).</summary>
    internal const int MaxDetailsBytes = 16 * 1024;

    private static RpcException Plain(StatusCode code, Exception exception) =>
        new(new Status(code, Quoting.Truncate(exception.Message, MaxMessageLength)));

    private static RpcException BadRequest(ValidationException validation)
    {
        var badRequest = new BadRequest();
        foreach (var error in validation.Errors)
        {
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation
            {
                Field = Quoting.Truncate(error.Field, MaxViolationTextLength),
                Description = Quoting.Truncate(error.Reason, MaxViolationTextLength),
                Reason = Quoting.Truncate(error.Code ?? "", MaxViolationTextLength),
            });
        }
        var message = Quoting.Truncate(validation.Message, MaxMessageLength);
        var status = new Google.Rpc.Status { Code = (int)Code.InvalidArgument, Message = message, Details = { Any.Pack(badRequest) } };
        var dropped = 0;
        while (status.CalculateSize() > MaxDetailsBytes && badRequest.FieldViolations.Count > 1)
        {
            // Thousands of bad cells: the first ones are reported, and the message says how many more there are.
            badRequest.FieldViolations.RemoveAt(badRequest.FieldViolations.Count - 1);
            dropped++;
            status.Details[0] = Any.Pack(badRequest);
        }
        if (dropped > 0)
        {
            status.Message = Quoting.Truncate(GrpcMessages.MoreNotListed(message, dropped), MaxMessageLength);
        }
        return status.ToRpcException();
    }
}

/// <summary>The caller's credentials are missing, expired or forged.</summary>
public sealed class UnauthenticatedException(string message) : Exception(message);
