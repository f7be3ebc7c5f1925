using System.Text.RegularExpressions;
using Platform.Performance.Domain.Values;

namespace Platform.Performance.Domain.Forms;

public enum FindingSeverity
{
    Error,
    Warning,
    Info,
}

/// <summary>
/// Something a reviewer should see on a form: its type, how serious, where, and the published against the computed
/// figure where there is one.
/// </summary>
public sealed record AuditFinding(string Type, FindingSeverity Severity, string Location, string? Published, string? Computed, string Detail);

/// <summary>
/// The checks of a project form that need no scoring policy: funds rows adding up, the execution rate against the
/// funds, weights summing to 100, the printed total against the scores, shortfalls without a reason, full marks on a
/// project that spent nothing, and every target and actual read as a value with matching units. (Whether each
/// self-assigned score fits its target and actual is the scoring engine's, by policy.)
/// </summary>
public static partial class FormAudit
{
    public const string FundsRows = "FUNDS_ROWS";
    public const string ExecutionRate = "EXECUTION_RATE";
    public const string WeightsSum = "WEIGHTS_SUM";
    public const string TotalMismatch = "TOTAL_MISMATCH";
    public const string ShortfallWithoutReason = "SHORTFALL_WITHOUT_REASON";
    public const string ZeroExecutionFullMarks = "ZERO_EXECUTION_FULL_MARKS";
    public const string MalformedValue = "MALFORMED_VALUE";
    public const string LabelAsValue = "LABEL_AS_VALUE";
    public const string TargetMissing = "TARGET_MISSING";
    public const string UnitMismatch = "UNIT_MISMATCH";
    public const string ScoreOverWeight = "SCORE_OVER_WEIGHT";
    public const string ZeroWeight = "ZERO_WEIGHT";
    public const string CostsOverExecuted = "COSTS_OVER_EXECUTED";
    public const string PartialCopy = "PARTIAL_COPY";
    public const string DescriptiveValue = "DESCRIPTIVE_VALUE";
    public const string NoWeights = "NO_WEIGHTS";
    public const string Unfilled = "UNFILLED";

    /// <summary>万元 printed at two decimals, rounded independently: sums may be off by a cent per term.</summary>
    private const decimal AmountTolerance = 0.01m;

    /// <summary>What a partial copy cannot show: whether all weights make 100 and the scores the printed total.</summary>
    internal static AuditFinding Partial(decimal copiedWeights) =>
        new(PartialCopy, FindingSeverity.Info, "indicators.weight", null, F(copiedWeights), PerformanceMessages.PartialCopy(copiedWeights));

    /// <summary>
    /// A finding on a row whose cells the copy could not assign with confidence (<see cref="Indicator.UncertainCells"/>)
    /// becomes information saying so: a reviewer's errors and warnings are the document's anomalies, not an OCR copy's.
    /// The finding stays (the copy may be right). A finding already information is left as it is, so tempering twice is
    /// tempering once.
    /// </summary>
    internal static void TemperUncertain(IReadOnlyList<Indicator> indicators, List<AuditFinding> findings)
    {
        foreach (var indicator in indicators)
        {
            if (!indicator.UncertainCells)
            {
                continue;
            }
            var row = $"indicators[{indicator.Row}]";
            for (var k = 0; k < findings.Count; k++)
            {
                var f = findings[k];
                // The row's own location ("indicators[14] 党性教育培训次数") or one of its cells ("indicators[14].target").
                if (f.Severity != FindingSeverity.Info && f.Location.StartsWith(row, StringComparison.Ordinal)
                    && (f.Location.Length == row.Length || f.Location[row.Length] is ' ' or '.'))
                {
                    findings[k] = f with { Severity = FindingSeverity.Info, Detail = PerformanceMessages.UncertainCells(f.Severity == FindingSeverity.Error, f.Detail) };
                }
            }
        }
    }

    /// <summary>
    /// A form whose indicators carry neither an actual nor a self-score was published (or filed) without its evaluation
    /// (203: the template's rows, targets and weights only): one finding, not one per row.
    /// </summary>
    internal static void CheckFilled(IReadOnlyList<Indicator> indicators, List<AuditFinding> findings)
    {
        if (indicators.Count > 0 && indicators.All(i => (i.Actual is null || ProjectFormReader.IsPlaceholder(i.Actual)) && i.Score is null))
        {
            findings.Add(new AuditFinding(Unfilled, FindingSeverity.Warning, "indicators", null, null, PerformanceMessages.Unfilled(indicators.Count)));
        }
    }

