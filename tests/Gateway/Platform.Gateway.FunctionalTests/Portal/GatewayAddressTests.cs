using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Platform.Portal;
using Platform.Portal.Gateway;

namespace Platform.Gateway.FunctionalTests.Portal;

/// <summary>
/// Where the portal sends people's tokens: the configured gateway, or — unconfigured — only the loopback address the
/// request came in on; never a host the request names (Host and X-Forwarded-Host are the client's to write).
/// </summary>
public sealed class GatewayAddressTests
{
    private static Uri Resolve(string? configured, string host)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString(host);
        var address = new GatewayAddress(new HttpContextAccessor { HttpContext = context }, Options.Create(new PortalOptions { GatewayAddress = configured }));
        return address.Current();
    }

    [Theory]
    [InlineData("attacker.example")]
    [InlineData("attacker.example:8080")]
    [InlineData("10.0.0.8:8080")]
    [InlineData("127.0.0.1.attacker.example")]
    public void Current_UnconfiguredRequestNamesAnotherHost_Refused(string host) =>
        Assert.Throws<GatewayNotConfiguredException>(() => Resolve(null, host));

    [Theory]
    [InlineData("127.0.0.1:8080", "http://127.0.0.1:8080/")]
    [InlineData("localhost:8080", "http://localhost:8080/")]
    [InlineData("[::1]:8080", "http://[::1]:8080/")]
    public void Current_UnconfiguredOnLoopback_ThatAddress(string host, string expected) =>
        Assert.Equal(new Uri(expected), Resolve(null, host));

    [Fact]
    public void Current_Configured_TheConfiguredAddressWhateverTheRequestSays() =>
        Assert.Equal(new Uri("https://gateway.internal/"), Resolve("https://gateway.internal", "attacker.example"));
}
