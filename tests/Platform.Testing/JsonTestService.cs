using Grpc.Core;
using Platform.Testing.V1;

namespace Platform.Testing;

/// <summary>platform.testing.v1.JsonTest: the interop service's behaviour behind JSON routes (for the gateway's tests).</summary>
public sealed class JsonTestService : JsonTest.JsonTestBase
{
    private readonly InteropTestService interop = new();

    public override Task<SimpleResponse> Echo(SimpleRequest request, ServerCallContext context) => interop.UnaryCall(request, context);

    public override Task Stream(StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context) =>
        interop.StreamingOutputCall(request, responseStream, context);

    public override Task<SimpleResponse> PublicEcho(SimpleRequest request, ServerCallContext context) => interop.UnaryCall(request, context);

    public override Task<SimpleResponse> SlowEcho(SimpleRequest request, ServerCallContext context) => interop.UnaryCall(request, context);
}