    public static IReadOnlyList<AuditFinding> Check(ProjectForm form)
    {
        var findings = new List<AuditFinding>();
        CheckFunds(form.Funds, form.FundsUnit.Symbol, findings);
        var indicators = form.Indicators.Where(i => !i.IsEmpty).ToList();
        CheckFilled(indicators, findings);

        var weights = indicators.Sum(i => i.Weight ?? 0) + (form.Funds.Weight ?? 0);
        var scores = indicators.Sum(i => i.Score ?? 0) + (form.Funds.Score ?? 0);
        if (form.PartialCopy)
        {
            findings.Add(Partial(weights));
        }
        else if (indicators.Count > 0 && indicators.All(i => i.Weight is null))
        {
            // A layout without a 分值 column (湖北's 项目自评表 prints 预算数/执行数 and the scores only): nothing to add up.
            findings.Add(new AuditFinding(NoWeights, FindingSeverity.Info, "indicators.weight", null, null, PerformanceMessages.NoWeightsPrinted));
            if (form.PrintedTotal is { } printed && printed != scores)
            {
                findings.Add(new AuditFinding(TotalMismatch, FindingSeverity.Error, "total_score", F(printed), F(scores),
                    PerformanceMessages.TotalNotSum(printed, indicators.Sum(i => i.Score ?? 0), form.Funds.Score ?? 0, scores)));
            }
        }
        else
        {
            if (weights != 100)
            {
                findings.Add(new AuditFinding(WeightsSum, FindingSeverity.Error, "indicators.weight", "100", F(weights),
                    PerformanceMessages.WeightsNot100(indicators.Sum(i => i.Weight ?? 0), form.Funds.Weight ?? 0, weights)));
            }
            if (form.PrintedTotal is { } total && total != scores)
            {
                findings.Add(new AuditFinding(TotalMismatch, FindingSeverity.Error, "total_score", F(total), F(scores),
                    PerformanceMessages.TotalNotSum(total, indicators.Sum(i => i.Score ?? 0), form.Funds.Score ?? 0, scores)));
            }
        }

        // Nothing spent: the total says so and no source row says otherwise (a total row printed 0/0/0 beside a source row
        // of 89.97 executed is an unfilled total — FUNDS_ROWS — not a project without spending).
        var spentNothing = (form.Funds.Total is { Executed: 0 } || form.Funds.ExecutionRate == 0) && !form.Funds.Sources().Any(s => s.Line.Executed > 0);
        if (form.Funds is { Weight: { } fundsWeight, Score: { } fundsScore } && fundsScore > fundsWeight)
        {
            findings.Add(new AuditFinding(ScoreOverWeight, FindingSeverity.Error, "funds.total.score", F(fundsScore), F(fundsWeight),
                PerformanceMessages.ScoreOverWeight(fundsScore, fundsWeight)));
        }
        CheckCosts(form, indicators, findings);
        foreach (var indicator in indicators)
        {
            // A weight of 0 with points is a bonus item (加分项) some regions use: neither over its weight nor unweighted.
            if (indicator is { Weight: { } w and > 0, Score: { } s } && s > w)
            {
                findings.Add(new AuditFinding(ScoreOverWeight, FindingSeverity.Error, indicator.Location, F(s), F(w), PerformanceMessages.ScoreOverWeight(s, w)));
            }
            if (indicator is { Weight: 0, Score: null or 0 })
            {
                findings.Add(new AuditFinding(ZeroWeight, FindingSeverity.Warning, indicator.Location, "0", null, PerformanceMessages.ZeroWeight));
            }
            if (indicator is { Weight: { } weight, Score: { } score } && score < weight && indicator.DeviationReason is null)
            {
                findings.Add(new AuditFinding(ShortfallWithoutReason, FindingSeverity.Warning, indicator.Location, F(score), F(weight),
                    PerformanceMessages.ShortfallWithoutReason(score, weight)));
            }
            if (spentNothing && indicator is { Weight: > 0, Score: { } full } && full == indicator.Weight)
            {
                findings.Add(new AuditFinding(ZeroExecutionFullMarks, FindingSeverity.Warning, indicator.Location, F(full), null,
                    PerformanceMessages.FullMarksWithoutSpending(full, indicator.Weight!.Value)));
            }
            CheckValues(indicator, findings);
        }
        GatherMissingTargets(indicators, form.PartialCopy, findings);
        TemperUncertain(form.Indicators, findings);
        return findings;
    }

