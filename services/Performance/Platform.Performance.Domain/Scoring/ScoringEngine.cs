using System.Text.RegularExpressions;
using Platform.Performance.Domain.Forms;
using Platform.Performance.Domain.Values;

namespace Platform.Performance.Domain.Scoring;

/// <summary>An indicator's computed score (null when target and actual cannot be scored) beside its self-assigned one.</summary>
public sealed record IndicatorScore(Indicator Indicator, decimal? Computed, string Explanation);

/// <summary>
/// A form scored under a policy: every indicator and the execution rate with their explanations, the recomputed total
/// and grade beside the published ones, and the findings (the policy-free audit and what scoring itself shows).
/// </summary>
public sealed record FormScore(
    ProjectForm Form, string PolicyId, IReadOnlyList<IndicatorScore> Indicators, decimal? ExecutionScore, string ExecutionExplanation,
    decimal ComputedTotal, string Grade, decimal? PublishedTotal, IReadOnlyList<AuditFinding> Findings)
{
    /// <summary>Why the computed total gets no grade (<see cref="ScoringEngine.GradeWithheld"/>), or null when <see cref="Grade"/> stands.</summary>
    public string? GradeWithheld { get; init; }
}

/// <summary>
/// Scores project forms under a <see cref="ScoringPolicy"/>. Where an indicator cannot be scored (no target, a value
/// that is not one, units of different measures) its self-assigned score stands in the total and the explanation
/// says why. Self-assigned figures are never changed: they are kept beside the computed ones.
/// </summary>
public static partial class ScoringEngine
{
    public const string SelfScoreInconsistent = "SELF_SCORE_INCONSISTENT";
    public const string ProbableComparatorError = "PROBABLE_COMPARATOR_ERROR";
    public const string ExecutionScoreInconsistent = "EXECUTION_SCORE_INCONSISTENT";

    public static FormScore Score(ProjectForm form, ScoringPolicy policy)
    {
        var findings = FormAudit.Check(form).ToList();
        var scores = ScoreIndicators(form.Indicators, policy, findings);
        var (execution, executionExplanation) = ScoreExecution(form.Funds, policy, "funds.total.score", findings);
        var total = Total(scores, execution ?? form.Funds.Score, policy);
        // Over every finding: scoring may have removed one of the audit's (a met row's shortfall warning), and those the
        // audit tempered already are information, which tempering leaves alone.
        FormAudit.TemperUncertain(form.Indicators, findings);
        return new FormScore(form, policy.Id, scores, execution, executionExplanation, total, policy.GradeOf(total), form.PrintedTotal, findings)
        {
            GradeWithheld = GradeWithheld(total, form.PartialCopy, findings) ?? NothingScored(scores),
        };
    }

    /// <summary>
    /// Why no grade where the platform could score none of the weighted indicators (no target anywhere, values it cannot
    /// read): the total is then the self-scores' and a grade on it would be the unit's own word presented as the platform's.
    /// </summary>
    internal static string? NothingScored(IReadOnlyList<IndicatorScore> scores) =>
        scores.Any(s => s.Indicator.Weight is > 0) && scores.Where(s => s.Indicator.Weight is > 0).All(s => s.Computed is null)
            ? PerformanceMessages.NoGradeNothingScored
            : null;

