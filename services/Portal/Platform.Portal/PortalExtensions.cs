using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Portal.Components;
using Platform.Portal.Gateway;
using Platform.Portal.Security;
using Platform.Portal.Work;

namespace Platform.Portal;

/// <summary>
/// The portal's one registration extension: server-rendered Razor components, sign-in (OpenID Connect through the
/// gateway), and the gateway clients its pages call. The portal never calls a service: it asks the gateway, at the address
/// the browser used to reach it (the gateway's X-Forwarded-* from a loopback proxy), or at Portal__GatewayAddress.
/// </summary>
public static class PortalExtensions
{
    public const string Name = "portal";

    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PortalOptions>().Bind(builder.Configuration.GetSection(PortalOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PortalOptions>, PortalOptionsValidator>();
        builder.Services.AddRazorComponents().AddInteractiveWebAssemblyComponents();
        builder.Services.AddCascadingAuthenticationState();
        // Chinese written as text, not as character references: a page people read in Chinese is Chinese in its source too
        // (and half the size); markup-significant characters are still escaped.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(encoders =>
            encoders.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddHttpContextAccessor();
        // The process's shared cache (Redis under Cache__Redis) for the sessions, when no other service of the host made it.
        if (!builder.Services.Any(d => d.ServiceType == typeof(Microsoft.Extensions.Caching.Distributed.IDistributedCache)))
        {
            Platform.Caching.CachingExtensions.AddPlatformCache(builder.Services, builder.Configuration, Name);
        }
        builder.Services.AddPortalAuthentication(builder.Configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions());
        builder.Services.AddHttpClient(PublicDisclosures.Client, client => client.Timeout = TimeSpan.FromSeconds(15));
        builder.Services.AddScoped<GatewayAddress>();
        builder.Services.AddScoped<PublicDisclosures>();
        builder.Services.AddSingleton<GatewayChannels>();
        builder.Services.AddScoped<PortalApi>();
        builder.Services.AddScoped<Work.UnitTasks>();
        builder.Services.AddScoped<Work.OfficeOverview>();
        builder.Services.AddScoped<Components.UnitNames>();
        builder.Services.AddScoped<Work.ReturnWorkspace>();
        builder.Services.AddScoped<Work.EvaluationWorkspace>();
        builder.Services.AddScoped<Work.InventoryWorkspace>();
        builder.Services.AddScoped<Work.UnitChoices>();
        builder.Services.AddScoped<Work.UsersWorkspace>();
        builder.Services.AddScoped<Work.ConsolidatedWorkspace>();
        // The browser's scheme and host, from the gateway on loopback (X-Forwarded-*): the address to call back.
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders |= Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedHost;
            foreach (var network in builder.Configuration.GetSection(PortalOptions.Section).Get<PortalOptions>()?.TrustedProxyNetworks ?? [])
            {
                if (System.Net.IPNetwork.TryParse(network, out var parsed))
                {
                    forwarded.KnownIPNetworks.Add(parsed);
                }
            }
        });
        return builder;
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UsePortalHeaders();
        // A portal form refused before any page ran — its antiforgery token stale (a page left open over a restart) or
        // missing — answered 400 with nothing in it: a page in Chinese with the way back instead. Other responses are left as they are.
        // (Not UseStatusCodePages: the component endpoint names a content type on its empty answer, which it leaves alone.)
        app.Use(async (http, next) =>
        {
            await next(http);
            if (http.Response.StatusCode == StatusCodes.Status400BadRequest && !http.Response.HasStarted && HttpMethods.IsPost(http.Request.Method)
                && http.Request.Path.StartsWithSegments("/portal"))
            {
                http.Response.ContentType = "text/html; charset=utf-8";
                await http.Response.WriteAsync(PortalText.FormExpiredPage);
            }
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapPortalAuthentication();
        app.MapWorkbookDownload();
        app.MapDraftAutosave();
        // The browser's files (_framework/…: the .NET runtime, the client and the accounts domain; _content/…: the portal's
        // script) from the host's static web assets manifest; a host built without one (a test host) serves pages only.
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, $"{app.Environment.ApplicationName}.staticwebassets.endpoints.json")))
        {
            app.MapStaticAssets();
        }
        app.MapRazorComponents<App>().AddInteractiveWebAssemblyRenderMode();
        return app;
    }
}
