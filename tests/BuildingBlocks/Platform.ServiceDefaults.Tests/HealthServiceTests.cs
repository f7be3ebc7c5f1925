using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Grpc;
using Platform.Grpc.Client;
using Platform.Testing;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Platform.ServiceDefaults.Tests;

public sealed class HealthServiceTests
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Descriptor =
        HealthReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("Health");
    private static readonly Method<HealthCheckRequest, HealthCheckResponse> Check = Method<HealthCheckRequest, HealthCheckResponse>.Create(Descriptor, "Check");
    private static readonly Method<HealthCheckRequest, HealthCheckResponse> Watch = Method<HealthCheckRequest, HealthCheckResponse>.Create(Descriptor, "Watch");

    [Fact]
    public async Task Check_ReadyDependencyDown_NotServingThenServing()
    {
        var dependency = new SwitchableCheck();
        await using var host = await TestHost.StartAsync(configureBuilder: b => b.Services.AddHealthChecks()
            .AddCheck("database", dependency, tags: [ServiceDefaultsExtensions.ReadyTag]));
        host.Services.GetRequiredService<ReadinessProbe>();
        using var channel = GrpcChannel.ForAddress(host.Address);

        Assert.Equal(ServingStatus.Serving, (await channel.UnaryAsync(Check, new HealthCheckRequest())).Status);
        Assert.Equal(ServingStatus.Serving, (await channel.UnaryAsync(Check, new HealthCheckRequest { Service = "platform.testing.v1.InteropTest" })).Status);

        dependency.Healthy = false;
        await WaitForAsync(async () => (await channel.UnaryAsync(Check, new HealthCheckRequest())).Status == ServingStatus.NotServing);
    }

    [Fact]
    public async Task Watch_StatusChanges_StreamsEachChange()
    {
        var dependency = new SwitchableCheck();
        await using var host = await TestHost.StartAsync(configureBuilder: b =>
        {
            b.Services.AddHealthChecks().AddCheck("database", dependency, tags: [ServiceDefaultsExtensions.ReadyTag]);
            b.Services.AddSingleton(sp => new ReadinessProbe(sp.GetRequiredService<HealthCheckService>(), TimeProvider.System)
            {
                CacheFor = TimeSpan.Zero,
                WatchInterval = TimeSpan.FromMilliseconds(50),
            });
        });
        using var channel = GrpcChannel.ForAddress(host.Address);
        using var call = channel.ServerStreaming(Watch, new HealthCheckRequest(), new CallOptions().WithTimeout(TimeSpan.FromSeconds(20)));
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(ServingStatus.Serving, call.ResponseStream.Current.Status);
        dependency.Healthy = false;
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(ServingStatus.NotServing, call.ResponseStream.Current.Status);
        dependency.Healthy = true;
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(ServingStatus.Serving, call.ResponseStream.Current.Status);
    }

    [Fact]
    public async Task Watch_UnknownService_ServiceUnknown()
    {
        await using var host = await TestHost.StartAsync();
        using var channel = GrpcChannel.ForAddress(host.Address);
        using var call = channel.ServerStreaming(Watch, new HealthCheckRequest { Service = "nope.Nope" });
        Assert.True(await call.ResponseStream.MoveNext());
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

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 10 s");
            await Task.Delay(50);
        }
    }

    private sealed class SwitchableCheck : IHealthCheck
    {
        public volatile bool Healthy = true;

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(Healthy ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("switched off"));
    }
}