    /// <summary>
    /// Every printed indicator scored, with a finding where the self-assigned score does not fit the computed one and
    /// where the comparator looks wrong. Shared by the project and the overall department form.
    /// </summary>
    /// <remarks>
    /// <paramref name="completionRates"/>: the rates an overall form prints per row (by <see cref="Indicator.Row"/>), which a
    /// policy may score by (<see cref="ScoringPolicy.ScoresByCompletionRate"/>).
    /// </remarks>
    internal static List<IndicatorScore> ScoreIndicators(
        IEnumerable<Indicator> indicators, ScoringPolicy policy, List<AuditFinding> findings, IReadOnlyList<decimal?>? completionRates = null)
    {
        var scores = new List<IndicatorScore>();
        foreach (var indicator in indicators.Where(i => !i.IsEmpty))
        {
            var (computed, explanation) = policy.ScoresByCompletionRate && completionRates?.ElementAtOrDefault(indicator.Row) is { } rate && indicator.Weight is { } weight
                ? ByCompletionRate(rate, weight, indicator, policy)
                : ScoreIndicator(indicator, policy);
            scores.Add(new IndicatorScore(indicator, computed, explanation));
            if (computed is { } c && indicator.Score is { } self && Math.Abs(c - self) > 0.01m)
            {
                findings.Add(new AuditFinding(SelfScoreInconsistent, Math.Abs(c - self) >= 1 ? FindingSeverity.Error : FindingSeverity.Warning,
                    indicator.Location, F(self), F(c), PerformanceMessages.SelfScoreDiffers(self, explanation)));
            }
            if (computed is { } met && indicator.Weight is { } full && met >= full)
            {
                // The figures meet the target: a self-score below the weight is a score to correct (the finding above), not a
                // shortfall to give a reason for — that warning would send the clerk to write one for the same row.
                findings.RemoveAll(f => f.Type == FormAudit.ShortfallWithoutReason && f.Location == indicator.Location);
            }
            else if (computed is { } missed && indicator is { Weight: { } outOf, DeviationReason: null } && missed < outOf
                && !findings.Any(f => f.Type == FormAudit.ShortfallWithoutReason && f.Location == indicator.Location))
            {
                // The figures miss the target while the self-score claims full marks: the form needs the reason all the same
                // (an outside look submitted 80% against ≥90% scored in full, and only the self-score was said).
                findings.Add(new AuditFinding(FormAudit.ShortfallWithoutReason, FindingSeverity.Warning, indicator.Location, F(missed), F(outOf),
                    PerformanceMessages.MissedWithoutReason(missed, outOf)));
            }
            ComparatorCheck(indicator, policy, findings);
        }
        return scores;
    }

    /// <summary>The execution score, with a finding at <paramref name="location"/> when the self-assigned one differs.</summary>
    internal static (decimal? Score, string Explanation) ScoreExecution(ProjectFunds funds, ScoringPolicy policy, string location, List<AuditFinding> findings)
    {
        var (execution, explanation) = ScoreExecution(funds, policy);
        if (execution is { } e && funds.Score is { } self && Math.Abs(e - self) > 0.01m)
        {
            findings.Add(new AuditFinding(ExecutionScoreInconsistent, FindingSeverity.Warning, location, F(self), F(e), PerformanceMessages.SelfScoreDiffers(self, explanation)));
        }
        return (execution, explanation);
    }

    /// <summary>
    /// Why a computed total is not to be graded: a cut copy, a form never filled in, weights that do not make 100, a total
    /// over 100 (a grade of 110, or of 85 points out of 85, would be misread); null when it is.
    /// </summary>
    internal static string? GradeWithheld(decimal total, bool partialCopy, IReadOnlyList<AuditFinding> findings) =>
        partialCopy ? PerformanceMessages.NoGradePartialCopy
        : findings.Any(f => f.Type == FormAudit.Unfilled) ? PerformanceMessages.NoGradeUnfilled
        : findings.Any(f => f.Type == FormAudit.WeightsSum) ? PerformanceMessages.NoGradeWeights
        : total > 100 ? PerformanceMessages.NoGradeOver100
        : null;

    /// <summary>
    /// Computed scores where there are any, the self-assigned ones where an indicator cannot be scored — or where the copy
    /// could not tell which of its printed values stands in which column (<see cref="Indicator.UncertainCells"/>): the
    /// copy's doubt does not move the total.
    /// </summary>
    internal static decimal Total(IEnumerable<IndicatorScore> scores, decimal? execution, ScoringPolicy policy) =>
        policy.Round(scores.Sum(s => (s.Indicator.UncertainCells ? s.Indicator.Score ?? s.Computed : s.Computed ?? s.Indicator.Score) ?? 0) + (execution ?? 0));

    /// <summary>
    /// 分值 × the printed completion rate, at most the weight (a rate above 100 % scores full, below 0 nothing) — and never more
    /// than the row's target and actual give where they give a score: an office scoring by its 完成率 (001's 预算经费 by the
    /// budget's execution rate, 89.85 %, below what its figures give) is followed; a rate typed higher than the figures
    /// bear (100 % for 10 of ≥20) does not raise the score.
    /// </summary>
    private static (decimal? Score, string Explanation) ByCompletionRate(decimal rate, decimal weight, Indicator indicator, ScoringPolicy policy)
    {
        var score = policy.Round(Math.Clamp(rate, 0m, 100m) / 100m * weight);
        var explanation = PerformanceMessages.ByCompletionRate(rate, weight, score);
        return ScoreIndicator(indicator, policy) is ({ } byValues, var why) && byValues < score - 0.01m
            ? (byValues, PerformanceMessages.CompletionRateAboveValues(explanation, byValues, why))
            : (score, explanation);
    }

