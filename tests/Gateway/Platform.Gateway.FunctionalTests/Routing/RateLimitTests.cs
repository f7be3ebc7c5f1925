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
            ["Gateway:RateLimits:SignIn:Permits"] = "3",
            ["Gateway:RateLimits:SignIn:WindowSeconds"] = "600",
            // The shipped identity-account route's policy, in front of the test backend.
            ["ReverseProxy:Routes:account:ClusterId"] = "testing",
            ["ReverseProxy:Routes:account:Match:Path"] = "/account/{**rest}",
            ["ReverseProxy:Routes:account:Match:Methods:0"] = "GET",
            ["ReverseProxy:Routes:account:Match:Methods:1"] = "POST",
            ["ReverseProxy:Routes:account:AuthorizationPolicy"] = "Anonymous",
            ["ReverseProxy:Routes:account:RateLimiterPolicy"] = "sign-in",
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

    [Fact]
    public async Task SignInForm_PostedOverTheAddresssLimit_APageInChineseThePageItselfStillServed()
    {
        using var http = _gateway.Http();
        HttpContent Form() => new FormUrlEncodedContent(new Dictionary<string, string> { ["login_name"] = "someone", ["password"] = "guess" });
        for (var i = 0; i < 3; i++)
        {
            using var attempt = await http.PostAsync("/account/login", Form());
            Assert.NotEqual(HttpStatusCode.TooManyRequests, attempt.StatusCode);
        }

        using var refused = await http.PostAsync("/account/login", Form());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 600);
        Assert.Equal("text/html", refused.Content.Headers.ContentType!.MediaType);
        Assert.Contains("提交登录的次数过多，请 10 分钟后再试", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The shipped route of the sign-in pages is under this policy (this host copies it above).
        using var routes = JsonDocument.Parse(typeof(GatewayExtensions).Assembly.GetManifestResourceStream("gateway.routes.json")!);
        Assert.Equal("sign-in", routes.RootElement.GetProperty("ReverseProxy").GetProperty("Routes").GetProperty("identity-account").GetProperty("RateLimiterPolicy").GetString());
        // Reading the page is not an attempt.
        using var page = await http.GetAsync("/account/login");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, page.StatusCode);
    }
}
