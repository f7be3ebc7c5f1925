using Grpc.AspNetCore.HealthChecks;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults;

/// <summary>
/// The names grpc.health.v1 answers for (grpc/doc/health-checking.md): "" for the whole server and the full name of every
/// gRPC service the host maps, each SERVING while the readiness checks pass; any other name is NOT_FOUND (Check) or
/// SERVICE_UNKNOWN (Watch), as the spec requires. The services are read from the host's endpoints when it starts — after
/// every service is mapped, before the server listens (hosted services start before the server), so no call ever sees
/// the list change.
/// </summary>
internal sealed class HealthServiceNames(IOptions<GrpcHealthChecksOptions> options, HealthServiceNames.Endpoints endpoints) : IHostedService
{
    /// <summary>The host's route builder, handed over by MapDefaultEndpoints.</summary>
    internal sealed class Endpoints
    {
        public IEndpointRouteBuilder? Routes { get; set; }
    }

    public static bool IsReady(HealthCheckMapContext check) => check.Tags.Contains(ServiceDefaultsExtensions.ReadyTag);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var services = endpoints.Routes?.DataSources
            .SelectMany(d => d.Endpoints)
            .Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.ServiceName)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal) ?? [];
        foreach (var service in services)
        {
            options.Value.Services.Map(service, IsReady);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
