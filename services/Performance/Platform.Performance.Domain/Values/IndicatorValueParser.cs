using System.Globalization;
using Platform.Domain;
using System.Text.RegularExpressions;

namespace Platform.Performance.Domain.Values;

/// <summary>Something wrong with a printed value, at a character position of the string as printed (0-based).</summary>
public sealed record ParseFinding(string Code, string Message, int Position);

/// <summary>The typed value (null when the string is not one) and what is wrong with it.</summary>
public sealed record ParseResult(IndicatorValue? Value, IReadOnlyList<ParseFinding> Findings)
{
    public bool IsClean => Value is not null && Findings.Count == 0;
}

/// <summary>
/// Reads the target and actual strings people print in performance self-evaluation forms into typed values:
/// comparators in symbols and words, numbers with units and rates, month periods, deadlines, qualitative levels.
/// A string that does not read as one of these is a finding with its position, never a guess: "=0.4.2 万元" is not
/// 0.4 万元, "<=3989.8 0 元/套" is neither 3989.8 nor 3989.80.
/// </summary>
public static partial class IndicatorValueParser
{
    public const string Empty = "EMPTY";
    public const string MalformedNumber = "MALFORMED_NUMBER";
    public const string UnknownUnit = "UNKNOWN_UNIT";
    public const string LabelNotValue = "LABEL_NOT_VALUE";
    public const string Unrecognized = "UNRECOGNIZED";

    // Longest first: 大于等于 before 大于, >= before >.
    private static readonly (string Text, Comparator Comparator)[] Comparators =
    [
        ("大于等于", Comparator.AtLeast), ("小于等于", Comparator.AtMost), ("不低于", Comparator.AtLeast), ("不少于", Comparator.AtLeast),
        ("不小于", Comparator.AtLeast), ("不高于", Comparator.AtMost), ("不超过", Comparator.AtMost), ("不大于", Comparator.AtMost),
        ("不多于", Comparator.AtMost), (">=", Comparator.AtLeast), ("<=", Comparator.AtMost), ("≥", Comparator.AtLeast), ("≧", Comparator.AtLeast),
        ("≤", Comparator.AtMost), ("≦", Comparator.AtMost), ("大于", Comparator.GreaterThan), ("小于", Comparator.LessThan),
        ("高于", Comparator.GreaterThan), ("低于", Comparator.LessThan), (">", Comparator.GreaterThan), ("<", Comparator.LessThan),
        // ═ (a box-drawing double line) is how some word processors' exports print "=" ("═100%").
        ("=", Comparator.Equal), ("＝", Comparator.Equal), ("═", Comparator.Equal), ("等于", Comparator.Equal),
    ];

    public static ParseResult Parse(string? printed)
    {
        if (string.IsNullOrWhiteSpace(printed))
        {
            return new ParseResult(null, [new ParseFinding(Empty, PerformanceMessages.NoValue, 0)]);
        }
        // One-for-one replacements only, so positions stay those of the printed string.
        var text = Normalize(printed);
        var start = SkipSpaces(text, 0);
        var comparator = Comparator.None;
        foreach (var (symbol, meaning) in Comparators)
        {
            if (string.CompareOrdinal(text, start, symbol, 0, symbol.Length) == 0)
            {
                comparator = meaning;
                start = SkipSpaces(text, start + symbol.Length);
                break;
            }
        }
        var end = text.Length;
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }
        var body = text[start..end];

