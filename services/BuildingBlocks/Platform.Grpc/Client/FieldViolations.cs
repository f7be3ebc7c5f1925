using Google.Rpc;
using Grpc.Core;

namespace Platform.Grpc;

/// <summary>A field the server rejected and why (google.rpc.BadRequest.FieldViolation, https://google.aip.dev/193).</summary>
public sealed record FieldViolation(string Field, string Description, string Reason);

public static class RpcExceptionExtensions
{
    /// <summary>
    /// The field violations carried in grpc-status-details-bin of an INVALID_ARGUMENT (Grpc.StatusProto), or an empty list
    /// when the server sent none (the status detail then says what was wrong).
    /// </summary>
    public static IReadOnlyList<FieldViolation> FieldViolations(this RpcException exception) =>
        exception.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations
            .Select(v => new FieldViolation(v.Field, v.Description, v.Reason))
            .ToList() ?? [];
}
