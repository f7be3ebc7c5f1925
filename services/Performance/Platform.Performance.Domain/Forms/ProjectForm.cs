namespace Platform.Performance.Domain.Forms;

/// <summary>One funds row of a project form (万元): 年初预算数, 全年预算数, 全年执行数; null where the cell is blank.</summary>
public sealed record FundsLine(decimal? InitialBudget, decimal? FullYearBudget, decimal? Executed);

/// <summary>
/// The funds block of a project form: the 年度资金总额 row with its weight, execution rate (%) and score, and the rows
/// by source (当年财政拨款, 上年结转资金, 其他资金).
/// </summary>
public sealed record ProjectFunds(
    FundsLine Total, decimal? Weight, decimal? ExecutionRate, decimal? Score,
    FundsLine? CurrentYearFiscal, FundsLine? PriorYearCarryover, FundsLine? Other)
{
    /// <summary>
    /// The execution rate as printed where the form prints the ratio B/A ("1", "0.98"; <see cref="ExecutionRate"/> is its
    /// percentage): the digits it was printed with are the precision it is checked to, and findings quote it.
    /// </summary>
    public decimal? PrintedRatio { get; init; }

    /// <summary>The execution rate the figures give: 全年执行数 / 全年预算数 × 100, to two decimals as forms print it; null without them.</summary>
    public decimal? ComputedRate => Total is { FullYearBudget: { } budget, Executed: { } executed } && budget > 0
        ? Math.Round(executed / budget * 100m, 2, MidpointRounding.AwayFromZero)
        : null;

    /// <summary>
    /// Whether the printed rate is the figures' as far as its last digit says ("86%" for 86.2 %, the ratio "0.9" for 90 ± 5 %,
    /// never closer than 0.01): true when either is missing — nothing to contradict.
    /// </summary>
    public bool PrintedRateStands => ExecutionRate is not { } printed || ComputedRate is not { } computed
        || Math.Abs(printed - computed) <= Math.Max(0.01m, PrintedRatio is { } r ? Figures.HalfUnit(r) * 100m : Figures.HalfUnit(printed));

    /// <summary>
    /// The rate a score is computed from: the printed one where the figures bear it out (its rounding is the publisher's),
    /// the figures' where they contradict it — a rate typed as 100 % over 50 of 100 万元 spent scores 50 %, as the audit
    /// says it is — and the printed one alone where no figures are given.
    /// </summary>
    public decimal? RateToScore => PrintedRateStands ? ExecutionRate ?? ComputedRate : ComputedRate;

    public IEnumerable<(string Source, FundsLine Line)> Sources()
    {
        if (CurrentYearFiscal is { } current)
        {
            yield return ("current_year_fiscal", current);
        }
        if (PriorYearCarryover is { } carryover)
        {
            yield return ("prior_year_carryover", carryover);
        }
        if (Other is { } other)
        {
            yield return ("other", other);
        }
    }
}

/// <summary>
/// One row of the three-level indicator tree (一级/二级/三级指标) as printed: target and actual stay the printed strings
/// (read by <see cref="Values.IndicatorValueParser"/> when scored); weight and self-assigned score are numbers.
/// </summary>
public sealed record Indicator(
    int Row, string? Level1, string? Level2, string? Name, string? Target, string? Actual, decimal? Weight, decimal? Score, string? DeviationReason)
{
    /// <summary>A row printed with nothing in it (an unused 生态效益指标 line): not an indicator.</summary>
    public bool IsEmpty => Name is null && Target is null && Actual is null && Weight is null && Score is null;

    public string Location => $"indicators[{Row}]" + (Name is null ? "" : $" {Name}");

    /// <summary>
    /// The copy's reading of this row is uncertain: an OCR copy runs the row's cells together and the transcriber could not
    /// tell with confidence which printed value stands in which column ("cell_assignment_confidence": "low"). What is
    /// found on the row may then be the copy's and not the document's: the audit says it as information.
    /// </summary>
    public bool UncertainCells { get; init; }

    private readonly Values.IndicatorReadings _readings = new();

    /// <summary>
    /// A copy (`with`) reads its own cells afresh: what this indicator has read is not carried over (the copy may print
    /// another target: 应填≤28人). Written out because the compiler's copy would share the readings.
    /// </summary>
    private Indicator(Indicator original)
    {
        (Row, Level1, Level2, Name, Target, Actual, Weight, Score, DeviationReason) =
            (original.Row, original.Level1, original.Level2, original.Name, original.Target, original.Actual, original.Weight, original.Score, original.DeviationReason);
        UncertainCells = original.UncertainCells;
        _readings = new();
    }

    /// <summary>
    /// A cost indicator: 二级指标 成本指标, or of the 2021 framework's split 经济成本指标, 社会成本指标, 生态环境成本指标, printed with
    /// or without the trailing 指标 — one reading for the scorer and the audit (they read "成本指标" and "经济成本指标" apart).
    /// A method: not part of a stored form.
    /// </summary>
    internal bool IsCost() => Level2?.Trim() is { } level2 && (level2.EndsWith("成本指标", StringComparison.Ordinal) || level2.EndsWith("成本", StringComparison.Ordinal));

    /// <summary>
    /// A cost of the project's own spending (成本指标, 经济成本指标): what its money paid for. Not a 社会/生态环境 cost, where
    /// nothing incurred is the best outcome, not work left undone.
    /// </summary>
    internal bool IsOwnCost() => IsCost() && Level2!.Trim() is var level2 && !level2.StartsWith("社会", StringComparison.Ordinal) && !level2.StartsWith("生态", StringComparison.Ordinal);

    /// <summary>The printed target read as a value (null when none is printed); read once. A method: not part of a stored form.</summary>
    internal Values.ParseResult? ReadTarget() => _readings.Target(Target);

    /// <summary>The printed actual read as a value (null when none is printed); read once.</summary>
    internal Values.ParseResult? ReadActual() => _readings.Actual(Actual);
}

/// <summary>A project expenditure performance self-evaluation form (项目支出绩效自评表).</summary>
public sealed record ProjectForm(
    string Name, string? CompetentDepartment, string? ImplementingUnit, ProjectFunds Funds, IReadOnlyList<Indicator> Indicators,
    decimal? PrintedTotal)
{
    /// <summary>年度总体目标: the goal as planned (预期目标).</summary>
    public string? GoalExpected { get; init; }

    /// <summary>The goal as reported achieved (实际完成情况).</summary>
    public string? GoalActual { get; init; }

    /// <summary>The money unit the funds block is printed in (万元, the usual print; 元 in some documents).</summary>
    public Values.MeasureUnit FundsUnit { get; init; } = UsualFundsUnit;

    /// <summary>万元: how funds blocks are printed unless a document says otherwise.</summary>
    internal static readonly Values.MeasureUnit UsualFundsUnit = Values.MeasureUnit.Money("万元")!;

    /// <summary>元 per unit of the funds block's amounts: 10,000 for 万元, 1 for a document in 元.</summary>
    public decimal FundsUnitInYuan => FundsUnit.Factor;

    /// <summary>An amount of the funds block in 万元, whatever unit the form prints (exact: 元 ÷ 10,000).</summary>
    public decimal? InWan(decimal? amount) => amount * FundsUnit.Factor / UsualFundsUnit.Factor;

    /// <summary>
    /// The copy this form was read from stops before its last row (a transcription says so: "partial_copy": true): the
    /// rows that are there are checked, sums over all rows (weights, total) cannot be.
    /// </summary>
    public bool PartialCopy { get; init; }
}
