using System.Globalization;
using Platform.Domain;
using Platform.Performance.Domain.Forms;
using Platform.Performance.Domain.Values;

namespace Platform.Performance.Domain.Evaluations;

/// <summary>
/// What a form typed by a clerk must satisfy before it is saved, and before it is submitted. Every problem is a field
/// error naming the field as the caller spelled it ("indicators[3].weight") and the reason; one bad field rejects the
/// whole save. Publications are not checked here: what a publication printed is kept, and its faults are findings.
/// </summary>
public static class FormRules
{
    /// <summary>万元 with six decimals is 0.01 元: finer is not money.</summary>
    public const int AmountScale = 6;

    /// <summary>Weights, scores and rates are printed at two decimals.</summary>
    public const int ScoreScale = 2;

    public const int MaxText = 2000;

    /// <summary>
    /// Reads a decimal typed as text ("" = not stated) into <paramref name="errors"/>-checked form: a number, not
    /// negative, at most <paramref name="scale"/> decimals. A rate (<paramref name="rate"/>: a field in percent, 执行率（%）)
    /// may carry its percent sign as the form prints it ("91.67%"); any other figure may not.
    /// </summary>
    public static decimal? Figure(string? text, string field, int scale, List<FieldError> errors, bool rate = false)
    {
        var read = PrintedNumber.Read(text);
        if (read.Problem == NumberProblem.Blank)
        {
            return null;
        }
        if (!read.Ok || (read.Percent && !rate))
        {
            errors.Add(new FieldError(field, PerformanceMessages.NotANumber(text!), "NOT_A_NUMBER"));
            return null;
        }
        var value = read.Value;
        if (value < 0)
        {
            errors.Add(new FieldError(field, PerformanceMessages.Negative(text!), "NEGATIVE"));
            return null;
        }
        if (value.Scale > scale && value != Math.Round(value, scale))
        {
            errors.Add(new FieldError(field, PerformanceMessages.TooPrecise(text!, scale), "TOO_PRECISE"));
            return null;
        }
        return value;
    }

    /// <summary>Free text: trimmed, "" = not stated, at most <see cref="MaxText"/> characters.</summary>
    public static string? Text(string? text, string field, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (text.Length > MaxText)
        {
            errors.Add(new FieldError(field, PerformanceMessages.TooLong(text.Length, MaxText), "TOO_LONG"));
        }
        return text.Trim();
    }

