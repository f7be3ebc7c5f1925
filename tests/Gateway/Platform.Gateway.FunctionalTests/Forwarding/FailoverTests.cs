using Grpc.Core;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Platform.Grpc;
using Platform.Testing;
using Platform.Testing.V1;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Platform.Gateway.FunctionalTests.Forwarding;

/// <summary>
/// Two replicas behind the gateway, one stopped: idempotent calls never fail (sent again to the live replica), calls
/// that change state fail cleanly and are never applied twice, and once the health checks have noticed, nothing is
/// routed to the dead replica.
/// </summary>
public sealed class FailoverTests : IAsyncLifetime
{
    private TestHost _live = null!;
    private TestHost _doomed = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _live = await PublicBackend.StartAsync();
        _doomed = await PublicBackend.StartAsync();
        _gateway = await GatewayHost.StartAsync([_live.Address, _doomed.Address], new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:testing:LoadBalancingPolicy"] = "RoundRobin",
            ["ReverseProxy:Clusters:testing:HealthCheck:Active:Enabled"] = "true",
            ["ReverseProxy:Clusters:testing:HealthCheck:Active:Interval"] = "00:00:00.200",
            ["ReverseProxy:Clusters:testing:HealthCheck:Active:Timeout"] = "00:00:00.500",
            ["ReverseProxy:Clusters:testing:HealthCheck:Active:Policy"] = "ConsecutiveFailures",
            ["ReverseProxy:Clusters:testing:HealthCheck:Active:Path"] = "/health/ready",
            ["ReverseProxy:Clusters:testing:Metadata:ConsecutiveFailuresHealthPolicy.Threshold"] = "1",
            ["ReverseProxy:Clusters:testing:HealthCheck:Passive:Enabled"] = "true",
            ["ReverseProxy:Clusters:testing:HealthCheck:Passive:Policy"] = "TransportFailureRate",
            ["ReverseProxy:Clusters:testing:HealthCheck:Passive:ReactivationPeriod"] = "00:01:00",
        });
        await WaitUntilAsync(() => Destinations().All(d => d.Health.Active == DestinationHealth.Healthy), "both replicas healthy");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _live.DisposeAsync();
        await _doomed.DisposeAsync();
    }

    private IReadOnlyList<DestinationState> Destinations() =>
        _gateway.Services.GetRequiredService<IProxyStateLookup>().TryGetCluster("testing", out var cluster) ? cluster.Destinations.Values.ToList() : [];

    [Fact]
    public async Task IdempotentCalls_OneReplicaStopped_NoneFails()
    {
        using var channel = _gateway.Channel();
        var client = new InteropTest.InteropTestClient(channel);
        var token = GatewayHost.Token("reader", ["reviewer"], "652300");
        await _doomed.DisposeAsync();
        for (var i = 0; i < 20; i++)
        {
            var response = await client.IdempotentCallAsync(new SimpleRequest { Text = $"read {i}" }, GatewayHost.Bearer(token));
            Assert.Equal($"read {i}", response.Text);
        }
    }

    [Fact]
    public async Task HttpGets_OneReplicaStopped_NoneFails()
    {
        using var http = _gateway.Http();
        await _doomed.DisposeAsync();
        for (var i = 0; i < 20; i++)
        {
            using var response = await http.GetAsync($"/public/v1/doc/{Guid.NewGuid():N}?cc=no-store");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task NonIdempotentPosts_OneReplicaStopped_FailCleanlyAndNeverAppliedTwice()
    {
        using var http = _gateway.Http();
        await _doomed.DisposeAsync();
        var outcomes = new List<(string Id, HttpStatusCode Status)>();
        for (var i = 0; i < 20; i++)
        {
            var id = Guid.NewGuid().ToString("N");
            using var response = await http.PostAsync($"/api/v1/apply/{id}", new StringContent("change"));
            outcomes.Add((id, response.StatusCode));
        }
        foreach (var (id, status) in outcomes)
        {
            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"unexpected {status}");
            Assert.Equal(status == HttpStatusCode.OK ? 1 : 0, PublicBackend.HitsOf(id));
        }
    }

    [Fact]
    public async Task NonIdempotentCalls_AfterHealthChecksMarkTheReplicaDown_AllRoutedToTheLiveOne()
    {
        using var channel = _gateway.Channel();
        var client = new InteropTest.InteropTestClient(channel);
        var token = GatewayHost.Token("writer", ["clerk"], "652301", "unit-1");
        await _doomed.DisposeAsync();
        await WaitUntilAsync(() => Destinations().Count(d => d.Health.Active == DestinationHealth.Unhealthy) == 1, "the stopped replica marked unhealthy");
        for (var i = 0; i < 20; i++)
        {
            var response = await client.UnaryCallAsync(new SimpleRequest { Text = $"write {i}" }, GatewayHost.Bearer(token));
            Assert.Equal($"write {i}", response.Text);
        }
    }

    [Fact]
    public async Task Calls_EveryReplicaStopped_UnavailableInTheCallersProtocol()
    {
        using var channel = _gateway.Channel();
        var client = new InteropTest.InteropTestClient(channel);
        await _doomed.DisposeAsync();
        await _live.DisposeAsync();
        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest(), GatewayHost.Bearer(GatewayHost.Token("w", ["clerk"], "652301"))).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what}.");
            }
            await Task.Delay(50);
        }
    }
}
