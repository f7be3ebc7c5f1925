using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Platform.Identity.Domain;
using Platform.Identity.Host;
using Platform.Identity.Host.Persistence;
using Platform.Testing;

namespace Platform.Identity.Tests;

/// <summary>
/// The identity service on a real Kestrel port (HTTP/1.1, as a browser reaches it) on a fresh PostgreSQL database, its keys
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
            configureBuilder: b => b.AddIdentityService(),
            configureApp: app => app.MapIdentityService(),
            mapInteropService: false,
            settings: new Dictionary<string, string?>
            {
                ["Platform:HttpPort"] = "0",
                ["Platform:DataDirectory"] = _dataDirectory,
                ["ConnectionStrings:identity"] = await TestServers.CreatePostgresDatabaseAsync("identity"),
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

    public Browser NewBrowser() => new(Http);
}

/// <summary>What a browser does with the identity service: cookies, forms with their antiforgery field, redirects one at a time.</summary>
public sealed class Browser : IDisposable
{
    private readonly HttpClient _http;

    public Browser(Uri address)
    {
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = address };
    }

    public string Verifier { get; } = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public string Challenge => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));

    public string AuthorizePath(string? challenge = null, string? method = "S256", string redirect = IdentityFixture.RedirectUri) =>
        "/connect/authorize?" + string.Join('&', new Dictionary<string, string?>
        {
            ["client_id"] = "portal", ["response_type"] = "code", ["redirect_uri"] = redirect,
            ["scope"] = "openid profile roles offline_access platform_api", ["state"] = "s1", ["nonce"] = "n1",
            ["code_challenge"] = challenge ?? Challenge, ["code_challenge_method"] = method,
        }.Where(p => p.Value is not null).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}"));

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    /// <summary>Fills and posts the form of the page at <paramref name="page"/> (its hidden fields kept), returning the answer.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string page, IDictionary<string, string> fields)
    {
        var html = await (await _http.GetAsync(page)).Content.ReadAsStringAsync();
        var form = Regex.Match(html, "<form method=\"post\" action=\"([^\"]+)\"");
        var values = Regex.Matches(html, "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")
            .ToDictionary(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value), m => System.Net.WebUtility.HtmlDecode(m.Groups[2].Value));
        foreach (var (key, value) in fields)
        {
            values[key] = value;
        }
        return await _http.PostAsync(form.Groups[1].Value, new FormUrlEncodedContent(values));
    }

    /// <summary>The whole code flow as a portal drives it: authorize, sign in, back to authorize, the code at the callback.</summary>
    public async Task<string> SignInForCodeAsync(string login, string password)
    {
        var toLogin = await _http.GetAsync(AuthorizePath());
        Assert.Equal(HttpStatusCode.Redirect, toLogin.StatusCode);
        var signedIn = await SubmitAsync(toLogin.Headers.Location!.ToString(), new Dictionary<string, string> { ["login_name"] = login, ["password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var back = await _http.GetAsync(signedIn.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var callback = back.Headers.Location!;
        Assert.StartsWith(IdentityFixture.RedirectUri, callback.ToString(), StringComparison.Ordinal);
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(callback.Query)["code"].ToString();
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> TokenAsync(IDictionary<string, string> form)
    {
        using var response = await _http.PostAsync("/connect/token", new FormUrlEncodedContent(form));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    public Task<(HttpStatusCode Status, JsonElement Body)> RedeemAsync(string code, string? verifier = null) => TokenAsync(new Dictionary<string, string>
    {
        ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = IdentityFixture.RedirectUri,
        ["client_id"] = "portal", ["code_verifier"] = verifier ?? Verifier,
    });

    public void Dispose() => _http.Dispose();

    /// <summary>The claims of a JWT's payload (the signature is the gateway's business; see the gateway's tests).</summary>
    public static JsonElement Payload(string jwt) =>
        JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.Split('.')[1])).RootElement.Clone();
}
