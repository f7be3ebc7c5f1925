using System.Globalization;
using Platform.Domain;
using Platform.Performance.Domain;
using Platform.Performance.Domain.Evaluations;
using Platform.Performance.Domain.Forms;
using Platform.Performance.Domain.Scoring;
using Platform.Performance.Host.Persistence;
using Proto = Platform.Performance.V1;

namespace Platform.Performance.Host.Grpc;

/// <summary>Domain ⇄ protobuf, in one place. Figures travel as exact decimal strings; "" is "not stated".</summary>
internal static class ProtoMapping
{
    /// <summary>
    /// A typed project form, every bad field collected (a number that is not one, negative, over-precise, text too
    /// long); the domain's rules on the whole form are added by the caller before anything is stored.
    /// </summary>
    public static ProjectForm ToDomain(Proto.ProjectForm p, string prefix, List<FieldError> errors)
    {
        FundsLine? Line(Proto.FundsLine? l, string at) => l is null ? null : new FundsLine(
            FormRules.Figure(l.InitialBudget, $"{at}.initial_budget", FormRules.AmountScale, errors),
            FormRules.Figure(l.FullYearBudget, $"{at}.full_year_budget", FormRules.AmountScale, errors),
            FormRules.Figure(l.Executed, $"{at}.executed", FormRules.AmountScale, errors));
        var f = p.Funds ?? new Proto.ProjectFunds();
        var funds = new ProjectFunds(
            Line(f.Total, $"{prefix}.funds.total") ?? new FundsLine(null, null, null),
            FormRules.Figure(f.Weight, $"{prefix}.funds.weight", FormRules.ScoreScale, errors),
            FormRules.Figure(f.ExecutionRate, $"{prefix}.funds.execution_rate", FormRules.ScoreScale, errors, rate: true),
            FormRules.Figure(f.Score, $"{prefix}.funds.score", FormRules.ScoreScale, errors),
            Line(f.CurrentYearFiscal, $"{prefix}.funds.current_year_fiscal"),
            Line(f.PriorYearCarryover, $"{prefix}.funds.prior_year_carryover"),
            Line(f.Other, $"{prefix}.funds.other"));
        return new ProjectForm(
            FormRules.Text(p.Name, $"{prefix}.name", errors) ?? "",
            FormRules.Text(p.CompetentDepartment, $"{prefix}.competent_department", errors),
            FormRules.Text(p.ImplementingUnit, $"{prefix}.implementing_unit", errors),
            funds,
            Indicators(p.Indicators, prefix, errors),
            FormRules.Figure(p.TotalScore, $"{prefix}.total_score", FormRules.ScoreScale, errors))
        {
            GoalExpected = FormRules.Text(p.GoalExpected, $"{prefix}.goal_expected", errors),
            GoalActual = FormRules.Text(p.GoalActual, $"{prefix}.goal_actual", errors),
        };
    }

    public static OverallForm ToDomain(Proto.OverallForm o, string prefix, List<FieldError> errors)
    {
        decimal? Amount(string text, string at) => FormRules.Figure(text, at, FormRules.AmountScale, errors);
        decimal? Score(string text, string at) => FormRules.Figure(text, at, FormRules.ScoreScale, errors);
        return new OverallForm(
            o.Funding.Select((r, i) => new FundingRow(r.Source.Trim(), Amount(r.InitialBudget, $"{prefix}.funding[{i}].initial_budget"),
                Amount(r.FullYearBudget, $"{prefix}.funding[{i}].full_year_budget"), Amount(r.Executed, $"{prefix}.funding[{i}].executed"))).ToList(),
            Score(o.ExecutionWeight, $"{prefix}.execution_weight"), FormRules.Figure(o.ExecutionRate, $"{prefix}.execution_rate", FormRules.ScoreScale, errors, rate: true),
            Score(o.ExecutionScore, $"{prefix}.execution_score"),
            Amount(o.InitialBudget, $"{prefix}.initial_budget"),
            // An adjustment may be a cut: the one signed figure of the form.
            Signed(o.Adjustment, $"{prefix}.adjustment", errors),
            Amount(o.AdjustedBudget, $"{prefix}.adjusted_budget"),
            Signed(o.AdjustmentRate, $"{prefix}.adjustment_rate", errors, rate: true),
            o.Projects.Select((p, i) => new ListedProject(FormRules.Text(p.Name, $"{prefix}.projects[{i}].name", errors) ?? PerformanceMessages.UnnamedListedProject(i + 1),
                FormRules.Text(p.Type, $"{prefix}.projects[{i}].type", errors), Amount(p.Budget, $"{prefix}.projects[{i}].budget"),
                Amount(p.Executed, $"{prefix}.projects[{i}].executed"))).ToList(),
            Indicators(o.Indicators, prefix, errors),
            o.Indicators.Select((_, i) => i < o.CompletionRates.Count ? Signed(o.CompletionRates[i], $"{prefix}.completion_rates[{i}]", errors, rate: true) : null).ToList(),
            Score(o.TotalScore, $"{prefix}.total_score"),
            FormRules.Text(o.Grade, $"{prefix}.grade", errors));
    }

