using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Grpc.Client;
using Platform.Grpc.Security;
using Platform.Testing;
using Platform.Testing.V1;

namespace Platform.Grpc.Tests.Client;

/// <summary>
/// A peer's generated client as services register it (Grpc.Net.ClientFactory): retries only what the proto marks
/// idempotent, the ambient caller signed into every call, the peer's address from `Services:{Name}`.
/// </summary>
public sealed class PeerClientTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        _services = Services(_host.Address.ToString());
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _host.DisposeAsync();
    }

    private static ServiceProvider Services(string address) => new ServiceCollection()
        .AddLogging()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Services:Interop"] = address }).Build())
        .AddSingleton<Microsoft.AspNetCore.Hosting.Server.IServer, NoServer>()
        .AddSingleton(TestHost.Codec())
        .AddPeerClient<InteropTest.InteropTestClient>("Interop", InteropTest.Descriptor)
        .BuildServiceProvider();

    private InteropTest.InteropTestClient Client => _services.GetRequiredService<PeerClient<InteropTest.InteropTestClient>>().Client;

    [Fact]
    public async Task IdempotentCall_UnavailableTwice_RetriedAndSucceeds()
    {
        var key = "fail:" + Guid.NewGuid();
        FlakyCounter.Set(key, 2);
        var response = await Client.IdempotentCallAsync(new SimpleRequest { Text = key });
        Assert.Equal(key, response.Text);
        Assert.Equal(0, FlakyCounter.Left(key));
    }

    [Fact]
    public async Task IdempotentCall_UnavailableBeyondAttempts_FailsAfterMaxAttempts()
    {
        var key = "fail:" + Guid.NewGuid();
        FlakyCounter.Set(key, 5);
        var ex = await Assert.ThrowsAsync<RpcException>(() => Client.IdempotentCallAsync(new SimpleRequest { Text = key }).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal(2, FlakyCounter.Left(key));
    }

    [Fact]
    public async Task UnaryCall_NotIdempotent_NeverRetried()
    {
        var key = "fail:" + Guid.NewGuid();
        FlakyCounter.Set(key, 1);
        var ex = await Assert.ThrowsAsync<RpcException>(() => Client.UnaryCallAsync(new SimpleRequest { Text = key }).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        // The one failure was consumed by the single attempt; a retry would have succeeded instead.
        Assert.Equal(0, FlakyCounter.Left(key));
        Assert.Equal(key, (await Client.UnaryCallAsync(new SimpleRequest { Text = key })).Text);
    }

    [Fact]
    public async Task UnaryCall_AmbientCaller_SignedIntoTheCall()
    {
        Assert.Equal("", (await Client.UnaryCallAsync(new SimpleRequest())).Caller);
        using (CallerContext.Use(new CallerIdentity("svc-accounts", ["service"], "650000")))
        {
            Assert.Equal("svc-accounts|service|650000", (await Client.UnaryCallAsync(new SimpleRequest())).Caller);
        }
        var started = CallerContext.StartAs(new CallerIdentity("reviewer-3", ["reviewer"], "652300"), () => Client.UnaryCallAsync(new SimpleRequest()));
        Assert.Equal("reviewer-3|reviewer|652300", (await started).Caller);
    }

    [Fact]
    public async Task UnaryCall_NoServerListening_Unavailable()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var services = Services($"http://127.0.0.1:{port}");
        var client = services.GetRequiredService<PeerClient<InteropTest.InteropTestClient>>().Client;
        var ex = await Assert.ThrowsAsync<RpcException>(() => client.IdempotentCallAsync(new SimpleRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }

    /// <summary>These clients name their peer's address; no server of their own.</summary>
    private sealed class NoServer : Microsoft.AspNetCore.Hosting.Server.IServer
    {
        public Microsoft.AspNetCore.Http.Features.IFeatureCollection Features { get; } = new Microsoft.AspNetCore.Http.Features.FeatureCollection();

        public Task StartAsync<TContext>(Microsoft.AspNetCore.Hosting.Server.IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
