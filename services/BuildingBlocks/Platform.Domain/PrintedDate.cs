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
    /// <summary>The years a date may have: a typed 1899 or 2199 is a date in form, said to be out of range, not "not a date".</summary>
    public const int FirstYear = 1900, LastYear = 2099;

    public static bool TryRead(string? text, out DateOnly date)
    {
        var read = Read(text);
        date = read.Date;
        return read.Problem == DateProblem.None;
    }

    /// <summary>The day in <paramref name="text"/>, or what keeps it from being one (so a person is told which).</summary>
    public static DateReading Read(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new(default, DateProblem.Blank);
        }
        if (Shape().Match(PrintedNumber.Fold(text).Trim()) is not { Success: true } m)
        {
            return new(default, DateProblem.NotADate);
        }
        int Part(string name) => int.Parse(m.Groups[name].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        var (year, month, day) = (Part("y"), Part("m"), Part("d"));
        if (year is < FirstYear or > LastYear)
        {
            return new(default, DateProblem.YearOutOfRange);
        }
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return new(default, DateProblem.NoSuchDay);
        }
        return new(new DateOnly(year, month, day), DateProblem.None);
    }

    // Four-digit year, then month and day of one or two digits, separated alike by - / . or written 年 月 日.
    // [0-9], not \d: \d takes any script's digits (٢٠٢٥ from an Arabic-script keyboard), which int.Parse would then refuse.
    [GeneratedRegex(@"^(?<y>[0-9]{4})(?:\s*(?<sep>[-/.])\s*(?<m>[0-9]{1,2})\s*\k<sep>\s*(?<d>[0-9]{1,2})|\s*年\s*(?<m>[0-9]{1,2})\s*月\s*(?<d>[0-9]{1,2})\s*日?)$")]
    private static partial Regex Shape();
}

/// <summary>What keeps a typed text from being a day.</summary>
public enum DateProblem
{
    None,
    Blank,
    /// <summary>Not the shape of a date (month first, a two-digit year, words).</summary>
    NotADate,
    /// <summary>A date in form whose month or day the calendar does not have (2026-13-01, 2025-02-30).</summary>
    NoSuchDay,
    /// <summary>A date in form outside <see cref="PrintedDate.FirstYear"/>–<see cref="PrintedDate.LastYear"/>.</summary>
    YearOutOfRange,
}

/// <summary>A typed date as read: the day, when <see cref="Problem"/> is <see cref="DateProblem.None"/>.</summary>
public readonly record struct DateReading(DateOnly Date, DateProblem Problem);
