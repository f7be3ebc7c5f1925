using Grpc.Core;
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

        using var channel = host.Channel();
        var client = new InteropTest.InteropTestClient(channel);
        await client.UnaryCallAsync(new SimpleRequest(), new CallOptions(headers: new Metadata { { CallerSigningOptions.MetadataKey, goodToken } }));
        await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest { Text = "crash" },
            new CallOptions(headers: new Metadata { { CallerSigningOptions.MetadataKey, goodToken } })).ResponseAsync);
        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest(),
            new CallOptions(headers: new Metadata { { CallerSigningOptions.MetadataKey, badToken } })).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);

        var logs = string.Join("\n", sink.Lines);
        // The calls were logged (failures at Information, the crash at Error) ...
        Assert.Contains("UnaryCall", logs);
        Assert.Contains(GrpcMessages.CredentialsRejected(GrpcMessages.TokenSignatureInvalid), logs);
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
