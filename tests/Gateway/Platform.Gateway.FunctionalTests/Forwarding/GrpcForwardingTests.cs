using Grpc.Core;
using Grpc.Net.Client;
using Google.Protobuf;
using Platform.Grpc;
using Platform.Testing;
using Platform.Testing.V1;

namespace Platform.Gateway.FunctionalTests.Forwarding;

/// <summary>gRPC through the gateway to a real Kestrel backend: messages, metadata, trailers, streams, deadlines and statuses.</summary>
public sealed class GrpcForwardingTests : IAsyncLifetime
{
    private TestHost _backend = null!;
    private GatewayHost _gateway = null!;
    private GrpcChannel _channel = null!;
    private InteropTest.InteropTestClient _client = null!;
    private readonly string _token = GatewayHost.Token("clerk-1", ["clerk"], "652301", "unit-1");

    public async Task InitializeAsync()
    {
        _backend = await TestHost.StartAsync();
        _gateway = await GatewayHost.StartAsync([_backend.Address]);
        _channel = _gateway.Channel();
        _client = new InteropTest.InteropTestClient(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task UnaryCall_WithPayload_ForwardedBothWays()
    {
        var response = await _client.UnaryCallAsync(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[70_000]), ResponseSize = 90_000, Text = "hello" }, GatewayHost.Bearer(_token));
        Assert.Equal("hello", response.Text);
        Assert.Equal(70_000, response.ReceivedSize);
        Assert.Equal(90_000, response.Payload.Length);
    }

    [Fact]
    public async Task UnaryCall_EchoedMetadata_HeadersAndTrailersReachTheClient()
    {
        var options = new CallOptions(headers: new Metadata { { "authorization", "Bearer " + _token }, { "x-echo", "value-1" } });
        using var call = _client.UnaryCallAsync(new SimpleRequest { Text = "meta", EchoKeys = { "x-echo" } }, options);
        await call;
        Assert.Equal("value-1", (await call.ResponseHeadersAsync).GetValue("x-echo"));
        Assert.Equal("value-1", call.GetTrailers().GetValue("x-echo"));
    }

    [Fact]
    public async Task StreamingOutputCall_FiveMessages_AllArriveWithTheFinalStatus()
    {
        using var call = _client.StreamingOutputCall(new StreamingOutputCallRequest { ResponseSizes = { 1, 10, 100, 1000, 10_000 }, IntervalMs = 20 }, GatewayHost.Bearer(_token));
        var sizes = new List<int>();
        while (await call.ResponseStream.MoveNext())
        {
            sizes.Add(call.ResponseStream.Current.Payload.Length);
        }
        Assert.Equal([1, 10, 100, 1000, 10_000], sizes);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task UnaryCall_ServiceAnswersNotFound_StatusAndMessageForwarded()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.UnaryCallAsync(
            new SimpleRequest { ResponseStatus = new EchoStatus { Code = (int)StatusCode.NotFound, Message = "単位 652301-007 不存在" } }, GatewayHost.Bearer(_token)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("単位 652301-007 不存在", ex.Status.Detail);
    }

    [Fact]
    public async Task UnaryCall_DeadlineShorterThanTheWork_DeadlineExceeded()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.UnaryCallAsync(new SimpleRequest { DelayMs = 5_000 },
            GatewayHost.Bearer(_token, DateTime.UtcNow.AddMilliseconds(300))).ResponseAsync);
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryCall_DeadlineLongEnough_Succeeds()
    {
        var response = await _client.UnaryCallAsync(new SimpleRequest { DelayMs = 50, Text = "in time" }, GatewayHost.Bearer(_token, DateTime.UtcNow.AddSeconds(10)));
        Assert.Equal("in time", response.Text);
    }

    [Fact]
    public async Task ClientStreaming_ThreeFramesInOneBody_ServiceReceivesAll()
    {
        using var http = RawGrpc.CreateClient(_gateway.GrpcAddress);
        var body = new[] { 10, 20, 30 }.SelectMany(n => RawGrpc.Frame(new StreamingInputCallRequest { Payload = ByteString.CopyFrom(new byte[n]) })).ToArray();
        var request = RawGrpc.Request("/platform.testing.v1.InteropTest/StreamingInputCall", body);
        request.Headers.TryAddWithoutValidation("authorization", "Bearer " + _token);
        var (status, messages) = await RawGrpc.SendAsync(http, request);
        Assert.Equal(StatusCode.OK, status);
        Assert.Equal(60, StreamingInputCallResponse.Parser.ParseFrom(messages.Single()).AggregatedPayloadSize);
    }

    [Fact]
    public async Task FullDuplexCall_EachAnswerBeforeTheNextRequest_StreamsBothWaysAtOnce()
    {
        using var http = RawGrpc.CreateClient(_gateway.GrpcAddress);
        var requests = System.Threading.Channels.Channel.CreateUnbounded<byte[]>();
        var request = new HttpRequestMessage(HttpMethod.Post, "/platform.testing.v1.InteropTest/FullDuplexCall")
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ChannelContent(requests.Reader),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.TryAddWithoutValidation("authorization", "Bearer " + _token);
        await requests.Writer.WriteAsync(RawGrpc.Frame(new StreamingOutputCallRequest { ResponseSizes = { 7 } }));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStreamAsync();
        // The second request is sent only once the first answer has come back through the gateway.
        Assert.Equal(7, (await ReadMessageAsync(body)).Payload.Length);
        await requests.Writer.WriteAsync(RawGrpc.Frame(new StreamingOutputCallRequest { ResponseSizes = { 9 } }));
        Assert.Equal(9, (await ReadMessageAsync(body)).Payload.Length);
        requests.Writer.Complete();
        Assert.Equal(-1, body.ReadByte());
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
    }

    private static async Task<StreamingOutputCallResponse> ReadMessageAsync(Stream body)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var header = new byte[5];
        await body.ReadExactlyAsync(header, timeout.Token);
        var message = new byte[System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1))];
        await body.ReadExactlyAsync(message, timeout.Token);
        return StreamingOutputCallResponse.Parser.ParseFrom(message);
    }

    /// <summary>A request body written while the response is being read: each frame as the test hands it over.</summary>
    private sealed class ChannelContent(System.Threading.Channels.ChannelReader<byte[]> frames) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await foreach (var frame in frames.ReadAllAsync())
            {
                await stream.WriteAsync(frame);
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task UnaryCall_UnknownMethod_UnimplementedFromTheService()
    {
        using var http = RawGrpc.CreateClient(_gateway.GrpcAddress);
        var request = RawGrpc.Request("/platform.testing.v1.InteropTest/NoSuchMethod", RawGrpc.Frame(new SimpleRequest()));
        request.Headers.TryAddWithoutValidation("authorization", "Bearer " + _token);
        var (status, _) = await RawGrpc.SendAsync(http, request);
        Assert.Equal(StatusCode.Unimplemented, status);
    }

    [Fact]
    public async Task UnaryCall_ServiceNoContractHas_UnimplementedFromTheGateway()
    {
        // No route at all (the gateway's fallback): gRPC's status for "not offered here", which health-checking and
        // reflection clients read as such — any other status they take for a failure.
        using var http = RawGrpc.CreateClient(_gateway.GrpcAddress);
        var request = RawGrpc.Request("/no.such.v1.Service/Method", RawGrpc.Frame(new SimpleRequest()));
        request.Headers.TryAddWithoutValidation("authorization", "Bearer " + _token);
        var (status, _) = await RawGrpc.SendAsync(http, request);
        Assert.Equal(StatusCode.Unimplemented, status);
    }
}