    private static decimal? Signed(string text, string field, List<FieldError> errors, bool rate = false)
    {
        if (text.TrimStart().StartsWith('-'))
        {
            var magnitude = FormRules.Figure(text.Trim()[1..], field, FormRules.AmountScale, errors, rate);
            return -magnitude;
        }
        return FormRules.Figure(text, field, FormRules.AmountScale, errors, rate);
    }

    private static List<Indicator> Indicators(IEnumerable<Proto.Indicator> rows, string prefix, List<FieldError> errors) =>
        rows.Select((r, i) =>
        {
            var at = $"{prefix}.indicators[{i}]";
            return new Indicator(i, FormRules.Text(r.Level1, $"{at}.level1", errors), FormRules.Text(r.Level2, $"{at}.level2", errors),
                FormRules.Text(r.Name, $"{at}.name", errors), FormRules.Text(r.Target, $"{at}.target", errors), FormRules.Text(r.Actual, $"{at}.actual", errors),
                FormRules.Figure(r.Weight, $"{at}.weight", FormRules.ScoreScale, errors), FormRules.Figure(r.Score, $"{at}.score", FormRules.ScoreScale, errors),
                FormRules.Text(r.DeviationReason, $"{at}.deviation_reason", errors));
        }).ToList();

    /// <summary>A figure without trailing zeros ("9.5", "100"): the database returns numeric(28,6) as "9.500000".</summary>
    public static string F(decimal? value) => DecimalText.Canonical(value);

    public static Proto.ProjectForm ToProto(ProjectForm f)
    {
        // The API's funds are in 万元 (FundsLine); a form imported as printed in 元 is converted, exactly.
        Proto.FundsLine? Line(FundsLine? l) => l is null ? null : new Proto.FundsLine { InitialBudget = F(f.InWan(l.InitialBudget)), FullYearBudget = F(f.InWan(l.FullYearBudget)), Executed = F(f.InWan(l.Executed)) };
        var proto = new Proto.ProjectForm
        {
            Name = f.Name, CompetentDepartment = f.CompetentDepartment ?? "", ImplementingUnit = f.ImplementingUnit ?? "",
            Funds = new Proto.ProjectFunds
            {
                Total = Line(f.Funds.Total), Weight = F(f.Funds.Weight), ExecutionRate = F(f.Funds.ExecutionRate), Score = F(f.Funds.Score),
                CurrentYearFiscal = Line(f.Funds.CurrentYearFiscal), PriorYearCarryover = Line(f.Funds.PriorYearCarryover), Other = Line(f.Funds.Other),
            },
            GoalExpected = f.GoalExpected ?? "", GoalActual = f.GoalActual ?? "", TotalScore = F(f.PrintedTotal), PartialCopy = f.PartialCopy,
        };
        proto.Indicators.AddRange(f.Indicators.Select(ToProto));
        return proto;
    }

    public static Proto.OverallForm ToProto(OverallForm f)
    {
        var proto = new Proto.OverallForm
        {
            ExecutionWeight = F(f.ExecutionWeight), ExecutionRate = F(f.ExecutionRate), ExecutionScore = F(f.ExecutionScore),
            InitialBudget = F(f.InitialBudget), Adjustment = F(f.Adjustment), AdjustedBudget = F(f.AdjustedBudget), AdjustmentRate = F(f.AdjustmentRate),
            TotalScore = F(f.PrintedTotal), Grade = f.PrintedGrade ?? "", PartialCopy = f.PartialCopy,
        };
        proto.Funding.AddRange(f.Funding.Select(r => new Proto.FundingRow { Source = r.Source, InitialBudget = F(r.InitialBudget), FullYearBudget = F(r.FullYearBudget), Executed = F(r.Executed) }));
        proto.Projects.AddRange(f.Projects.Select(p => new Proto.ListedProject { Name = p.Name, Type = p.Type ?? "", Budget = F(p.Budget), Executed = F(p.Executed) }));
        proto.Indicators.AddRange(f.Indicators.Select(ToProto));
        proto.CompletionRates.AddRange(f.CompletionRates.Select(F));
        return proto;
    }

    private static Proto.Indicator ToProto(Indicator i) => new()
    {
        Level1 = i.Level1 ?? "", Level2 = i.Level2 ?? "", Name = i.Name ?? "", Target = i.Target ?? "", Actual = i.Actual ?? "",
        Weight = F(i.Weight), Score = F(i.Score), DeviationReason = i.DeviationReason ?? "", UncertainCells = i.UncertainCells,
    };

