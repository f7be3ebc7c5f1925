using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace Platform.Testing;

/// <summary>
/// What a browser does with an OpenID Connect provider's pages (the platform's identity service, directly or through the
/// gateway): cookies kept, forms posted with their hidden fields (antiforgery), redirects one at a time, so each step of the
/// authorization code flow with PKCE is seen; then the token endpoint as the portal calls it.
/// </summary>
public sealed class OidcBrowser : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _redirectUri;

    public OidcBrowser(Uri address, string redirectUri)
    {
        _redirectUri = redirectUri;
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = address };
    }

    public string Verifier { get; } = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public string Challenge => WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));

    public string AuthorizePath(string? challenge = null, string? method = "S256", string? redirect = null) =>
        "/connect/authorize?" + string.Join('&', new Dictionary<string, string?>
        {
            ["client_id"] = "portal", ["response_type"] = "code", ["redirect_uri"] = redirect ?? _redirectUri,
            ["scope"] = "openid profile roles offline_access platform_api", ["state"] = "s1", ["nonce"] = "n1",
            ["code_challenge"] = challenge ?? Challenge, ["code_challenge_method"] = method,
        }.Where(p => p.Value is not null).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}"));

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    /// <summary>A form posted as a client posts to an endpoint of the provider (revocation, RFC 7009).</summary>
    public Task<HttpResponseMessage> PostAsync(string path, IDictionary<string, string> form) => _http.PostAsync(path, new FormUrlEncodedContent(form));

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
        var toLogin = Expect(await _http.GetAsync(AuthorizePath()), "the sign-in page");
        var signedIn = Expect(await SubmitAsync(toLogin.Headers.Location!.ToString(), new Dictionary<string, string> { ["login_name"] = login, ["password"] = password }), "authorize again");
        var back = Expect(await _http.GetAsync(signedIn.Headers.Location!.ToString()), "the callback");
        var callback = back.Headers.Location!;
        if (!callback.ToString().StartsWith(_redirectUri, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The code went to {callback}, not to {_redirectUri}.");
        }
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(callback.Query)["code"].ToString();
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> TokenAsync(IDictionary<string, string> form)
    {
        using var response = await _http.PostAsync("/connect/token", new FormUrlEncodedContent(form));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    public Task<(HttpStatusCode Status, JsonElement Body)> RedeemAsync(string code, string? verifier = null) => TokenAsync(new Dictionary<string, string>
    {
        ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = _redirectUri,
        ["client_id"] = "portal", ["code_verifier"] = verifier ?? Verifier,
    });

    public void Dispose() => _http.Dispose();

    private static HttpResponseMessage Expect(HttpResponseMessage response, string next)
    {
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            return response;
        }
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        throw new InvalidOperationException($"Expected a redirect to {next}, got {(int)response.StatusCode}: {body[..Math.Min(300, body.Length)]}");
    }

    /// <summary>The claims of a JWT's payload (the signature is the gateway's business; see the gateway's tests).</summary>
    public static JsonElement Payload(string jwt) =>
        JsonDocument.Parse(WebEncoders.Base64UrlDecode(jwt.Split('.')[1])).RootElement.Clone();
}
