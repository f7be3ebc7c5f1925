using Platform.Performance.Domain.Forms;
using Platform.Performance.Domain.Scoring;

namespace Platform.Performance.Domain.Evaluations;

/// <summary>One indicator as scored: the printed weight and self-assigned score beside the computed one and why.</summary>
public sealed record ScoredIndicator(int Row, string? Name, decimal? Weight, decimal? SelfScore, decimal? Computed, string Explanation);

/// <summary>
/// A form scored under a policy, as kept with the evaluation: every indicator with its explanation, the execution score,
/// the recomputed total and grade beside the published ones, and the findings. Self-assigned figures are never changed.
/// <see cref="Grade"/> is null when the total is not to be graded, and <see cref="GradeWithheld"/> says why (weights that do
/// not make 100, a total over 100, a form never filled in): a reviewer ranking the region must not read "优" on a total of 110.
/// </summary>
public sealed record EvaluationResult(
    string PolicyId, IReadOnlyList<ScoredIndicator> Indicators, decimal? ExecutionScore, string ExecutionExplanation,
    decimal ComputedTotal, string? Grade, decimal? PublishedTotal, string? PublishedGrade, IReadOnlyList<AuditFinding> Findings,
    string? GradeWithheld = null,
    string? PolicyRevision = null)
{
    public int Errors => Findings.Count(f => f.Severity == FindingSeverity.Error);

    /// <summary>Every figure, word and finding alike (the records' own equality compares their lists by reference).</summary>
    public bool SameAs(EvaluationResult other) =>
        (PolicyId, PolicyRevision, ExecutionScore, ExecutionExplanation, ComputedTotal, Grade, PublishedTotal, PublishedGrade, GradeWithheld)
            == (other.PolicyId, other.PolicyRevision, other.ExecutionScore, other.ExecutionExplanation, other.ComputedTotal, other.Grade, other.PublishedTotal, other.PublishedGrade, other.GradeWithheld)
        && Indicators.SequenceEqual(other.Indicators) && Findings.SequenceEqual(other.Findings);

    public int Warnings => Findings.Count(f => f.Severity == FindingSeverity.Warning);

    public static EvaluationResult Of(ProjectForm form, ScoringPolicy policy)
    {
        var s = ScoringEngine.Score(form, policy);
        return new EvaluationResult(policy.Id, Scored(s.Indicators), s.ExecutionScore, s.ExecutionExplanation, s.ComputedTotal,
            s.GradeWithheld is null ? s.Grade : null, s.PublishedTotal, GradeOfPrinted(s.PublishedTotal, s.GradeWithheld, policy), s.Findings, s.GradeWithheld,
            policy.Revision);
    }

    public static EvaluationResult Of(OverallForm form, ScoringPolicy policy)
    {
        var s = OverallScoring.Score(form, policy);
        return new EvaluationResult(policy.Id, Scored(s.Indicators), s.ExecutionScore, s.ExecutionExplanation, s.ComputedTotal,
            s.GradeWithheld is null ? s.Grade : null, form.PrintedTotal, form.PrintedGrade ?? GradeOfPrinted(form.PrintedTotal, s.GradeWithheld, policy), s.Findings,
            s.GradeWithheld, policy.Revision);
    }

    /// <summary>
    /// The grade a printed total falls in, where the form prints none (a project form prints a total, rarely a grade): none
    /// when the form's total cannot bear one (weights not making 100, a total over 100) — a printed 100 over weights of 85
    /// is not "优" either. A form the platform could score nothing of (<see cref="PerformanceMessages.NoGradeNothingScored"/>)
    /// still bears the grade of its own printed total: only the platform's grade is withheld.
    /// </summary>
    private static string? GradeOfPrinted(decimal? printed, string? withheld, ScoringPolicy policy) =>
        printed is { } p && (withheld is null || withheld == PerformanceMessages.NoGradeNothingScored) ? policy.GradeOf(p) : null;

    private static List<ScoredIndicator> Scored(IEnumerable<IndicatorScore> scores) =>
        scores.Select(i => new ScoredIndicator(i.Indicator.Row, i.Indicator.Name, i.Indicator.Weight, i.Indicator.Score, i.Computed, i.Explanation)).ToList();
}
