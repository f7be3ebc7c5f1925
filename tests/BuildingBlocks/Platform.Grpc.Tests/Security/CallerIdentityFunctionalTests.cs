using Platform.Grpc.Client;
using Platform.Grpc.Security;
using Platform.Testing;
using Platform.Testing.V1;

namespace Platform.Grpc.Tests.Security;

public sealed class CallerIdentityFunctionalTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task UnaryCall_SignedCaller_HandlerSeesIdentity()
    {
        using var channel = GrpcChannel.ForAddress(_host.Address, new GrpcChannelOptions { CallerCodec = TestHost.Codec() });
        var caller = new CallerIdentity("reviewer-3", ["reviewer"], "652300");
        var response = await new InteropTestClient(channel).UnaryCallAsync(new SimpleRequest(), new CallOptions(Caller: caller));
        Assert.Equal("reviewer-3|reviewer|652300", response.Caller);
    }

    [Fact]
    public async Task UnaryCall_AmbientCaller_PropagatedToOutgoingCall()
    {
        using var channel = GrpcChannel.ForAddress(_host.Address, new GrpcChannelOptions { CallerCodec = TestHost.Codec() });
        using (CallerContext.Use(new CallerIdentity("svc-accounts", ["service"], "650000")))
        {
            var response = await new InteropTestClient(channel).UnaryCallAsync(new SimpleRequest());
            Assert.Equal("svc-accounts|service|650000", response.Caller);
        }
    }

    [Fact]
    public async Task UnaryCall_NoCaller_Anonymous()
    {
        using var channel = GrpcChannel.ForAddress(_host.Address);
        Assert.Equal("", (await new InteropTestClient(channel).UnaryCallAsync(new SimpleRequest())).Caller);
    }

    [Fact]
    public async Task UnaryCall_TokenSignedWithOtherKey_Unauthenticated()
    {
        var forger = new CallerTokenCodec(new CallerSigningOptions { Key = Enumerable.Repeat((byte)9, 32).ToArray() });
        using var channel = GrpcChannel.ForAddress(_host.Address, new GrpcChannelOptions { CallerCodec = forger });
        var ex = await Assert.ThrowsAsync<RpcException>(() => new InteropTestClient(channel).UnaryCallAsync(
            new SimpleRequest(), new CallOptions(Caller: new CallerIdentity("admin", ["finance-admin"], "650000"))));
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Contains("signature", ex.Status.Detail);
    }

    [Fact]
    public async Task UnaryCall_ExpiredToken_Unauthenticated()
    {
        var old = new FakeTime(DateTimeOffset.UtcNow.AddHours(-1));
        using var channel = GrpcChannel.ForAddress(_host.Address, new GrpcChannelOptions { CallerCodec = TestHost.Codec(), TimeProvider = old });
        var ex = await Assert.ThrowsAsync<RpcException>(() => new InteropTestClient(channel).UnaryCallAsync(
            new SimpleRequest(), new CallOptions(Caller: new CallerIdentity("clerk", ["clerk"]))));
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Contains("expired", ex.Status.Detail);
    }

    private sealed class FakeTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
