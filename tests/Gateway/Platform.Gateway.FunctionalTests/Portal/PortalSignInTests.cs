using System.Net;
using Platform.Gateway.FunctionalTests.Authorization;
using Platform.Portal.Security;

namespace Platform.Gateway.FunctionalTests.Portal;

/// <summary>
/// The portal's signed-in pages through the gateway when the deployment has not configured sign-in (no gateway address, no
/// provider): they ask to sign in and say, in Chinese, that sign-in is not configured — the public pages still work. The
/// signed-in flow itself is tested in Chromium (tests/Portal). And where the portal returns to after sign-in: only here.
/// </summary>
public sealed class PortalSignInTests(PlatformBehindGateway platform) : IClassFixture<PlatformBehindGateway>
{
    [Fact]
    public async Task Workspace_SignInNotConfigured_SaysSoInChinese()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = platform.Gateway.HttpAddress };

        using var home = await http.GetAsync("/portal");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/portal/signin?ReturnUrl=%2Fportal", home.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        using var signIn = await http.GetAsync(home.Headers.Location);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, signIn.StatusCode);
        Assert.Contains("尚未配置登录", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_WithoutSession_NeverEndsAnythingAndAsksToSignIn()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = platform.Gateway.HttpAddress };

        using var response = await http.PostAsync("/portal/signout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/portal/signin", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/portal/returns/u/2025", "/portal/returns/u/2025")]
    [InlineData("/", "/")]
    [InlineData(null, "/portal")]
    [InlineData("https://evil.test/", "/portal")]
    [InlineData("//evil.test/", "/portal")]
    [InlineData("/\\evil.test/", "/portal")]
    [InlineData("/\t/evil.test/", "/portal")]
    public void LocalPath_ReturnAddress_OnlyAPathOfThisSite(string? asked, string expected) =>
        Assert.Equal(expected, PortalAuthentication.LocalPath(asked));
}