    public static string Severity(FindingSeverity s) => s.ToString().ToLowerInvariant();

    public static Proto.Finding ToProto(AuditFinding f) => new()
    {
        Type = f.Type, Severity = Severity(f.Severity), Location = f.Location, Published = f.Published ?? "", Computed = f.Computed ?? "", Detail = f.Detail,
    };

    public static Proto.Score ToProto(EvaluationResult r)
    {
        var proto = new Proto.Score
        {
            PolicyId = r.PolicyId, PolicyRevision = r.PolicyRevision ?? "", ExecutionScore = F(r.ExecutionScore), ExecutionExplanation = r.ExecutionExplanation,
            ComputedTotal = F(r.ComputedTotal), Grade = r.Grade ?? "", GradeWithheld = r.GradeWithheld ?? "", PublishedTotal = F(r.PublishedTotal), PublishedGrade = r.PublishedGrade ?? "",
        };
        proto.Indicators.AddRange(r.Indicators.Select(i => new Proto.IndicatorScore
        {
            Row = i.Row, Name = i.Name ?? "", Weight = F(i.Weight), SelfScore = F(i.SelfScore), Computed = F(i.Computed), Explanation = i.Explanation,
        }));
        proto.Findings.AddRange(r.Findings.Select(ToProto));
        return proto;
    }

    public static Proto.EvaluationRef ToProto(EvaluationKey key) => new() { UnitId = key.UnitId, FiscalYear = key.FiscalYear, Project = key.Project };

    public static Proto.EvaluationState ToProto(EvaluationState state) => state switch
    {
        EvaluationState.Draft => Proto.EvaluationState.Draft,
        EvaluationState.Submitted => Proto.EvaluationState.Submitted,
        EvaluationState.Accepted => Proto.EvaluationState.Accepted,
        _ => Proto.EvaluationState.Published,
    };

    /// <summary>A time as the API gives every time: RFC 3339 (round-trip), "" for none.</summary>
    public static string Timestamp(DateTimeOffset? at) => at?.ToString("O", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A filed form as the office's list shows it (the stored columns: no form, no findings read).</summary>
    public static Proto.FiledEvaluation ToFiled(EvaluationRow r) => new()
    {
        Ref = new Proto.EvaluationRef { UnitId = r.UnitId, FiscalYear = r.FiscalYear, Project = r.Project },
        Kind = r.Kind == nameof(EvaluationKind.Overall) ? Proto.EvaluationKind.Overall : Proto.EvaluationKind.Project,
        State = ToProto(Enum.Parse<EvaluationState>(r.State)),
        RegionCode = r.RegionCode,
        Revision = r.Revision,
        ComputedTotal = F(r.ComputedTotal),
        Grade = r.Grade ?? "",
        PublishedTotal = F(r.PublishedTotal),
        Errors = r.Errors,
        Warnings = r.Warnings,
        SubmittedAt = Timestamp(r.SubmittedAt),
    };

    /// <summary>The evaluation; <paramref name="preview"/> is a draft's score under the policy in force (not stored).</summary>
    public static Proto.Evaluation ToProto(Evaluation e, EvaluationResult? preview = null)
    {
        var proto = new Proto.Evaluation
        {
            Ref = ToProto(e.Key),
            Kind = e.Kind == EvaluationKind.Project ? Proto.EvaluationKind.Project : Proto.EvaluationKind.Overall,
            State = ToProto(e.State),
            RegionCode = e.RegionCode,
            Revision = e.Revision,
            SubmittedBy = e.SubmittedBy ?? "",
            SubmittedAt = Timestamp(e.SubmittedAt),
            ReturnComment = e.ReturnComment ?? "",
            SourceDocument = e.SourceDocument ?? "",
            AcceptedBy = e.AcceptedBy ?? "",
            AcceptedAt = Timestamp(e.AcceptedAt),
        };
        if (e.ProjectForm is { } p)
        {
            proto.ProjectForm = ToProto(p);
        }
        else
        {
            proto.OverallForm = ToProto(e.OverallForm!);
        }
        if ((e.Result ?? preview) is { } result)
        {
            proto.Score = ToProto(result);
        }
        return proto;
    }

    public static Proto.Policy ToProto(ScoringPolicy p)
    {
        var proto = new Proto.Policy { Id = p.Id, Title = p.Title, FromYear = p.FromYear, ToYear = p.ToYear ?? 0 };
        proto.Regions.AddRange(p.Regions);
        proto.Grades.AddRange(p.Grades.Select(g => new Proto.GradeBand { Grade = g.Grade, AtLeast = F(g.AtLeast) }));
        return proto;
    }
}
