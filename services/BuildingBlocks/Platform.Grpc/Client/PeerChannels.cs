using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Grpc.Security;

namespace Platform.Grpc.Client;

/// <summary>
/// How a service reaches another: `Services:{Name}` (http://host:port) when set (distributed, compose, Kubernetes),
/// otherwise this host's own gRPC endpoint (the embedded default, where every service runs in one process). One channel
/// per peer, made on first use (after the server has its address) and shared by the process. Calls carry the caller's
/// identity signed at the host's clock (the one the peers verify against), so the peer applies its own checks.
/// </summary>
public sealed class PeerChannels(IConfiguration configuration, IServer server, CallerTokenCodec codec, TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<GrpcChannel>> _channels = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The channel to the service named <paramref name="service"/> ("Registry", "Accounts", …).</summary>
    public GrpcChannel For(string service) => _channels.GetOrAdd(service, name => new Lazy<GrpcChannel>(() =>
    {
        var address = configuration[$"Services:{name}"] is { Length: > 0 } configured
            ? configured
            : server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
              ?? throw new InvalidOperationException($"Services:{name} is not set and this host has no address yet.");
        return GrpcChannel.ForAddress(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal), new GrpcChannelOptions { CallerCodec = codec, TimeProvider = time });
    })).Value;

    public void Dispose()
    {
        foreach (var channel in _channels.Values.Where(c => c.IsValueCreated))
        {
            channel.Value.Dispose();
        }
    }
}

public static class PeerChannelsExtensions
{
    /// <summary>Registers the one <see cref="PeerChannels"/> of a process (several services in one host share it).</summary>
    public static IServiceCollection AddPeerChannels(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PeerChannels>();
        return services;
    }
}
