namespace Platform.Publication.Domain.Rendering;

/// <summary>
/// How the disclosures print figures (see ../shared/domain/README.md and 000 第二部分): amounts in 万元 at two decimals
/// ("2269.08 万元", a zero as "0 万元"), percentages at two decimals ("21.50%"; "0%" and "100%" as such), and the words of
/// a change (增加/减少 for the amount, 增长/下降 for the rate).
/// </summary>
public static class Wording
{
    /// <summary>元 → 万元 text, in the default style (<see cref="NumberStyle"/>).</summary>
    public static string Wan(decimal yuan) => NumberStyle.Default.Wan(yuan);

    public static string Percent(decimal percent) => NumberStyle.Default.Percent(percent);

    /// <summary>part / whole as a percentage, 0 when the whole is 0.</summary>
    public static decimal Share(decimal part, decimal whole) => whole == 0 ? 0 : part / whole * 100m;

    public static string? Change(decimal now, decimal? before, string separator = "，") => NumberStyle.Default.Change(now, before, separator);

    public static string Variance(decimal final, decimal budget) => NumberStyle.Default.Variance(final, budget);

    /// <summary>"，主要原因是：…" with the unit's own reason, or nothing where it gave none.</summary>
    public static string Because(string? reason) =>
        reason is { Length: > 0 } r ? $"，主要原因是：{r.TrimEnd('。')}。" : "。";
}
