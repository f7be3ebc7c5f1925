using System.Globalization;

namespace Platform.Portal;

/// <summary>The fiscal year a page is about: the one asked for, or the year whose final accounts are filed now (the previous calendar year).</summary>
internal static class FiscalYears
{
    public static int Current(TimeProvider? time = null) => (time ?? TimeProvider.System).GetLocalNow().Year - 1;

    /// <summary>The years the platform's services accept (their transcription imports and the public API say 2000–2100 alike).</summary>
    public const int First = 2000, Last = 2100;

    /// <summary>How a page refuses a year outside <see cref="First"/>–<see cref="Last"/> or not a number.</summary>
    public const string NotAYear = "年度应为 2000 至 2100 之间的 4 位数字，如 2022";

    /// <summary>A year typed or asked for: digits only, within the years the platform serves.</summary>
    public static bool TryRead(string text, out int year) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= First and <= Last;

    /// <summary>The year in <paramref name="text"/>; the current one (and a reason) when it is not a year.</summary>
    public static int Parse(string? text, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return Current();
        }
        if (TryRead(text, out var year))
        {
            return year;
        }
        problem = NotAYear + "；已显示本年度待填报的决算年度";
        return Current();
    }
}
