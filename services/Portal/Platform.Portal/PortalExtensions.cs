using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Portal.Components;

namespace Platform.Portal;

/// <summary>
/// The portal's one registration extension: server-rendered Razor components and the gateway client its pages read
/// through. The portal never calls a service: it asks the gateway's public API at the address the browser used to reach it
/// (the gateway's X-Forwarded-* from a loopback proxy), or at Portal__GatewayAddress where that address is not reachable
/// from inside (a cluster behind an Ingress).
/// </summary>
public static class PortalExtensions
{
    public const string Name = "portal";

    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents();
        // Chinese written as text, not as character references: a page people read in Chinese is Chinese in its source too
        // (and half the size); markup-significant characters are still escaped.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(encoders =>
            encoders.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddHttpClient(PublicDisclosures.Client, client => client.Timeout = TimeSpan.FromSeconds(15));
        builder.Services.AddScoped<PublicDisclosures>();
        builder.Services.AddOptions<PortalOptions>().Bind(builder.Configuration.GetSection(PortalOptions.Section));
        // The browser's scheme and host, from the gateway on loopback (X-Forwarded-*): the address to call back.
        builder.Services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(forwarded =>
            forwarded.ForwardedHeaders |= Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedHost);
        return builder;
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseAntiforgery();
        app.MapRazorComponents<App>();
        return app;
    }
}

/// <summary>Portal settings (section Portal, environment Portal__*).</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>The gateway's address for the portal's own calls; empty: the address the browser used.</summary>
    public string? GatewayAddress { get; set; }
}
