using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Platform.Grpc.Client;
using Platform.Grpc.Security;

namespace Platform.Registry.Client;

/// <summary>
/// How a service reaches the unit registry: `Services:Registry` (http://host:port) when set (distributed, compose,
/// Kubernetes), otherwise this host's own gRPC endpoint (the embedded default, where the registry runs in the same
/// process). The channel is made on first use, after the server has its address. Calls carry the caller's signed
/// identity, so the registry applies its own checks.
/// </summary>
public sealed class RegistryConnection(IConfiguration configuration, IServer server, CallerTokenCodec codec) : IDisposable
{
    private readonly Lazy<(GrpcChannel Channel, UnitRegistryClient Client)> _client = new(() =>
    {
        var address = configuration["Services:Registry"] is { Length: > 0 } configured
            ? configured
            : server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
              ?? throw new InvalidOperationException("Services:Registry is not set and this host has no address yet.");
        var channel = GrpcChannel.ForAddress(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal), new GrpcChannelOptions { CallerCodec = codec });
        return (channel, new UnitRegistryClient(channel));
    });

    public UnitRegistryClient Client => _client.Value.Client;

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Channel.Dispose();
        }
    }
}

public static class RegistryConnectionExtensions
{
    /// <summary>Registers the one <see cref="RegistryConnection"/> of a process (several services in one host share it).</summary>
    public static Microsoft.Extensions.DependencyInjection.IServiceCollection AddRegistryConnection(this Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
        Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.TryAddSingleton<RegistryConnection>(services);
        return services;
    }
}
