using Grpc.Health.V1;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Grpc;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Platform.ServiceDefaults;

/// <summary>
/// grpc.health.v1.Health (grpc/doc/health-checking.md). "" is the whole server; each mapped service
/// is known by its full name. SERVING means the readiness checks (the host's own dependencies) pass.
/// Unknown service: Check answers NOT_FOUND, Watch streams SERVICE_UNKNOWN, as the spec requires.
/// </summary>
internal sealed class HealthService(ReadinessProbe readiness, GrpcServiceRegistry registry)
{
    public async Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        if (!IsKnown(request.Service))
        {
            throw new RpcException(StatusCode.NotFound, $"Unknown service '{request.Service}'.");
        }
        return new HealthCheckResponse { Status = await readiness.GetStatusAsync(context.CancellationToken) };
    }

    public async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        if (!IsKnown(request.Service))
        {
            await responseStream.WriteAsync(new HealthCheckResponse { Status = ServingStatus.ServiceUnknown });
            await Task.Delay(Timeout.Infinite, context.CancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }
        ServingStatus? last = null;
        using var timer = new PeriodicTimer(readiness.WatchInterval);
        do
        {
            var status = await readiness.GetStatusAsync(context.CancellationToken);
            if (status != last)
            {
                await responseStream.WriteAsync(new HealthCheckResponse { Status = status });
                last = status;
            }
        }
        while (await WaitAsync(timer, context.CancellationToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken token)
    {
        try
        {
            return await timer.WaitForNextTickAsync(token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private bool IsKnown(string service) =>
        service.Length == 0 || registry.Services.Any(s => s.FullName == service);
}

/// <summary>Runs the "ready" health checks, caching the answer briefly so probes cannot overload dependencies.</summary>
public sealed class ReadinessProbe(HealthCheckService checks, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, ServingStatus Status)? _cached;

    public TimeSpan CacheFor { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan WatchInterval { get; init; } = TimeSpan.FromSeconds(2);

    public async Task<ServingStatus> GetStatusAsync(CancellationToken token)
    {
        var now = time.GetUtcNow();
        if (_cached is { } c && now - c.At < CacheFor)
        {
            return c.Status;
        }
        await _gate.WaitAsync(token);
        try
        {
            if (_cached is { } again && time.GetUtcNow() - again.At < CacheFor)
            {
                return again.Status;
            }
            var report = await checks.CheckHealthAsync(r => r.Tags.Contains(ServiceDefaultsExtensions.ReadyTag), token);
            var status = report.Status == HealthStatus.Unhealthy ? ServingStatus.NotServing : ServingStatus.Serving;
            _cached = (time.GetUtcNow(), status);
            return status;
        }
        finally
        {
            _gate.Release();
        }
    }
}
