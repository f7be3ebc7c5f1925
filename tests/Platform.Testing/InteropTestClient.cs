using Platform.Grpc.Client;
using Platform.Testing.V1;

namespace Platform.Testing;

/// <summary>Typed client of platform.testing.v1.InteropTest, written the way product clients are.</summary>
public sealed class InteropTestClient(GrpcChannel channel) : GrpcClientBase(channel)
{
    private static readonly Method<SimpleRequest, SimpleResponse> UnaryCallMethod = Method<SimpleRequest, SimpleResponse>.Create(InteropTestService.Descriptor, "UnaryCall");
    private static readonly Method<SimpleRequest, SimpleResponse> IdempotentCallMethod = Method<SimpleRequest, SimpleResponse>.Create(InteropTestService.Descriptor, "IdempotentCall");
    private static readonly Method<StreamingOutputCallRequest, StreamingOutputCallResponse> StreamingOutputCallMethod =
        Method<StreamingOutputCallRequest, StreamingOutputCallResponse>.Create(InteropTestService.Descriptor, "StreamingOutputCall");

    public Task<SimpleResponse> UnaryCallAsync(SimpleRequest request, CallOptions options = default) =>
        Channel.UnaryAsync(UnaryCallMethod, request, options);

    public Task<UnaryResult<SimpleResponse>> UnaryCallWithMetadataAsync(SimpleRequest request, CallOptions options = default) =>
        Channel.UnaryCallAsync(UnaryCallMethod, request, options);

    public Task<SimpleResponse> IdempotentCallAsync(SimpleRequest request, CallOptions options = default) =>
        Channel.UnaryAsync(IdempotentCallMethod, request, options);

    public ServerStreamingCall<StreamingOutputCallResponse> StreamingOutputCall(StreamingOutputCallRequest request, CallOptions options = default) =>
        Channel.ServerStreaming(StreamingOutputCallMethod, request, options);
}
