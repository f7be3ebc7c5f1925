using System.Globalization;
using System.Text.RegularExpressions;

namespace Platform.Domain;

/// <summary>
/// The one reader of dates people type, beside <see cref="PrintedNumber"/>: the ISO form the API speaks (2025-06-30) and
/// what a clerk writes the same day in China — 2025-6-30, 2025/6/30, 2025.6.30, 2025年6月30日 — with full-width digits
/// and spaces folded as numbers are. Year first always: "6/30/2025" and "30.6.2025" are ambiguous and stay errors, as is a
/// day that is not in its month (2026-13-01, 2025-02-30). Hand-written because <c>DateOnly.TryParse</c> follows the
/// culture (and takes month-first dates under the invariant one), and none of its formats is 2025年6月30日.
/// </summary>
public static partial class PrintedDate
{
    public static bool TryRead(string? text, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text) || Shape().Match(PrintedNumber.Fold(text).Trim()) is not { Success: true } m)
        {
            return false;
        }
        int Part(string name) => int.Parse(m.Groups[name].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        var (year, month, day) = (Part("y"), Part("m"), Part("d"));
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        date = new DateOnly(year, month, day);
        return true;
    }

    // Four-digit year from 1900, then month and day of one or two digits, separated alike by - / . or written 年 月 日.
    // [0-9], not \d: \d takes any script's digits (٢٠٢٥ from an Arabic-script keyboard), which int.Parse would then refuse.
    [GeneratedRegex(@"^(?<y>(19|20)[0-9][0-9])(?:\s*(?<sep>[-/.])\s*(?<m>[0-9]{1,2})\s*\k<sep>\s*(?<d>[0-9]{1,2})|\s*年\s*(?<m>[0-9]{1,2})\s*月\s*(?<d>[0-9]{1,2})\s*日?)$")]
    private static partial Regex Shape();
}
