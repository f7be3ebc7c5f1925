using System.Text.Json;
using Platform.Domain;
using Platform.Performance.Domain.Forms;
using Platform.Performance.Domain.Scoring;

namespace Platform.Performance.Domain.Tests.Scoring;

public sealed class ScoringEngineTests
{
    private static readonly IReadOnlyList<ScoringPolicy> Policies = ScoringPolicy.LoadShipped();
    private static readonly ScoringPolicy Proportional = Policies.Single(p => p.Id == "proportional");
    private static readonly ScoringPolicy Strict = Policies.Single(p => p.Id == "strict");

    private static Indicator Row(string? target, string? actual, decimal weight = 5, decimal? score = null, string? reason = null, string level2 = "数量指标") =>
        new(0, "产出指标", level2, "指标", target, actual, weight, score ?? weight, reason);

    private static IReadOnlyList<FormScore> Score(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedDocuments.Path(file)));
        return ProjectFormReader.Read(document.RootElement).Forms.Select(f => ScoringEngine.Score(f, Proportional)).ToList();
    }

    [Theory]
    [InlineData(">=28 人", "26 人", "4.64", "26/28 × 5 = 4.64")]
    [InlineData("≥20家", "148家", "5", "148 ≥ 20，得满分 5")]
    [InlineData("<=2万元", "0万元", "5", "0 ≤ 2，得满分 5")]
    [InlineData("<=2万元", "2.5万元", "4", "2/2.5 × 5 = 4")]
    [InlineData("=8人", "6人", "3.75", "6/8 × 5 = 3.75")]
    [InlineData("100%", "90%", "4.5", "90/100 × 5 = 4.5")]
    [InlineData("15.99万元", "15.99", "5", "15.99 ≥ 15.99，得满分 5")]
    [InlineData("2021.05-2021.12", "2021.05-2021.12", "5", "完成于 2021-12，目标 2021-12：按时完成，得满分 5")]
    [InlineData("2022 年 6 月前", "2022 年 8 月前", "0", "2022-08 前完成，目标 2022-06 前：逾期，0 × 5 = 0")]
    public void ScoreIndicator_Proportional_ScoreWithItsExplanation(string target, string actual, string score, string explanation)
    {
        var (computed, why) = ScoringEngine.ScoreIndicator(Row(target, actual), Proportional);

        Assert.Equal(decimal.Parse(score, System.Globalization.CultureInfo.InvariantCulture), computed);
        Assert.Equal(explanation, why);
    }

    [Theory]
    [InlineData("\"low\"", FindingSeverity.Info)]
    [InlineData("\"high\"", FindingSeverity.Error)]
    [InlineData("null", FindingSeverity.Error)]
    public void Score_FindingsOnARowWhoseCellsTheCopyCouldNotAssign_InformationSayingSo(string confidence, FindingSeverity expected)
    {
        // An OCR copy ran "党性教育培训次数次26次12次100%55是" together; "26次" was probably "≥6次". Scored 5 of 5 on 12 of 26,
        // the row would be an error of the document; the transcriber's "low" makes it the copy's doubt.
        using var document = JsonDocument.Parse($$$"""
            {"project_evaluations": [{"name": "p", "funds": {"total": {"full_year_budget": "10", "executed": "10", "weight": "10", "execution_rate": "100%", "score": "10"}},
              "indicators": [
                {"level1": "产出指标", "level2": "数量指标", "name": "党性教育培训次数", "target": "26次", "actual": "12次", "weight": "5", "score": "5", "cell_assignment_confidence": {{{confidence}}}},
                {"level1": "产出指标", "level2": "数量指标", "name": "宣传活动次数", "target": "≥10次", "actual": "5次", "weight": "85", "score": "85"}],
              "total_score": "100"}]}
            """);

        var findings = ScoringEngine.Score(ProjectFormReader.Read(document.RootElement).Forms.Single(), Proportional).Findings;

        var uncertain = Assert.Single(findings, f => f.Type == ScoringEngine.SelfScoreInconsistent && f.Location.StartsWith("indicators[0]", StringComparison.Ordinal));
        Assert.Equal(expected, uncertain.Severity);
        Assert.Equal(expected == FindingSeverity.Info, uncertain.Detail.StartsWith("抄录存疑（本行各值所在栏次无法确认", StringComparison.Ordinal) && uncertain.Detail.Contains("否则为错误", StringComparison.Ordinal));
        Assert.All(findings.Where(f => f.Location.StartsWith("indicators[0]", StringComparison.Ordinal)), f => Assert.Equal(expected == FindingSeverity.Info, f.Severity == FindingSeverity.Info));
        // The copy's doubt does not move the total: the uncertain row's self-score stands in it (5, not 12/26 × 5).
        Assert.Equal(expected == FindingSeverity.Info ? 5m + 42.5m + 10m : 2.31m + 42.5m + 10m,
            ScoringEngine.Score(ProjectFormReader.Read(document.RootElement).Forms.Single(), Proportional).ComputedTotal);
        // The row the copy is sure of keeps its error: 5 of 10 scored full.
        Assert.Equal(FindingSeverity.Error, Assert.Single(findings, f => f.Type == ScoringEngine.SelfScoreInconsistent && f.Location.StartsWith("indicators[1]", StringComparison.Ordinal)).Severity);
    }

    [Fact]
    public void Score_000_AGradeOnlyWhereTheTotalIsOutOf100()
    {
        // 聘用人员劳务费 prints weights of 85: its 85 is not a 良 project. Every other form of 000 is graded.
        var scores = Score("000_bb240cb5f2680099.json");

        Assert.Equal(PerformanceMessages.NoGradeWeights, Assert.Single(scores, s => s.GradeWithheld is not null).GradeWithheld);
        Assert.Equal("聘用人员劳务费", Assert.Single(scores, s => s.GradeWithheld is not null).Form.Name);
    }

    [Theory]
    [InlineData(">=28 人", "26 人", "0")]
    [InlineData("<=2万元", "2.5万元", "0")]
    [InlineData("=8人", "8人", "5")]
    public void ScoreIndicator_Strict_MissesScoreNothing(string target, string actual, string score)
    {
        Assert.Equal(decimal.Parse(score, System.Globalization.CultureInfo.InvariantCulture), ScoringEngine.ScoreIndicator(Row(target, actual), Strict).Score);
    }

    [Theory]
    [InlineData(null, "8次", PerformanceMessages.NoReadableTarget)]
    [InlineData("<=3989.8 0 元/套", "3989.8元/套", PerformanceMessages.NoReadableTarget)]
    [InlineData("=3人", "社会效益指标", PerformanceMessages.ActualNotAValue)]
    [InlineData(">=23 人次", "26 人", "“人次”与“人”不是同一种计量，无法比较")]
    public void ScoreIndicator_CannotBeScored_NoScoreAndWhy(string? target, string actual, string why)
    {
        Assert.Equal((null, why), ScoringEngine.ScoreIndicator(Row(target, actual), Proportional));
    }

    [Theory]
    [InlineData("proportional", "95", "9.5")]
    [InlineData("proportional", "120", "10")]
    [InlineData("strict", "80", "5")]
    [InlineData("strict", "55", "0")]
    public void ScoreExecution_RateUnderPolicy_ShareOfTheFundsWeight(string policy, string rate, string score)
    {
        Assert.Equal(decimal.Parse(score, System.Globalization.CultureInfo.InvariantCulture), ScoringEngine.ScoreExecution(Funds(rate), Policies.Single(p => p.Id == policy)).Score);
    }

    /// <summary>Funds of 10 (budget and executed) with a printed execution rate, worth a funds weight of 10.</summary>
    internal static ProjectFunds Funds(string rate) =>
        new(new FundsLine(10, 10, null), 10, decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), null, null, null, null);

    [Theory]
    [InlineData("100", "50", "100", "5", "按资金数计算执行率（表中填报 100% 与资金数不符）：执行率 50% × 10 = 5")]   // typed over the figures
    [InlineData("12", "11", "91.67", "9.17", "执行率 91.67% × 10 = 9.17")]                                             // the figures' own rounding
    [InlineData("3", "2", "67", "6.7", "执行率 67% × 10 = 6.7")]                                                        // printed at fewer decimals: as right as its last digit
    [InlineData("", "", "80", "8", "执行率 80% × 10 = 8")]                                                               // no figures to contradict it
    public void ScoreExecution_PrintedRateAgainstTheFigures_ScoresTheRateTheFiguresBear(string budget, string executed, string rate, string score, string explanation)
    {
        static decimal? D(string s) => s.Length == 0 ? null : decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        var funds = new ProjectFunds(new FundsLine(null, D(budget), D(executed)), 10, D(rate), null, null, null, null);
        Assert.Equal((D(score), explanation), ScoringEngine.ScoreExecution(funds, Proportional));
    }

    [Theory]
    [InlineData("95", "执行率 95% × 10 = 9.5")]
    [InlineData("120", "执行率 120%（超过 100% 按 100% 计） × 10 = 10")]
    public void ScoreExecution_ProportionalCapped_ExplainedInWords(string rate, string explanation)
    {
        Assert.Equal(explanation, ScoringEngine.ScoreExecution(Funds(rate), Proportional).Explanation);
    }

    [Theory]
    [InlineData("90", "优")]
    [InlineData("89.99", "良")]
    [InlineData("60", "中")]
    [InlineData("59.5", "差")]
    public void GradeOf_Bands_AsThePolicySays(string total, string grade)
    {
        Assert.Equal(grade, Proportional.GradeOf(decimal.Parse(total, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Read_PolicyWithAnUnknownRule_ErrorNamesFileAndField()
    {
        using var document = JsonDocument.Parse("""
            { "id": "x", "title": "x", "fiscalYears": { "from": 2021 }, "quantity": { "noComparator": "atLeast", "atLeastShortfall": "generous",
              "atMostOverrun": "zero", "equalMiss": "zero" }, "timeliness": {}, "qualitative": { "Achieved": 1, "Partial": 0.5, "NotAchieved": 0 },
              "execution": { "kind": "proportional" }, "grades": [ { "grade": "差", "atLeast": 0 } ] }
            """);
        var error = Assert.Throws<ValidationException>(() => ScoringPolicy.Read(document.RootElement, "bad.json"));
        Assert.Equal("bad.json: quantity.atLeastShortfall", Assert.Single(error.Errors).Field);
    }

    /// <summary>
    /// Acceptance (issue 6): on 000 and 003, every project's published total is reproduced by the shipped policy, or
    /// the difference is explained by findings.
    /// </summary>
    [Fact]
    public void Score_000And003_PublishedTotalReproducedOrExplained()
    {
        string[] explaining = [ScoringEngine.SelfScoreInconsistent, ScoringEngine.ExecutionScoreInconsistent, FormAudit.TotalMismatch, FormAudit.WeightsSum];
        var unexplained = Score("000_bb240cb5f2680099.json").Concat(Score("003_92bef6b83a4d4ba2.json"))
            .Where(s => s.PublishedTotal != s.ComputedTotal && !s.Findings.Any(f => explaining.Contains(f.Type)))
            .Select(s => $"{s.Form.Name}: published {s.PublishedTotal}, computed {s.ComputedTotal}");
        Assert.Empty(unexplained);
    }

    [Fact]
    public void Score_000_TheDifferencesAndWhatExplainsThem()
    {
        var scores = Score("000_bb240cb5f2680099.json").ToDictionary(s => s.Form.Name);
        var differing = scores.Values.Where(s => s.PublishedTotal != s.ComputedTotal).Select(s => $"{s.Form.Name} {s.PublishedTotal}→{s.ComputedTotal}").Order(StringComparer.Ordinal);
        Assert.Equal(["聘用人员劳务费 100.00→85", "防震减灾科普教育基地设施设备维护(修)及更新 89.50→79.50"], differing);

        // 培训费 '<=2万元' with '0万元' (training not held, says its reason) scored 0/5 by the publisher: a cost never incurred
        // scores nothing under the policy (quantity.zeroCost "zero"), so the published 95 is reproduced.
        Assert.DoesNotContain(scores["安全监管监察经费"].Findings, f => f.Type == ScoringEngine.SelfScoreInconsistent);
        Assert.Equal(95m, scores["安全监管监察经费"].ComputedTotal);
        // 修护费用 '<=1 万元' with '0 万元' on a project that spent nothing, yet scored 10/10: the real anomaly, named twice.
        var repairs = scores["防震减灾科普教育基地设施设备维护(修)及更新"].Findings.Where(f => f.Location == "indicators[5] 修护费用").Select(f => f.Type).ToList();
        Assert.Equal([FormAudit.ZeroExecutionFullMarks, ScoringEngine.SelfScoreInconsistent], repairs);

        // Notes: the document flags its own '=28 人' (≤28 人) and '=100元' (≤100元).
        Assert.Equal(["indicators[2] 发放补助人数.target =28 人|≤28 人", "indicators[6] 宏观观测员培训每人 次(元).target =100元|≤100元"],
            scores["防震减灾三网一员体系建设工作经费"].Findings.Where(f => f is { Type: ScoringEngine.ProbableComparatorError, Severity: FindingSeverity.Warning })
                .Select(f => $"{f.Location} {f.Published}|{f.Computed}"));
        Assert.Equal("中", scores["防震减灾科普教育基地设施设备维护(修)及更新"].Grade);   // computed 79.50 (published 89.50, 良)
        Assert.All(scores.Values.SelectMany(s => s.Findings), f => { Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", f.Detail); Assert.DoesNotMatch(@"\b[A-Z]+(_[A-Z]+)+\b", f.Detail); });   // Chinese, and no code (UNIT_MISSING) inside the words
    }

    [Theory]
    [InlineData("≥20家", "22家", new[] { ScoringEngine.SelfScoreInconsistent })]                                       // met: the score is what to correct
    [InlineData("≥20家", "10家", new[] { FormAudit.ShortfallWithoutReason, ScoringEngine.SelfScoreInconsistent })]      // missed: the reason is wanting too
    public void Score_SelfScoreBelowTheWeightWithoutAReason_OneFindingWhereTheFiguresMeetTheTarget(string target, string actual, string[] expected)
    {
        var form = new ProjectForm("p", null, null, new ProjectFunds(new FundsLine(10, 10, 10), 10, 100, 10, null, null, null),
            [new Indicator(0, "产出指标", "数量指标", "指标", target, actual, 90, 40, null)], 50);

        var score = ScoringEngine.Score(form, Proportional);

        Assert.Equal(expected, score.Findings.Where(f => f.Location.StartsWith("indicators[0]", StringComparison.Ordinal)).Select(f => f.Type));
    }

    [Theory]
    [InlineData("≥90%", "80%", null, new[] { ScoringEngine.SelfScoreInconsistent, FormAudit.ShortfallWithoutReason })]   // missed, scored in full: both said
    [InlineData("≥90%", "80%", "回访样本不足，下年扩大样本", new[] { ScoringEngine.SelfScoreInconsistent })]               // the reason given
    [InlineData("≥90%", "95%", null, new string[0])]                                                                      // met in full: nothing
    public void Score_FiguresMissTheTargetScoredInFull_ReasonWantedToo(string target, string actual, string? reason, string[] expected)
    {
        var form = new ProjectForm("p", null, null, new ProjectFunds(new FundsLine(10, 10, 10), 10, 100, 10, null, null, null),
            [new Indicator(0, "满意度指标", "服务对象满意度指标", "满意度", target, actual, 90, 90, reason)], 100);

        var score = ScoringEngine.Score(form, Proportional);

        Assert.Equal(expected, score.Findings.Where(f => f.Location.StartsWith("indicators[0]", StringComparison.Ordinal)).Select(f => f.Type));
    }

    [Fact]
    public void Score_UncertainRowMetWithALowSelfScore_ItsSelfScoreFindingIsInformation()
    {
        // The audit's shortfall warning on this row is dropped after scoring (the figures meet the target); the self-score
        // finding that remains is still on a row the copy could not split, so it is information, not an error.
        var form = new ProjectForm("p", null, null, new ProjectFunds(new FundsLine(10, 10, 10), 10, 100, 10, null, null, null),
            [new Indicator(0, "产出指标", "数量指标", "指标", "≥20家", "22家", 90, 40, null) { UncertainCells = true }], 50);

        var score = ScoringEngine.Score(form, Proportional);

        var finding = Assert.Single(score.Findings, f => f.Location.StartsWith("indicators[0]", StringComparison.Ordinal));
        Assert.Equal((ScoringEngine.SelfScoreInconsistent, FindingSeverity.Info), (finding.Type, finding.Severity));
    }

    [Fact]
    public void Score_NoIndicatorHasATarget_NoPlatformGradeOneWarningForTheFormPrintedGradeKept()
    {
        // Targets left blank: nothing the platform can score; a total of self-scores graded 优 would be the unit's word as the platform's.
        var form = new ProjectForm("p", null, null, new ProjectFunds(new FundsLine(10, 10, 10), 10, 100, 10, null, null, null),
            [new Indicator(0, "产出指标", "数量指标", "科普活动", null, "22次", 45, 45, null), new Indicator(1, "满意度指标", "服务对象满意度指标", "满意度", null, "95%", 45, 45, null)], 100);

        var score = ScoringEngine.Score(form, Proportional);

        Assert.Equal(PerformanceMessages.NoGradeNothingScored, score.GradeWithheld);
        // Said once for the form, not once per row.
        var missing = Assert.Single(score.Findings, f => f.Type == FormAudit.TargetMissing);
        Assert.Equal((FindingSeverity.Warning, "indicators"), (missing.Severity, missing.Location));
        Assert.StartsWith("2 项指标均未填写年度指标值", missing.Detail, StringComparison.Ordinal);
        // Only the platform's grade is withheld: the unit's printed 100 still reads as 优 where its grade is shown.
        var result = Platform.Performance.Domain.Evaluations.EvaluationResult.Of(form, Proportional);
        Assert.Equal((null, "优"), (result.Grade, result.PublishedGrade));
    }

    [Fact]
    public void Score_OneIndicatorScored_GradeGiven()
    {
        var form = new ProjectForm("p", null, null, new ProjectFunds(new FundsLine(10, 10, 10), 10, 100, 10, null, null, null),
            [new Indicator(0, "产出指标", "数量指标", "科普活动", "≥20次", "22次", 45, 45, null), new Indicator(1, "满意度指标", "服务对象满意度指标", "满意度", null, "满意", 45, 45, null)], 100);

        var score = ScoringEngine.Score(form, Proportional);

        Assert.Null(score.GradeWithheld);
        // The one row without a target is its own warning, at its row.
        Assert.Equal(("indicators[1] 满意度", FindingSeverity.Warning), score.Findings.Where(f => f.Type == FormAudit.TargetMissing).Select(f => (f.Location, f.Severity)).Single());
    }
}
