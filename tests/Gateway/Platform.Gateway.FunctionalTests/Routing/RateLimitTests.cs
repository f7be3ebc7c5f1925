using Grpc.Core;
using System.Net;
using System.Text.Json;
using Platform.Grpc;
using Platform.Testing;
using Platform.Testing.V1;

namespace Platform.Gateway.FunctionalTests.Routing;

/// <summary>Rate limits: per client address on the public API, per user on portal routes; 429 (or RESOURCE_EXHAUSTED) with Retry-After.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private TestHost _backend = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _backend = await PublicBackend.StartAsync();
        _gateway = await GatewayHost.StartAsync([_backend.Address], new Dictionary<string, string?>
        {
            // Three requests, then one a minute: the fourth within the test is over the limit whatever the machine's speed.
            ["Gateway:RateLimits:Public:Burst"] = "3",
            ["Gateway:RateLimits:Public:PerSecond"] = "1",
            ["Gateway:RateLimits:Public:PeriodSeconds"] = "60",
            ["Gateway:RateLimits:Portal:Burst"] = "3",
            ["Gateway:RateLimits:Portal:PerSecond"] = "1",
            ["Gateway:RateLimits:Portal:PeriodSeconds"] = "60",
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task PublicGet_OverTheClientsBurst_429WithRetryAfterAndJsonError()
    {
        using var http = _gateway.Http();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await http.GetAsync($"/public/v1/doc/{Guid.NewGuid():N}?cc=no-store");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var refused = await http.GetAsync($"/public/v1/doc/{Guid.NewGuid():N}?cc=no-store");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal(8, body.RootElement.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task PortalCalls_OneUserOverTheLimit_ThatUserRefusedAnotherServed()
    {
        using var channel = _gateway.Channel();
        var client = new InteropTest.InteropTestClient(channel);
        var busy = GatewayHost.Token("busy-clerk", ["clerk"], "652301", "unit-1");
        for (var i = 0; i < 3; i++)
        {
            await client.UnaryCallAsync(new SimpleRequest(), GatewayHost.Bearer(busy));
        }
        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest(), GatewayHost.Bearer(busy)).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Matches(@"^请求过于频繁，请 \d+ 秒后再试$", ex.Status.Detail);

        var other = await client.UnaryCallAsync(new SimpleRequest { Text = "still served" }, GatewayHost.Bearer(GatewayHost.Token("quiet-clerk", ["clerk"], "652301", "unit-2")));
        Assert.Equal("still served", other.Text);
    }
}
