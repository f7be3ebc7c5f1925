using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Platform.Portal.Security;

/// <summary>
/// Response headers of the portal's pages (text/html): a Content Security Policy, no framing, no MIME sniffing, no
/// referrer sent elsewhere. The policy lets the page run only its own scripts and WebAssembly ('wasm-unsafe-eval' is what
/// the .NET runtime in the browser needs), talk only to its own origin (connect-src: an injected script could not send a
/// typed return anywhere else) and never be framed (clickjacking). Inline scripts and styles are still allowed: Blazor's
/// import map is an inline script whose content changes with every build (a hash would have to follow it) — a known gap.
/// </summary>
internal static class PortalHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UsePortalHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var response = ((HttpContext)state).Response;
            response.Headers.XContentTypeOptions = "nosniff";
            if (response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            {
                response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                response.Headers.XFrameOptions = "DENY";
                response.Headers["Referrer-Policy"] = "same-origin";
            }
            return Task.CompletedTask;
        }, context);
        return next(context);
    });
}