    public static (decimal? Score, string Explanation) ScoreIndicator(Indicator indicator, ScoringPolicy policy)
    {
        if (indicator.Weight is not { } w)
        {
            return (null, PerformanceMessages.NoWeight);
        }
        var actual = indicator.ReadActual()?.Value;
        var target = indicator.ReadTarget()?.Value;
        if (actual is null)
        {
            return (null, PerformanceMessages.ActualNotAValue);
        }
        if (actual is Qualitative level)
        {
            return ScoreLevel(level, indicator.Score, w, policy);
        }
        if (actual is YesNo answer)
        {
            // The answer the target asks for is achieved, the other is not. Against a level ("合规" — "是") yes affirms it;
            // against a count of none ("0起" — "无") no is that count. Otherwise there is no telling.
            QualitativeLevel Level(bool achieved) => achieved ? QualitativeLevel.Achieved : QualitativeLevel.NotAchieved;
            return target switch
            {
                YesNo expected => ScoreLevel(new Qualitative(answer.Text, Comparator.None, Level(expected.Yes == answer.Yes)), indicator.Score, w, policy),
                Qualitative => ScoreLevel(new Qualitative(answer.Text, Comparator.None, Level(answer.Yes)), indicator.Score, w, policy),
                Quantity { Amount: 0 } none when !answer.Yes => ScoreQuantity(indicator, none, new Quantity(answer.Text, Comparator.None, 0, none.Unit), w, policy),
                null => (null, PerformanceMessages.NoReadableTarget),
                _ => (null, PerformanceMessages.CannotCompare(target, actual)),
            };
        }
        if (target is null)
        {
            return (null, PerformanceMessages.NoReadableTarget);
        }
        return (target, actual) switch
        {
            (Quantity t, Quantity a) => ScoreQuantity(indicator, t, a, w, policy),
            (Period t, Period a) => Timely(a.To.CompareTo(t.To) <= 0, PerformanceMessages.DoneIn(a.To, t.To), w, policy),
            (Deadline t, Deadline a) => Timely(a.By.CompareTo(t.By) <= 0, PerformanceMessages.DoneBefore(a.By, t.By), w, policy),
            (Deadline t, Period a) => Timely(a.To.CompareTo(t.By) <= 0, PerformanceMessages.DoneInAgainstBefore(a.To, t.By), w, policy),
            (MonthOfYear t, MonthOfYear a) => Timely(a.Month <= t.Month, PerformanceMessages.DoneInMonth(a.Month, t.Month), w, policy),
            _ => (null, PerformanceMessages.CannotCompare(target, actual)),
        };
    }

    /// <summary>
    /// A level's share of the weight. Where the policy gives the level a range, the score is the scorer's discretion within
    /// it: a self-score inside the range stands; one outside is brought to the nearer end (and differs, so it is a finding).
    /// </summary>
    private static (decimal?, string) ScoreLevel(Qualitative level, decimal? self, decimal w, ScoringPolicy policy)
    {
        var range = policy.Qualitative[level.Level];
        if (range.IsPoint)
        {
            var score = policy.Round(range.Low * w);
            return (score, PerformanceMessages.LevelScored(level.Level, level.Text, range.Low, w, score));
        }
        // The range itself, unrounded: at 0 digits 0.5 × 7 = 3.5 is inside [3.5, 5.6], and 6 is not.
        var (low, high) = (range.Low * w, range.High * w);
        if (self is { } s && s >= low && s <= high)
        {
            return (s, PerformanceMessages.LevelWithinRange(level.Level, level.Text, range.Low, range.High, w, s));
        }
        var nearer = policy.Round(self is { } above && above > high ? high : low);
        return (nearer, PerformanceMessages.LevelOutsideRange(level.Level, level.Text, range.Low, range.High, w, nearer));
    }

    /// <summary>
    /// A bare target takes the policy's comparator for the indicator: a cap where the policy names the indicator
    /// lower-is-better (预算调整率, 结转结余率…; the explanation says so), else the policy's default.
    /// </summary>
    private static (decimal?, string) ScoreQuantity(Indicator indicator, Quantity t, Quantity a, decimal w, ScoringPolicy policy)
    {
        var isCost = indicator.IsOwnCost();
        if (t.Comparator != Comparator.None)
        {
            return ScoreQuantity(t, a, w, policy, isCost, t.Comparator);
        }
        var implied = policy.ImpliedComparator(indicator.Name, indicator.Level2);
        var (score, explanation) = ScoreQuantity(t, a, w, policy, isCost, implied);
        return implied == Comparator.AtMost && policy.NoComparator != Comparator.AtMost ? (score, explanation + PerformanceMessages.ReadAsCap) : (score, explanation);
    }

