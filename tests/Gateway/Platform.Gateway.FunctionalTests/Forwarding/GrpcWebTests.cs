using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Platform.Testing;
using Platform.Testing.V1;

namespace Platform.Gateway.FunctionalTests.Forwarding;

/// <summary>
/// gRPC-Web, what a browser speaks, through the gateway's HTTP/1.1 port to a backend that serves it (Grpc.AspNetCore.Web,
/// on in every service): the generated clients work over it, in binary and text mode, with the same identity rules.
/// </summary>
public sealed class GrpcWebTests : IAsyncLifetime
{
    private TestHost _backend = null!;
    private GatewayHost _gateway = null!;
    private readonly string _token = GatewayHost.Token("clerk-9", ["clerk"], "652301", "unit-9");

    public async Task InitializeAsync()
    {
        _backend = await TestHost.StartAsync();
        _gateway = await GatewayHost.StartAsync([_backend.Address]);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private GrpcChannel Channel(GrpcWebMode mode) => GrpcChannel.ForAddress(_gateway.HttpAddress, new GrpcChannelOptions
    {
        HttpHandler = new GrpcWebHandler(mode, new HttpClientHandler()),
        HttpVersion = System.Net.HttpVersion.Version11,
        HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    });

    [Theory]
    [InlineData(GrpcWebMode.GrpcWeb)]
    [InlineData(GrpcWebMode.GrpcWebText)]
    public async Task UnaryCall_OverGrpcWeb_ServedWithTheTokensIdentity(GrpcWebMode mode)
    {
        using var channel = Channel(mode);
        var response = await new InteropTest.InteropTestClient(channel).UnaryCallAsync(new SimpleRequest { Text = "网页", ResponseSize = 3 }, GatewayHost.Bearer(_token));
        Assert.Equal("网页", response.Text);
        Assert.Equal(3, response.Payload.Length);
        Assert.Equal("clerk-9|clerk|652301", response.Caller);
    }

    [Fact]
    public async Task StreamingOutputCall_OverGrpcWeb_EveryMessage()
    {
        using var channel = Channel(GrpcWebMode.GrpcWebText);
        using var call = new InteropTest.InteropTestClient(channel).StreamingOutputCall(new StreamingOutputCallRequest { ResponseSizes = { 1, 2, 3 } }, GatewayHost.Bearer(_token));
        var sizes = new List<int>();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            sizes.Add(message.Payload.Length);
        }
        Assert.Equal([1, 2, 3], sizes);
    }

    [Theory]
    [InlineData(GrpcWebMode.GrpcWeb)]
    [InlineData(GrpcWebMode.GrpcWebText)]
    public async Task UnaryCall_OverGrpcWebWithoutToken_UnauthenticatedInGrpcWebsForm(GrpcWebMode mode)
    {
        using var channel = Channel(mode);
        var ex = await Assert.ThrowsAsync<RpcException>(() => new InteropTest.InteropTestClient(channel).UnaryCallAsync(new SimpleRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Fact]
    public async Task PublicCall_OverGrpcWebAnonymously_Served()
    {
        using var channel = Channel(GrpcWebMode.GrpcWebText);
        var response = await new JsonTest.JsonTestClient(channel).PublicEchoAsync(new SimpleRequest { Text = "公开" });
        Assert.Equal("公开", response.Text);
        Assert.Equal("", response.Caller);
    }
}