        if (PeriodPattern().Match(body) is { Success: true } period)
        {
            var fromYear = Int(period.Groups["y1"].Value);
            var toYear = period.Groups["y2"].Success ? Int(period.Groups["y2"].Value) : fromYear;
            var from = new YearMonth(fromYear, Int(period.Groups["m1"].Value));
            var to = new YearMonth(toYear, Int(period.Groups["m2"].Value));
            return from.Month is < 1 or > 12 || to.Month is < 1 or > 12 || (to.Year, to.Month).CompareTo((from.Year, from.Month)) < 0
                ? Fail(MalformedNumber, PerformanceMessages.NotAPeriod(body), start)
                : new ParseResult(new Period(printed, comparator, from, to), []);
        }
        if (MonthPattern().Match(body) is { Success: true } single)
        {
            // "2022年11月": a month, read as the period of that one month (done in November 2022).
            var month = Int(single.Groups["m"].Value);
            var at = new YearMonth(Int(single.Groups["y"].Value), month);
            return month is < 1 or > 12
                ? Fail(MalformedNumber, PerformanceMessages.NotAMonth(month, body), start)
                : new ParseResult(new Period(printed, comparator, at, at), []);
        }
        if (DeadlinePattern().Match(body) is { Success: true } deadline)
        {
            var month = Int(deadline.Groups["m"].Value);
            return month is < 1 or > 12
                ? Fail(MalformedNumber, PerformanceMessages.NotAMonth(month, body), start)
                : new ParseResult(new Deadline(printed, comparator, new YearMonth(Int(deadline.Groups["y"].Value), month)), []);
        }
        if (body.Length > 0 && char.IsAsciiDigit(body[0]))
        {
            return ParseQuantity(printed, text, start, end, comparator, negative: false);
        }
        if (body.Length > 1 && body[0] == '-' && char.IsAsciiDigit(body[1]) && printed[start] is '-' or '－' or '−')
        {
            // A change printed below zero: "“三公”经费变动率 -12.5%" (a hyphen-minus, a full-width one or U+2212). A dash
            // (—, –) before a figure is a leader or a placeholder in print, not a sign.
            return ParseQuantity(printed, text, start + 1, end, comparator, negative: true);
        }
        return ParseWords(printed, body, start, comparator);
    }

    private static ParseResult ParseQuantity(string printed, string text, int start, int end, Comparator comparator, bool negative)
    {
        var i = start;
        while (i < end && (char.IsAsciiDigit(text[i]) || (text[i] == ',' && i + 1 < end && char.IsAsciiDigit(text[i + 1]))))
        {
            i++;
        }
        if (i < end && text[i] == '.' && i + 1 < end && char.IsAsciiDigit(text[i + 1]))
        {
            i++;
            while (i < end && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }
        var number = text[start..i].Replace(",", "", StringComparison.Ordinal);
        // Grouping commas are read as the platform's one number reader reads them: by three, or the number is broken.
        if (number.Length != i - start && PrintedNumber.Read(text[start..i]).Problem != NumberProblem.None)
        {
            return Fail(MalformedNumber, PerformanceMessages.BadGrouping(text[start..i]), start);
        }
        // A second decimal point, or digits again after a space ("3989.8 0"): the number is broken, not guessed at.
        if (i < end && text[i] == '.')
        {
            return Fail(MalformedNumber, PerformanceMessages.SecondDecimalPoint(text[start..end], i), i);
        }
        var afterSpaces = SkipSpaces(text, i);
        if (afterSpaces > i && afterSpaces < end && char.IsAsciiDigit(text[afterSpaces]))
        {
            return Fail(MalformedNumber, PerformanceMessages.DigitsAfterSpace(text[start..end], i), i);
        }
        var amount = decimal.Parse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * (negative ? -1 : 1);
        var rest = text[afterSpaces..end];
        if (rest.Length == 0)
        {
            return new ParseResult(new Quantity(printed, comparator, amount, null), []);
        }
        var parts = rest.Split('/');
        var findings = new List<ParseFinding>();
        var head = MatchUnit(parts[0].Trim());
        if (head is null)
        {
            return Fail(UnknownUnit, PerformanceMessages.UnknownUnit(rest, number), afterSpaces);
        }
        var qualifier = parts[0].Trim()[head.Symbol.Length..].Trim();
        // "95分以上", "5%以内": the direction printed after the unit, where the comparator was not printed before the number.
        if (comparator == Comparator.None && parts.Length == 1 && TrailingComparators.TryGetValue(qualifier, out var trailing))
        {
            comparator = trailing;
            qualifier = "";
        }
        if (qualifier.Length > 0 && (head.Dimension != Dimension.Count || parts.Length > 1))
        {
            // "10个县市（园区）" counts 个 of something; "5万元多" is not a value.
            return Fail(UnknownUnit, PerformanceMessages.NotAUnit(parts[0].Trim(), qualifier, head.Symbol), afterSpaces + head.Symbol.Length);
        }
        var per = new List<MeasureUnit>();
        foreach (var part in parts.Skip(1))
        {
            var unit = MatchUnit(part.Trim());
            if (unit is null || unit.Symbol != part.Trim())
            {
                return Fail(UnknownUnit, PerformanceMessages.UnknownPerUnit("/" + part, rest), afterSpaces);
            }
            per.Add(unit);
        }
        if (head.Symbol == "月" && per.Count == 0 && qualifier.Length == 0)
        {
            // 6月 is June; a duration is printed 6个月.
            return amount is >= 1 and <= 12 && decimal.IsInteger(amount)
                ? new ParseResult(new MonthOfYear(printed, comparator, (int)amount), [])
                : Fail(MalformedNumber, PerformanceMessages.NotAMonthOfYear(text[start..end], number), start);
        }
        var measure = per.Count == 0 ? head : head with { Per = per };
        return new ParseResult(new Quantity(printed, comparator, amount, measure, qualifier.Length > 0 ? qualifier : null), findings);
    }

    private static ParseResult ParseWords(string printed, string body, int start, Comparator comparator)
    {
        // "达成年度指标" and "达成预期指标" state a level; "社会效益指标" (a 二级指标 label printed as the actual) does not,
        // though 持续 or 效益 might read like one.
        if (body.EndsWith("指标", StringComparison.Ordinal) && !QualitativeLexicon.IsPhrase(body) && !QualitativeLexicon.IsStatement(body))
        {
            return Fail(LabelNotValue, PerformanceMessages.LabelNotValue(body), start);
        }
        if (QualitativeLexicon.Answer(body) is { } yes)
        {
            return new ParseResult(new YesNo(printed, comparator, yes), []);
        }
        // A text with a figure in it is not a level, whatever words surround the figure ("通过率100%" is a rate printed
        // without its comparator, not "passed"): it stays unread, and said.
        if (!body.Any(char.IsAsciiDigit) && QualitativeLexicon.Level(body) is { } level)
        {
            return new ParseResult(new Qualitative(printed, comparator, level), []);
        }
        return Fail(Unrecognized, PerformanceMessages.Unrecognized(body), start);
    }

    private static MeasureUnit? MatchUnit(string text) => MeasureUnit.Match(text);

    private static readonly Dictionary<string, Comparator> TrailingComparators = new(StringComparer.Ordinal)
    {
        ["以上"] = Comparator.AtLeast, ["及以上"] = Comparator.AtLeast, ["以下"] = Comparator.AtMost, ["及以下"] = Comparator.AtMost, ["以内"] = Comparator.AtMost,
    };

    private static ParseResult Fail(string code, string message, int position) => new(null, [new ParseFinding(code, message, position)]);

    private static int Int(string digits) => int.Parse(digits, CultureInfo.InvariantCulture);

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
        return i;
    }

    /// <summary>Full-width digits, letters and signs to ASCII (－ to -, ％ to %), dashes to '-', one character for one.</summary>
    private static string Normalize(string printed) => string.Create(printed.Length, printed, static (span, s) =>
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            span[i] = c switch
            {
                >= '！' and <= '～' when c is not '（' and not '）' => (char)(c - 0xFEE0),
                '　' => ' ',
                '—' or '–' or '−' => '-',
                _ => c,
            };
        }
    });

    // 2021.01-2021.12 · 2021年1月-2021年12月 · 2023年11月-12月 (dashes normalized; 至/到 as well)
    [GeneratedRegex(@"^(?<y1>\d{4})\s*[.年/]\s*(?<m1>\d{1,2})\s*月?\s*(?:-|至|到)\s*(?:(?<y2>\d{4})\s*[.年/]\s*)?(?<m2>\d{1,2})\s*月?$")]
    private static partial Regex PeriodPattern();

    // 2022 年 6 月前 · 2023年10月前 · 2023年10月底前 · 2023年10月以前
    // … and the same with what was done after it: 2022年12月完成, 2023年6月底完工
    [GeneratedRegex(@"^(?<y>\d{4})\s*年\s*(?<m>\d{1,2})\s*月\s*(?:底|末)?\s*(?:完成|完工|竣工)?$")]
    private static partial Regex MonthPattern();

    [GeneratedRegex(@"^(?<y>\d{4})\s*年\s*(?<m>\d{1,2})\s*月\s*(?:底前|前|之前|以前)\s*(?:完成|完工|竣工)?$")]
    private static partial Regex DeadlinePattern();
}
