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
        NotFoundException => new RpcException(new Status(StatusCode.NotFound, exception.Message)),
        ConcurrencyConflictException => new RpcException(new Status(StatusCode.Aborted, exception.Message)),
        ConflictException => new RpcException(new Status(StatusCode.AlreadyExists, exception.Message)),
        PreconditionFailedException => new RpcException(new Status(StatusCode.FailedPrecondition, exception.Message)),
        ForbiddenException => new RpcException(new Status(StatusCode.PermissionDenied, exception.Message)),
        UnauthenticatedException => new RpcException(new Status(StatusCode.Unauthenticated, exception.Message)),
        _ => null,
    };

    private static RpcException BadRequest(ValidationException validation)
    {
        var badRequest = new BadRequest();
        foreach (var error in validation.Errors)
        {
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation
            {
                Field = error.Field,
                Description = error.Reason,
                Reason = error.Code ?? "",
            });
        }
        return new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = validation.Message,
            Details = { Any.Pack(badRequest) },
        }.ToRpcException();
    }
}

/// <summary>The caller's credentials are missing, expired or forged.</summary>
public sealed class UnauthenticatedException(string message) : Exception(message);
