using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Platform.Portal.Gateway;

/// <summary>
/// Where the portal reaches the gateway: the configured address, or else the address the browser used to reach the portal
/// (the gateway's X-Forwarded-* from a loopback proxy) — on one machine the same gateway answers both.
/// </summary>
internal sealed class GatewayAddress(IHttpContextAccessor http, IOptions<PortalOptions> options)
{
    public Uri Current()
    {
        if (options.Value.GatewayAddress is { Length: > 0 } configured)
        {
            return new Uri(configured.EndsWith('/') ? configured : configured + "/");
        }
        var request = http.HttpContext?.Request ?? throw new InvalidOperationException("Portal__GatewayAddress is not set and there is no request to take the address from.");
        return new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");
    }
}
