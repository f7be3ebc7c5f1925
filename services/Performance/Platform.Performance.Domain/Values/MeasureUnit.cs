namespace Platform.Performance.Domain.Values;

/// <summary>What a unit measures. Counts of different things (人, 家, 次) are different dimensions.</summary>
public enum Dimension
{
    Money,
    Ratio,
    Duration,
    Count,
    Power,
    Mass,
    Area,
    Length,
}

/// <summary>
/// A unit as printed: a symbol, what it measures and its factor to the dimension's base (元, %, minutes, the count
/// itself), and for rates the units it is per ("元/人/年": 元 per 人 per 年).
/// </summary>
public sealed record MeasureUnit(string Symbol, Dimension Dimension, decimal Factor, IReadOnlyList<MeasureUnit> Per)
{
    public override string ToString() => Per.Count == 0 ? Symbol : Symbol + string.Concat(Per.Select(p => "/" + p.Symbol));

    /// <summary>Same dimension and the same "per" units: amounts can be compared after conversion.</summary>
    public bool IsComparableWith(MeasureUnit other) =>
        Dimension == other.Dimension
        && (Dimension != Dimension.Count || Symbol == other.Symbol)
        && Per.Count == other.Per.Count
        && Per.Zip(other.Per).All(p => p.First.IsComparableWith(p.Second));

    /// <summary>
    /// The units the parser knows, longest symbols first so that 万元 wins over 元 and 人次 over 人. Units are language
    /// facts, not policy: a new one is a line here and a parser test.
    /// </summary>
    internal static readonly IReadOnlyList<MeasureUnit> Known = new MeasureUnit[]
    {
        Simple("亿元", Dimension.Money, 100_000_000m), Simple("万元", Dimension.Money, 10_000m), Simple("千元", Dimension.Money, 1_000m),
        Simple("元", Dimension.Money, 1m),
        Simple("%", Dimension.Ratio, 1m), Simple("‰", Dimension.Ratio, 0.1m),
        Simple("分钟", Dimension.Duration, 1m), Simple("小时", Dimension.Duration, 60m), Simple("天", Dimension.Duration, 1_440m),
        Simple("日", Dimension.Duration, 1_440m), Simple("周", Dimension.Duration, 10_080m), Simple("个月", Dimension.Duration, 43_200m),
        Simple("月", Dimension.Duration, 43_200m), Simple("年", Dimension.Duration, 525_600m),
        Simple("MW", Dimension.Power, 1m), Simple("kW", Dimension.Power, 0.001m), Simple("万吨", Dimension.Mass, 10_000m),
        Simple("吨", Dimension.Mass, 1m), Simple("平方米", Dimension.Area, 1m), Simple("亩", Dimension.Area, 666.6667m),
        Simple("公里", Dimension.Length, 1_000m), Simple("米", Dimension.Length, 1m),
        Count("人次"), Count("人"), Count("次"), Count("家"), Count("个"), Count("户"), Count("台"), Count("辆"), Count("套"),
        Count("本"), Count("间"), Count("项"), Count("件"), Count("所"), Count("场"), Count("期"), Count("批"), Count("份"),
        Count("篇"), Count("处"), Count("座"), Count("条"), Count("名"), Count("张"), Count("册"), Count("部"), Count("类"),
    }.OrderByDescending(u => u.Symbol.Length).ToList();

    private static MeasureUnit Simple(string symbol, Dimension dimension, decimal factor) => new(symbol, dimension, factor, []);

    private static MeasureUnit Count(string symbol) => new(symbol, Dimension.Count, 1m, []);
}
