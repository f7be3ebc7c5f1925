using System.Text.Json;
using Platform.Performance.Domain.Forms;
using Platform.Performance.Domain.Scoring;

namespace Platform.Performance.Domain.Tests.Scoring;

/// <summary>Calibration (issue 21): the policy a set of published forms follows, found in the declared space.</summary>
public sealed class PolicyFitTests
{
    private static readonly PolicySpace Space = PolicySpace.LoadShipped();

    private static Indicator Row(int row, string target, string actual, decimal weight, decimal score) =>
        new(row, "产出指标", "数量指标", $"指标{row}", target, actual, weight, score, "原因");

    /// <summary>A form whose publisher scores shortfalls as nothing and rounds to one digit, truncating.</summary>
    private static ProjectForm Form(string name, decimal shortfallScore, decimal total) => new(name, null, null,
        new ProjectFunds(new FundsLine(100, 100, 100), 10, 100, 10, null, null, null),
        [Row(0, ">=100人", "100人", 40, 40), Row(1, ">=30次", "29次", 30, shortfallScore), Row(2, "≥90%", "95%", 20, 20)], total);

    [Fact]
    public void Fit_PublisherScoresShortfallsAsNothing_FindsThatRuleAndReproducesEveryTotal()
    {
        var subjects = new[] { Form("甲", 0, 70), Form("乙", 0, 70) }.Select(f => new FitSubject("x.json", f, null)).ToList();

        var result = PolicyFit.Fit(subjects, Space, ScoringPolicy.LoadShipped().Where(p => p.Id == "proportional").ToList(), "fitted-6501-2022", "拟合", 2022, "6501");

        Assert.Equal((2, 2), (result.Reproduced, result.WithTotal));
        Assert.Equal(MissRule.Zero, result.Policy.AtLeastShortfall);
        Assert.Equal(("fitted-6501-2022", 2022, (int?)null, "6501"), (result.Policy.Id, result.Policy.FromYear, result.Policy.ToYear, Assert.Single(result.Policy.Regions)));
        // What the documents did not speak to stays as the starting policy had it.
        Assert.Equal(OverRule.AsMiss, result.Policy.EqualOver);
    }

    [Fact]
    public void Fit_PublisherTruncates_FindsTheRounding()
    {
        // 29/30 × 30 = 29 exactly; 97/100 × 7 = 6.79 → 6.7 truncated at one digit.
        var form = new ProjectForm("丙", null, null, new ProjectFunds(new FundsLine(100, 100, 100), 10, 100, 10, null, null, null),
            [Row(0, ">=100人", "97人", 7, 6.7m), Row(1, ">=30次", "30次", 83, 83)], 99.7m);

        var result = PolicyFit.Fit([new FitSubject("y.json", form, null)], Space, ScoringPolicy.LoadShipped(), "f", "f", 2022, "65");

        Assert.True(result.Outcomes.Single().Reproduced, string.Join("; ", result.Outcomes.Single().Findings.Select(f => f.Detail)));
        Assert.Equal((1, RoundingMode.Truncate), (result.Policy.Rounding, result.Policy.RoundingMode));
    }

    [Fact]
    public void Fit_APrintedTotalUnlikeItsScores_NotReproducedAndTheFindingSaysWhy()
    {
        var form = Form("丁", 30, 90);   // the scores add up to 100

        var result = PolicyFit.Fit([new FitSubject("z.json", form, null)], Space, ScoringPolicy.LoadShipped(), "f", "f", 2022, "65");

        var outcome = Assert.Single(result.Outcomes);
        Assert.False(outcome.Reproduced);
        Assert.Contains(outcome.Findings, f => f.Type == FormAudit.TotalMismatch);
    }

    [Fact]
    public void Fit_SharedDocuments_ReproducesAtLeastFourFifthsAndExplainsTheRest()
    {
        var subjects = new List<FitSubject>();
        foreach (var file in new[] { "000_bb240cb5f2680099.json", "001_199c58de98038b6c.json", "003_92bef6b83a4d4ba2.json" })
        {
            using var document = JsonDocument.Parse(File.ReadAllText(SharedDocuments.Path(file)));
            subjects.AddRange(FitSubject.Read(document.RootElement, file));
        }

        var result = PolicyFit.Fit(subjects, Space, ScoringPolicy.LoadShipped(), "fitted-65-2022", "拟合", 2022, "65");

        Assert.True(result.Reproduced * 5 >= result.WithTotal * 4, $"{result.Reproduced} of {result.WithTotal}");
        // Every total not reproduced is explained by a finding of an anomaly of the document at error or warning level.
        Assert.All(result.Outcomes.Where(o => o.Published is not null && !o.Reproduced),
            o => Assert.Contains(o.Findings, f => f.Severity != FindingSeverity.Info && f.Type is not ScoringEngine.SelfScoreInconsistent and not ScoringEngine.ExecutionScoreInconsistent
                || f.Type == ScoringEngine.SelfScoreInconsistent && f.Severity == FindingSeverity.Error));
    }

    [Fact]
    public void Fit_APartialCopy_ItsTotalNotCounted()
    {
        // The copy stops before its last indicator: 90 of its printed 100 can be scored, so its total is neither a miss nor a fit.
        var cut = Form("戊", 30, 100) with { Indicators = [Row(0, ">=100人", "100人", 40, 40), Row(1, ">=30次", "30次", 30, 30)], PartialCopy = true };
        var whole = Form("己", 29, 99);   // 29/30 × 30 in proportion

        var result = PolicyFit.Fit([new FitSubject("p.json", cut, null), new FitSubject("w.json", whole, null)], Space, ScoringPolicy.LoadShipped(), "f", "f", 2022, "65");

        Assert.Equal((1, 1), (result.Reproduced, result.WithTotal));
        Assert.Equal((true, false, false), (result.Outcomes[0].PartialCopy, result.Outcomes[0].Counted, result.Outcomes[0].Reproduced));
    }
}