    /// <summary>The checks of a project form on save: a name, indicators placed in the year's framework, weights and scores in range.</summary>
    public static void CheckDraft(ProjectForm form, IndicatorTree tree, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(form.Name))
        {
            errors.Add(new FieldError("project_form.name", Messages.Required, "REQUIRED"));
        }
        if (form.Funds is { Weight: { } w, Score: { } s } && s > w)
        {
            errors.Add(new FieldError("project_form.funds.score", PerformanceMessages.ScoreAboveWeight(s, w), "ABOVE_WEIGHT"));
        }
        if (form.Funds.ExecutionRate is > 1000)
        {
            errors.Add(new FieldError("project_form.funds.execution_rate", PerformanceMessages.ExecutionRateOutOfRange, "OUT_OF_RANGE"));
        }
        CheckIndicators(form.Indicators, "project_form", tree, requireLevels: true, errors);
    }

    public static void CheckDraft(OverallForm form, IndicatorTree tree, List<FieldError> errors)
    {
        foreach (var (row, i) in form.Funding.Select((r, i) => (r, i)))
        {
            if (string.IsNullOrWhiteSpace(row.Source))
            {
                errors.Add(new FieldError($"overall_form.funding[{i}].source", PerformanceMessages.FundingSourceRequired, "REQUIRED"));
            }
        }
        // The overall form's indicators are not always placed in the framework (001 prints none of the levels).
        CheckIndicators(form.Indicators, "overall_form", tree, requireLevels: false, errors);
    }

    /// <summary>
    /// What submission adds: the funds that the execution score needs, at least one indicator, and every target and
    /// actual readable as a value (a typo such as "=0.4.2 万元" is the clerk's to fix before the office sees it).
    /// </summary>
    public static void CheckSubmission(ProjectForm form, List<FieldError> errors)
    {
        if (form.Funds.Total.FullYearBudget is null)
        {
            errors.Add(new FieldError("project_form.funds.total.full_year_budget", PerformanceMessages.FullYearBudgetRequiredToSubmit, "REQUIRED"));
        }
        if (form.Funds.Total.Executed is null)
        {
            errors.Add(new FieldError("project_form.funds.total.executed", PerformanceMessages.ExecutedRequiredToSubmit, "REQUIRED"));
        }
        if (form.Funds.Weight is null)
        {
            errors.Add(new FieldError("project_form.funds.weight", PerformanceMessages.FundsWeightRequiredToSubmit, "REQUIRED"));
        }
        CheckReadable(form.Indicators, "project_form", errors);
    }

    public static void CheckSubmission(OverallForm form, List<FieldError> errors) => CheckReadable(form.Indicators, "overall_form", errors);

    private static void CheckIndicators(IReadOnlyList<Indicator> indicators, string prefix, IndicatorTree tree, bool requireLevels, List<FieldError> errors)
    {
        foreach (var indicator in indicators)
        {
            var at = $"{prefix}.indicators[{indicator.Row}]";
            if (indicator.IsEmpty)
            {
                continue;
            }
            if (indicator.Name is null)
            {
                errors.Add(new FieldError($"{at}.name", PerformanceMessages.IndicatorNameRequired, "REQUIRED"));
            }
            if (indicator.Level1 is null && requireLevels)
            {
                errors.Add(new FieldError($"{at}.level1", PerformanceMessages.Level1Required(tree.Level1.Select(c => c.Name)), "REQUIRED"));
            }
            else if (indicator.Level1 is { } level1)
            {
                if (tree.FindLevel1(level1) is not { } known)
                {
                    errors.Add(new FieldError($"{at}.level1", PerformanceMessages.UnknownLevel1(level1, tree.FromYear, tree.Level1.Select(c => c.Name)), "UNKNOWN_LEVEL"));
                }
                else if (indicator.Level2 is { } level2 && !known.Level2.Any(l => IndicatorTree.Same(l, level2)))
                {
                    errors.Add(new FieldError($"{at}.level2", PerformanceMessages.UnknownLevel2(level2, known.Name, known.Level2), "UNKNOWN_LEVEL"));
                }
                else if (indicator.Level2 is null && requireLevels)
                {
                    errors.Add(new FieldError($"{at}.level2", PerformanceMessages.Level2Required(known.Level2), "REQUIRED"));
                }
            }
            // A weight typed but not read ("二十") is already refused as such: not also "必须填写".
            if (indicator.Weight is null && !errors.Any(e => e.Field == $"{at}.weight"))
            {
                errors.Add(new FieldError($"{at}.weight", PerformanceMessages.WeightRequired, "REQUIRED"));
            }
            else if (indicator.Weight > 100)
            {
                errors.Add(new FieldError($"{at}.weight", PerformanceMessages.WeightAbove100(indicator.Weight.Value), "OUT_OF_RANGE"));
            }
            if (indicator is { Weight: { } w, Score: { } s } && s > w)
            {
                errors.Add(new FieldError($"{at}.score", PerformanceMessages.ScoreAboveWeight(s, w), "ABOVE_WEIGHT"));
            }
        }
    }

    private static void CheckReadable(IReadOnlyList<Indicator> indicators, string prefix, List<FieldError> errors)
    {
        if (!indicators.Any(i => !i.IsEmpty))
        {
            errors.Add(new FieldError($"{prefix}.indicators", PerformanceMessages.IndicatorRequiredToSubmit, "REQUIRED"));
        }
        foreach (var indicator in indicators.Where(i => !i.IsEmpty))
        {
            foreach (var (side, text) in new[] { ("target", indicator.Target), ("actual", indicator.Actual) })
            {
                if (text is null)
                {
                    continue;
                }
                // A described target or actual (words, no figure) is information on the form, not a typo to correct.
                foreach (var problem in IndicatorValueParser.Parse(text).Findings.Where(p => !FormAudit.IsDescription(text, p)))
                {
                    errors.Add(new FieldError($"{prefix}.indicators[{indicator.Row}].{side}", problem.Message, problem.Code));
                }
            }
        }
    }
}
