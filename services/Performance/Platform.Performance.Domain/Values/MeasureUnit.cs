using System.Globalization;
using System.Text.Json;

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
    Volume,
    Energy,
}

/// <summary>
/// A unit as printed: a symbol, what it measures and its factor to the dimension's base (元, %, seconds, the count
/// itself), and for rates the units it is per ("元/人/年": 元 per 人 per 年).
/// </summary>
public sealed record MeasureUnit(string Symbol, Dimension Dimension, decimal Factor, IReadOnlyList<MeasureUnit> Per)
{
    /// <summary>For a count, what is counted: 人 for both 人 and 万人 (a count in ten-thousands); the symbol otherwise.</summary>
    public string Counted { get; init; } = Symbol;

    public override string ToString() => Per.Count == 0 ? Symbol : Symbol + string.Concat(Per.Select(p => "/" + p.Symbol));

    /// <summary>
    /// The factor to the base of the whole unit, "per" units included: 元/万人 is 元/人 ÷ 10,000, 元/年 is 元/秒 ÷ 31,536,000
    /// — what makes 100元/万人 and 100元/人, or 1200元/年 and 100元/月, compare as they should.
    /// </summary>
    public decimal BaseFactor => Per.Count == 0 ? Factor : Per.Aggregate(Factor, (factor, per) => factor / per.BaseFactor);

    /// <summary>Same dimension (for counts, the same thing counted) and the same "per" units: amounts can be compared after conversion.</summary>
    public bool IsComparableWith(MeasureUnit other) =>
        Dimension == other.Dimension
        && (Dimension != Dimension.Count || Counted == other.Counted)
        && Per.Count == other.Per.Count
        && Per.Zip(other.Per).All(p => p.First.IsComparableWith(p.Second));

    /// <summary>
    /// The units the parser knows, longest symbols first so that 万元 wins over 元 and 人次 over 人: the vocabulary of
    /// services/Performance/reference-data/units.json (embedded), data rather than a list in code — a unit a publisher
    /// prints and the platform lacks is a line there and a parser test.
    /// </summary>
    internal static IReadOnlyList<MeasureUnit> Known => s_known.Value;

    private static readonly Lazy<IReadOnlyList<MeasureUnit>> s_known = new(LoadShipped);

    /// <summary>The known units by their first character, longest first (the vocabulary is ~150 units; a value is read often).</summary>
    private static readonly Lazy<Dictionary<char, MeasureUnit[]>> s_byFirst =
        new(() => Known.GroupBy(u => u.Symbol[0]).ToDictionary(g => g.Key, g => g.ToArray()));

    /// <summary>The money unit named exactly <paramref name="text"/> (元, 千元, 万元, 亿元 in units.json), or null.</summary>
    public static MeasureUnit? Money(string? text) =>
        text is null ? null : Known.FirstOrDefault(u => u.Dimension == Dimension.Money && u.Per.Count == 0 && u.Symbol == text.Trim());

    /// <summary>The longest known unit <paramref name="text"/> starts with, or null.</summary>
    internal static MeasureUnit? Match(string text) =>
        text.Length > 0 && s_byFirst.Value.TryGetValue(text[0], out var units)
            ? Array.Find(units, u => text.StartsWith(u.Symbol, StringComparison.Ordinal))
            : null;

    private static IReadOnlyList<MeasureUnit> LoadShipped()
    {
        const string name = "reference-data/units.json";
        using var stream = typeof(MeasureUnit).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"{name} is not embedded");
        return Load(stream);
    }

    /// <summary>Reads a units vocabulary (the format of units.json); a symbol listed twice is refused.</summary>
    public static IReadOnlyList<MeasureUnit> Load(Stream json)
    {
        using var document = JsonDocument.Parse(json);
        var units = new List<MeasureUnit>();
        foreach (var dimension in document.RootElement.GetProperty("dimensions").EnumerateObject())
        {
            var kind = Enum.Parse<Dimension>(dimension.Name, ignoreCase: true);
            foreach (var unit in dimension.Value.EnumerateObject())
            {
                units.Add(new MeasureUnit(unit.Name, kind, decimal.Parse(unit.Value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture), []));
            }
        }
        var counts = document.RootElement.GetProperty("counts").EnumerateArray().Select(c => c.GetString()!).ToList();
        var multipliers = document.RootElement.TryGetProperty("countMultipliers", out var m)
            ? m.EnumerateObject().Select(p => (Prefix: p.Name, Factor: decimal.Parse(p.Value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture))).ToList()
            : [];
        foreach (var count in counts)
        {
            units.Add(new MeasureUnit(count, Dimension.Count, 1m, []));
            // 万人 is 人 × 10,000, unless the vocabulary lists the prefixed symbol as a unit of its own.
            units.AddRange(multipliers.Where(x => !counts.Contains(x.Prefix + count))
                .Select(x => new MeasureUnit(x.Prefix + count, Dimension.Count, x.Factor, []) { Counted = count }));
        }
        if (units.GroupBy(u => u.Symbol).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new InvalidOperationException($"units: '{twice.Key}' is listed twice");
        }
        return units.OrderByDescending(u => u.Symbol.Length).ThenBy(u => u.Symbol, StringComparer.Ordinal).ToList();
    }
}
