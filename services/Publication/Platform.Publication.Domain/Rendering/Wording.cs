using System.Globalization;

namespace Platform.Publication.Domain.Rendering;

/// <summary>
/// How the disclosures print figures (see ../shared/domain/README.md and 000 第二部分): amounts in 万元 at two decimals
/// ("2269.08 万元", a zero as "0 万元"), percentages at two decimals ("21.50%"; "0%" and "100%" as such), and the words of
/// a change (增加/减少 for the amount, 增长/下降 for the rate).
/// </summary>
public static class Wording
{
    private const decimal TenThousand = 10_000m;

    /// <summary>元 → 万元 text.</summary>
    public static string Wan(decimal yuan)
    {
        var wan = Math.Round(yuan / TenThousand, 2, MidpointRounding.AwayFromZero);
        return wan == 0 ? "0" : wan.ToString("0.00", CultureInfo.InvariantCulture);
    }

    public static string Percent(decimal percent)
    {
        var p = Math.Round(percent, 2, MidpointRounding.AwayFromZero);
        return p == 0 ? "0%" : p is 100 or -100 ? $"{p:0}%" : p.ToString("0.00", CultureInfo.InvariantCulture) + "%";
    }

    /// <summary>part / whole as a percentage, 0 when the whole is 0.</summary>
    public static decimal Share(decimal part, decimal whole) => whole == 0 ? 0 : part / whole * 100m;

    /// <summary>
    /// "增加 0.56 万元，增长 100%" / "减少 621.65 万元，下降 21.50%": the change from last year with its words. A figure new
    /// this year grows by 100 %, as the disclosures print it; with no figure for last year there is nothing to say (null).
    /// </summary>
    public static string? Change(decimal now, decimal? before, string separator = "，")
    {
        if (before is not { } b)
        {
            return null;
        }
        var delta = now - b;
        var rate = b == 0 ? (delta == 0 ? 0 : 100m) : Math.Abs(delta) / b * 100m;
        return delta >= 0
            ? $"增加 {Wan(delta)} 万元{separator}增长 {Percent(rate)}"
            : $"减少 {Wan(-delta)} 万元{separator}下降 {Percent(rate)}";
    }

    /// <summary>预决算差异率: (final − budget) / budget.</summary>
    public static string Variance(decimal final, decimal budget) => Percent(budget == 0 ? 0 : (final - budget) / budget * 100m);

    /// <summary>"，主要原因是：…" with the unit's own reason, or nothing where it gave none.</summary>
    public static string Because(string? reason) =>
        reason is { Length: > 0 } r ? $"，主要原因是：{r.TrimEnd('。')}。" : "。";
}
