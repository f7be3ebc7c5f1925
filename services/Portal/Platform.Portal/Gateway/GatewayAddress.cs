using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Platform.Portal.Gateway;

/// <summary>
/// Where the portal reaches the gateway: the configured address (Portal__GatewayAddress; every deployment sets it), or —
/// on one machine only — the loopback address the request came in on. Never a host named by the request otherwise: the
/// portal sends the person's token to this address, and a Host or X-Forwarded-Host header is the client's to write
/// (a request naming another host would have the token sent there).
/// </summary>
internal sealed class GatewayAddress(IHttpContextAccessor http, IOptions<PortalOptions> options)
{
    public Uri Current()
    {
        if (options.Value.GatewayAddress is { Length: > 0 } configured)
        {
            return new Uri(configured.EndsWith('/') ? configured : configured + "/");
        }
        var request = http.HttpContext?.Request ?? throw new GatewayNotConfiguredException();
        var host = request.Host.Host;
        if (!(host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address))))
        {
            throw new GatewayNotConfiguredException();
        }
        return new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");
    }
}

/// <summary>The portal was reached by a name other than loopback and Portal__GatewayAddress is not set: it calls nothing.</summary>
internal sealed class GatewayNotConfiguredException()
    : InvalidOperationException("Portal__GatewayAddress is not set: the portal calls the gateway only at a configured address (or on loopback).");