    private static (decimal?, string) ScoreQuantity(Quantity t, Quantity a, decimal w, ScoringPolicy policy, bool isCost, Comparator comparator)
    {
        if (t.Unit is { } tu && a.Unit is { } au && !tu.IsComparableWith(au))
        {
            return (null, PerformanceMessages.NotSameMeasure(tu.ToString(), au.ToString()));
        }
        // An actual printed without its unit is read in the target's unit (the audit reports the missing unit).
        var target = t.Amount * (t.Unit?.BaseFactor ?? 1);
        var actual = a.Amount * (a.Unit?.BaseFactor ?? t.Unit?.BaseFactor ?? 1);
        var full = policy.Round(w);
        var inclusive = policy.StrictBoundsInclusive;
        switch (comparator)
        {
            case Comparator.AtLeast or Comparator.GreaterThan:
                if (comparator == Comparator.AtLeast || inclusive ? actual >= target : actual > target)
                {
                    return (full, PerformanceMessages.MetInFull($"{F(a.Amount)} {(comparator == Comparator.AtLeast || inclusive ? "≥" : ">")} {F(t.Amount)}", full));
                }
                if (actual == target && policy.AtLeastShortfall == MissRule.Zero)
                {
                    // Equal to a strict bound has not passed it: a miss. In proportion it is the whole weight (never less than
                    // an actual further from the bound), so only a policy that scores misses as nothing gives 0.
                    return (0m, PerformanceMessages.NotBeyond(a.Amount, ">", t.Amount));
                }
                // In proportion only between positive figures: a share of a target at or below zero, or of a negative actual, is no share.
                return policy.AtLeastShortfall == MissRule.Zero || target <= 0 || actual < 0
                    ? (0m, PerformanceMessages.ShortOf(a.Amount, t.Amount))
                    : (policy.Round(actual / target * w), $"{F(a.Amount)}/{F(t.Amount)} × {F(w)} = {F(policy.Round(actual / target * w))}");
            case Comparator.AtMost or Comparator.LessThan:
                if (isCost && t.Unit is { Dimension: Dimension.Money } && actual == 0 && target > 0 && !policy.ZeroCostMet)
                {
                    return (0m, PerformanceMessages.CostNeverIncurred(t.Text));
                }
                if (comparator == Comparator.AtMost || inclusive ? actual <= target : actual < target)
                {
                    return (full, PerformanceMessages.MetInFull($"{F(a.Amount)} {(comparator == Comparator.AtMost || inclusive ? "≤" : "<")} {F(t.Amount)}", full));
                }
                if (actual == target && policy.AtMostOverrun == MissRule.Zero)
                {
                    return (0m, PerformanceMessages.NotBeyond(a.Amount, "<", t.Amount));
                }
                return policy.AtMostOverrun == MissRule.Zero || target <= 0
                    ? (0m, PerformanceMessages.Exceeds(a.Amount, t.Amount))
                    : (policy.Round(target / actual * w), $"{F(t.Amount)}/{F(a.Amount)} × {F(w)} = {F(policy.Round(target / actual * w))}");
            default:
                if (Math.Abs(actual - target) <= policy.EqualTolerance * (t.Unit?.BaseFactor ?? 1))
                {
                    return (full, PerformanceMessages.MetInFull($"{F(a.Amount)} = {F(t.Amount)}", full));
                }
                if (actual > target && policy.EqualOver == OverRule.Full)
                {
                    return (full, PerformanceMessages.MetInFull($"{F(a.Amount)} > {F(t.Amount)}（超额完成）", full));
                }
                if ((actual > target && policy.EqualOver == OverRule.Zero) || policy.EqualMiss == MissRule.Zero || Math.Min(actual, target) < 0 || Math.Max(actual, target) == 0)
                {
                    return (0m, PerformanceMessages.NotEqual(a.Amount, t.Amount));
                }
                var (low, high) = actual < target ? (actual, target) : (target, actual);
                var score = policy.Round(low / high * w);
                return (score, $"{F(low / (t.Unit?.BaseFactor ?? 1))}/{F(high / (t.Unit?.BaseFactor ?? 1))} × {F(w)} = {F(score)}");
        }
    }

