namespace Platform.Performance.Domain.Values;

/// <summary>How a target bounds the actual: ≥ (≧, >=, 大于等于, 不低于…), ≤, =, >, &lt;, or none printed.</summary>
public enum Comparator
{
    None,
    AtLeast,
    AtMost,
    Equal,
    GreaterThan,
    LessThan,
}

/// <summary>What a target or an actual says, typed. <see cref="Text"/> is always the string as printed.</summary>
public abstract record IndicatorValue(string Text, Comparator Comparator);

/// <summary>
/// A number with its unit as printed ("≥20家", "0.497万元", "2400元/人/年", "10个县市（园区）", "15.99" without unit).
/// <see cref="Unit"/> is null when no unit was printed; <see cref="Qualifier"/> keeps words after a count unit.
/// </summary>
public sealed record Quantity(string Text, Comparator Comparator, decimal Amount, MeasureUnit? Unit, string? Qualifier = null)
    : IndicatorValue(Text, Comparator)
{
    /// <summary>The amount in the unit's base (元 for 万元, % for ‰, seconds for durations); null without a unit.</summary>
    public decimal? BaseAmount => Unit is null ? null : Amount * Unit.BaseFactor;
}

/// <summary>A span of months ("2021.01-2021.12", "2023年11月—12月").</summary>
public sealed record Period(string Text, Comparator Comparator, YearMonth From, YearMonth To) : IndicatorValue(Text, Comparator);

/// <summary>A completion deadline ("2022 年 6 月前", "2023年10月前"): done before the start of the month after.</summary>
public sealed record Deadline(string Text, Comparator Comparator, YearMonth By) : IndicatorValue(Text, Comparator);

/// <summary>
/// A month of the year ("=6月" for a 完成时间: June). Chinese keeps the two apart: 6月 is June, 6个月 is six months
/// (a <see cref="Quantity"/> in 个月).
/// </summary>
public sealed record MonthOfYear(string Text, Comparator Comparator, int Month) : IndicatorValue(Text, Comparator);

/// <summary>A level in words ("达成年度指标", "有效提升", "部分达到预期效果").</summary>
public sealed record Qualitative(string Text, Comparator Comparator, QualitativeLevel Level) : IndicatorValue(Text, Comparator);

/// <summary>
/// An answer to a yes/no indicator ("是", "否", "有", "无": 种薯采购价格不高于市场价 — 是). Neither answer is good in itself
/// (是否发生安全事故 — 否 is the good one): the actual is scored against the target's answer.
/// </summary>
public sealed record YesNo(string Text, Comparator Comparator, bool Yes) : IndicatorValue(Text, Comparator);

/// <summary>
/// What words of a qualitative target or actual say. Scoring policies (data) decide what each level is worth.
/// </summary>
public enum QualitativeLevel
{
    /// <summary>Met or met in full (达成年度指标, 完全达到预期效果, 有效提升, 效果显著, 保障…).</summary>
    Achieved,
    /// <summary>Partly met (部分达到预期效果, 基本达到).</summary>
    Partial,
    /// <summary>Not met (未达到, 未完成).</summary>
    NotAchieved,
}

public readonly record struct YearMonth(int Year, int Month) : IComparable<YearMonth>
{
    public int CompareTo(YearMonth other) => (Year, Month).CompareTo((other.Year, other.Month));

    public override string ToString() => $"{Year:0000}-{Month:00}";
}
