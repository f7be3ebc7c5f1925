using Grpc.Core;
using Grpc.Net.Client;
using System.Diagnostics;
using Platform.Grpc;
using Platform.Testing;
using Platform.Testing.V1;

namespace Platform.ServiceDefaults.Tests;

public sealed class StructuredLoggingTests
{
    [Fact]
    public async Task FailedCall_LogLine_CarriesRequestIdAndCallersTraceId()
    {
        var sink = new CapturingLoggerProvider();
        await using var host = await TestHost.StartAsync(logSink: sink);
        using var channel = GrpcChannel.ForAddress(host.Address);

        using var activity = new Activity("portal-request").SetIdFormat(ActivityIdFormat.W3C).Start();
        var ex = await Assert.ThrowsAsync<RpcException>(() => new InteropTest.InteropTestClient(channel).UnaryCallAsync(
            new SimpleRequest { ResponseStatus = new EchoStatus { Code = (int)StatusCode.NotFound, Message = "no such unit" } }).ResponseAsync);
        activity.Stop();
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);

        var line = Assert.Single(sink.Lines, l => l.Contains("/platform.testing.v1.InteropTest/UnaryCall") && l.Contains("failed"));
        Assert.Contains("RequestId:", line);
        // The caller's trace continues on the server (W3C traceparent), so one trace id joins both sides' logs.
        Assert.Contains($"TraceId:{activity.TraceId}", line);
    }
}
