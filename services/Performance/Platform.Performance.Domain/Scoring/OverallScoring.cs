using Platform.Performance.Domain.Forms;
using Platform.Performance.Domain.Values;

namespace Platform.Performance.Domain.Scoring;

/// <summary>An overall department form scored under a policy, beside its published figures.</summary>
public sealed record OverallScore(
    OverallForm Form, string PolicyId, IReadOnlyList<IndicatorScore> Indicators, decimal? ExecutionWeight, decimal? ExecutionScore, string ExecutionExplanation,
    decimal ComputedTotal, string Grade, IReadOnlyList<AuditFinding> Findings)
{
    /// <summary>Why the computed total gets no grade (<see cref="ScoringEngine.GradeWithheld"/>), or null when <see cref="Grade"/> stands.</summary>
    public string? GradeWithheld { get; init; }
}

/// <summary>
/// The overall department form (部门整体支出绩效自评): funding rows and the 合计, the budget adjustment and its rate,
/// the execution rate and its score (the weight implied by the indicators when it is not printed), listed projects
/// against 项目支出, weights, total, printed completion rates, and every indicator scored as on a
/// project form.
/// </summary>
public static class OverallScoring
{
    public const string FundingRows = "FUNDING_ROWS";
    public const string Adjustment = "ADJUSTMENT";
    public const string ProjectsSum = "PROJECTS_SUM";
    public const string ImpliedWeight = "IMPLIED_WEIGHT";
    public const string CompletionRate = "COMPLETION_RATE";

    public static OverallScore Score(OverallForm form, ScoringPolicy policy)
    {
        var findings = new List<AuditFinding>();
        var total = form.Total;
        var parts = form.Funding.Where(r => r != total).ToList();
        if (total is not null && parts.Count > 0)
        {
            foreach (var (column, stated, pick) in new (string, decimal?, Func<FundingRow, decimal?>)[]
            {
                ("initial_budget", total.InitialBudget, r => r.InitialBudget), ("full_year_budget", total.FullYearBudget, r => r.FullYearBudget),
                ("executed", total.Executed, r => r.Executed),
            })
            {
                // Blank cells are not zeros (as FormAudit.CheckFunds): a row left blank has nothing to add, and a column all
                // blank has nothing to check — "50 + 0 = 50" against 90 blamed the total for a cell nobody filled.
                var filled = parts.Select(pick).OfType<decimal>().ToList();
                var sum = filled.Sum();
                if (filled.Count > 0 && stated is { } s && Math.Abs(s - sum) > 0.01m * filled.Count)
                {
                    findings.Add(new AuditFinding(FundingRows, FindingSeverity.Error, $"funding.{column}", F(s), F(sum),
                        PerformanceMessages.FundingTotalNotSum(column, s, filled, sum)));
                }
            }
        }
        if (form is { InitialBudget: { } initial, Adjustment: { } adjustment })
        {
            if (form.AdjustedBudget is { } adjusted && adjusted != initial + adjustment)
            {
                findings.Add(new AuditFinding(Adjustment, FindingSeverity.Error, "adjusted_budget", F(adjusted), F(initial + adjustment),
                    PerformanceMessages.AdjustedBudgetNotSum(initial, adjustment, adjusted)));
            }
            // One rate, rounded once (half away from zero, as forms print it): the check and what the finding shows alike.
            if (form.AdjustmentRate is { } rate && initial != 0 && Math.Round(adjustment / initial * 100, 2, MidpointRounding.AwayFromZero) is var computed
                && Math.Abs(rate - computed) > 0.01m)
            {
                findings.Add(new AuditFinding(Adjustment, FindingSeverity.Error, "adjustment_rate", F(rate) + "%", F(computed) + "%",
                    PerformanceMessages.AdjustmentRateNotComputed(adjustment, initial, computed, rate)));
            }
        }
        // The project form's one rule for a printed rate against the funds (to its last printed digit): the audit says an
        // error exactly where the score sets the printed rate aside.
        var byFunds = new ProjectFunds(new FundsLine(total?.InitialBudget, total?.FullYearBudget, total?.Executed), null, form.ExecutionRate, null, null, null, null);
        if (!byFunds.PrintedRateStands && byFunds is { ExecutionRate: { } printedRate, ComputedRate: { } fromFunds, Total: { FullYearBudget: { } budget, Executed: { } executed } })
        {
            findings.Add(new AuditFinding(FormAudit.ExecutionRate, FindingSeverity.Error, "execution_rate", F(printedRate) + "%", F(fromFunds) + "%",
                PerformanceMessages.ExecutionRateNotComputed(executed, budget, fromFunds, printedRate)));
        }
        if (form.Funding.FirstOrDefault(r => r.Source == "项目支出") is { Executed: { } projectExecuted }
            && form.Projects.Select(p => p.Executed).OfType<decimal>().ToList() is { Count: > 0 } listed)
        {
            var sum = listed.Sum();
            if (sum != projectExecuted)
            {
                var rounding = Math.Abs(sum - projectExecuted) <= 0.01m * listed.Count;
                findings.Add(new AuditFinding(ProjectsSum, rounding ? FindingSeverity.Info : FindingSeverity.Error, "projects.executed", F(projectExecuted), F(sum),
                    PerformanceMessages.ListedProjectsNotProjectSpending(listed, sum, projectExecuted, rounding)));
            }
        }

        var indicators = form.Indicators.Where(i => !i.IsEmpty).ToList();
        FormAudit.CheckFilled(indicators, findings);
        var indicatorWeights = indicators.Sum(i => i.Weight ?? 0);
        var executionWeight = form.ExecutionWeight;
        if (executionWeight is null && form.ExecutionScore is not null && !form.PartialCopy)
        {
            executionWeight = 100 - indicatorWeights;
            findings.Add(new AuditFinding(ImpliedWeight, FindingSeverity.Info, "weight", null, F(executionWeight.Value),
                PerformanceMessages.ImpliedExecutionWeight(indicatorWeights, executionWeight.Value)));
        }
        if (form.PartialCopy)
        {
            findings.Add(FormAudit.Partial(indicatorWeights + (executionWeight ?? 0)));
        }
        else if (executionWeight is { } w && indicatorWeights + w != 100)
        {
            findings.Add(new AuditFinding(FormAudit.WeightsSum, FindingSeverity.Error, "indicators.weight", "100", F(indicatorWeights + w),
                PerformanceMessages.WeightsNot100(indicatorWeights, w, indicatorWeights + w)));
        }
        var selfTotal = indicators.Sum(i => i.Score ?? 0) + (form.ExecutionScore ?? 0);
        if (!form.PartialCopy && form.PrintedTotal is { } printedTotal && printedTotal != selfTotal)
        {
            findings.Add(new AuditFinding(FormAudit.TotalMismatch, FindingSeverity.Error, "total_score", F(printedTotal), F(selfTotal),
                PerformanceMessages.TotalNotSum(printedTotal, selfTotal)));
        }

        var scores = ScoringEngine.ScoreIndicators(indicators, policy, findings, form.CompletionRates);
        foreach (var indicator in indicators)
        {
            // Every target and actual read as on a project form: a value that is not one is said (209's "到0次", "第O份").
            FormAudit.CheckValues(indicator, findings);
            CheckCompletion(indicator, form.CompletionRates.ElementAtOrDefault(indicator.Row), policy, findings);
        }
        FormAudit.GatherMissingTargets(indicators, form.PartialCopy, findings);
        var funds = byFunds with { Weight = executionWeight, Score = form.ExecutionScore };
        var (execution, executionExplanation) = ScoringEngine.ScoreExecution(funds, policy, "execution_score", findings);
        var computedTotal = ScoringEngine.Total(scores, execution ?? form.ExecutionScore, policy);
        FormAudit.TemperUncertain(form.Indicators, findings);
        return new OverallScore(form, policy.Id, scores, executionWeight, execution, executionExplanation, computedTotal, policy.GradeOf(computedTotal), findings)
        {
            GradeWithheld = ScoringEngine.GradeWithheld(computedTotal, form.PartialCopy, findings) ?? ScoringEngine.NothingScored(scores),
        };
    }

