using System.Buffers.Binary;
using Google.Protobuf;
using Grpc.Core;
using Platform.Testing;
using Platform.Testing.V1;

namespace Platform.Grpc.Tests.Server;

/// <summary>
/// Randomized hostile input against the official server as the platform configures it (message size limit, the
/// platform's interceptor): truncated, oversized and garbage frames, bad flags, wrong content types and invalid protobuf.
/// Every request must end in a well-formed gRPC status (or 415 for a non-gRPC content type), promptly, and leave no call
/// running on the server.
/// </summary>
public sealed class FrameFuzzTests : IAsyncLifetime
{
    private const int Cases = 400;
    private TestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await TestHost.StartAsync(settings: new Dictionary<string, string?> { ["Platform:MaxReceiveMessageSize"] = "65536" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Server_RandomHostileRequests_AlwaysEndWithStatusAndNoLeakedCalls()
    {
        var seed = Environment.GetEnvironmentVariable("FUZZ_SEED") is { } s ? int.Parse(s) : Random.Shared.Next();
        var random = new Random(seed);
        using var http = RawGrpc.CreateClient(_host.Address);
        http.Timeout = TimeSpan.FromSeconds(10);
        var paths = new[]
        {
            "/platform.testing.v1.InteropTest/UnaryCall",
            "/platform.testing.v1.InteropTest/StreamingOutputCall",
            "/platform.testing.v1.InteropTest/StreamingInputCall",
            "/platform.testing.v1.InteropTest/FullDuplexCall",
            "/grpc.health.v1.Health/Check",
            "/platform.testing.v1.InteropTest/Nope",
        };
        var seen = new Dictionary<string, int>();
        for (var i = 0; i < Cases; i++)
        {
            var (kind, body, contentType) = Generate(random);
            var path = paths[random.Next(paths.Length)];
            var request = RawGrpc.Request(path, body, contentType);
            if (random.Next(4) == 0)
            {
                request.Headers.TryAddWithoutValidation("grpc-encoding", random.Next(2) == 0 ? "gzip" : "br");
            }
            if (random.Next(6) == 0)
            {
                request.Headers.TryAddWithoutValidation("grpc-timeout", random.Next(2) == 0 ? "5S" : "bogus");
            }
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var context = $"seed {seed}, case {i} ({kind}) on {path}";
            if (contentType != "application/grpc")
            {
                Assert.True(response.StatusCode is System.Net.HttpStatusCode.UnsupportedMediaType or System.Net.HttpStatusCode.NotFound, context);
                continue;
            }
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, context);
            await response.Content.ReadAsByteArrayAsync();
            var status = response.Headers.TryGetValues("grpc-status", out var h) ? h.Single()
                : response.TrailingHeaders.TryGetValues("grpc-status", out var t) ? t.Single() : null;
            Assert.True(status is not null, $"no grpc-status: {context}");
            var code = (StatusCode)int.Parse(status!);
            Assert.True(Enum.IsDefined(code), context);
            if (kind == "oversized")
            {
                Assert.True(code is StatusCode.ResourceExhausted or StatusCode.Unimplemented or StatusCode.Internal, $"{code}: {context}");
            }
            seen[kind] = seen.GetValueOrDefault(kind) + 1;
        }
        await GrpcServerFunctionalTests.WaitUntilAsync(() => _host.ActiveRequests == 0);
        Assert.True(seen.Count >= 6, $"seed {seed}: generator covered only {string.Join(",", seen.Keys)}");

        // The server still serves well-formed calls.
        var (okStatus, _) = await RawGrpc.SendAsync(http, RawGrpc.Request("/platform.testing.v1.InteropTest/UnaryCall", RawGrpc.Frame(new SimpleRequest { Text = "ok" })));
        Assert.Equal(StatusCode.OK, okStatus);
    }

    private static (string Kind, byte[] Body, string ContentType) Generate(Random random)
    {
        var valid = RawGrpc.Frame(new SimpleRequest { Text = "x", ResponseSize = random.Next(100) });
        switch (random.Next(9))
        {
            case 0:
                return ("truncated", valid[..random.Next(1, valid.Length)], "application/grpc");
            case 1:
                var oversized = new byte[5 + random.Next(100)];
                BinaryPrimitives.WriteUInt32BigEndian(oversized.AsSpan(1), (uint)random.Next(65537, int.MaxValue));
                return ("oversized", oversized, "application/grpc");
            case 2:
                var garbage = new byte[random.Next(0, 300)];
                random.NextBytes(garbage);
                return ("garbage", garbage, "application/grpc");
            case 3:
                var flagged = (byte[])valid.Clone();
                flagged[0] = (byte)random.Next(1, 256);
                return ("bad-flag", flagged, "application/grpc");
            case 4:
                var junk = new byte[random.Next(1, 64)];
                random.NextBytes(junk);
                var frame = new byte[5 + junk.Length];
                BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)junk.Length);
                junk.CopyTo(frame, 5);
                return ("invalid-protobuf", frame, "application/grpc");
            case 5:
                return ("wrong-content-type", valid, random.Next(2) == 0 ? "application/json" : "text/plain");
            case 6:
                return ("extra-message", valid.Concat(valid).ToArray(), "application/grpc");
            case 7:
                return ("empty", [], "application/grpc");
            default:
                var corrupt = (byte[])valid.Clone();
                for (var i = 0; i < 3; i++)
                {
                    corrupt[random.Next(corrupt.Length)] = (byte)random.Next(256);
                }
                return ("bit-flips", corrupt, "application/grpc");
        }
    }
}