    /// <summary>
    /// Blank targets, as many findings as a reviewer needs: a form that gives no target at all gets one warning for the
    /// form (not one per row: 000's 安全生产执法监察经费 would say it ten times), a form with some one per row; on a copy
    /// declared partial they are information — the cut may have taken them.
    /// </summary>
    internal static void GatherMissingTargets(IReadOnlyList<Indicator> indicators, bool partialCopy, List<AuditFinding> findings)
    {
        var missing = findings.Where(f => f.Type == TargetMissing).ToList();
        if (missing.Count == 0)
        {
            return;
        }
        if (missing.Count > 1 && indicators.All(i => i.ReadTarget() is null))
        {
            findings.RemoveAll(f => f.Type == TargetMissing);
            findings.Add(new AuditFinding(TargetMissing, partialCopy ? FindingSeverity.Info : FindingSeverity.Warning, "indicators", null, null,
                PerformanceMessages.NoTargetAtAll(missing.Count)));
        }
        else if (partialCopy)
        {
            findings.RemoveAll(f => f.Type == TargetMissing);
            findings.AddRange(missing.Select(f => f with { Severity = FindingSeverity.Info }));
        }
    }

    /// <summary>
    /// The cost indicators (成本指标) printed in money report what was spent; together they cannot exceed what the project
    /// executed (全年执行数, in the form's amount unit). Costs may list only part of the spending, so falling short is no finding.
    /// </summary>
    private static void CheckCosts(ProjectForm form, IReadOnlyList<Indicator> indicators, List<AuditFinding> findings)
    {
        // What was executed: the total row, or its sources where the total row was left unfilled (FUNDS_ROWS says so).
        var executed = Math.Max(form.Funds.Total.Executed ?? 0, form.Funds.Sources().Sum(s => s.Line.Executed ?? 0));
        var costs = indicators
            .Where(i => i.IsOwnCost() && i.Actual is not null && !UnitCost().IsMatch(i.Name ?? ""))
            .Select(i => (i.Name, Value: i.ReadActual()?.Value as Quantity))
            .Where(c => c.Value is { Unit: { Dimension: Dimension.Money, Per: null or { Count: 0 } } })
            .Select(c => (c.Name, Amount: c.Value!.Amount * c.Value.Unit!.Factor / form.FundsUnitInYuan))
            .ToList();
        if (costs.Count == 0)
        {
            return;
        }
        // A cost printed as the whole (项目总成本, 合计) is that sum already: it alone, not added to its parts.
        var whole = costs.Where(c => c.Name is { } n && (n.Contains('总') || n.Contains("合计", StringComparison.Ordinal))).ToList();
        var spent = whole.Count > 0 ? whole.Max(c => c.Amount) : costs.Sum(c => c.Amount);
        if (spent > executed + AmountTolerance)
        {
            findings.Add(new AuditFinding(CostsOverExecuted, FindingSeverity.Warning, "indicators.cost", F(spent), F(executed),
                PerformanceMessages.CostsOverExecuted(spent, executed)));
        }
    }

    /// <summary>
    /// Costs per person, per item or by standard (人均, 单价, 标准, 每…), and investments or budgets over several years (总投资,
    /// 概算): not what the project spent this year.
    /// </summary>
    [GeneratedRegex("人均|单价|单位成本|标准|每|均价|投资|概算|预算")]
    private static partial Regex UnitCost();

