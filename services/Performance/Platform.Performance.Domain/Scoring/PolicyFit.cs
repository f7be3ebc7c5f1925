using Platform.Performance.Domain.Forms;

namespace Platform.Performance.Domain.Scoring;

/// <summary>A published form to fit a policy on: a project form or an overall department form, and the document it is in.</summary>
public sealed record FitSubject(string Document, ProjectForm? Project, OverallForm? Overall)
{
    public string Name => Project?.Name ?? "部门整体支出绩效自评";

    public decimal? Published => Project?.PrintedTotal ?? Overall?.PrintedTotal;

    /// <summary>A copy that stops before the form's end: its printed total cannot be reproduced from the rows copied.</summary>
    public bool PartialCopy => Project?.PartialCopy ?? Overall!.PartialCopy;

    /// <summary>
    /// No indicator prints a weight (湖北's layout): the platform scores none of them, their self-scores stand, and the
    /// total reproduces itself under any policy — not a test of one.
    /// </summary>
    public bool Unweighted => (Project?.Indicators ?? Overall!.Indicators).Where(i => !i.IsEmpty).All(i => i.Weight is null);

    /// <summary>The printed total, where the rows copied can reproduce it and a policy has something to do with it.</summary>
    public decimal? Comparable => PartialCopy || Unweighted ? null : Published;

    /// <summary>Every form of a transcription: its project forms, then its overall department form if it has one.</summary>
    public static IReadOnlyList<FitSubject> Read(System.Text.Json.JsonElement document, string file)
    {
        List<FitSubject> subjects = [.. ProjectFormReader.Read(document).Forms.Select(f => new FitSubject(file, f, null))];
        if (OverallForm.Read(document).Form is { } overall)
        {
            subjects.Add(new FitSubject(file, null, overall));
        }
        return subjects;
    }

    /// <summary>The computed total, how many self-scores (indicators and execution) the computed ones agree with, the findings.</summary>
    internal (decimal Computed, int Agreeing, IReadOnlyList<AuditFinding> Findings) Score(ScoringPolicy policy)
    {
        static int Agree(decimal? computed, decimal? self) => computed is { } c && self is { } s && Math.Abs(c - s) <= PolicyFit.Tolerance ? 1 : 0;
        // A level scored within a range agrees with any self-score inside it: counted, every widening of a range would look
        // like a better fit. Such indicators are neutral; a range wins only by reproducing totals.
        int Agreeing(IEnumerable<IndicatorScore> scores) => scores.Sum(i =>
            i.Indicator.ReadActual()?.Value is Values.Qualitative level && !policy.Qualitative[level.Level].IsPoint
                ? 0 : Agree(i.Computed, i.Indicator.Score));
        if (Project is not null)
        {
            var s = ScoringEngine.Score(Project, policy);
            return (s.ComputedTotal, Agreeing(s.Indicators) + Agree(s.ExecutionScore, Project.Funds.Score), s.Findings);
        }
        var o = OverallScoring.Score(Overall!, policy);
        return (o.ComputedTotal, Agreeing(o.Indicators) + Agree(o.ExecutionScore, Overall!.ExecutionScore), o.Findings);
    }
}

/// <summary>How one form came out under the fitted policy: reproduced or not, and the findings that say why not.</summary>
public sealed record FitOutcome(string Document, string Name, decimal? Published, decimal Computed, bool Reproduced, IReadOnlyList<AuditFinding> Findings)
{
    /// <summary>The form's copy stops before its end: its total is not counted either way.</summary>
    public bool PartialCopy { get; init; }

    /// <summary>The form prints no weights: its total is its self-scores, not counted either way.</summary>
    public bool Unweighted { get; init; }

    /// <summary>A printed total the fit counts (its subject's <see cref="FitSubject.Comparable"/>).</summary>
    public bool Counted { get; init; }
}

/// <summary>The policy that reproduces the most published totals, how each form came out, and how many policies were tried.</summary>
public sealed record FitResult(ScoringPolicy Policy, IReadOnlyList<FitOutcome> Outcomes, int Tried)
{
    public int WithTotal => Outcomes.Count(o => o.Counted);

    public int Reproduced => Outcomes.Count(o => o.Reproduced);
}

/// <summary>
/// Calibration: which combination of the declared scoring rules a set of published self-evaluations follows. From each
/// starting policy, one parameter at a time is set to each of its declared values and kept when it reproduces more
/// published totals (within 0.01), or as many with more self-scores agreeing with the computed ones; passes repeat until
/// none improves. The first of equals is kept, so the starting policy's rules stand unless the documents say otherwise.
/// A finance office learns its own practice from its own history; what no combination reproduces is left to the findings.
/// </summary>
public static class PolicyFit
{
    internal const decimal Tolerance = 0.01m;
    private const int MaxPasses = 10;

    public static FitResult Fit(IReadOnlyList<FitSubject> subjects, PolicySpace space, IReadOnlyList<ScoringPolicy> starts,
        string id, string title, int fiscalYear, string region)
    {
        ArgumentOutOfRangeException.ThrowIfZero(starts.Count);
        var tried = 0;
        (ScoringPolicy Policy, Quality Quality)? best = null;
        foreach (var start in starts)
        {
            var current = (Policy: start, Quality: Measure(subjects, start), Json: start.ToJson().ToJsonString());
            tried++;
            for (var pass = 0; pass < MaxPasses; pass++)
            {
                var improved = false;
                foreach (var parameter in space.Parameters)
                {
                    foreach (var value in parameter.Values)
                    {
                        var candidate = PolicySpace.With(current.Policy, parameter.Path, value);
                        var json = candidate.ToJson().ToJsonString();
                        if (json == current.Json)
                        {
                            continue;  // the value the policy already has
                        }
                        tried++;
                        var quality = Measure(subjects, candidate);
                        if (quality.IsBetterThan(current.Quality))
                        {
                            current = (candidate, quality, json);
                            improved = true;
                        }
                    }
                }
                if (!improved)
                {
                    break;
                }
            }
            if (best is null || current.Quality.IsBetterThan(best.Value.Quality))
            {
                best = (current.Policy, current.Quality);
            }
        }
        var fitted = best!.Value.Policy with { Id = id, Title = title, FromYear = fiscalYear, ToYear = null, Regions = [region] };
        return new FitResult(fitted, [.. subjects.Select(s => Outcome(s, fitted))], tried);
    }

    private static FitOutcome Outcome(FitSubject subject, ScoringPolicy policy)
    {
        var (computed, _, findings) = subject.Score(policy);
        var reproduced = subject.Comparable is { } p && Math.Abs(p - computed) <= Tolerance;
        return new FitOutcome(subject.Document, subject.Name, subject.Published, computed, reproduced, findings) { PartialCopy = subject.PartialCopy, Unweighted = subject.Unweighted, Counted = subject.Comparable is not null };
    }

    private static Quality Measure(IReadOnlyList<FitSubject> subjects, ScoringPolicy policy)
    {
        var reproduced = 0;
        var agreeing = 0;
        foreach (var subject in subjects)
        {
            var (computed, agree, _) = subject.Score(policy);
            if (subject.Comparable is { } p && Math.Abs(p - computed) <= Tolerance)
            {
                reproduced++;
            }
            agreeing += agree;
        }
        return new Quality(reproduced, agreeing);
    }

    private readonly record struct Quality(int Reproduced, int Agreeing)
    {
        public bool IsBetterThan(Quality other) => Reproduced > other.Reproduced || (Reproduced == other.Reproduced && Agreeing > other.Agreeing);
    }
}
