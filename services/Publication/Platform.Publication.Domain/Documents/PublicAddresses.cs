namespace Platform.Publication.Domain.Documents;

/// <summary>
/// Where the public API serves a document, its tables and a region's year (the routes of the publication host, and the
/// links a published page carries to them): absolute paths, the same through the gateway and on the service itself.
/// </summary>
public static class PublicAddresses
{
    public const string Prefix = "/public/v1";

    /// <summary>A version's document in a format (html, json); version 0 is the latest.</summary>
    public static string Document(string id, int version, string format) => version == 0
        ? $"{Prefix}/disclosures/{Uri.EscapeDataString(id)}.{format}"
        : $"{Prefix}/disclosures/{Uri.EscapeDataString(id)}/versions/{version}.{format}";

    public static string Table(string id, int version, string table) =>
        $"{Prefix}/disclosures/{Uri.EscapeDataString(id)}/versions/{version}/tables/{Uri.EscapeDataString(table)}.csv";

    public static string Bulk(string regionCode, int fiscalYear) => $"{Prefix}/bulk/{Uri.EscapeDataString(regionCode)}/{fiscalYear}.zip";
}
