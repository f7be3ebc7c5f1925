using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Grpc.Client;

namespace Platform.Registry.Client;

/// <summary>The unit registry's client over the process's shared <see cref="PeerChannels"/> (`Services:Registry`, or this process).</summary>
public sealed class RegistryConnection(PeerChannels peers)
{
    private readonly Lazy<UnitRegistryClient> _client = new(() => new UnitRegistryClient(peers.For("Registry")));

    public UnitRegistryClient Client => _client.Value;
}

public static class RegistryConnectionExtensions
{
    /// <summary>Registers the one <see cref="RegistryConnection"/> of a process (several services in one host share it).</summary>
    public static IServiceCollection AddRegistryConnection(this IServiceCollection services)
    {
        services.AddPeerChannels();
        services.TryAddSingleton<RegistryConnection>();
        return services;
    }
}
