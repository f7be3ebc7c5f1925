using Platform.Grpc.Client;
using Platform.Testing;
using Platform.Testing.V1;

namespace Platform.Grpc.Tests.Client;

public sealed class GrpcChannelRetryTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private GrpcChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        _channel = GrpcChannel.ForAddress(_host.Address, new GrpcChannelOptions { MaxAttempts = 3, InitialBackoff = TimeSpan.FromMilliseconds(5) });
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task IdempotentCall_UnavailableTwice_RetriedAndSucceeds()
    {
        var key = "fail:" + Guid.NewGuid();
        FlakyCounter.Set(key, 2);
        var response = await new InteropTestClient(_channel).IdempotentCallAsync(new SimpleRequest { Text = key });
        Assert.Equal(key, response.Text);
        Assert.Equal(0, FlakyCounter.Left(key));
    }

    [Fact]
    public async Task IdempotentCall_UnavailableBeyondAttempts_FailsAfterMaxAttempts()
    {
        var key = "fail:" + Guid.NewGuid();
        FlakyCounter.Set(key, 5);
        var ex = await Assert.ThrowsAsync<RpcException>(() => new InteropTestClient(_channel).IdempotentCallAsync(new SimpleRequest { Text = key }));
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal(2, FlakyCounter.Left(key));
    }

    [Fact]
    public async Task UnaryCall_NotIdempotent_NeverRetried()
    {
        var key = "fail:" + Guid.NewGuid();
        FlakyCounter.Set(key, 1);
        var client = new InteropTestClient(_channel);
        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest { Text = key }));
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        // The one failure was consumed by the single attempt; a retry would have succeeded instead.
        Assert.Equal(0, FlakyCounter.Left(key));
        Assert.Equal(key, (await client.UnaryCallAsync(new SimpleRequest { Text = key })).Text);
    }

    [Fact]
    public async Task UnaryCall_NoServerListening_Unavailable()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}", new GrpcChannelOptions { InitialBackoff = TimeSpan.FromMilliseconds(1) });
        var ex = await Assert.ThrowsAsync<RpcException>(() => new InteropTestClient(channel).IdempotentCallAsync(new SimpleRequest()));
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }
}