    private static void CheckFunds(ProjectFunds funds, string unit, List<AuditFinding> findings)
    {
        var sources = funds.Sources().ToList();
        var columns = new (string Column, decimal? Total, Func<FundsLine, decimal?> Pick)[]
        {
            ("initial_budget", funds.Total.InitialBudget, l => l.InitialBudget),
            ("full_year_budget", funds.Total.FullYearBudget, l => l.FullYearBudget),
            ("executed", funds.Total.Executed, l => l.Executed),
        };
        // One anomaly, one finding: a total row left at 0 (or blank) beside sources that carry money is an unfilled row,
        // not three sums that happen to disagree.
        // Printed zeros, that is: a total row not printed at all (blank) is not filled with zeros and says nothing.
        if (columns.All(c => c.Total is null or 0) && columns.Any(c => c.Total == 0)
            && sources.Any(s => s.Line.InitialBudget > 0 || s.Line.FullYearBudget > 0 || s.Line.Executed > 0))
        {
            var sums = columns.Select(c => (c.Column, Sum: sources.Sum(s => c.Pick(s.Line) ?? 0))).ToList();
            findings.Add(new AuditFinding(FundsRows, FindingSeverity.Error, "funds.total", "0", string.Join(" / ", sums.Select(s => F(s.Sum))),
                PerformanceMessages.FundsTotalRowUnfilled(sums, unit)));
        }
        else if (sources.Count > 0)
        {
            foreach (var (column, total, pick) in columns)
            {
                // Blank source cells are not zeros: a column whose sources are all blank has nothing to add up (a form that
                // prints its sources under headings of its own, 其中:财政资金, read as none).
                var filled = sources.Where(s => pick(s.Line) is not null).ToList();
                var sum = filled.Sum(s => pick(s.Line)!.Value);
                if (filled.Count > 0 && total is { } stated && Math.Abs(stated - sum) > AmountTolerance * filled.Count)
                {
                    findings.Add(new AuditFinding(FundsRows, FindingSeverity.Error, $"funds.total.{column}", F(stated), F(sum),
                        PerformanceMessages.FundsNotSumOfSources(column, stated, filled.Select(s => pick(s.Line)!.Value), sum, unit)));
                }
            }
        }
        if (funds.PrintedRatio is { } ratio && funds.ExecutionRate is { } asPercent)
        {
            findings.Add(new AuditFinding(ExecutionRate, FindingSeverity.Info, "funds.total.execution_rate", F(ratio), F(asPercent) + "%",
                PerformanceMessages.ExecutionRateAsRatio(ratio, asPercent)));
        }
        // A rate printed at fewer decimals ("86%" for 86.2 %, the ratio "0.9" for 90 ± 5 %) is as right as its last digit allows.
        if (!funds.PrintedRateStands && funds is { ExecutionRate: { } printed, ComputedRate: { } computed, Total: { FullYearBudget: { } budget, Executed: { } executed } })
        {
            findings.Add(new AuditFinding(ExecutionRate, FindingSeverity.Error, "funds.total.execution_rate", F(printed) + "%", F(computed) + "%",
                PerformanceMessages.ExecutionRateNotComputed(executed, budget, computed, printed)));
        }
    }

    internal static void CheckValues(Indicator indicator, List<AuditFinding> findings)
    {
        var target = indicator.ReadTarget();
        var actual = indicator.ReadActual();
        if (target is null && actual is not null)
        {
            // A warning: the row's completion cannot be judged, and its self-score stands in the platform's total unverified.
            findings.Add(new AuditFinding(TargetMissing, FindingSeverity.Warning, indicator.Location, null, null, PerformanceMessages.TargetMissing));
        }
        // The actual printed as the target's very words, a statement of work ("完成1部宣传片,2套方案" twice) or a word no level
        // reads ("高" twice): done as planned, in words the platform does not score — said once, not once per cell. A figure
        // gone wrong twice ("工5%") is not, nor a dash twice (nothing filled in).
        if (target is { Value: null } && actual is { Value: null } && indicator.Target!.Trim() == indicator.Actual!.Trim()
            && target.Findings.All(f => f.Code == IndicatorValueParser.Unrecognized)
            && (QualitativeLexicon.Level(indicator.Target) is not null || (IsWordsOnly(indicator.Target) && !Placeholder().IsMatch(indicator.Target))))
        {
            findings.Add(new AuditFinding(DescriptiveValue, FindingSeverity.Info, indicator.Location, indicator.Actual, indicator.Target,
                PerformanceMessages.ActualRepeatsTarget(indicator.Target)));
            return;
        }
        foreach (var (side, result) in new[] { ("target", target), ("actual", actual) })
        {
            var printed = side == "target" ? indicator.Target : indicator.Actual;
            foreach (var problem in result?.Findings ?? [])
            {
                // Words without a figure that no level reads ("统筹海绵城市项目谋划", "是否利于企业走出去"), or a dash in the cell:
                // a target described or left empty, not a figure gone wrong — said, not a warning. Figures in words (百分之九十五,
                // 零投诉) stay warnings.
                if (problem.Code == IndicatorValueParser.Unrecognized && printed is not null && IsWordsOnly(printed))
                {
                    var scoredByActual = side == "target" && actual?.Value is Qualitative or YesNo;
                    findings.Add(new AuditFinding(DescriptiveValue, FindingSeverity.Info, $"{indicator.Location}.{side}", printed, null,
                        PerformanceMessages.Descriptive(printed, Placeholder().IsMatch(printed), scoredByActual)));
                    continue;
                }
                var label = problem.Code == IndicatorValueParser.LabelNotValue;
                findings.Add(new AuditFinding(label ? LabelAsValue : MalformedValue, label && indicator.Score > 0 ? FindingSeverity.Error : FindingSeverity.Warning,
                    $"{indicator.Location}.{side}", printed, null,
                    label && indicator.Score > 0 ? PerformanceMessages.YetScored(problem.Message, indicator.Score.Value) : problem.Message));
            }
        }
        if (target?.Value is Quantity t && actual?.Value is Quantity a && UnitCheck.Compare(t, a) is { } unit)
        {
            // "受理安全生产举报（次）" with an actual of "2": the unit is printed once, in the indicator's name. Still
            // shown (a reader of the actual alone cannot tell), but as information.
            var inName = unit.Code == UnitCheck.Missing && (t.Unit ?? a.Unit) is { } printedUnit && indicator.Name is { } name
                && (name.EndsWith($"（{printedUnit}）", StringComparison.Ordinal) || name.EndsWith($"({printedUnit})", StringComparison.Ordinal));
            // A bare "1" against "≥1次" or "98" against "≥95%" cannot be misread; a bare "15.99" against "15.99万元" can (元 or
            // 万元?), as can any unit with a multiplier (万人): only those are worth a reviewer's minute.
            var misreadable = (t.Unit ?? a.Unit) is { } stated && (stated.Dimension == Dimension.Money || stated.BaseFactor != 1);
            var severity = unit.Code == UnitCheck.Mismatch ? FindingSeverity.Error
                : inName || (unit.Code == UnitCheck.Missing && !misreadable) ? FindingSeverity.Info : FindingSeverity.Warning;
            findings.Add(new AuditFinding(UnitMismatch, severity, indicator.Location, a.Text, t.Text,
                unit.Message + (inName ? PerformanceMessages.UnitInIndicatorName : "")));
        }
    }

