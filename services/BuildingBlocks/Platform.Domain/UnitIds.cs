using System.Buffers;

namespace Platform.Domain;

/// <summary>
/// The one grammar of a unit id, checked wherever an id enters the platform (registration by rpc, file import, the demo
/// data): 1 to 64 characters, lowercase ASCII letters, digits and single hyphens, starting and ending with a letter or
/// digit ("urumqi-emergency", "652301-finance"). An id becomes a file name inside the public bulk archive, part of a
/// document id in the feed and a URL path segment, so nothing in it may mean something there: no dots, slashes,
/// percent signs, spaces or non-ASCII look-alikes.
/// </summary>
public static class UnitIds
{
    public const int MaxLength = 64;

    private static readonly SearchValues<char> Allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    public static bool IsValid(string? id) => Problem(id) is null;

    /// <summary>Why <paramref name="id"/> is not a unit id (zh-CN, for the person who typed it), or null when it is one.</summary>
    public static string? Problem(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return Messages.UnitIdEmpty;
        }
        if (id.Length > MaxLength)
        {
            return Messages.TooLong(id.Length, MaxLength);
        }
        if (id.AsSpan().ContainsAnyExcept(Allowed))
        {
            return Messages.UnitIdCharacters;
        }
        if (id[0] == '-' || id[^1] == '-' || id.Contains("--", StringComparison.Ordinal))
        {
            return Messages.UnitIdHyphens;
        }
        return null;
    }
}
