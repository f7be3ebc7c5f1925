using Grpc.Core;
using Grpc.Net.Client;
using Google.Protobuf;
using Google.Rpc;
using Platform.Testing;
using Platform.Testing.V1;

namespace Platform.Grpc.Tests.Server;

/// <summary>
/// The official client against the official server as every platform host configures it (service defaults, the platform's
/// interceptor), on a real Kestrel port: what the platform relies on of the runtime, and what it adds.
/// </summary>
public sealed class GrpcServerFunctionalTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private GrpcChannel _channel = null!;
    private InteropTest.InteropTestClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        _channel = GrpcChannel.ForAddress(_host.Address);
        _client = new InteropTest.InteropTestClient(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task UnaryCall_Echo_ReturnsResponse()
    {
        var response = await _client.UnaryCallAsync(new SimpleRequest { Text = "部门决算", ResponseSize = 10, Payload = ByteString.CopyFrom(new byte[7]) });
        Assert.Equal("部门决算", response.Text);
        Assert.Equal(10, response.Payload.Length);
        Assert.Equal(7, response.ReceivedSize);
    }

    [Fact]
    public async Task UnaryCall_ManyCallsOneChannel_ReuseOneConnection()
    {
        var connections = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            connections.Add((await _client.UnaryCallAsync(new SimpleRequest())).ConnectionId);
        }
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _client.UnaryCallAsync(new SimpleRequest()).ResponseAsync));
        connections.UnionWith(concurrent.Select(r => r.ConnectionId));
        Assert.Single(connections);
    }

    [Fact]
    public async Task UnaryCall_HandlerThrowsRpcException_StatusAndUnicodeMessageArrive()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.UnaryCallAsync(new SimpleRequest
        {
            ResponseStatus = new EchoStatus { Code = (int)StatusCode.FailedPrecondition, Message = "年度已关闭 100%" },
        }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Equal("年度已关闭 100%", ex.Status.Detail);
    }

    [Fact]
    public async Task UnaryCall_ValidationException_InvalidArgumentWithFieldViolations()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.UnaryCallAsync(new SimpleRequest { Text = "validation" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("unit.credit_code", ex.Status.Detail);
        Assert.StartsWith("2 处输入有误：unit.credit_code：", ex.Status.Detail, StringComparison.Ordinal);
        var details = ex.Trailers.GetValueBytes("grpc-status-details-bin");
        Assert.NotNull(details);
        var status = Google.Rpc.Status.Parser.ParseFrom(details);
        Assert.Equal((int)StatusCode.InvalidArgument, status.Code);
        var badRequest = status.Details.Single().Unpack<BadRequest>();
        Assert.Equal(["unit.credit_code", "rows[2].amount"], badRequest.FieldViolations.Select(v => v.Field));
        Assert.Equal("CHECK_CHARACTER", badRequest.FieldViolations[0].Reason);
        Assert.Equal("must not be negative", badRequest.FieldViolations[1].Description);
        Assert.Equal(badRequest.FieldViolations.Select(v => new FieldViolation(v.Field, v.Description, v.Reason)), ex.FieldViolations());
    }

    [Fact]
    public async Task UnaryCall_TextOverTheCeiling_InvalidArgumentInChinese()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.UnaryCallAsync(new SimpleRequest { Text = new string('x', RequestStringLimit.MaxLength + 1) }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var violation = Assert.Single(ex.FieldViolations());
        Assert.Equal(("text", "TOO_LONG"), (violation.Field, violation.Reason));
        Assert.Equal("长度 10001 个字符，超过请求文本的上限 10000 个字符", violation.Description);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", ex.Status.Detail);
    }

    [Fact]
    public async Task UnaryCall_UnexpectedException_UnknownWithoutInternals()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.UnaryCallAsync(new SimpleRequest { Text = "crash" }).ResponseAsync);
        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.DoesNotContain("secret", ex.Status.Detail);
    }

    [Fact]
    public async Task UnaryCall_DeadlineShorterThanWork_DeadlineExceeded()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.UnaryCallAsync(
            new SimpleRequest { DelayMs = 10_000 }, new CallOptions(deadline: DateTime.UtcNow.Add(TimeSpan.FromMilliseconds(200)))).ResponseAsync);
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        await WaitForNoActiveCallsAsync();
    }

    [Fact]
    public async Task UnaryCall_ServerDeadlineOnly_ServerAnswersDeadlineExceeded()
    {
        // grpc-timeout reaches the server, which ends the call itself (the client here sets no local timer).
        using var http = RawGrpc.CreateClient(_host.Address);
        var request = RawGrpc.Request("/platform.testing.v1.InteropTest/UnaryCall", RawGrpc.Frame(new SimpleRequest { DelayMs = 10_000 }));
        request.Headers.TryAddWithoutValidation("grpc-timeout", "100m");
        var (status, _) = await RawGrpc.SendAsync(http, request);
        Assert.Equal(StatusCode.DeadlineExceeded, status);
    }

    [Fact]
    public async Task UnaryCall_ClientCancels_ServerCallEndsAndClientSeesCancelled()
    {
        using var cts = new CancellationTokenSource();
        var call = _client.UnaryCallAsync(new SimpleRequest { DelayMs = 30_000 }, new CallOptions(cancellationToken: cts.Token));
        await WaitUntilAsync(() => _host.ActiveRequests == 1);
        cts.Cancel();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        await WaitForNoActiveCallsAsync();
    }

    [Fact]
    public async Task UnaryCall_Metadata_EchoedInHeadersAndTrailers()
    {
        var headers = new Metadata { { "x-request-tag", "abc-123" }, { "x-blob-bin", new byte[] { 0, 1, 2, 255 } } };
        using var call = _client.UnaryCallAsync(new SimpleRequest { EchoKeys = { "x-request-tag", "x-blob-bin" } }, new CallOptions(headers: headers));
        await call;
        var result = (ResponseHeaders: await call.ResponseHeadersAsync, Trailers: call.GetTrailers());
        Assert.Equal("abc-123", result.ResponseHeaders.GetValue("x-request-tag"));
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, result.ResponseHeaders.GetValueBytes("x-blob-bin"));
        Assert.Equal("abc-123", result.Trailers.GetValue("x-request-tag"));
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, result.Trailers.GetValueBytes("x-blob-bin"));
    }

    [Fact]
    public async Task UnaryCall_SeveralMegabytesBothWays_RoundTrips()
    {
        var payload = ByteString.CopyFrom(Enumerable.Range(0, 6_000_000).Select(i => (byte)i).ToArray());
        using var channel = GrpcChannel.ForAddress(_host.Address, new GrpcChannelOptions { MaxReceiveMessageSize = 16 << 20 });
        var response = await new InteropTest.InteropTestClient(channel).UnaryCallAsync(new SimpleRequest { Payload = payload, ResponseSize = 5_000_000 });
        Assert.Equal(6_000_000, response.ReceivedSize);
        Assert.Equal(5_000_000, response.Payload.Length);
    }

    [Fact]
    public async Task UnaryCall_RequestAboveServerMax_ResourceExhausted()
    {
        await using var small = await TestHost.StartAsync(settings: new Dictionary<string, string?> { ["Platform:MaxReceiveMessageSize"] = "1024" });
        using var channel = GrpcChannel.ForAddress(small.Address);
        var ex = await Assert.ThrowsAsync<RpcException>(() => new InteropTest.InteropTestClient(channel).UnaryCallAsync(
            new SimpleRequest { Payload = ByteString.CopyFrom(new byte[4096]) }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryCall_ResponseAboveClientMax_ResourceExhausted()
    {
        using var channel = GrpcChannel.ForAddress(_host.Address, new GrpcChannelOptions { MaxReceiveMessageSize = 1000 });
        var ex = await Assert.ThrowsAsync<RpcException>(() => new InteropTest.InteropTestClient(channel).UnaryCallAsync(new SimpleRequest { ResponseSize = 5000 }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryCall_GzipBothWays_ServerSendsCompressedFramesAndClientDecodes()
    {
        // grpc-internal-encoding-request: Grpc.Net.Client's per-call switch to gzip the request.
        var response = await _client.UnaryCallAsync(new SimpleRequest
        {
            Payload = ByteString.CopyFrom(new byte[100_000]),
            ResponseSize = 100_000,
            CompressResponse = true,
        }, new CallOptions(headers: new Metadata { { "grpc-internal-encoding-request", "gzip" } }));
        Assert.Equal(100_000, response.ReceivedSize);
        Assert.Equal(100_000, response.Payload.Length);
        Assert.Equal("gzip", response.RequestEncoding);

        // On the wire: the response frame is flagged compressed and much smaller than the message.
        using var http = RawGrpc.CreateClient(_host.Address);
        var request = RawGrpc.Request("/platform.testing.v1.InteropTest/UnaryCall",
            RawGrpc.Frame(new SimpleRequest { ResponseSize = 100_000, CompressResponse = true }));
        request.Headers.TryAddWithoutValidation("grpc-accept-encoding", "identity,gzip");
        using var raw = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("gzip", raw.Headers.GetValues("grpc-encoding").Single());
        var body = await raw.Content.ReadAsByteArrayAsync();
        Assert.Equal(1, body[0]);
        Assert.True(body.Length < 10_000, $"compressed body is {body.Length} bytes");
    }

    [Fact]
    public async Task UnaryCall_UnknownMethod_UnimplementedTrailersOnly()
    {
        using var http = RawGrpc.CreateClient(_host.Address);
        var request = RawGrpc.Request("/platform.testing.v1.InteropTest/NoSuchMethod", RawGrpc.Frame(new SimpleRequest()));
        using var response = await http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("12", response.Headers.GetValues("grpc-status").Single());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task UnaryCall_WrongContentType_415()
    {
        using var http = RawGrpc.CreateClient(_host.Address);
        var request = RawGrpc.Request("/platform.testing.v1.InteropTest/UnaryCall", RawGrpc.Frame(new SimpleRequest()), "application/json");
        using var response = await http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task StreamingOutputCall_ManyMessages_AllArriveThenOk()
    {
        var request = new StreamingOutputCallRequest();
        request.ResponseSizes.AddRange(Enumerable.Range(1, 50).Select(i => i * 100));
        using var call = _client.StreamingOutputCall(request);
        var received = new List<StreamingOutputCallResponse>();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            received.Add(message);
        }
        Assert.Equal(Enumerable.Range(0, 50), received.Select(r => r.Index));
        Assert.Equal(5000, received[^1].Payload.Length);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task StreamingOutputCall_ErrorAfterMessages_StatusInTrailers()
    {
        var request = new StreamingOutputCallRequest { ResponseStatus = new EchoStatus { Code = (int)StatusCode.Aborted, Message = "stopped" } };
        request.ResponseSizes.AddRange([1, 2, 3]);
        using var call = _client.StreamingOutputCall(request);
        var count = 0;
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in call.ResponseStream.ReadAllAsync())
            {
                count++;
            }
        });
        Assert.Equal(3, count);
        Assert.Equal(StatusCode.Aborted, ex.StatusCode);
        Assert.Equal("stopped", ex.Status.Detail);
    }

    [Fact]
    public async Task StreamingOutputCall_ClientDisposesMidStream_ServerStreamEnds()
    {
        var request = new StreamingOutputCallRequest { IntervalMs = 50 };
        request.ResponseSizes.AddRange(Enumerable.Repeat(10, 1000));
        var call = _client.StreamingOutputCall(request);
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.True(await call.ResponseStream.MoveNext());
        call.Dispose();
        await WaitForNoActiveCallsAsync();
    }

    [Fact]
    public async Task StreamingOutputCall_Deadline_DeadlineExceededAfterSomeMessages()
    {
        var request = new StreamingOutputCallRequest { IntervalMs = 100 };
        request.ResponseSizes.AddRange(Enumerable.Repeat(10, 100));
        // 100 messages 100 ms apart take 10 s; the 1.5 s deadline cuts the stream after the first few.
        using var call = _client.StreamingOutputCall(request, new CallOptions(deadline: DateTime.UtcNow.Add(TimeSpan.FromMilliseconds(1500))));
        var count = 0;
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in call.ResponseStream.ReadAllAsync())
            {
                count++;
            }
        });
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.InRange(count, 1, 30);
        await WaitForNoActiveCallsAsync();
    }

    [Fact]
    public async Task StreamingInputCall_SeveralFrames_ServerAggregates()
    {
        using var http = RawGrpc.CreateClient(_host.Address);
        var frames = Enumerable.Range(1, 5).SelectMany(i => RawGrpc.Frame(new StreamingInputCallRequest { Payload = ByteString.CopyFrom(new byte[i * 1000]) })).ToArray();
        var (status, messages) = await RawGrpc.SendAsync(http, RawGrpc.Request("/platform.testing.v1.InteropTest/StreamingInputCall", frames));
        Assert.Equal(StatusCode.OK, status);
        var response = StreamingInputCallResponse.Parser.ParseFrom(messages.Single());
        Assert.Equal(15_000, response.AggregatedPayloadSize);
        Assert.Equal(5, response.MessageCount);
    }

    private Task WaitForNoActiveCallsAsync() => WaitUntilAsync(() => _host.ActiveRequests == 0);

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        // Polls a condition with a hard ceiling; the ceiling only bounds a failing test.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 10 s");
            await Task.Delay(10);
        }
    }
}
