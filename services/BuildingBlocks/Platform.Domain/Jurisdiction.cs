namespace Platform.Domain;

/// <summary>
/// Jurisdiction over administrative division codes (GB/T 2260): digits 1-2 the province-level region, 3-4 the
/// prefecture or city, 5-6 the county. 650000 covers every 65xxxx, 652300 covers 6523xx, 652301 only itself.
/// One rule for every service (callers' jurisdiction, reviewers' offices).
/// </summary>
public static class Jurisdiction
{
    public static bool Covers(string? own, string regionCode)
    {
        if (own is not { Length: 6 } || regionCode.Length != 6)
        {
            return false;
        }
        var significant = Significant(own);
        return string.CompareOrdinal(own, 0, regionCode, 0, significant) == 0;
    }

    /// <summary>
    /// The leading digits every code covered by <paramref name="own"/> shares (650000 → "65", 652300 → "6523",
    /// 652301 → "652301"), for a prefix query over stored region codes.
    /// </summary>
    public static string SignificantPrefix(string own) =>
        own is { Length: 6 } ? own[..Significant(own)] : throw new ArgumentException($"'{own}' is not a six-digit division code", nameof(own));

    private static int Significant(string own) => own.EndsWith("0000", StringComparison.Ordinal) ? 2 : own.EndsWith("00", StringComparison.Ordinal) ? 4 : 6;
}
