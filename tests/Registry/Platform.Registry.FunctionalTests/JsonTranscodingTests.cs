using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Grpc.Security;
using Platform.Registry.Host;
using Platform.Registry.V1;
using Platform.Testing;

namespace Platform.Registry.FunctionalTests;

/// <summary>
/// The registry's google.api.http routes, served as JSON by the service itself (Microsoft.AspNetCore.Grpc.JsonTranscoding)
/// on the same port and through the same interceptor as gRPC: the signed caller, statuses as HTTP statuses, field
/// violations in the error body.
/// </summary>
public sealed class JsonTranscodingTests : IAsyncLifetime
{
    private static readonly CallerIdentity Admin = new("admin-xj", ["registry-admin"], "650000");
    private TestHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var dir = Directory.CreateTempSubdirectory("registry-json-").FullName;
        _host = await TestHost.StartAsync(
            configureBuilder: b => b.AddRegistryService(),
            configureApp: app => app.MapRegistryService(),
            settings: new Dictionary<string, string?> { ["ConnectionStrings:registry"] = $"Data Source={Path.Combine(dir, "registry.db")}" });
        _http = RawGrpc.CreateClient(_host.Address);
        using var channel = _host.Channel();
        await new UnitRegistry.UnitRegistryClient(channel).AddRegionAsync(
            new AddRegionRequest { Code = "650000", Name = "新疆维吾尔自治区", Kind = RegionKind.AutonomousRegion }, TestHost.As(Admin));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    private HttpRequestMessage Request(HttpMethod method, string path, CallerIdentity? caller, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        if (caller is not null)
        {
            request.Headers.Add(CallerSigningOptions.MetadataKey, TestHost.Codec().Sign(caller, DateTimeOffset.UtcNow));
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return request;
    }

    [Fact]
    public async Task PostThenGet_RegionAsJson_CreatedAndRead()
    {
        using var created = await _http.SendAsync(Request(HttpMethod.Post, "/v1/regions", Admin,
            new { code = "650100", name = "乌鲁木齐市", kind = "CITY", parentCode = "650000" }));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);

        using var read = await _http.SendAsync(Request(HttpMethod.Get, "/v1/regions/650100", new CallerIdentity("clerk", ["clerk"], "650100")));
        var region = JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("乌鲁木齐市", region.GetProperty("name").GetString());
        Assert.Equal("CITY", region.GetProperty("kind").GetString());
        Assert.Equal("650000", region.GetProperty("parentCode").GetString());
    }

    [Fact]
    public async Task Post_InvalidUnit_400WithTheFieldInTheDetails()
    {
        using var response = await _http.SendAsync(Request(HttpMethod.Post, "/v1/units", Admin,
            new { id = "x", creditCode = "91350100M000100Y44", name = "某单位", regionCode = "650000", nature = "事业单位", fromYear = 2022 }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(3, error.GetProperty("code").GetInt32());
        var detail = Assert.Single(error.GetProperty("details").EnumerateArray());
        Assert.Equal("type.googleapis.com/google.rpc.BadRequest", detail.GetProperty("@type").GetString());
        Assert.Equal("credit_code", Assert.Single(detail.GetProperty("fieldViolations").EnumerateArray()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Get_NoCaller_401AndAForgedCaller_401()
    {
        using var anonymous = await _http.SendAsync(Request(HttpMethod.Get, "/v1/regions/650000", null));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var forged = Request(HttpMethod.Get, "/v1/regions/650000", null);
        forged.Headers.Add(CallerSigningOptions.MetadataKey, new CallerTokenCodec(new CallerSigningOptions { Key = new byte[32] }).Sign(Admin, DateTimeOffset.UtcNow));
        using var rejected = await _http.SendAsync(forged);
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
    }
}
