using System.Globalization;

namespace Platform.Publication.Domain.Rendering;

/// <summary>How a rate's digits beyond the second are dropped.</summary>
public enum RateRounding
{
    /// <summary>四舍五入 (38.2876 % → 38.29 %), as the model disclosure (000).</summary>
    HalfUp,
    /// <summary>截位 (38.2876 % → 38.28 %), as some publishers print their rates.</summary>
    Truncate,
}

/// <summary>
/// How a disclosure prints its figures — a convention of the publisher, not a rule: amounts in 万元 at two decimals, with or
/// without thousands separators ("2,269.08"), a zero as "0" or "0.00"; rates at two decimals, rounded or truncated. The
/// default is the model disclosure's (000): "2269.08 万元", "0 万元", "21.50%". Rendering a publication again in its own
/// convention makes its printed figures comparable digit for digit (issue 21); an approved return is written in the default.
/// </summary>
public sealed record NumberStyle(bool ThousandsSeparators = false, bool ZeroWithDecimals = false, RateRounding Rates = RateRounding.HalfUp)
{
    public static readonly NumberStyle Default = new();

    /// <summary>
    /// A change from nothing is "not comparable" ("增加 12.02 万元（基数为 0，不可比）", as 广东's disclosures print it) rather
    /// than the model's "增长 100%".
    /// </summary>
    public bool ZeroBaseNotComparable { get; init; }

    private const decimal TenThousand = 10_000m;

    /// <summary>元 → 万元 text.</summary>
    public string Wan(decimal yuan)
    {
        var wan = Math.Round(yuan / TenThousand, 2, MidpointRounding.AwayFromZero);
        return wan == 0 && !ZeroWithDecimals ? "0" : wan.ToString(ThousandsSeparators ? "#,##0.00" : "0.00", CultureInfo.InvariantCulture);
    }

    public string Percent(decimal percent)
    {
        var p = Math.Round(percent, 2, Rates == RateRounding.Truncate ? MidpointRounding.ToZero : MidpointRounding.AwayFromZero);
        return p == 0 && !ZeroWithDecimals ? "0%" : p is 100 or -100 && !ZeroWithDecimals ? $"{p:0}%" : p.ToString("0.00", CultureInfo.InvariantCulture) + "%";
    }

    /// <summary>
    /// "增加 0.56 万元，增长 100%" / "减少 621.65 万元，下降 21.50%": the change from last year with its words. A figure new
    /// this year grows by 100 %, as the disclosures print it; with no figure for last year there is nothing to say (null).
    /// </summary>
    /// <param name="printedRate">The rate a publication printed for this change, written as printed.</param>
    public string? Change(decimal now, decimal? before, string separator = "，", decimal? printedRate = null)
    {
        if (before is not { } b)
        {
            return null;
        }
        var delta = now - b;
        if (b == 0 && delta != 0 && ZeroBaseNotComparable && printedRate is null)
        {
            return Moved(delta, null, separator) + "（基数为 0，不可比）";
        }
        // The printed rate of a change there is (a rate beside "增加 0.00 万元" would be a misreading, not the truth).
        var rate = printedRate is { } printed && delta != 0 ? printed : b == 0 ? (delta == 0 ? 0 : 100m) : Math.Abs(delta) / b * 100m;
        return Moved(delta, rate, separator);
    }

    /// <summary>
    /// The words of a change of <paramref name="delta"/> 元, in one place: "增加 0.56 万元，增长 100%" / "减少 621.65 万元，下降
    /// 21.50%", the rate left out where there is none.
    /// </summary>
    internal string Moved(decimal delta, decimal? rate, string separator) =>
        $"{(delta >= 0 ? "增加" : "减少")} {Wan(Math.Abs(delta))} 万元" + (rate is { } r ? $"{separator}{(delta >= 0 ? "增长" : "下降")} {Percent(r)}" : "");

    /// <summary>预决算差异率: (final − budget) / budget.</summary>
    public string Variance(decimal final, decimal budget) => Percent(budget == 0 ? 0 : (final - budget) / budget * 100m);
}
