using System.Text.Json;
using Platform.Performance.Domain.Forms;
using Platform.Performance.Domain.Scoring;

namespace Platform.Performance.Domain.Tests.Scoring;

/// <summary>
/// The overall department form of 001, against the file's own notes: scored from its targets and actuals (overall.scoreBy
/// "values", what every figure of the notes checks), and as its office scores it, by its printed 完成率 (the shipped 65 policy).
/// </summary>
public sealed class OverallScoringTests
{
    private static readonly ScoringPolicy Shipped = ScoringPolicy.LoadShipped().Single(p => p.Id == "proportional");
    private static readonly OverallScore Score001 = Score();

    private static OverallScore Score()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedDocuments.Path("001_199c58de98038b6c.json")));
        var (form, unreadable) = OverallForm.Read(document.RootElement);
        Assert.Empty(unreadable);
        return OverallScoring.Score(form!, PolicySpace.With(Shipped, "overall.scoreBy", System.Text.Json.Nodes.JsonValue.Create("values")));
    }

    private static IEnumerable<string> Of(string type) =>
        Score001.Findings.Where(f => f.Type == type).Select(f => $"{f.Severity} {f.Location} {f.Published}|{f.Computed}");

    [Fact]
    public void Score_001_TheFiguresThatAddUpRaiseNothing()
    {
        // Notes: 8 weights make 90 (the execution weight, not printed, is 10); 8.98 + the scores = the printed 90.83;
        // 基本 + 项目 = 合计 in every column; 436.51 / 485.82 = 89.85 %; 52.13 / 433.69 = 12.02 %.
        Assert.Equal(["Info weight |10"], Of(OverallScoring.ImpliedWeight));
        Assert.Empty(Of(FormAudit.WeightsSum));
        Assert.Empty(Of(FormAudit.TotalMismatch));
        Assert.Empty(Of(OverallScoring.FundingRows));
        Assert.Empty(Of(FormAudit.ExecutionRate));
        Assert.Empty(Of(OverallScoring.Adjustment));
        Assert.Empty(Of(ScoringEngine.ExecutionScoreInconsistent));   // 89.85 % × 10 = 8.985: 8.98 printed, within 0.01
    }

    [Fact]
    public void Score_001_TheInconsistenciesOfItsNotes()
    {
        // The listed projects executed 0 + 5.91 + 15.44 = 21.35, the document uses 21.34.
        Assert.Equal(["Info projects.executed 21.34|21.35"], Of(OverallScoring.ProjectsSum));
        // 预算经费 '小于等于 433.69 万元' with 436.51 万元: an overrun, scored 10.78/12; its 89.85 % completion is the
        // overall execution rate, not this indicator's.
        Assert.Equal(["Error indicators[1] 预算经费 10.78|11.92"], Of(ScoringEngine.SelfScoreInconsistent));
        Assert.Equal(["Warning indicators[1] 预算经费.completion_rate 89.85%|99.35%"], Of(OverallScoring.CompletionRate));
    }

    [Fact]
    public void Score_001_TotalRecomputedBesideThePublished()
    {
        Assert.Equal(90.83m, Score001.Form.PrintedTotal);
        Assert.Equal("优", Score001.Form.PrintedGrade);
        Assert.Equal(91.98m, Score001.ComputedTotal);   // 90.83 − 10.78 + 11.92 + (8.99 − 8.98)
        Assert.Equal("优", Score001.Grade);
        Assert.Contains(Score001.Indicators, i => i.Explanation == "30.66/100 × 10 = 3.07");
    }

    [Fact]
    public void Score_PartialCopy_NoImpliedWeightNoTotalCheckButSaysSo()
    {
        // 001 declared cut after its fourth indicator: what is there is still scored, sums over all rows are not checked.
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(SharedDocuments.Path("001_199c58de98038b6c.json")))!;
        var overall = json["overall_performance_evaluation"]!.AsObject();
        overall["partial_copy"] = true;
        overall["indicators"] = new System.Text.Json.Nodes.JsonArray([.. overall["indicators"]!.AsArray().Take(4).Select(i => i!.DeepClone())]);
        overall["total_score"] = "95";
        using var document = JsonDocument.Parse(json.ToJsonString());

        var score = OverallScoring.Score(OverallForm.Read(document.RootElement).Form!, ScoringPolicy.LoadShipped().Single(p => p.Id == "proportional"));

        var types = score.Findings.Select(f => f.Type).ToList();
        Assert.Contains(FormAudit.PartialCopy, types);
        Assert.DoesNotContain(OverallScoring.ImpliedWeight, types);
        Assert.DoesNotContain(FormAudit.WeightsSum, types);
        Assert.DoesNotContain(FormAudit.TotalMismatch, types);
        Assert.Equal(4, score.Indicators.Count);
    }

    [Fact]
    public void Score_001ByItsPrintedCompletionRates_PublishedTotalAndTheRateStillChecked()
    {
        // 001 scores every row 分值 × min(完成率, 100 %): 预算经费 12 × 89.85 % = 10.78 (its 完成率 is the budget's execution
        // rate), 自然灾害…准确率 10 at 105.26 %. Scored so — the shipped 65 policy, as the fit over 65's documents found — the
        // total is the printed 90.83 within a cent; the rate itself is still not what "≤433.69 万元" against 436.51 gives.
        using var document = JsonDocument.Parse(File.ReadAllText(SharedDocuments.Path("001_199c58de98038b6c.json")));
        Assert.True(Shipped.ScoresByCompletionRate);

        var score = OverallScoring.Score(OverallForm.Read(document.RootElement).Form!, Shipped);

        Assert.Equal(90.84m, score.ComputedTotal);   // the printed 90.83 within a cent
        Assert.Equal((10.78m, "按表中完成率计分：完成率 89.85% × 12 = 10.78"), (score.Indicators[1].Computed!.Value, score.Indicators[1].Explanation));
        Assert.Equal(10m, score.Indicators[4].Computed);
        Assert.DoesNotContain(score.Findings, f => f.Type == ScoringEngine.SelfScoreInconsistent);
        Assert.Contains(score.Findings, f => f.Type == OverallScoring.CompletionRate && f.Location.StartsWith("indicators[1]", StringComparison.Ordinal));
        Assert.Equal(91.98m, Score001.ComputedTotal);   // by values: the same form scores 91.98
    }

    [Theory]
    [InlineData("values")]
    [InlineData("completionRate")]
    public void Score_APrintedCompletionRateTheValuesDoNotGive_SaidUnderEitherPolicy(string scoreBy)
    {
        // 数字化应急指挥系统注册企业数量: "≥52 家" against 26 家 printed complete (103.85 %) with full marks: scored by the
        // printed rate it would stand unseen.
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(SharedDocuments.Path("001_199c58de98038b6c.json")))!;
        json["overall_performance_evaluation"]!["indicators"]![5]!["actual"] = "26 家";
        using var document = JsonDocument.Parse(json.ToJsonString());
        var policy = PolicySpace.With(ScoringPolicy.LoadShipped().Single(p => p.Id == "proportional"), "overall.scoreBy", System.Text.Json.Nodes.JsonValue.Create(scoreBy));

        var score = OverallScoring.Score(OverallForm.Read(document.RootElement).Form!, policy);

        var finding = Assert.Single(score.Findings, f => f.Type == OverallScoring.CompletionRate && f.Location.StartsWith("indicators[5]", StringComparison.Ordinal));
        Assert.Equal(("103.85%", "50%"), (finding.Published, finding.Computed));
        // Either way the row scores what its figures give, 15 × 26/52: a rate typed above them raises no score, and the
        // self-assigned 15 is an error.
        Assert.Equal(7.5m, score.Indicators[5].Computed);
        Assert.Contains(score.Findings, f => f.Type == ScoringEngine.SelfScoreInconsistent && f.Severity == FindingSeverity.Error && f.Location.StartsWith("indicators[5]", StringComparison.Ordinal));
        // The rows whose rates are right to 100 % (105.26 % for 100 of ≥95, 100 % for 100 % of ≥5 %) raise nothing.
        Assert.DoesNotContain(score.Findings, f => f.Type == OverallScoring.CompletionRate && f.Location.StartsWith("indicators[0]", StringComparison.Ordinal));
        Assert.DoesNotContain(score.Findings, f => f.Type == OverallScoring.CompletionRate && f.Location.StartsWith("indicators[4]", StringComparison.Ordinal));
    }

    [Fact]
    public void Score_BothRatesPast100ButUnlike_InformationOnly()
    {
        // 自然灾害…准确率: 100 % of "≥95%" is 105.26 %; printed 150 % it moves no score (both count as 100 %), yet the
        // figure is not the form's own. 培训费下降率's 100 % for 100 % of "≥5%" (2000 %) is the form's cap: nothing.
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(SharedDocuments.Path("001_199c58de98038b6c.json")))!;
        json["overall_performance_evaluation"]!["indicators"]![4]!["completion_rate"] = "150%";
        using var document = JsonDocument.Parse(json.ToJsonString());

        var score = OverallScoring.Score(OverallForm.Read(document.RootElement).Form!, Shipped);

        var finding = Assert.Single(score.Findings, f => f.Type == OverallScoring.CompletionRate && f.Location.StartsWith("indicators[4]", StringComparison.Ordinal));
        Assert.Equal((FindingSeverity.Info, "150%", "105.26%"), (finding.Severity, finding.Published, finding.Computed));
        Assert.Contains("均超过 100%，不影响得分", finding.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(score.Findings, f => f.Type == OverallScoring.CompletionRate && f.Location.StartsWith("indicators[0]", StringComparison.Ordinal));
        Assert.Equal(10m, score.Indicators[4].Computed);
    }
    [Fact]
    public void Score_PrintedRateAgainstTheFunds_OneRuleForTheAuditAndTheScore()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedDocuments.Path("001_199c58de98038b6c.json")));
        var form = OverallForm.Read(document.RootElement).Form!;
        var byFunds = form.Total!.Executed!.Value / form.Total.FullYearBudget!.Value * 100m;

        // Printed to whole percent: as right as its last digit — no error, and the printed rate is what is scored.
        var rounded = OverallScoring.Score(form with { ExecutionRate = Math.Round(byFunds, 0, MidpointRounding.AwayFromZero) }, Shipped);
        Assert.DoesNotContain(rounded.Findings, f => f.Type == FormAudit.ExecutionRate);
        Assert.DoesNotContain("按资金数计算执行率", rounded.ExecutionExplanation, StringComparison.Ordinal);

        // Typed far from the funds: an error, and the score from the funds, said so.
        var typed = OverallScoring.Score(form with { ExecutionRate = 50m }, Shipped);
        Assert.Single(typed.Findings, f => f.Type == FormAudit.ExecutionRate && f.Severity == FindingSeverity.Error);
        Assert.StartsWith("按资金数计算执行率（表中填报 50% 与资金数不符）", typed.ExecutionExplanation, StringComparison.Ordinal);
    }

    /// <summary>A form of 001 with some of its overall section replaced (JSON values by property).</summary>
    private static OverallScore Edited(Action<System.Text.Json.Nodes.JsonObject> edit)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(SharedDocuments.Path("001_199c58de98038b6c.json")))!;
        edit(json["overall_performance_evaluation"]!.AsObject());
        using var document = JsonDocument.Parse(json.ToJsonString());
        return OverallScoring.Score(OverallForm.Read(document.RootElement).Form!, Shipped);
    }

    [Fact]
    public void Score_FundingRowLeftBlank_NotAddedAsZero()
    {
        // 项目支出's 执行数 left blank: 415.17 alone against the total's 436.51 — the blank is not "0", and the finding lists
        // only what was filled.
        var score = Edited(o => o["funding"]![2]!["executed"] = null);

        var finding = Assert.Single(score.Findings, f => f.Type == OverallScoring.FundingRows);
        Assert.Equal(("funding.executed", "436.51", "415.17"), (finding.Location, finding.Published, finding.Computed));
        Assert.Equal("合计行的全年执行数 436.51 不等于其余各行之和（415.17 = 415.17）", finding.Detail);
    }

    [Fact]
    public void Score_AdjustmentRateWrong_ShowsTheRateItChecked()
    {
        // 1 / 800 = 0.125 %: 0.13 % half away from zero — what is checked is what is shown (banker's rounding showed 0.12 %).
        var score = Edited(o => { o["initial_budget"] = "800"; o["adjustment"] = "1"; o["adjusted_budget"] = "801"; o["adjustment_rate"] = "0.5%"; });

        var finding = Assert.Single(score.Findings, f => f.Type == OverallScoring.Adjustment);
        Assert.Equal(("0.5%", "0.13%", "调整率应为 0.13%（调整 1 / 年初预算数 800），表中填报 0.5%"), (finding.Published, finding.Computed, finding.Detail));
    }
}
