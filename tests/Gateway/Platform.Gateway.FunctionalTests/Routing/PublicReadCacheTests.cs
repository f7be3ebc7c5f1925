using Grpc.Core;
using System.Net;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Platform.Testing;

namespace Platform.Gateway.FunctionalTests.Routing;

/// <summary>
/// Public reads cached at the gateway on the shared store (real Redis): as long as the service allows and no longer,
/// never for a signed-in caller, shared by two gateway replicas, dropped by tag.
/// </summary>
public sealed class PublicReadCacheTests : IAsyncLifetime
{
    private TestHost _backend = null!;
    private GatewayHost _gateway = null!;
    private HttpClient _http = null!;
    private readonly Dictionary<string, string?> _settings = new()
    {
        ["Cache:Redis"] = TestServers.Redis,
        // A per-test key space in the shared Redis, and replicas that see each other's evictions at once.
        ["Gateway:OutputCache:LocalSeconds"] = "0.05",
    };

    public async Task InitializeAsync()
    {
        _backend = await PublicBackend.StartAsync();
        _gateway = await GatewayHost.StartAsync([_backend.Address], _settings);
        _http = _gateway.Http();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Get_PublicMaxAge_SecondServedByTheGateway()
    {
        var id = NewId();
        var first = await _http.GetStringAsync($"/public/v1/doc/{id}");
        await WaitUntilStoredAsync(id);
        using var second = await _http.GetAsync($"/public/v1/doc/{id}");
        Assert.Equal(first, await second.Content.ReadAsStringAsync());
        Assert.Equal(1, PublicBackend.HitsOf(id));
        Assert.True(second.Headers.Age.HasValue);
    }

    [Theory]
    [InlineData("no-store")]
    [InlineData("private, max-age=60")]
    [InlineData("public, no-cache")]
    [InlineData("public, max-age=0")]
    public async Task Get_ServiceForbidsSharedCaching_EveryRequestReachesTheService(string cacheControl)
    {
        var id = NewId();
        for (var i = 0; i < 3; i++)
        {
            using var response = await _http.GetAsync($"/public/v1/doc/{id}?cc={Uri.EscapeDataString(cacheControl)}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal(3, PublicBackend.HitsOf(id));
    }

    [Fact]
    public async Task Get_WithBearerToken_NeitherServedFromNorStoredInTheCache()
    {
        var id = NewId();
        await _http.GetStringAsync($"/public/v1/doc/{id}");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/public/v1/doc/{id}");
        request.Headers.TryAddWithoutValidation("authorization", "Bearer " + GatewayHost.Token("u", ["reviewer"], "652300"));
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, PublicBackend.HitsOf(id));
    }

    [Fact]
    public async Task Get_IfNoneMatchTheCachedETag_304WithoutTheService()
    {
        var id = NewId();
        using var first = await _http.GetAsync($"/public/v1/doc/{id}");
        await WaitUntilStoredAsync(id);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/public/v1/doc/{id}");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(1, PublicBackend.HitsOf(id));
    }

    /// <summary>Replicas behind one load balancer see the same Host; the output cache keys by it.</summary>
    private static HttpClient SameHost(GatewayHost gateway)
    {
        var http = gateway.Http();
        http.DefaultRequestHeaders.Host = "gateway.test";
        return http;
    }

    /// <summary>
    /// The output cache stores after the response has gone out, so a client can ask again before the entry is there (more
    /// likely on a loaded machine): wait until the entry is in Redis before a request that must be served from the cache.
    /// </summary>
    private static async Task WaitUntilStoredAsync(string id)
    {
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!server.Keys(pattern: $"*oc:*{id.ToUpperInvariant()}*").Any())
        {
            Assert.True(DateTime.UtcNow < deadline, "the entry never reached Redis");
            await Task.Delay(20);
        }
        // The store files an entry under its tag after storing it, without waiting (fire and forget): an eviction must
        // not come first.
        var db = redis.GetDatabase();
        while (!db.SortedSetScan("platform:oc:__MSOCT_public").Any(e => e.Element.ToString().Contains(id, StringComparison.OrdinalIgnoreCase)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the entry was never filed under its tag");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Get_TwoGatewayReplicas_TheSecondServesWhatTheFirstStored()
    {
        await using var replica = await GatewayHost.StartAsync([_backend.Address], _settings);
        using var first = SameHost(_gateway);
        using var replicaHttp = SameHost(replica);
        var id = NewId();
        var body = await first.GetStringAsync($"/public/v1/doc/{id}");
        await WaitUntilStoredAsync(id);
        Assert.Equal(body, await replicaHttp.GetStringAsync($"/public/v1/doc/{id}"));
        Assert.Equal(1, PublicBackend.HitsOf(id));
    }

    [Fact]
    public async Task EvictByTag_OnOneReplica_TheOtherFetchesAgain()
    {
        await using var replica = await GatewayHost.StartAsync([_backend.Address], _settings);
        using var first = SameHost(_gateway);
        using var replicaHttp = SameHost(replica);
        var id = NewId();
        await first.GetStringAsync($"/public/v1/doc/{id}");
        await WaitUntilStoredAsync(id);
        await replicaHttp.GetStringAsync($"/public/v1/doc/{id}");
        Assert.Equal(1, PublicBackend.HitsOf(id));

        await _gateway.Services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync("public", CancellationToken.None);
        // The replica's in-process copy lives a moment and the store deletes without waiting: poll until it has looked again (bounded).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (PublicBackend.HitsOf(id) < 2 && DateTime.UtcNow < deadline)
        {
            await replicaHttp.GetStringAsync($"/public/v1/doc/{id}");
        }
        Assert.Equal(2, PublicBackend.HitsOf(id));
    }

    [Fact]
    public async Task Get_CachedResponse_CarriesThisRequestsId()
    {
        var id = NewId();
        await _http.GetStringAsync($"/public/v1/doc/{id}");
        await WaitUntilStoredAsync(id);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/public/v1/doc/{id}");
        request.Headers.Add("x-request-id", "portal-req-42");
        using var response = await _http.SendAsync(request);
        Assert.Equal(1, PublicBackend.HitsOf(id));
        Assert.Equal("portal-req-42", response.Headers.GetValues("x-request-id").Single());
    }
}
