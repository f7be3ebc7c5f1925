using System.Globalization;

namespace Platform.Portal;

/// <summary>The fiscal year a page is about: the one asked for, or the year whose final accounts are filed now (the previous calendar year).</summary>
internal static class FiscalYears
{
    public static int Current(TimeProvider? time = null) => (time ?? TimeProvider.System).GetLocalNow().Year - 1;

    /// <summary>The year in <paramref name="text"/>; the current one (and a reason) when it is not a year.</summary>
    public static int Parse(string? text, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return Current();
        }
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1949 and <= 2200)
        {
            return year;
        }
        problem = "年度应为 4 位数字，如 2022；已显示本年度待填报的决算年度";
        return Current();
    }
}
