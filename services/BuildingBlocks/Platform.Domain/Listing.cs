using System.Text.Json;

namespace Platform.Domain;

/// <summary>
/// What every office listing of a service reads the same way (AIP-158): the office's region (the one asked for, else the
/// caller's; six digits), the page's size (0: the default; past the maximum refused, never quietly cut), and an opaque
/// keyset token — the last key of the page before, as JSON — refused when it is not one the service gave.
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

    public static string Token<T>(T key) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(key));

    /// <summary>The key a token names, or null for the first page.</summary>
    public static T? After<T>(string token) where T : class
    {
        if (token.Length == 0)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<T>(Convert.FromBase64String(token)) ?? throw new FormatException();
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            throw new ValidationException("page_token", Messages.BadPageToken, "PAGE_TOKEN");
        }
    }
}
