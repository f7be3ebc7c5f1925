using System.Text.Json;
using Platform.Testing;

namespace Platform.Interop.Tests;

/// <summary>grpcio and grpc-js as clients of the platform's server.</summary>
public sealed class PeerClientTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<JsonElement> Run(string peer, string scenario) => Peers.RunClientAsync(peer, _host.Address, scenario);

    [Theory]
    [InlineData("python")]
    [InlineData("node")]
    public async Task UnaryCall_FromPeer_Succeeds(string peer)
    {
        var r = await Run(peer, "unary");
        Assert.Equal("部门决算", r.GetProperty("text").GetString());
        Assert.Equal(10, r.GetProperty("payload").GetInt32());
        Assert.Equal(7, r.GetProperty("received").GetInt32());
    }

    [Theory]
    [InlineData("python")]
    [InlineData("node")]
    public async Task UnaryCall_TrailersOnlyError_PeerSeesCodeAndUnicodeMessage(string peer)
    {
        var r = await Run(peer, "error");
        Assert.Equal("FAILED_PRECONDITION", r.GetProperty("code").GetString());
        Assert.Equal("年度已关闭 100%", r.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("python")]
    [InlineData("node")]
    public async Task UnaryCall_Validation_PeerDecodesFieldViolations(string peer)
    {
        var r = await Run(peer, "validation");
        Assert.Equal("INVALID_ARGUMENT", r.GetProperty("code").GetString());
        Assert.Equal(["unit.credit_code", "rows[2].amount"], r.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
    }

    [Theory]
    [InlineData("python")]
    [InlineData("node")]
    public async Task UnaryCall_PeerDeadline_DeadlineExceededAndServerCallEnds(string peer)
    {
        var r = await Run(peer, "deadline");
        Assert.Equal("DEADLINE_EXCEEDED", r.GetProperty("code").GetString());
        await WaitForNoActiveCallsAsync();
    }

    [Theory]
    [InlineData("python")]
    [InlineData("node")]
    public async Task UnaryCall_PeerCancels_ServerCallEnds(string peer)
    {
        await Run(peer, "cancel");
        await WaitForNoActiveCallsAsync();
    }

    [Theory]
    [InlineData("python")]
    [InlineData("node")]
    public async Task StreamingOutputCall_ToPeer_AllMessagesThenOk(string peer)
    {
        var r = await Run(peer, "server_streaming");
        Assert.Equal(20, r.GetProperty("count").GetInt32());
        Assert.Equal(2000, r.GetProperty("last").GetInt32());
    }

    [Theory]
    [InlineData("python")]
    [InlineData("node")]
    public async Task StreamingOutputCall_ErrorAfterMessages_PeerSeesMessagesThenStatus(string peer)
    {
        var r = await Run(peer, "streaming_error");
        Assert.Equal(3, r.GetProperty("count").GetInt32());
        Assert.Equal("ABORTED", r.GetProperty("code").GetString());
        Assert.Equal("stopped", r.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("python")]
    [InlineData("node")]
    public async Task StreamingInputCall_FromPeer_Aggregated(string peer)
    {
        var r = await Run(peer, "client_streaming");
        Assert.Equal(15_000, r.GetProperty("total").GetInt32());
        Assert.Equal(5, r.GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData("python")]
    [InlineData("node")]
    public async Task FullDuplexCall_WithPeer_EchoesEveryRequestedMessage(string peer)
    {
        var r = await Run(peer, "bidi");
        Assert.Equal(6, r.GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData("python")]
    [InlineData("node")]
    public async Task UnaryCall_SeveralMegabytes_RoundTripsWithPeer(string peer)
    {
        var r = await Run(peer, "large");
        Assert.Equal(6_000_000, r.GetProperty("received").GetInt32());
        Assert.Equal(5_000_000, r.GetProperty("payload").GetInt32());
    }

    [Theory]
    [InlineData("python")]
    [InlineData("node")]
    public async Task UnaryCall_GzipBothWays_PeerCompressesAndDecompresses(string peer)
    {
        var r = await Run(peer, "gzip");
        Assert.Equal(100_000, r.GetProperty("received").GetInt32());
        Assert.Equal(100_000, r.GetProperty("payload").GetInt32());
        Assert.Equal("gzip", r.GetProperty("request_encoding").GetString());
    }

    [Theory]
    [InlineData("python")]
    [InlineData("node")]
    public async Task UnaryCall_TextAndBinaryMetadata_EchoedToPeer(string peer)
    {
        var r = await Run(peer, "metadata");
        Assert.Equal("abc-123", r.GetProperty("header").GetString());
        Assert.Equal("abc-123", r.GetProperty("trailer").GetString());
        Assert.Equal([0, 1, 255], r.GetProperty("header_bin").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([0, 1, 255], r.GetProperty("trailer_bin").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Theory]
    [InlineData("python")]
    [InlineData("node")]
    public async Task HealthCheck_StockStub_Serving(string peer)
    {
        var r = await Run(peer, "health");
        Assert.Equal("SERVING", r.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("python")]
    [InlineData("node")]
    public async Task HealthCheck_UnknownService_NotFound(string peer)
    {
        var r = await Run(peer, "health_unknown");
        Assert.Equal("NOT_FOUND", r.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("python")]
    [InlineData("node")]
    public async Task UnknownMethod_FromPeer_Unimplemented(string peer)
    {
        var r = await Run(peer, "unimplemented");
        Assert.Equal("UNIMPLEMENTED", r.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ServerReflection_StockNodeClient_ListsServicesAndCallsWithoutLocalProto()
    {
        var r = await Run("node", "reflection");
        Assert.Equal(
            ["grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "platform.testing.v1.InteropTest", "platform.testing.v1.JsonTest"],
            r.GetProperty("services").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("FullDuplexCall", r.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("via reflection", r.GetProperty("text").GetString());
    }

    private async Task WaitForNoActiveCallsAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_host.ActiveRequests != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the server still has active calls after 10 s");
            await Task.Delay(10);
        }
    }
}
