using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Platform.Identity.Domain;
using Platform.Identity.Host;
using Platform.Identity.Host.Persistence;
using Platform.Registry.Host;
using Platform.Testing;

namespace Platform.Identity.Tests;

/// <summary>
/// The identity service (with the registry it asks where units are, holding the demo regions and units) on a real Kestrel
/// port (HTTP/1.1 as a browser reaches it, and gRPC) on fresh PostgreSQL databases, its keys
/// in a temporary owner-only directory, with a portal client whose callback is <see cref="RedirectUri"/>; and a browser-like
/// client: cookies kept, redirects not followed, so each step of the authorization code flow is seen.
/// </summary>
public sealed class IdentityFixture : IAsyncLifetime
{
    public const string RedirectUri = "http://portal.test/signin-oidc";
    public const string Password = "correct-horse-42";

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("identity-test").FullName;

    public TestHost Host { get; private set; } = null!;

    public Uri Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await TestHost.StartAsync(
            configureBuilder: b => { b.AddRegistryService(); b.AddIdentityService(); },
            configureApp: app => { app.MapRegistryService(); app.MapIdentityService(); },
            mapInteropService: false,
            settings: new Dictionary<string, string?>
            {
                ["Platform:HttpPort"] = "0",
                ["Platform:DataDirectory"] = _dataDirectory,
                ["ConnectionStrings:identity"] = await TestServers.CreatePostgresDatabaseAsync("identity"),
                ["ConnectionStrings:registry"] = await TestServers.CreatePostgresDatabaseAsync("registry"),
                ["Registry:SeedDemo"] = "true",
                ["Identity:AllowHttp"] = "true",
                ["Identity:PortalRedirectUris:0"] = RedirectUri,
                ["Identity:MaxFailedAttempts"] = "3",
            });
        var addresses = Host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        Http = new Uri(addresses[^1]);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    /// <summary>A user of the given role, created as an administrator would (unique login name per test).</summary>
    public async Task<string> UserAsync(string role, string jurisdiction, string? unit, string? prefix = null)
    {
        var login = $"{prefix ?? role}.{Guid.NewGuid():N}"[..24];
        await using var scope = Host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        var created = await users.CreateAsync(PlatformUser.Of(UserProfile.Create(login, "测试用户", role, jurisdiction, unit)), Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Code)));
        return login;
    }

    public async Task DisableAsync(string login)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        var user = (await users.FindByNameAsync(login))!;
        user.Disable();
        Assert.True((await users.UpdateAsync(user)).Succeeded);
    }

    public OidcBrowser NewBrowser() => new(Http, RedirectUri);
}
