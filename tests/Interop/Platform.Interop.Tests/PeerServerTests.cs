using Grpc.Core;
using Grpc.Net.Client;
using Google.Protobuf;
using Platform.Grpc;
using Platform.Testing;
using Platform.Testing.V1;

namespace Platform.Interop.Tests;

/// <summary>The platform's client against grpcio and grpc-js servers.</summary>
public abstract class PeerServerTests(string peer) : IAsyncLifetime
{
    private PeerServer _server = null!;
    private GrpcChannel _channel = null!;
    private InteropTest.InteropTestClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await PeerServer.StartAsync(peer);
        _channel = GrpcChannel.ForAddress(_server.Address, new GrpcChannelOptions { MaxReceiveMessageSize = 16 << 20 });
        _client = new InteropTest.InteropTestClient(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task UnaryCall_ToPeer_Succeeds()
    {
        var response = await _client.UnaryCallAsync(new SimpleRequest { Text = "部门决算", ResponseSize = 10, Payload = ByteString.CopyFrom(new byte[7]) },
            new CallOptions(deadline: DateTime.UtcNow.Add(TimeSpan.FromSeconds(10))));
        Assert.Equal("部门决算", response.Text);
        Assert.Equal(10, response.Payload.Length);
        Assert.Equal(7, response.ReceivedSize);
    }

    [Fact]
    public async Task UnaryCall_PeerReturnsError_CodeAndUnicodeMessage()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.UnaryCallAsync(
            new SimpleRequest { ResponseStatus = new EchoStatus { Code = (int)StatusCode.FailedPrecondition, Message = "年度已关闭 100%" } }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Equal("年度已关闭 100%", ex.Status.Detail);
    }

    [Fact]
    public async Task UnaryCall_Deadline_DeadlineExceeded()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.UnaryCallAsync(
            new SimpleRequest { DelayMs = 10_000 }, new CallOptions(deadline: DateTime.UtcNow.Add(TimeSpan.FromMilliseconds(300)))).ResponseAsync);
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryCall_Cancelled_CancelledPromptly()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var started = DateTime.UtcNow;
        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.UnaryCallAsync(
            new SimpleRequest { DelayMs = 20_000 }, new CallOptions(cancellationToken: cts.Token)).ResponseAsync);
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task StreamingOutputCall_FromPeer_AllMessagesThenOk()
    {
        var request = new StreamingOutputCallRequest();
        request.ResponseSizes.AddRange(Enumerable.Range(1, 20).Select(i => i * 100));
        using var call = _client.StreamingOutputCall(request, new CallOptions(deadline: DateTime.UtcNow.Add(TimeSpan.FromSeconds(10))));
        var sizes = new List<int>();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            sizes.Add(message.Payload.Length);
        }
        Assert.Equal(20, sizes.Count);
        Assert.Equal(2000, sizes[^1]);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task StreamingOutputCall_PeerFailsAfterMessages_MessagesThenStatus()
    {
        var request = new StreamingOutputCallRequest { ResponseStatus = new EchoStatus { Code = (int)StatusCode.Aborted, Message = "stopped" } };
        request.ResponseSizes.AddRange([1, 2, 3]);
        using var call = _client.StreamingOutputCall(request, new CallOptions(deadline: DateTime.UtcNow.Add(TimeSpan.FromSeconds(10))));
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
    public async Task UnaryCall_SeveralMegabytes_RoundTrips()
    {
        var response = await _client.UnaryCallAsync(
            new SimpleRequest { Payload = ByteString.CopyFrom(new byte[6_000_000]), ResponseSize = 5_000_000 },
            new CallOptions(deadline: DateTime.UtcNow.Add(TimeSpan.FromSeconds(30))));
        Assert.Equal(6_000_000, response.ReceivedSize);
        Assert.Equal(5_000_000, response.Payload.Length);
    }

    [Fact]
    public async Task UnaryCall_Gzip_PeerDecompressesRequestAndCompressesResponse()
    {
        // grpc-internal-encoding-request: Grpc.Net.Client's per-call switch to gzip the request.
        var response = await _client.UnaryCallAsync(
            new SimpleRequest { Payload = ByteString.CopyFrom(new byte[100_000]), ResponseSize = 100_000, CompressResponse = true },
            new CallOptions(headers: new Metadata { { "grpc-internal-encoding-request", "gzip" } }, deadline: DateTime.UtcNow.AddSeconds(10)));
        Assert.Equal(100_000, response.ReceivedSize);
        Assert.Equal(100_000, response.Payload.Length);
    }

    [Fact]
    public async Task UnaryCall_Metadata_PeerEchoesTextAndBinary()
    {
        var headers = new Metadata { { "x-tag", "abc-123" }, { "x-blob-bin", new byte[] { 0, 1, 255 } } };
        using var call = _client.UnaryCallAsync(new SimpleRequest { EchoKeys = { "x-tag", "x-blob-bin" } },
            new CallOptions(headers: headers, deadline: DateTime.UtcNow.AddSeconds(10)));
        await call;
        var result = (ResponseHeaders: await call.ResponseHeadersAsync, Trailers: call.GetTrailers());
        Assert.Equal("abc-123", result.ResponseHeaders.GetValue("x-tag"));
        Assert.Equal(new byte[] { 0, 1, 255 }, result.ResponseHeaders.GetValueBytes("x-blob-bin"));
        Assert.Equal("abc-123", result.Trailers.GetValue("x-tag"));
        Assert.Equal(new byte[] { 0, 1, 255 }, result.Trailers.GetValueBytes("x-blob-bin"));
    }

    [Fact]
    public async Task UnaryCall_ResponseAboveClientMax_ResourceExhausted()
    {
        using var small = GrpcChannel.ForAddress(_server.Address, new GrpcChannelOptions { MaxReceiveMessageSize = 1000 });
        var ex = await Assert.ThrowsAsync<RpcException>(() => new InteropTest.InteropTestClient(small).UnaryCallAsync(new SimpleRequest { ResponseSize = 5000 }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }
}

public sealed class PythonPeerServerTests() : PeerServerTests("python");

public sealed class NodePeerServerTests() : PeerServerTests("node");
