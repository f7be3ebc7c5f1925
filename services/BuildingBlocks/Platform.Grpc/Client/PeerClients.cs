using System.Net;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Platform.Grpc.Client;

/// <summary>
/// Where a service finds a peer: `Services:{Name}` (http://host:port) when set (distributed, compose, Kubernetes),
/// otherwise this host's own gRPC endpoint (the embedded default, where every service runs in one process; known only once
/// the server listens, so clients are made on first use, never while the host is being built).
/// </summary>
public sealed class PeerAddresses(IConfiguration configuration, IServer server)
{
    public Uri For(string peer)
    {
        var address = configuration[$"Services:{peer}"] is { Length: > 0 } configured
            ? configured
            : server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
              ?? throw new InvalidOperationException($"Services:{peer} is not set and this host has no address yet.");
        return new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }
}

public static class PeerClientExtensions
{
    /// <summary>
    /// A generated client of <paramref name="service"/> on <paramref name="peer"/> through Grpc.Net.ClientFactory: the
    /// caller propagated (signed), deadlines and cancellation of the call being served propagated, retries only for
    /// idempotent rpcs, HTTP/2 connections shared and multiplied when streams run out. Registering the same client twice
    /// (several services of one process need the registry) registers it once. Consumers take <typeparamref name="TClient"/>
    /// (transient) or, when they are singletons, <see cref="PeerClient{TClient}"/>.
    /// </summary>
    public static IServiceCollection AddPeerClient<TClient>(this IServiceCollection services, string peer, ServiceDescriptor service)
        where TClient : ClientBase
    {
        if (services.Any(d => d.ServiceType == typeof(TClient)))
        {
            return services;
        }
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PeerAddresses>();
        services.TryAddSingleton<CallerPropagationInterceptor>();
        services.TryAddSingleton<PeerClient<TClient>>();
        services.AddGrpcClient<TClient>((sp, options) => options.Address = sp.GetRequiredService<PeerAddresses>().For(peer))
            .ConfigureChannel(channel =>
            {
                channel.ServiceConfig = IdempotentRetries.For(service);
                channel.MaxReceiveMessageSize = 16 * 1024 * 1024;
            })
            .AddInterceptor<CallerPropagationInterceptor>(InterceptorScope.Client)
            // Work without a call being served (consumers, seeders) has nothing to propagate: that is not an error.
            .EnableCallContextPropagation(options => options.SuppressContextNotFoundErrors = true)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
                KeepAlivePingDelay = TimeSpan.FromSeconds(60),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
                AutomaticDecompression = DecompressionMethods.None,
            })
            // One handler for the process's lifetime: gRPC connections are long-lived by design.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        return services;
    }
}

/// <summary>
/// A peer's generated client for singletons: made through the factory on first use (never while the host is being built,
/// when the embedded default's own address is not known yet) and then shared — clients are thread-safe, and deadlines,
/// cancellation and the caller are taken from the call being served at each call, not when the client was made.
/// </summary>
public sealed class PeerClient<TClient>(GrpcClientFactory factory) where TClient : ClientBase
{
    private TClient? _client;

    public TClient Client => _client ??= factory.CreateClient<TClient>(typeof(TClient).Name);
}
