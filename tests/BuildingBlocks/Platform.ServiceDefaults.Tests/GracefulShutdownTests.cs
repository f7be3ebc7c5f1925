using Grpc.Core;
using Grpc.Net.Client;
using Platform.Testing;
using Platform.Testing.V1;

namespace Platform.ServiceDefaults.Tests;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task StopAsync_CallInFlight_CallCompletesBeforeHostStops()
    {
        var host = await TestHost.StartAsync();
        using var channel = GrpcChannel.ForAddress(host.Address);
        var client = new InteropTest.InteropTestClient(channel);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var inFlight = client.UnaryCallAsync(new SimpleRequest { DelayMs = 1500, Text = "drained" });
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (host.ActiveRequests == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "call never started");
            await Task.Delay(10);
        }

        var stopping = host.DisposeAsync().AsTask();
        var response = await inFlight;
        await stopping;

        Assert.Equal("drained", response.Text);
        // The handler ran its full 1.5 s: shutdown waited for it instead of cutting it short.
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(1400), $"call ended after {started.Elapsed}");
        await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest()).ResponseAsync);
    }
}
