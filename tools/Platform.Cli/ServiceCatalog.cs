using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Builder;
using Platform.Accounts.Host;
using Platform.Assets.Host;
using Platform.Caching;
using Platform.Identity.Host;
using Platform.Portal;
using Platform.Performance.Host;
using Platform.Publication.Host;
using Platform.Registry.Host;
using Platform.ServiceDefaults;

namespace Platform.Cli;

/// <summary>
/// Every service of the platform and how to host it: `platform run` puts them all in one process,
/// `platform serve NAME` (used by `run --distributed`, compose and Kubernetes) hosts one. Each service
/// issue adds its entry; until then the catalog holds the foundation host ("core": health, reflection, cache).
/// </summary>
internal static class ServiceCatalog
{
    public sealed record Entry(string Name, string Description, Action<WebApplicationBuilder> Register, Action<WebApplication> Map);

    /// <summary>
    /// A host's builder: the slim builder, with the web root beside platform.dll (the portal's browser files are published
    /// there; `./platform` runs from any working directory, which would otherwise be the content root) and the static web
    /// assets of a build output (running from bin/ outside Development; nothing after publish).
    /// </summary>
    public static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot") });
        builder.WebHost.UseStaticWebAssets();
        return builder;
    }

    public static readonly IReadOnlyList<Entry> Services =
    [
        new("core", "health (grpc.health.v1), server reflection, shared cache",
            builder => builder.Services.AddPlatformCache(builder.Configuration, "core"),
            _ => { }),
        new(RegistryServiceExtensions.Name, "unit registry: regions, units, staffing, scopes, reorganizations (issue 3)",
            builder => builder.AddRegistryService(),
            app => app.MapRegistryService()),
        new(AccountsServiceExtensions.Name, "final accounts: templates, rules catalogue, returns, review, corrections, imports (issue 4)",
            builder => builder.AddAccountsService(),
            app => app.MapAccountsService()),
        new(PerformanceServiceExtensions.Name, "performance self-evaluations: forms, scoring policies, audit, review queue, rankings, trends, imports (issue 6)",
            builder => builder.AddPerformanceService(),
            app => app.MapPerformanceService()),
        new(AssetsServiceExtensions.Name, "state assets and official vehicles: register, movements, inventories, quotas, reconciliation with returns, imports (issue 7)",
            builder => builder.AddAssetsService(),
            app => app.MapAssetsService()),
        new(IdentityServiceExtensions.Name, "identity: users, sign-in pages and the OpenID Connect server (authorization code + PKCE) the gateway trusts (issue 20)",
            builder => builder.AddIdentityService(),
            app => app.MapIdentityService()),
        new(PortalExtensions.Name, "portal: the pages people use, served through the gateway at / — public disclosures, sign-in, returns, self-evaluations, inventories, consolidation (issue 20)",
            builder => builder.AddPortal(),
            app => app.MapPortal()),
        new(PublicationServiceExtensions.Name, "public disclosure: documents from approved returns, versions and corrections, public API and formats (HTML, JSON, CSV, Atom, zip), overdue monitor (issue 8)",
            builder => builder.AddPublicationService(),
            app => app.MapPublicationService()),
    ];

    /// <summary>Builds a host serving <paramref name="entries"/> with the shared defaults.</summary>
    public static WebApplication Compose(WebApplicationBuilder builder, string hostName, IEnumerable<Entry> entries)
    {
        var list = entries.ToList();
        builder.AddServiceDefaults(hostName);
        foreach (var entry in list)
        {
            entry.Register(builder);
        }
        var app = builder.Build();
        app.MapDefaultEndpoints();
        foreach (var entry in list)
        {
            entry.Map(app);
        }
        return app;
    }
}
