using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Platform.Domain;

namespace Platform.Grpc;

/// <summary>
/// The one place where exceptions become gRPC statuses. Domain errors map to their codes; invalid
/// input carries a google.rpc.Status with a BadRequest (one FieldViolation per field) in the
/// grpc-status-details-bin trailer, the richer error model of https://google.aip.dev/193, so that a
/// portal can point at the exact field. Unexpected exceptions become UNKNOWN without internals.
/// </summary>
public sealed class ExceptionStatusMapper(GrpcServerOptions options)
{
    public (Status Status, Metadata? Trailers) Map(Exception exception)
    {
        switch (exception)
        {
            case RpcException rpc:
                return (rpc.Status, rpc.Trailers);
            case ValidationException validation:
                return (new Status(StatusCode.InvalidArgument, validation.Message), BadRequestTrailers(validation));
            case NotFoundException:
                return (new Status(StatusCode.NotFound, exception.Message), null);
            case ConcurrencyConflictException:
                return (new Status(StatusCode.Aborted, exception.Message), null);
            case ConflictException:
                return (new Status(StatusCode.AlreadyExists, exception.Message), null);
            case PreconditionFailedException:
                return (new Status(StatusCode.FailedPrecondition, exception.Message), null);
            case ForbiddenException:
                return (new Status(StatusCode.PermissionDenied, exception.Message), null);
            case UnauthenticatedException:
                return (new Status(StatusCode.Unauthenticated, exception.Message), null);
            default:
                var detail = options.EnableDetailedErrors
                    ? $"Exception was thrown by handler. {exception.GetType().Name}: {exception.Message}"
                    : "Exception was thrown by handler.";
                return (new Status(StatusCode.Unknown, detail), null);
        }
    }

    internal static Metadata BadRequestTrailers(ValidationException validation)
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
        var status = new Google.Rpc.Status
        {
            Code = (int)StatusCode.InvalidArgument,
            Message = validation.Message,
            Details = { Any.Pack(badRequest) },
        };
        return new Metadata().AddProtocolEntry(GrpcProtocol.StatusDetailsTrailer, status.ToByteArray());
    }
}

/// <summary>The caller's credentials are missing, expired or forged.</summary>
public sealed class UnauthenticatedException(string message) : Exception(message);
