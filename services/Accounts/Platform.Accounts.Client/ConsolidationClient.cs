using Google.Protobuf;
using Google.Protobuf.Reflection;
using Platform.Accounts.V1;
using Platform.Grpc.Client;

namespace Platform.Accounts.Client;

/// <summary>Typed client of platform.accounts.v1.Consolidation.</summary>
public sealed class ConsolidationClient(GrpcChannel channel) : GrpcClientBase(channel)
{
    private static readonly ServiceDescriptor Service = AccountsReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Consolidation");

    private static Method<TRequest, TResponse> M<TRequest, TResponse>(string name)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new() => Method<TRequest, TResponse>.Create(Service, name);

    private static readonly Method<GetConsolidatedRequest, ConsolidatedReturn> GetConsolidatedMethod = M<GetConsolidatedRequest, ConsolidatedReturn>("GetConsolidated");
    private static readonly Method<DrillThroughRequest, DrillThroughResponse> DrillThroughMethod = M<DrillThroughRequest, DrillThroughResponse>("DrillThrough");
    private static readonly Method<RecomputeRequest, RecomputeResponse> RecomputeMethod = M<RecomputeRequest, RecomputeResponse>("Recompute");

    private static readonly Method<ListConsolidatedRequest, ListConsolidatedResponse> ListConsolidatedMethod = M<ListConsolidatedRequest, ListConsolidatedResponse>("ListConsolidated");
    private static readonly Method<ExportConsolidatedRequest, ConsolidatedFigures> ExportConsolidatedMethod = M<ExportConsolidatedRequest, ConsolidatedFigures>("ExportConsolidated");
    private static readonly Method<GetProgressRequest, Progress> GetProgressMethod = M<GetProgressRequest, Progress>("GetProgress");

    public Task<ConsolidatedReturn> GetConsolidatedAsync(GetConsolidatedRequest request, CallOptions options = default) => Channel.UnaryAsync(GetConsolidatedMethod, request, options);

    public Task<DrillThroughResponse> DrillThroughAsync(DrillThroughRequest request, CallOptions options = default) => Channel.UnaryAsync(DrillThroughMethod, request, options);

    public Task<RecomputeResponse> RecomputeAsync(RecomputeRequest request, CallOptions options = default) => Channel.UnaryAsync(RecomputeMethod, request, options);

    public Task<ListConsolidatedResponse> ListConsolidatedAsync(ListConsolidatedRequest request, CallOptions options = default) => Channel.UnaryAsync(ListConsolidatedMethod, request, options);

    public ServerStreamingCall<ConsolidatedFigures> ExportConsolidated(ExportConsolidatedRequest request, CallOptions options = default) => Channel.ServerStreaming(ExportConsolidatedMethod, request, options);

    public Task<Progress> GetProgressAsync(GetProgressRequest request, CallOptions options = default) => Channel.UnaryAsync(GetProgressMethod, request, options);
}