    private static bool IsWordsOnly(string printed) =>
        !printed.Any(char.IsDigit) && !printed.Contains("百分之", StringComparison.Ordinal) && !printed.TrimStart().StartsWith('零')
        && !IsFigureInWords(printed);

    /// <summary>
    /// A target or actual described in words, or left as a dash, not a figure gone wrong: the parser could not read it and it
    /// holds no figure (not even one in Chinese numerals). Information on a form, and no reason to refuse its submission
    /// (<see cref="Evaluations.FormRules.CheckSubmission(ProjectForm, List{Platform.Domain.FieldError})"/>): a qualitative
    /// target is the clerk's to describe, and a dash is a cell left empty.
    /// </summary>
    internal static bool IsDescription(string printed, ParseFinding problem) =>
        problem.Code == IndicatorValueParser.Unrecognized && IsWordsOnly(printed);

    /// <summary>
    /// A figure in Chinese numerals the parser does not read, so one to write in digits — not a description: the whole text
    /// a numeral, bare or with a unit of the vocabulary ("二十八次", "三个", "十五"), or anywhere in it a numeral of two
    /// characters or more followed by such a unit or a per cent sign ("≥二十八次", "不少于二十次", "约三十万元", "高于九十五％").
    /// Not "一般", "一流", "十分满意": one character of numeral and no unit after it is a word.
    /// </summary>
    private static bool IsFigureInWords(string printed)
    {
        var text = printed.Trim();
        var whole = ChineseNumeral().Match(text);
        var rest = whole.Success && whole.Index == 0 ? text[whole.Length..].Trim() : null;
        if (rest is not null && text != "一" && (rest.Length == 0 || MeasureUnit.Match(rest) is { } unit && unit.Symbol.Length == rest.Length))
        {
            return true;
        }
        foreach (Match numeral in ChineseNumeral().Matches(text))
        {
            var after = text[(numeral.Index + numeral.Length)..].TrimStart();
            if (numeral.Length >= 2 && (after.StartsWith('%') || after.StartsWith('％') || MeasureUnit.Match(after) is not null))
            {
                return true;
            }
        }
        return false;
    }

    [GeneratedRegex(@"[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?")]
    private static partial Regex ChineseNumeral();

    /// <summary>A cell holding only a dash, a slash or 一 (a dash read by OCR): nothing was filled in.</summary>
    [GeneratedRegex(@"^\s*[-—–－/／一~～]+\s*$")]
    private static partial Regex Placeholder();

    private static string F(decimal value) => Figures.Text(value);
}
