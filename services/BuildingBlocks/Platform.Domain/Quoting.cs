namespace Platform.Domain;

/// <summary>
/// How a message names a value someone sent: a short prefix at most, never the whole value. Messages travel in
/// grpc-message and grpc-status-details-bin, which are HTTP/2 headers: a 40,000-character cell echoed whole would exceed
/// what a peer accepts and turn a bad request into a broken connection.
/// </summary>
public static class Quoting
{
    /// <summary>How many characters of a value a message quotes.</summary>
    public const int PrefixLength = 32;

    /// <summary>“value”, or “its first 32 characters…”（共 N 个字符） when it is longer.</summary>
    public static string Quote(string? value)
    {
        value ??= "";
        return value.Length <= PrefixLength ? $"“{value}”" : $"“{Cut(value, PrefixLength)}…”（共 {value.Length} 个字符）";
    }

    /// <summary><paramref name="text"/> cut to at most <paramref name="max"/> characters, ending in “…” when cut.</summary>
    public static string Truncate(string text, int max) => text.Length <= max ? text : Cut(text, max - 1) + "…";

    // Never split a surrogate pair: half a character is invalid UTF-16 and becomes U+FFFD on the wire.
    private static string Cut(string value, int length) =>
        char.IsHighSurrogate(value[length - 1]) ? value[..(length - 1)] : value[..length];
}