    private static (decimal?, string) Timely(bool inTime, string what, decimal w, ScoringPolicy policy) =>
        inTime ? (policy.Round(w), PerformanceMessages.InTime(what, policy.Round(w)))
            : (policy.Round(policy.LateShare * w), PerformanceMessages.Late(what, policy.LateShare, w, policy.Round(policy.LateShare * w)));

    public static (decimal? Score, string Explanation) ScoreExecution(ProjectFunds funds, ScoringPolicy policy)
    {
        if (funds.Weight is not { } w)
        {
            return (null, PerformanceMessages.NoFundsWeight);
        }
        if (funds.RateToScore is not { } r)
        {
            return (null, PerformanceMessages.NoExecutionRate);
        }
        decimal share;
        string how;
        switch (policy.Execution)
        {
            case ExecutionRule.Linear:
                share = r <= policy.ExecutionFloor ? 0 : r >= policy.ExecutionFull ? 1 : (r - policy.ExecutionFloor) / (policy.ExecutionFull - policy.ExecutionFloor);
                how = PerformanceMessages.LinearExecution(r, policy.ExecutionFloor, policy.ExecutionFull);
                break;
            case ExecutionRule.Stepped:
                var step = policy.ExecutionSteps.Where(s => r >= s.AtLeast).MaxBy(s => s.Share);
                share = step?.Share ?? 0;
                how = PerformanceMessages.SteppedExecution(r, step?.AtLeast, share);
                break;
            default:
                share = Math.Min(r, policy.ExecutionCap) / 100m;
                how = PerformanceMessages.CappedRate("执行率", r, policy.ExecutionCap);
                break;
        }
        var score = policy.Round(share * w);
        // A printed rate the figures contradict is not what was scored: say which rate was, and why.
        var replaced = funds.PrintedRateStands ? "" : PerformanceMessages.RateFromFigures(funds.ExecutionRate!.Value);
        return (score, $"{replaced}{how} × {F(w)} = {F(score)}");
    }

    /// <summary>
    /// '=' on a figure that missed its target yet got full marks was scored as a bound (≤ or ≥): the comparator is
    /// probably wrong ('=28 人' meant '≤28 人'). A cost (成本指标) with '=' is usually a cap.
    /// </summary>
    private static void ComparatorCheck(Indicator indicator, ScoringPolicy policy, List<AuditFinding> findings)
    {
        // The form's own deviation reason may say so: "目标值应填≤28 人，错误填为=28 人". Score it as it should have read.
        if (indicator.DeviationReason is { } reason && StatedTarget().Match(reason) is { Success: true } stated
            && IndicatorValueParser.Parse(stated.Groups["target"].Value.Trim()) is { Value: { } corrected })
        {
            var (score, explanation) = ScoreIndicator(indicator with { Target = corrected.Text }, policy);
            findings.Add(new AuditFinding(ProbableComparatorError, FindingSeverity.Warning, $"{indicator.Location}.target", indicator.Target, corrected.Text,
                PerformanceMessages.TargetStatedInReason(corrected.Text, score is null ? null : explanation)));
            return;
        }
        if (indicator.ReadTarget()?.Value is not Quantity { Comparator: Comparator.Equal } t)
        {
            return;
        }
        var a = indicator.ReadActual()?.Value as Quantity;
        var missed = a is not null && a.Amount * (a.Unit?.BaseFactor ?? t.Unit?.BaseFactor ?? 1) != t.Amount * (t.Unit?.BaseFactor ?? 1);
        if (missed && indicator.Score is { } s && s == indicator.Weight)
        {
            findings.Add(new AuditFinding(ProbableComparatorError, FindingSeverity.Warning, $"{indicator.Location}.target", t.Text, null,
                PerformanceMessages.EqualMissedYetFull(t.Text, a!.Text)));
        }
        else if (indicator.IsCost())
        {
            findings.Add(new AuditFinding(ProbableComparatorError, FindingSeverity.Info, $"{indicator.Location}.target", t.Text, null,
                PerformanceMessages.CostWithEqual(t.Text)));
        }
    }

    private static string F(decimal value) => Figures.Text(value);

    [GeneratedRegex(@"应(?:填|为|是)\s*(?<target>[≤≥<>=≦≧][^，,。；;]*)")]
    private static partial Regex StatedTarget();
}
