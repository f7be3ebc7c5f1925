using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Platform.Portal.Gateway;

/// <summary>A published disclosure as the gateway's public list gives it.</summary>
internal sealed record DisclosureSummary(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("unitId")] string UnitId,
    [property: JsonPropertyName("fiscalYear")] int FiscalYear,
    [property: JsonPropertyName("regionCode")] string RegionCode,
    [property: JsonPropertyName("regionName")] string? RegionName,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("corrected")] bool Corrected);

/// <summary>A region that has published disclosures, as the gateway's public directory gives it.</summary>
internal sealed record DirectoryRegion(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("documents")] int Documents);

/// <summary>What the public can search by: regions with published disclosures and the years published.</summary>
internal sealed record DisclosureDirectory(
    [property: JsonPropertyName("regions")] List<DirectoryRegion>? Regions,
    [property: JsonPropertyName("fiscalYears")] List<int>? FiscalYears);

/// <summary>
/// The published disclosures, read from the gateway's public API (/api/public/v1/disclosures) as any publication site
/// would: by region (and the regions below it), year and text in the department's name or title.
/// </summary>
internal sealed class PublicDisclosures(IHttpClientFactory clients, GatewayAddress gateway)
{
    public const string Client = "portal-gateway";

    private sealed record Page([property: JsonPropertyName("documents")] List<DisclosureSummary>? Documents);

    public async Task<DisclosureDirectory> DirectoryAsync(CancellationToken token)
    {
        var client = clients.CreateClient(Client);
        client.BaseAddress = gateway.Current();
        return await client.GetFromJsonAsync<DisclosureDirectory>("api/public/v1/directory", token) ?? new DisclosureDirectory([], []);
    }

    /// <summary>An empty <paramref name="region"/> searches every region.</summary>
    public async Task<IReadOnlyList<DisclosureSummary>> SearchAsync(string region, int? year, string? query, CancellationToken token)
    {
        var client = clients.CreateClient(Client);
        client.BaseAddress = gateway.Current();
        var path = "api/public/v1/disclosures?page_size=100"
            + (region.Length > 0 ? "&region_code=" + Uri.EscapeDataString(region) : "")
            + (year is { } y ? "&fiscal_year=" + y.ToString(CultureInfo.InvariantCulture) : "")
            + (query is { Length: > 0 } q ? "&query=" + Uri.EscapeDataString(q) : "");
        var page = await client.GetFromJsonAsync<Page>(path, token);
        return page?.Documents ?? [];
    }
}
