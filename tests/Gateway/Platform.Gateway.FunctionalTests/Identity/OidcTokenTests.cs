using Grpc.Core;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Platform.Identity.Domain;
using Platform.Identity.Host;
using Platform.Testing;
using Platform.Testing.V1;

namespace Platform.Gateway.FunctionalTests.Identity;

/// <summary>
/// The platform's identity service behind the gateway, as `./platform run` wires them: a person signs in through the
/// gateway's address (authorization code + PKCE), and the gateway accepts the access token it got — trusting the
/// provider's issuer and published keys from its discovery document, with no key configured — while development tokens
/// keep working beside it. A token of the same issuer signed with another key is refused.
/// </summary>
public sealed class OidcTokenTests : IAsyncLifetime
{
    private const string Issuer = "http://gateway.test/";
    private const string Callback = "http://gateway.test/signin-oidc";
    private const string Password = "spring-filing-2026";
    private readonly string _keys = Directory.CreateTempSubdirectory("gateway-oidc").FullName;
    private TestHost _identity = null!;
    private TestHost _backend = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _identity = await TestHost.StartAsync(b => b.AddIdentityService(), app => app.MapIdentityService(), mapInteropService: false, settings: new Dictionary<string, string?>
        {
            ["Platform:HttpPort"] = "0",
            ["Platform:DataDirectory"] = _keys,
            ["ConnectionStrings:identity"] = await TestServers.CreatePostgresDatabaseAsync("identity"),
            ["Identity:AllowHttp"] = "true",
            ["Identity:Issuer"] = Issuer,
            ["Identity:PortalRedirectUris:0"] = Callback,
        });
        var identityHttp = _identity.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Last().TrimEnd('/');
        await using (var scope = _identity.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Platform.Identity.Host.Persistence.PlatformUser>>();
            Assert.True((await users.CreateAsync(Platform.Identity.Host.Persistence.PlatformUser.Of(UserProfile.Create("reviewer.changji", "昌吉州财政局审核人员", "reviewer", "652300", null)), Password)).Succeeded);
        }
        _backend = await TestHost.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Jwt:MetadataAddress"] = identityHttp + "/.well-known/openid-configuration",
            ["Gateway:Jwt:AllowHttpMetadata"] = "true",
            ["ReverseProxy:Clusters:identity-http:Destinations:local:Address"] = identityHttp + "/",
        };
        foreach (var (route, path) in new[] { ("identity-connect", "/connect/{**rest}"), ("identity-account", "/account/{**rest}") })
        {
            settings[$"ReverseProxy:Routes:{route}:ClusterId"] = "identity-http";
            settings[$"ReverseProxy:Routes:{route}:Match:Path"] = path;
            settings[$"ReverseProxy:Routes:{route}:AuthorizationPolicy"] = "Anonymous";
            settings[$"ReverseProxy:Routes:{route}:Metadata:Cookies"] = "Forward";
        }
        _gateway = await GatewayHost.StartAsync([_backend.Address], settings);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
        await _identity.DisposeAsync();
        Directory.Delete(_keys, recursive: true);
    }

    [Fact]
    public async Task UnaryCall_TokenFromSigningInThroughTheGateway_AcceptedWithTheUsersRoleAndJurisdiction()
    {
        using var browser = new OidcBrowser(_gateway.HttpAddress, Callback);
        var code = await browser.SignInForCodeAsync("reviewer.changji", Password);
        var (status, tokens) = await browser.RedeemAsync(code);
        Assert.True(status == System.Net.HttpStatusCode.OK, tokens.ToString());
        var access = tokens.GetProperty("access_token").GetString()!;
        Assert.Equal(Issuer, OidcBrowser.Payload(access).GetProperty("iss").GetString());

        using var channel = _gateway.Channel();
        var client = new InteropTest.InteropTestClient(channel);
        var response = await client.UnaryCallAsync(new SimpleRequest(), GatewayHost.Bearer(access));
        Assert.Equal("reviewer.changji|reviewer|652300", response.Caller);
        // The person's name travels with the call (for records such as an audit trail), signed like the rest.
        Assert.Equal("昌吉州财政局审核人员", response.CallerName);

        // Development tokens still work beside the provider's.
        var development = await client.UnaryCallAsync(new SimpleRequest(), GatewayHost.Bearer(GatewayHost.Token("cli-user", ["reviewer"], "650100")));
        Assert.Equal("cli-user|reviewer|650100", development.Caller);
        Assert.Equal("", development.CallerName);
    }

    [Fact]
    public async Task UnaryCall_ProvidersIssuerButAnotherKey_Unauthenticated()
    {
        using var forger = System.Security.Cryptography.RSA.Create(2048);
        var forged = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = "platform-gateway",
            Claims = new Dictionary<string, object> { ["sub"] = "forger", ["role"] = "admin", ["jurisdiction"] = "650000" },
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(
                new Microsoft.IdentityModel.Tokens.RsaSecurityKey(forger) { KeyId = "identity-signing" }, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.RsaSha256),
        });

        using var channel = _gateway.Channel();
        var ex = await Assert.ThrowsAsync<RpcException>(() => new InteropTest.InteropTestClient(channel).UnaryCallAsync(new SimpleRequest(), GatewayHost.Bearer(forged)).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }
}