    /// <summary>
    /// A printed completion rate (完成率) against what target and actual give: a capped indicator (≤, printed or implied by
    /// the policy, a bare 预算调整率) is complete while the actual stays within the cap, over it cap / actual; any other is
    /// actual / target. Only the part up to 100 % counts (forms print "100%" or "105.26%" for a target passed, and score
    /// min(完成率, 100 %)); a rate printed at fewer decimals is right to its last digit. A rate far from that was taken
    /// from somewhere else — and where the policy scores by the printed rate, it would move the score. Past 100 % on both
    /// sides a difference moves nothing and is information.
    /// </summary>
    private static void CheckCompletion(Indicator indicator, decimal? printed, ScoringPolicy policy, List<AuditFinding> findings)
    {
        if (printed is not { } rate || indicator.ReadTarget()?.Value is not Quantity t || indicator.ReadActual()?.Value is not Quantity a
            || (t.Unit is { } tu && a.Unit is { } au && !tu.IsComparableWith(au)) || a.Amount < 0 || t.Amount < 0)
        {
            return;
        }
        var capped = (t.Comparator == Comparator.None ? policy.ImpliedComparator(indicator.Name, indicator.Level2) : t.Comparator) is Comparator.AtMost or Comparator.LessThan;
        if (!capped && t.Amount == 0)
        {
            return;  // "≥0": no proportion of nothing
        }
        var target = t.Amount * (t.Unit?.BaseFactor ?? 1);
        var actual = a.Amount * (a.Unit?.BaseFactor ?? t.Unit?.BaseFactor ?? 1);
        var computed = capped
            ? actual <= target ? 100m : Math.Round(target / actual * 100, 2, MidpointRounding.AwayFromZero)
            : Math.Round(actual / target * 100, 2, MidpointRounding.AwayFromZero);
        var tolerance = Math.Max(0.01m, Figures.HalfUnit(rate));
        if (Math.Abs(Math.Min(computed, 100m) - Math.Min(rate, 100m)) > tolerance)
        {
            findings.Add(new AuditFinding(CompletionRate, FindingSeverity.Warning, $"{indicator.Location}.completion_rate", F(rate) + "%", F(computed) + "%",
                PerformanceMessages.CompletionRateNotComputed(t.Text, a.Text, computed, rate)));
        }
        else if (rate > 100m && Math.Abs(computed - rate) > tolerance && !(capped && computed == 100m))
        {
            // Both past 100 % (a printed 2000 % for a target passed by a tenth): no score moves, but the figure is not the
            // form's own — said as information. A cap kept is "100 %" computed, and any rate of 100 % or more printed for it is
            // the form's way of saying so.
            findings.Add(new AuditFinding(CompletionRate, FindingSeverity.Info, $"{indicator.Location}.completion_rate", F(rate) + "%", F(computed) + "%",
                PerformanceMessages.CompletionRateOver100(t.Text, a.Text, computed, rate)));
        }
    }

    private static string F(decimal value) => Figures.Text(value);
}
