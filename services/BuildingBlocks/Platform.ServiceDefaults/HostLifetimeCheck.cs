using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Platform.ServiceDefaults;

/// <summary>
/// Every host's own readiness: unhealthy from the moment it begins to stop, so that load balancers and the gateway stop
/// sending calls while in-flight ones drain (before it listens nobody can ask). Services add their dependencies beside it.
/// </summary>
internal sealed class HostLifetimeCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("the host is stopping")
            : HealthCheckResult.Healthy());
}
