using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Testing;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Platform.ServiceDefaults.Tests;

/// <summary>grpc.health.v1 (Grpc.AspNetCore.HealthChecks) as every host configures it: tied to the readiness checks.</summary>
public sealed class HealthServiceTests
{
    [Fact]
    public async Task Check_ReadyDependencyDown_NotServingThenServing()
    {
        var dependency = new SwitchableCheck();
        await using var host = await TestHost.StartAsync(configureBuilder: b => b.Services.AddHealthChecks()
            .AddCheck("database", dependency, tags: [ServiceDefaultsExtensions.ReadyTag]));
        using var channel = host.Channel();
        var health = new Health.HealthClient(channel);

        Assert.Equal(ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
        Assert.Equal(ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = "platform.testing.v1.InteropTest" })).Status);

        dependency.Healthy = false;
        Assert.Equal(ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest())).Status);
        Assert.Equal(ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest { Service = "platform.testing.v1.InteropTest" })).Status);
        dependency.Healthy = true;
        Assert.Equal(ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
    }

    [Fact]
    public async Task Check_CheckNotTaggedReady_DoesNotTakeTheServerOutOfService()
    {
        var unrelated = new SwitchableCheck { Healthy = false };
        await using var host = await TestHost.StartAsync(configureBuilder: b => b.Services.AddHealthChecks().AddCheck("report-only", unrelated));
        using var channel = host.Channel();
        Assert.Equal(ServingStatus.Serving, (await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest())).Status);
    }

    [Fact]
    public async Task Check_UnknownService_NotFound()
    {
        await using var host = await TestHost.StartAsync();
        using var channel = host.Channel();
        var ex = await Assert.ThrowsAsync<RpcException>(() => new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = "nope.Nope" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task Watch_StatusChanges_StreamsEachChange()
    {
        var dependency = new SwitchableCheck();
        await using var host = await TestHost.StartAsync(configureBuilder: b =>
        {
            b.Services.AddHealthChecks().AddCheck("database", dependency, tags: [ServiceDefaultsExtensions.ReadyTag]);
            // Watch streams what the health-check publisher last saw: publish often, so a change shows quickly.
            b.Services.Configure<HealthCheckPublisherOptions>(o => { o.Delay = TimeSpan.Zero; o.Period = TimeSpan.FromSeconds(1); });
        });
        // Watch sends the current result, then each change the publisher sees: wait until it has published once, or its
        // first publication (unknown → SERVING) would arrive as a change.
        var published = host.Services.GetRequiredService<global::Grpc.HealthCheck.HealthServiceImpl>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await IsPublishedAsync(published))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "the health publisher never ran");
            await Task.Delay(20);
        }
        using var channel = host.Channel();
        using var call = new Health.HealthClient(channel).Watch(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(20));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(ServingStatus.Serving, call.ResponseStream.Current.Status);
        dependency.Healthy = false;
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(ServingStatus.NotServing, call.ResponseStream.Current.Status);
        dependency.Healthy = true;
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(ServingStatus.Serving, call.ResponseStream.Current.Status);
    }

    [Fact]
    public async Task Watch_UnknownService_ServiceUnknown()
    {
        await using var host = await TestHost.StartAsync();
        using var channel = host.Channel();
        using var call = new Health.HealthClient(channel).Watch(new HealthCheckRequest { Service = "nope.Nope" }, deadline: DateTime.UtcNow.AddSeconds(20));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(ServingStatus.ServiceUnknown, call.ResponseStream.Current.Status);
    }

    [Fact]
    public async Task HttpHealth_LiveAndReady_ReflectChecks()
    {
        var dependency = new SwitchableCheck { Healthy = false };
        await using var host = await TestHost.StartAsync(
            configureBuilder: b => b.Services.AddHealthChecks().AddCheck("database", dependency, tags: [ServiceDefaultsExtensions.ReadyTag]));
        using var http = RawGrpc.CreateClient(host.Address);
        var live = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/health/live") { Version = new Version(2, 0), VersionPolicy = HttpVersionPolicy.RequestVersionExact });
        var ready = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/health/ready") { Version = new Version(2, 0), VersionPolicy = HttpVersionPolicy.RequestVersionExact });
        Assert.Equal(System.Net.HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    private static async Task<bool> IsPublishedAsync(global::Grpc.HealthCheck.HealthServiceImpl published)
    {
        try
        {
            return (await published.Check(new HealthCheckRequest(), null!)).Status == ServingStatus.Serving;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return false;
        }
    }

    private sealed class SwitchableCheck : IHealthCheck
    {
        public volatile bool Healthy = true;

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(Healthy ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("switched off"));
    }
}
