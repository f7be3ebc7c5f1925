using Grpc.Core;
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
        using var channel = _host.Channel();
        var caller = new CallerIdentity("reviewer-3", ["reviewer"], "652300");
        var response = await new InteropTest.InteropTestClient(channel).UnaryCallAsync(new SimpleRequest(), TestHost.As(caller));
        Assert.Equal("reviewer-3|reviewer|652300", response.Caller);
    }

    [Fact]
    public async Task UnaryCall_NoCaller_Anonymous()
    {
        using var channel = _host.Channel();
        Assert.Equal("", (await new InteropTest.InteropTestClient(channel).UnaryCallAsync(new SimpleRequest())).Caller);
    }

    [Fact]
    public async Task UnaryCall_TokenSignedWithOtherKey_Unauthenticated()
    {
        var forger = new CallerTokenCodec(new CallerSigningOptions { Key = Enumerable.Repeat((byte)9, 32).ToArray() });
        using var channel = _host.Channel();
        var ex = await Assert.ThrowsAsync<RpcException>(() => new InteropTest.InteropTestClient(channel).UnaryCallAsync(
            new SimpleRequest(), new CallOptions(headers: forger.Headers(new CallerIdentity("admin", ["finance-admin"], "650000"), DateTimeOffset.UtcNow))).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Equal("调用方身份凭据无效：凭据签名无效", ex.Status.Detail);
    }

    [Fact]
    public async Task UnaryCall_ExpiredToken_Unauthenticated()
    {
        using var channel = _host.Channel();
        var signedAnHourAgo = TestHost.Codec().Headers(new CallerIdentity("clerk", ["clerk"]), DateTimeOffset.UtcNow.AddHours(-1));
        var ex = await Assert.ThrowsAsync<RpcException>(() => new InteropTest.InteropTestClient(channel).UnaryCallAsync(
            new SimpleRequest(), new CallOptions(headers: signedAnHourAgo)).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Equal(GrpcMessages.CredentialsRejected(GrpcMessages.TokenExpired), ex.Status.Detail);
    }
}
