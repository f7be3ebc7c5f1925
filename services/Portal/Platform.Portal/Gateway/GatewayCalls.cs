using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Platform.Portal.Security;

namespace Platform.Portal.Gateway;

/// <summary>One gRPC-Web channel per gateway address (HTTP/1.1, the gateway's HTTP port), shared by every request.</summary>
internal sealed class GatewayChannels : IDisposable
{
    private readonly ConcurrentDictionary<Uri, GrpcChannel> _channels = new();

    public GrpcChannel For(Uri gateway) => _channels.GetOrAdd(gateway, static address => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) }),
        HttpVersion = System.Net.HttpVersion.Version11,
        HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        MaxRetryAttempts = 2,
    }));

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
    }
}

/// <summary>
/// The services' contracts as the signed-in person calls them: the generated clients, over gRPC-Web at the gateway, with
/// the session's access token — so the gateway and the services decide what this person may see and do, exactly as for
/// any other client. The portal itself decides nothing about access.
/// </summary>
internal sealed class PortalApi(GatewayChannels channels, GatewayAddress gateway, IHttpContextAccessor http)
{
    /// <summary>A call's deadline: a page that waits longer than this says the service is unavailable.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private GrpcChannel Channel => channels.For(gateway.Current());

    public Platform.Accounts.V1.FinalAccounts.FinalAccountsClient Accounts => new(Channel);

    public Platform.Accounts.V1.Consolidation.ConsolidationClient Consolidation => new(Channel);

    public Platform.Performance.V1.PerformanceEvaluations.PerformanceEvaluationsClient Performance => new(Channel);

    public Platform.Assets.V1.AssetInventory.AssetInventoryClient Assets => new(Channel);

    public Platform.Registry.V1.UnitRegistry.UnitRegistryClient Registry => new(Channel);

    public Platform.Publication.V1.Publications.PublicationsClient Publications => new(Channel);

    public Platform.Identity.V1.Users.UsersClient Users => new(Channel);

    /// <summary>Call options with the session's bearer token, this request's cancellation and the deadline.</summary>
    public async Task<CallOptions> AsSignedInAsync()
    {
        var context = http.HttpContext ?? throw new InvalidOperationException("No request: the portal calls the gateway on a person's behalf only.");
        var token = await context.GetTokenAsync(PortalAuthentication.CookieScheme, "access_token")
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "登录已过期，请重新登录"));
        return new CallOptions(new Metadata { { "authorization", "Bearer " + token } }, DateTime.UtcNow.Add(Deadline), context.RequestAborted);
    }
}
