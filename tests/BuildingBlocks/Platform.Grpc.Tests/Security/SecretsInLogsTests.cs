using Platform.Grpc.Client;
using Platform.Grpc.Security;
using Platform.Testing;
using Platform.Testing.V1;

namespace Platform.Grpc.Tests.Security;

public sealed class SecretsInLogsTests
{
    [Fact]
    public async Task Calls_WithValidAndForgedTokens_NoTokenOrSigningKeyReachesLogs()
    {
        var sink = new CapturingLoggerProvider();
        await using var host = await TestHost.StartAsync(logSink: sink);
        var caller = new CallerIdentity("clerk-5", ["clerk"], "652301");
        var goodToken = TestHost.Codec().Sign(caller, DateTimeOffset.UtcNow);
        var forger = new CallerTokenCodec(new CallerSigningOptions { Key = Enumerable.Repeat((byte)3, 32).ToArray() });
        var badToken = forger.Sign(caller, DateTimeOffset.UtcNow);

        using (var good = GrpcChannel.ForAddress(host.Address, new GrpcChannelOptions { CallerCodec = TestHost.Codec() }))
        {
            await new InteropTestClient(good).UnaryCallAsync(new SimpleRequest(), new CallOptions(Caller: caller));
            await Assert.ThrowsAsync<RpcException>(() => new InteropTestClient(good).UnaryCallAsync(new SimpleRequest { Text = "crash" }, new CallOptions(Caller: caller)));
        }
        using (var bad = GrpcChannel.ForAddress(host.Address, new GrpcChannelOptions { CallerCodec = forger }))
        {
            var ex = await Assert.ThrowsAsync<RpcException>(() => new InteropTestClient(bad).UnaryCallAsync(new SimpleRequest(), new CallOptions(Caller: caller)));
            Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        }

        var logs = string.Join("\n", sink.Lines);
        // The calls were logged (failures at Information, the crash at Error) ...
        Assert.Contains("UnaryCall", logs);
        Assert.Contains("Caller credentials rejected", logs);
        Assert.Contains("secret internal detail", logs);
        // ... but neither token, nor any part of a signature, nor the key.
        foreach (var token in new[] { goodToken, badToken })
        {
            Assert.DoesNotContain(token, logs);
            Assert.DoesNotContain(token.Split('.')[2], logs);
        }
        Assert.DoesNotContain(Convert.ToBase64String(TestHost.SigningKey), logs);
    }
}
