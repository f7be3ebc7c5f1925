using System.Net;
using Platform.Gateway.FunctionalTests.Authorization;

namespace Platform.Gateway.FunctionalTests.Hardening;

/// <summary>What a clerk or a reviewer reads when they may not, or when something is not there: Chinese, and no internal ids.</summary>
public sealed class MessagesTests(PlatformBehindGateway platform) : IClassFixture<PlatformBehindGateway>
{
    [Theory]
    [InlineData("/api/city/v1/returns/changji-emergency/2022", "matrix-clerk-7", HttpStatusCode.Forbidden)]
    [InlineData("/api/city/v1/returns/urumqi-emergency/2031", "matrix-clerk-7", HttpStatusCode.NotFound)]
    [InlineData("/api/city/v1/units/urumqi-emergency/staffing/2031", "matrix-clerk-7", HttpStatusCode.NotFound)]
    public async Task Refusal_AsAClerkReadsIt_ChineseWithoutInternalIds(string path, string subject, HttpStatusCode expected)
    {
        // The clerk's jurisdiction is the whole region, so the gateway lets every path through and the service answers.
        var clerk = GatewayHost.Token(subject, ["clerk"], "650000", "urumqi-emergency");

        var (status, body) = await platform.SendJsonAsync(HttpMethod.Get, path, clerk);

        Assert.Equal(expected, status);
        var message = body.GetProperty("message").GetString()!;
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", message);
        Assert.DoesNotContain(subject, message, StringComparison.Ordinal);
        Assert.DoesNotMatch("was not found|may not|needs one of|signed-in|jurisdiction", message);
    }
}
