using System.Text.Json;

namespace Platform.Domain;

/// <summary>
/// What every office listing of a service reads the same way (AIP-158): the office's region (the one asked for, else the
/// caller's; six digits), the page's size (0: the default; past the maximum refused, never quietly cut), and an opaque
/// keyset token — the last key of the page before and the listing it belongs to, as JSON — refused when it is not one the
/// service gave for that listing.
/// </summary>
public static class Listing
{
    /// <summary>The region asked for, or the caller's own; six digits (the caller's right to it is the service's rule).</summary>
    public static string Region(string requested, Actor actor)
    {
        var region = requested.Length > 0 ? requested : actor.RegionCode ?? throw new ValidationException("region_code", Messages.RegionRequired, "REQUIRED");
        return region.Length == 6 && region.All(char.IsAsciiDigit) ? region : throw new ValidationException("region_code", Messages.NotARegionCode(region), "REGION_CODE");
    }

    public static int PageSize(int requested, int defaultSize, int max) =>
        requested == 0 ? defaultSize
        : requested < 0 || requested > max ? throw new ValidationException("page_size", Messages.PageSize(max), "PAGE_SIZE")
        : requested;

    /// <summary>
    /// The token of a page's last key within a listing — <paramref name="listing"/> names it by its filters (region, year,
    /// state): a token continues the listing it came from only, never another one's (where it would silently skip rows).
    /// </summary>
    public static string Token<T>(string listing, T key) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new Page<T>(listing, key)));

    /// <summary>The key a token names, or null for the first page; a token of another listing, or none of ours, is refused.</summary>
    public static T? After<T>(string token, string listing) where T : class
    {
        if (token.Length == 0)
        {
            return null;
        }
        try
        {
            var page = JsonSerializer.Deserialize<Page<T>>(Convert.FromBase64String(token));
            return page is { Key: not null } && page.Listing == listing ? page.Key : throw new FormatException();
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            throw new ValidationException("page_token", Messages.BadPageToken, "PAGE_TOKEN");
        }
    }

    private sealed record Page<T>(string Listing, T Key);
}
