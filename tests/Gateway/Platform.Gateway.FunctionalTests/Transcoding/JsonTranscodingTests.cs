using Grpc.Core;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Platform.Testing;

namespace Platform.Gateway.FunctionalTests.Transcoding;

/// <summary>
/// JSON endpoints through the gateway onto gRPC methods of a real backend: the protobuf JSON mapping both ways,
/// gRPC statuses as HTTP statuses with the JSON error body and its field details, server streams as arrays.
/// </summary>
public sealed class JsonTranscodingTests : IAsyncLifetime
{
    private TestHost _backend = null!;
    private GatewayHost _gateway = null!;
    private HttpClient _http = null!;
    private readonly string _county = GatewayHost.Token("clerk-1", ["clerk"], "652301", "unit-1");

    public async Task InitializeAsync()
    {
        _backend = await TestHost.StartAsync();
        _gateway = await GatewayHost.StartAsync([_backend.Address]);
        _http = _gateway.Http();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, string? token = null, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    [Fact]
    public async Task Get_PathAndQuery_FillTheMessageAndTheReplyIsProtobufJson()
    {
        var (status, body, response) = await SendAsync(HttpMethod.Get, "/api/county/v1/echo/你好?response_size=3&compress_response=false", _county);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("你好", body.GetProperty("text").GetString());
        Assert.Equal("AAAA", body.GetProperty("payload").GetString());
        Assert.Equal(0, body.GetProperty("receivedSize").GetInt32());
        Assert.Equal("clerk-1|clerk|652301", body.GetProperty("caller").GetString());
        Assert.False(response.Headers.Contains("grpc-status"));
    }

    [Fact]
    public async Task Post_JsonBody_IsTheMessage()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/county/v1/echo", _county, """{"text":"from body","payload":"AQID","responseSize":1}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("from body", body.GetProperty("text").GetString());
        Assert.Equal(3, body.GetProperty("receivedSize").GetInt32());
    }

    [Fact]
    public async Task Post_ValidationFailure_400WithEveryFieldViolation()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/county/v1/echo", _county, """{"text":"validation"}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("INVALID_ARGUMENT", body.GetProperty("code").GetString());
        var details = body.GetProperty("details").EnumerateArray().Select(d => (d.GetProperty("field").GetString(), d.GetProperty("description").GetString())).ToList();
        Assert.Equal([("unit.credit_code", "check character is wrong: expected 'X', found '3'"), ("rows[2].amount", "must not be negative")], details);
    }

    [Theory]
    [InlineData(5, HttpStatusCode.NotFound, "NOT_FOUND")]
    [InlineData(7, HttpStatusCode.Forbidden, "PERMISSION_DENIED")]
    [InlineData(9, HttpStatusCode.BadRequest, "FAILED_PRECONDITION")]
    [InlineData(6, HttpStatusCode.Conflict, "ALREADY_EXISTS")]
    [InlineData(14, HttpStatusCode.ServiceUnavailable, "UNAVAILABLE")]
    [InlineData(16, HttpStatusCode.Unauthorized, "UNAUTHENTICATED")]
    public async Task Post_ServiceStatus_MatchingHttpStatusAndCode(int grpcCode, HttpStatusCode http, string name)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/county/v1/echo", _county,
            "{\"responseStatus\":{\"code\":" + grpcCode + ",\"message\":\"单位 u-9 状态\"}}");
        Assert.Equal(http, status);
        Assert.Equal(name, body.GetProperty("code").GetString());
        Assert.Equal("单位 u-9 状态", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Post_ServiceCrashes_500WithoutInternalDetail()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/county/v1/echo", _county, """{"text":"crash"}""");
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        // The service reports an unhandled exception as UNKNOWN, as grpc-dotnet does; HTTP 500 either way.
        Assert.Equal("UNKNOWN", body.GetProperty("code").GetString());
        Assert.DoesNotContain("secret internal detail", body.GetRawText());
    }

    [Theory]
    [InlineData("/api/county/v1/echo/x?response_size=many", "response_size")]
    [InlineData("/api/county/v1/echo/x?no_such_field=1", "no_such_field")]
    [InlineData("/api/county/v1/echo/x?compress_response=perhaps", "compress_response")]
    public async Task Get_BadQueryParameter_400NamingTheField(string path, string field)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, path, _county);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("INVALID_ARGUMENT", body.GetProperty("code").GetString());
        Assert.Contains(body.GetProperty("details").EnumerateArray(), d => d.GetProperty("field").GetString()!.Contains(field, StringComparison.Ordinal)
            || d.GetProperty("description").GetString()!.Contains(field, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"text": 12""")]
    [InlineData("""["not","an","object"]""")]
    [InlineData("""{"unknownField": 1}""")]
    [InlineData("""{"responseSize": "a lot"}""")]
    public async Task Post_BadBody_400AndNothingForwarded(string json)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/county/v1/echo", _county, json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("INVALID_ARGUMENT", body.GetProperty("code").GetString());
        Assert.NotEmpty(body.GetProperty("details").EnumerateArray());
    }

    [Fact]
    public async Task Get_ServerStream_JsonArrayOfEveryMessage()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, "/api/county/v1/stream?response_sizes=1&response_sizes=2&response_sizes=3", _county);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([1, 2, 3], body.EnumerateArray().Select(m => Convert.FromBase64String(m.GetProperty("payload").GetString()!).Length));
    }

    [Fact]
    public async Task Get_PublicJson_AnonymousAndCacheable()
    {
        var (status, body, response) = await SendAsync(HttpMethod.Get, "/api/public/v1/echo/公开");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("公开", body.GetProperty("text").GetString());
        Assert.Equal("", body.GetProperty("caller").GetString());
        Assert.Equal("public, max-age=60", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Post_RouteTimeoutShorterThanTheWork_504DeadlineExceeded()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/county/v1/slow-echo", _county, """{"delayMs":5000}""");
        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Equal("DEADLINE_EXCEEDED", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Post_RouteTimeoutLongEnough_Answered()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/county/v1/slow-echo", _county, """{"delayMs":20,"text":"quick"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("quick", body.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Get_PortalRouteWithoutToken_401Json()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, "/api/county/v1/echo/x");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("UNAUTHENTICATED", body.GetProperty("code").GetString());
    }
}
