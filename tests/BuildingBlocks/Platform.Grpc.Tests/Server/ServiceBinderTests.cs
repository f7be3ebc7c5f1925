using Platform.Testing;
using Platform.Testing.V1;

namespace Platform.Grpc.Tests.Server;

public sealed class ServiceBinderTests
{
    [Fact]
    public void Bind_CompleteHandler_BindsEveryRpc()
    {
        var methods = ServiceBinder.Bind(typeof(InteropTestService), InteropTestService.Descriptor);
        Assert.Equal(InteropTestService.Descriptor.Methods.Select(m => $"/platform.testing.v1.InteropTest/{m.Name}"), methods.Select(m => m.Path));
    }

    [Fact]
    public void Bind_MissingAndMistypedMethods_FailsListingEachRpc()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ServiceBinder.Bind(typeof(IncompleteHandler), InteropTestService.Descriptor));
        Assert.Contains("IncompleteHandler does not implement service platform.testing.v1.InteropTest", ex.Message);
        // Wrong response type:
        Assert.Contains("rpc platform.testing.v1.InteropTest.UnaryCall: expected Task<SimpleResponse> UnaryCall(SimpleRequest, ServerCallContext); found Task<StreamingInputCallResponse> UnaryCall(SimpleRequest, ServerCallContext)", ex.Message);
        // Missing entirely:
        Assert.Contains("rpc platform.testing.v1.InteropTest.StreamingOutputCall: expected Task StreamingOutputCall(StreamingOutputCallRequest, IServerStreamWriter<StreamingOutputCallResponse>, ServerCallContext); no public method of that name", ex.Message);
        // Streaming shape used for a unary rpc:
        Assert.Contains("rpc platform.testing.v1.InteropTest.IdempotentCall: expected Task<SimpleResponse> IdempotentCall(SimpleRequest, ServerCallContext)", ex.Message);
        Assert.DoesNotContain("StreamingInputCall:", ex.Message);
    }

    [Fact]
    public async Task MapGrpcService_IncompleteHandler_HostFailsToStart()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => TestHost.StartAsync(
            configureApp: app => app.MapGrpcService<IncompleteHandler>(InteropTestService.Descriptor), mapInteropService: false));
        Assert.Contains("does not implement service", ex.Message);
    }

    private sealed class IncompleteHandler
    {
        public Task<StreamingInputCallResponse> UnaryCall(SimpleRequest request, ServerCallContext context) => throw new NotSupportedException();

        public Task IdempotentCall(SimpleRequest request, IServerStreamWriter<SimpleResponse> writer, ServerCallContext context) => throw new NotSupportedException();

        public Task<StreamingInputCallResponse> StreamingInputCall(IAsyncStreamReader<StreamingInputCallRequest> requests, ServerCallContext context) => throw new NotSupportedException();

        public Task FullDuplexCall(IAsyncStreamReader<StreamingOutputCallRequest> requests, IServerStreamWriter<StreamingOutputCallResponse> writer, ServerCallContext context) => throw new NotSupportedException();
    }
}
