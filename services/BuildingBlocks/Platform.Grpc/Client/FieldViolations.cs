using Google.Rpc;

namespace Platform.Grpc;

/// <summary>A field the server rejected and why (google.rpc.BadRequest.FieldViolation, https://google.aip.dev/193).</summary>
public sealed record FieldViolation(string Field, string Description, string Reason);

public static class RpcExceptionExtensions
{
    /// <summary>
    /// The field violations carried in the grpc-status-details-bin trailer of an INVALID_ARGUMENT, or an empty list
    /// when the server sent none (the status detail then says what was wrong).
    /// </summary>
    public static IReadOnlyList<FieldViolation> FieldViolations(this RpcException exception)
    {
        if (exception.Trailers.GetBytes(GrpcProtocol.StatusDetailsTrailer) is not { } bytes)
        {
            return [];
        }
        var status = Google.Rpc.Status.Parser.ParseFrom(bytes);
        return status.Details.Where(d => d.Is(BadRequest.Descriptor))
            .SelectMany(d => d.Unpack<BadRequest>().FieldViolations)
            .Select(v => new FieldViolation(v.Field, v.Description, v.Reason))
            .ToList();
    }
}
