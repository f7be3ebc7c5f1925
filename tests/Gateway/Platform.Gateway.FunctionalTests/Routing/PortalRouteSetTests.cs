using System.Net;
using System.Net.Http.Headers;
using Platform.Gateway.Routing;
using Platform.Testing;

namespace Platform.Gateway.FunctionalTests.Routing;

/// <summary>The three portal route sets: a user reaches the portal of their jurisdiction's level; the region's offices reach all.</summary>
public sealed class PortalRouteSetTests : IAsyncLifetime
{
    private TestHost _backend = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _backend = await TestHost.StartAsync();
        _gateway = await GatewayHost.StartAsync([_backend.Address]);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Theory]
    [InlineData("652301", "county", HttpStatusCode.OK)]
    [InlineData("650104", "county", HttpStatusCode.OK)]        // a district of a city is county-level
    [InlineData("652301", "prefecture", HttpStatusCode.Forbidden)]
    [InlineData("652301", "city", HttpStatusCode.Forbidden)]
    [InlineData("652300", "prefecture", HttpStatusCode.OK)]
    [InlineData("652300", "county", HttpStatusCode.Forbidden)]
    [InlineData("652300", "city", HttpStatusCode.Forbidden)]
    [InlineData("650100", "city", HttpStatusCode.OK)]
    [InlineData("650100", "prefecture", HttpStatusCode.Forbidden)]
    [InlineData("650100", "county", HttpStatusCode.Forbidden)]
    [InlineData("650000", "county", HttpStatusCode.OK)]
    [InlineData("650000", "prefecture", HttpStatusCode.OK)]
    [InlineData("650000", "city", HttpStatusCode.OK)]
    [InlineData(null, "county", HttpStatusCode.Forbidden)]
    [InlineData("65230", "county", HttpStatusCode.Forbidden)]
    public async Task Get_ReviewerOfJurisdiction_OnPortal(string? jurisdiction, string portal, HttpStatusCode expected)
    {
        using var http = _gateway.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/{portal}/v1/echo/hello");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GatewayHost.Token("rev", ["reviewer"], jurisdiction));
        using var response = await http.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Get_TokenWithoutAnyPlatformRole_Forbidden()
    {
        using var http = _gateway.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/county/v1/echo/hello");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GatewayHost.Token("nobody", ["service", "guest"], "652301"));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("650000", "Region")]
    [InlineData("650100", "City")]
    [InlineData("650200", "City")]
    [InlineData("652300", "Prefecture")]
    [InlineData("654300", "Prefecture")]
    [InlineData("652301", "County")]
    [InlineData("650104", "County")]
    [InlineData("659001", "County")]
    [InlineData("659000", "None")]
    [InlineData("650001", "None")]
    [InlineData("6523", "None")]
    [InlineData("65230X", "None")]
    [InlineData(null, "None")]
    public void Of_DivisionCode_LevelByGbT2260(string? code, string level) => Assert.Equal(Enum.Parse<JurisdictionLevel>(level), JurisdictionLevels.Of(code));
}
