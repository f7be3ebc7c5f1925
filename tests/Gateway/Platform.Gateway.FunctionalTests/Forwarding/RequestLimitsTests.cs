using Grpc.Core;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using Platform.Grpc;
using Platform.Testing;
using Platform.Testing.V1;

namespace Platform.Gateway.FunctionalTests.Forwarding;

/// <summary>Oversized bodies, slow clients and CORS: refused at the gateway, in the caller's protocol, before a service sees them.</summary>
public sealed class RequestLimitsTests : IAsyncLifetime
{
    private TestHost _backend = null!;
    private GatewayHost _gateway = null!;
    private readonly CapturingLoggerProvider _logs = new();
    private readonly string _token = GatewayHost.Token("clerk-1", ["clerk"], "652301", "unit-1");

    public async Task InitializeAsync()
    {
        _backend = await TestHost.StartAsync();
        _gateway = await GatewayHost.StartAsync([_backend.Address], new Dictionary<string, string?>
        {
            ["Gateway:Limits:MaxRequestBodyBytes"] = "4096",
            ["Gateway:Limits:MinBytesPerSecond"] = "240",
            ["Gateway:Limits:RateGracePeriodSeconds"] = "1.5",
            ["Gateway:Limits:RequestHeadersTimeoutSeconds"] = "1",
        }, _logs);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task GrpcCall_BodyOverTheLimit_ResourceExhausted()
    {
        using var http = RawGrpc.CreateClient(_gateway.GrpcAddress);
        var request = RawGrpc.Request("/platform.testing.v1.InteropTest/UnaryCall", RawGrpc.Frame(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[10_000]) }));
        request.Headers.TryAddWithoutValidation("authorization", "Bearer " + _token);
        var (status, _) = await RawGrpc.SendAsync(http, request);
        Assert.Equal(StatusCode.ResourceExhausted, status);
    }

    /// <summary>
    /// Calls the jurisdiction check does not read (an anonymous public read, a client stream) are held to the same limit:
    /// YARP lifts Kestrel's body limit for every gRPC request it has not seen read, so the gateway enforces its own.
    /// </summary>
    [Fact]
    public async Task AnonymousGrpcCall_BodyOverTheLimit_ResourceExhaustedAndNotForwarded()
    {
        using var http = RawGrpc.CreateClient(_gateway.GrpcAddress);
        var request = RawGrpc.Request("/platform.testing.v1.JsonTest/PublicEcho",
            RawGrpc.Frame(new SimpleRequest { Text = "too-big-" + Guid.NewGuid().ToString("N"), Payload = ByteString.CopyFrom(new byte[10_000]) }));
        var (status, messages) = await RawGrpc.SendAsync(http, request);
        Assert.Equal(StatusCode.ResourceExhausted, status);
        Assert.Empty(messages);
    }

    /// <summary>Three frames of the given size: 3 × 1,000 bytes pass the 4,096-byte limit, 3 × 2,000 together do not.</summary>
    [Theory]
    [InlineData(1_000, StatusCode.OK)]
    [InlineData(2_000, StatusCode.ResourceExhausted)]
    public async Task ClientStream_FramesTogether_LimitHoldsForTheWholeBody(int frameBytes, StatusCode expected)
    {
        using var http = RawGrpc.CreateClient(_gateway.GrpcAddress);
        var body = Enumerable.Range(0, 3).SelectMany(_ => RawGrpc.Frame(new StreamingInputCallRequest { Payload = ByteString.CopyFrom(new byte[frameBytes]) })).ToArray();
        var request = RawGrpc.Request("/platform.testing.v1.InteropTest/StreamingInputCall", body);
        request.Headers.TryAddWithoutValidation("authorization", "Bearer " + _token);
        var (status, messages) = await RawGrpc.SendAsync(http, request);
        Assert.Equal(expected, status);
        if (expected == StatusCode.OK)
        {
            Assert.Equal(3 * frameBytes, StreamingInputCallResponse.Parser.ParseFrom(messages.Single()).AggregatedPayloadSize);
        }
        else
        {
            Assert.Empty(messages);
        }
    }

    [Fact]
    public async Task GrpcCall_BodyWithinTheLimit_Forwarded()
    {
        using var http = RawGrpc.CreateClient(_gateway.GrpcAddress);
        var request = RawGrpc.Request("/platform.testing.v1.InteropTest/UnaryCall", RawGrpc.Frame(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[3_000]) }));
        request.Headers.TryAddWithoutValidation("authorization", "Bearer " + _token);
        var (status, messages) = await RawGrpc.SendAsync(http, request);
        Assert.Equal(StatusCode.OK, status);
        Assert.Equal(3_000, SimpleResponse.Parser.ParseFrom(messages.Single()).ReceivedSize);
        // The jurisdiction check read the first frame before the forwarder: no failed attempt to lift the limit, logged per call.
        Assert.DoesNotContain(_logs.Lines, line => line.Contains("max request body size", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task JsonPost_BodyOverTheLimit_413()
    {
        using var http = _gateway.Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/county/v1/echo")
        {
            Content = new StringContent($"{{\"text\":\"{new string('x', 10_000)}\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("\"code\":8", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowBody_BelowTheMinimumRate_ConnectionClosed()
    {
        using var socket = await ConnectAsync();
        var head = "POST /api/county/v1/echo HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 2000\r\n" +
                   $"Authorization: Bearer {_token}\r\n\r\n{{";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head));
        Assert.True(await ClosedAsync(socket), "the gateway kept a client that sends one byte and stops");
    }

    [Fact]
    public async Task SlowHeaders_NeverFinished_ConnectionClosed()
    {
        using var socket = await ConnectAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /public/v1/doc/x HTTP/1.1\r\nHost: gateway\r\nX-Slow: "));
        Assert.True(await ClosedAsync(socket), "the gateway kept a client whose headers never end");
    }

    [Fact]
    public async Task Preflight_FromAConfiguredPortalOrigin_Allowed()
    {
        using var response = await PreflightAsync("/api/county/v1/echo", "https://portal.example", "POST");
        Assert.Equal("https://portal.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Preflight_FromAnotherOrigin_NotAllowed()
    {
        using var response = await PreflightAsync("/api/county/v1/echo", "https://evil.example", "POST");
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task PublicGet_FromAnyOrigin_Allowed()
    {
        using var http = _gateway.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/public/v1/public-echo/x");
        request.Headers.Add("Origin", "https://some-county-site.example");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    private async Task<HttpResponseMessage> PreflightAsync(string path, string origin, string method)
    {
        using var http = _gateway.Http();
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return await http.SendAsync(request);
    }

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_gateway.HttpAddress.Host, _gateway.HttpAddress.Port);
        return socket;
    }

    /// <summary>Reads until the gateway closes the connection (true), or gives up after 20 s (false).</summary>
    private static async Task<bool> ClosedAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[4096];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
            {
            }
            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
