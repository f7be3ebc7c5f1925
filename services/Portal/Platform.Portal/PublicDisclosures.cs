using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Platform.Portal;

/// <summary>A published disclosure as the gateway's public list gives it.</summary>
public sealed record DisclosureSummary(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("unitId")] string UnitId,
    [property: JsonPropertyName("fiscalYear")] int FiscalYear,
    [property: JsonPropertyName("regionCode")] string RegionCode,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("corrected")] bool Corrected);

/// <summary>
/// The published disclosures, read from the gateway's public API (/api/public/v1/disclosures) as any publication site
/// would: by region (and the regions below it), year and text in the department's name or title.
/// </summary>
public sealed class PublicDisclosures(IHttpClientFactory clients, IHttpContextAccessor http, IOptions<PortalOptions> options)
{
    public const string Client = "portal-gateway";

    private sealed record Page([property: JsonPropertyName("documents")] List<DisclosureSummary>? Documents);

    public async Task<IReadOnlyList<DisclosureSummary>> SearchAsync(string region, int? year, string? query, CancellationToken token)
    {
        var client = clients.CreateClient(Client);
        client.BaseAddress = new Uri(GatewayAddress());
        var path = $"api/public/v1/disclosures?region_code={Uri.EscapeDataString(region)}&page_size=100"
            + (year is { } y ? "&fiscal_year=" + y.ToString(CultureInfo.InvariantCulture) : "")
            + (query is { Length: > 0 } q ? "&query=" + Uri.EscapeDataString(q) : "");
        var page = await client.GetFromJsonAsync<Page>(path, token);
        return page?.Documents ?? [];
    }

    private string GatewayAddress()
    {
        if (options.Value.GatewayAddress is { Length: > 0 } configured)
        {
            return configured.EndsWith('/') ? configured : configured + "/";
        }
        var request = http.HttpContext!.Request;
        return $"{request.Scheme}://{request.Host}{request.PathBase}/";
    }
}
