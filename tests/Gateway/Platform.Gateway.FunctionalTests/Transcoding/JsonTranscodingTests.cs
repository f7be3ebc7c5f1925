using Grpc.Core;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Platform.Testing;

namespace Platform.Gateway.FunctionalTests.Transcoding;

/// <summary>
/// JSON through the gateway to a real backend that serves its rpcs' google.api.http routes itself (JSON transcoding): the
/// gateway's route sets are generated from the contract (platform.testing.v1.JsonTest), the protobuf JSON mapping both
/// ways, gRPC statuses as HTTP statuses with google.rpc.Status as the error body and its field violations, server streams
/// as newline-delimited JSON, strict requests that name the bad field.
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

    /// <summary>The field violations of a google.rpc.Status error body: (field, description) of each google.rpc.BadRequest detail.</summary>
    private static List<(string? Field, string? Description)> Violations(JsonElement body) =>
        body.GetProperty("details").EnumerateArray()
            .Where(d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.BadRequest")
            .SelectMany(d => d.GetProperty("fieldViolations").EnumerateArray())
            .Select(v => (v.GetProperty("field").GetString(), v.GetProperty("description").GetString()))
            .ToList();

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
        Assert.Equal(3, body.GetProperty("code").GetInt32());
        Assert.Equal([("unit.credit_code", "check character is wrong: expected 'X', found '3'"), ("rows[2].amount", "must not be negative")], Violations(body));
    }

    [Theory]
    [InlineData(5, HttpStatusCode.NotFound)]
    [InlineData(7, HttpStatusCode.Forbidden)]
    [InlineData(9, HttpStatusCode.BadRequest)]
    [InlineData(6, HttpStatusCode.Conflict)]
    [InlineData(14, HttpStatusCode.ServiceUnavailable)]
    [InlineData(16, HttpStatusCode.Unauthorized)]
    public async Task Post_ServiceStatus_MatchingHttpStatusAndCode(int grpcCode, HttpStatusCode http)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/county/v1/echo", _county,
            "{\"responseStatus\":{\"code\":" + grpcCode + ",\"message\":\"单位 u-9 状态\"}}");
        Assert.Equal(http, status);
        Assert.Equal(grpcCode, body.GetProperty("code").GetInt32());
        Assert.Equal("单位 u-9 状态", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Post_ServiceCrashes_500WithoutInternalDetail()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/county/v1/echo", _county, """{"text":"crash"}""");
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        // The service reports an unhandled exception as UNKNOWN, as grpc-dotnet does; HTTP 500 either way.
        Assert.Equal(2, body.GetProperty("code").GetInt32());
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
        Assert.Equal(3, body.GetProperty("code").GetInt32());
        Assert.Equal(field, Assert.Single(Violations(body)).Field);
    }

    [Theory]
    [InlineData("/api/county/v1/echo/x?response_size=999999999999")]
    [InlineData("/api/county/v1/echo/x?response_size=-999999999999")]
    public async Task Get_WholeNumberPastItsFieldsRange_SaidOutOfRangeNotNotANumber(string path)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, path, _county);

        // An outside look: "999999999999 不是整数" — it is one, too large for the field.
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var (field, description) = Assert.Single(Violations(body));
        Assert.Equal("response_size", field);
        Assert.Contains("超出范围：须在 -2147483648 到 2147483647 之间", description, StringComparison.Ordinal);
        Assert.Equal("INVALID_PARAMETER", body.GetProperty("details").EnumerateArray()
            .Single(d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.BadRequest").GetProperty("fieldViolations")[0].GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("""{"text": 12""", "body")]
    [InlineData("""["not","an","object"]""", "body")]
    [InlineData("""{"unknownField": 1}""", "unknownField")]
    [InlineData("""{"responseSize": "a lot"}""", "response_size")]
    [InlineData("""{"text": 12}""", "text")]
    [InlineData("""{"text": "a", "text": "b"}""", "text")]
    [InlineData("""{"responseStatus": {"code": "x"}}""", "response_status.code")]
    public async Task Post_BadBody_400NamingTheField(string json, string field)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/county/v1/echo", _county, json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(3, body.GetProperty("code").GetInt32());
        Assert.Equal(field, Assert.Single(Violations(body)).Field);
    }

    [Fact]
    public async Task Post_NotJson_415()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/county/v1/echo") { Content = new StringContent("text=x", Encoding.UTF8, "text/plain") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _county);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    public async Task Post_NoBodyAtAll_AnEmptyMessageNotAnEnglishRefusal(string? contentType)
    {
        // curl -X POST without data: JSON transcoding answered "Request JSON payload is not correctly formatted."
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/county/v1/echo");
        if (contentType is not null)
        {
            request.Content = new ByteArrayContent([]);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _county);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("", JsonDocument.Parse(text).RootElement.TryGetProperty("text", out var echoed) ? echoed.GetString() : "");
    }

    [Theory]
    [InlineData("GET", "/api/county/v1/no-such-thing")]
    [InlineData("DELETE", "/api/county/v1/echo/x")]
    public async Task Api_AddressOrMethodNoRouteServes_404JsonInChinese(string method, string path)
    {
        var (status, body, _) = await SendAsync(new HttpMethod(method), path, _county);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(5, body.GetProperty("code").GetInt32());
        Assert.StartsWith($"没有这个接口：{method} {path}", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_AddressNoRouteServes_404PageInChineseWithTheWayHome()
    {
        using var response = await _http.GetAsync("/no-such-page-%3Cb%3E.html");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        // The address as typed, encoded: never markup of the caller's.
        Assert.Contains("没有这个页面：/no-such-page-&lt;b&gt;.html", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/\">返回首页</a>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ServerStream_OneJsonObjectPerLine()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/county/v1/stream?response_sizes=1&response_sizes=2&response_sizes=3");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _county);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([1, 2, 3], lines.Select(l => Convert.FromBase64String(JsonDocument.Parse(l).RootElement.GetProperty("payload").GetString()!).Length));
    }

    [Fact]
    public async Task Get_PublicJson_AnonymousAndCacheable()
    {
        var (status, body, response) = await SendAsync(HttpMethod.Get, "/api/public/v1/public-echo/公开");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("公开", body.GetProperty("text").GetString());
        Assert.Equal("", body.GetProperty("caller").GetString());
        Assert.Equal("public, max-age=60, s-maxage=0", response.Headers.CacheControl!.ToString());

        // Kept by browsers, never by the gateway: a second read is answered by the service, not from the gateway's store.
        var (_, _, again) = await SendAsync(HttpMethod.Get, "/api/public/v1/public-echo/公开");
        Assert.False(again.Headers.Age.HasValue, "a public JSON answer was served from the gateway's cache");
    }

    [Fact]
    public async Task Head_PublicJson_HeadersOfTheGetWithoutItsBody()
    {
        // An outside look: HEAD answered 404 "没有这个接口" on every /api/public route, while CORS advertised it.
        using var request = new HttpRequestMessage(HttpMethod.Head, "/api/public/v1/public-echo/公开");
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=60, s-maxage=0", response.Headers.CacheControl!.ToString());
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Post_RouteTimeoutShorterThanTheWork_504DeadlineExceeded()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/county/v1/slow-echo", _county, """{"delayMs":5000}""");
        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Equal(4, body.GetProperty("code").GetInt32());
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
        var (status, body, response) = await SendAsync(HttpMethod.Get, "/api/county/v1/echo/x");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(16, body.GetProperty("code").GetInt32());
        // The gateway's own refusals are read as the type they name, like every page.
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }
}
