using Platform.Performance.Domain.Forms;

namespace Platform.Performance.Domain.Tests.Forms;

/// <summary>Each check on a small form built here, failing and passing.</summary>
public sealed class FormAuditRulesTests
{
    private static ProjectForm Form(FundsLine total, decimal? rate, FundsLine[] sources, decimal? printedTotal, params Indicator[] indicators) =>
        new("p", null, null, new ProjectFunds(total, 10, rate, 10, sources.ElementAtOrDefault(0), sources.ElementAtOrDefault(1), sources.ElementAtOrDefault(2)),
            indicators, printedTotal);

    private static Indicator Row(int row, string? target, string? actual, decimal weight, decimal score, string? reason = null) =>
        new(row, "产出指标", "数量指标", $"指标{row}", target, actual, weight, score, reason);

    [Fact]
    public void Check_ConsistentForm_NoFinding()
    {
        var form = Form(new FundsLine(10, 10, 9), 90, [new FundsLine(10, 10, 9), new FundsLine(0, 0, 0)], 95,
            Row(0, ">=8次", "8次", 50, 50), Row(1, ">=90%", "80%", 40, 35, "疫情影响"));
        Assert.Empty(FormAudit.Check(form));
    }

    [Fact]
    public void Check_SourcesDoNotAddUp_FundsRowsFinding()
    {
        var form = Form(new FundsLine(10, 10, 9), 90, [new FundsLine(8, 10, 9), new FundsLine(0, 0, 0)], 100, Row(0, "=1次", "1次", 90, 90));
        var finding = Assert.Single(FormAudit.Check(form));
        Assert.Equal((FormAudit.FundsRows, "funds.total.initial_budget", "10", "8"), (finding.Type, finding.Location, finding.Published, finding.Computed));
    }

    [Fact]
    public void Check_TotalRowUnfilledBesideASpendingSource_FundsRowsNotZeroExecution()
    {
        // The 年度资金总额 row printed 0/0/0 while 本年财政拨款 executed 89.974 (a document of 池州, 2022): the total is unfilled,
        // the project did spend; full marks are not "without spending".
        var form = Form(new FundsLine(0, 0, 0), 0, [new FundsLine(90, 89.974m, 89.974m)], 100, Row(0, "=1次", "1次", 90, 90));

        var findings = FormAudit.Check(form);

        // One finding for the one unfilled row, not one per column.
        var unfilled = Assert.Single(findings, f => f.Type == FormAudit.FundsRows);
        Assert.Equal(("funds.total", "90 / 89.974 / 89.974"), (unfilled.Location, unfilled.Computed));
        Assert.Contains("年度资金总额一行填为 0", unfilled.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(findings, f => f.Type == FormAudit.ZeroExecutionFullMarks);
    }

    [Fact]
    public void Check_ScoreAboveItsWeight_ErrorForTheIndicatorAndTheFunds()
    {
        var form = new ProjectForm("p", null, null, new ProjectFunds(new FundsLine(10, 10, 10), 10, 100, 12, null, null, null),
            [Row(0, "=1次", "1次", 45, 50, "原因"), Row(1, "=1次", "1次", 45, 38)], 100);

        var over = FormAudit.Check(form).Where(f => f.Type == FormAudit.ScoreOverWeight).Select(f => (f.Location, f.Published, f.Computed)).ToList();

        Assert.Equal([("funds.total.score", "12", "10"), ("indicators[0] 指标0", "50", "45")], over);
    }

    [Fact]
    public void Check_IndicatorWeighedZero_Warning()
    {
        var form = Form(new FundsLine(10, 10, 10), 100, [], 100, Row(0, "=1次", "1次", 90, 90), Row(1, "=1次", "1次", 0, 0));

        Assert.Equal("indicators[1] 指标1", Assert.Single(FormAudit.Check(form), f => f.Type == FormAudit.ZeroWeight).Location);
    }

    [Theory]
    [InlineData("成本0", "6万元", "成本1", "3万元", true)]       // 9 of 8 executed
    [InlineData("成本0", "5万元", "成本1", "3万元", false)]      // 8 of 8
    [InlineData("成本0", "50000元", "成本1", "20000元", false)]  // 7 of 8, in 元
    [InlineData("项目总成本", "8万元", "设备购置", "5万元", false)] // the whole and a part of it: the whole alone
    [InlineData("人均补助标准", "2400元", "成本1", "7万元", false)] // a cost per person is not spending
    public void Check_CostsAgainstExecution_OnlyWhenTheyExceedIt(string firstName, string first, string secondName, string second, bool flagged)
    {
        Indicator Cost(int row, string name, string actual) => new(row, "产出指标", "成本指标", name, "<=10万元", actual, 45, 45, null);
        var form = Form(new FundsLine(10, 10, 8), 80, [], 98, Cost(0, firstName, first), Cost(1, secondName, second));

        Assert.Equal(flagged, FormAudit.Check(form).Any(f => f.Type == FormAudit.CostsOverExecuted));
    }

    [Fact]
    public void Check_CostsBesideAnUnfilledTotalRow_AgainstTheSourcesExecution()
    {
        Indicator Cost(int row, string actual) => new(row, "产出指标", "成本指标", $"成本{row}", "<=100万元", actual, 45, 45, null);
        var form = Form(new FundsLine(0, 0, 0), 0, [new FundsLine(90, 89.974m, 89.974m)], 100, Cost(0, "89.97万元"), Cost(1, "0万元"));

        Assert.DoesNotContain(FormAudit.Check(form), f => f.Type == FormAudit.CostsOverExecuted);
    }

    [Fact]
    public void Check_BonusItemWeighedZeroWithPoints_NeitherOverWeightNorUnweighted()
    {
        var form = Form(new FundsLine(10, 10, 10), 100, [], 102, Row(0, "=1次", "1次", 90, 90), Row(1, "=1次", "1次", 0, 2));

        Assert.DoesNotContain(FormAudit.Check(form), f => f.Type is FormAudit.ScoreOverWeight or FormAudit.ZeroWeight);
    }

    [Fact]
    public void Check_NothingSpentAnywhere_ZeroExecutionFullMarks()
    {
        var form = Form(new FundsLine(1, 1, 0), 0, [new FundsLine(1, 1, 0)], 100, Row(0, "=1次", "1次", 90, 90));

        Assert.Contains(FormAudit.Check(form), f => f.Type == FormAudit.ZeroExecutionFullMarks);
    }

    [Fact]
    public void Check_RateNotExecutedOverBudget_ExecutionRateFinding()
    {
        var form = Form(new FundsLine(10, 8, 6), 75.5m, [], 100, Row(0, "=1次", "1次", 90, 90));
        var finding = Assert.Single(FormAudit.Check(form));
        Assert.Equal((FormAudit.ExecutionRate, "75.5%", "75%"), (finding.Type, finding.Published, finding.Computed));
    }

    [Fact]
    public void Check_ShortfallWithoutReasonAndUnitMismatch_Found()
    {
        var form = Form(new FundsLine(10, 10, 10), 100, [], 95, Row(0, ">=20人次", "18人", 90, 85));
        Assert.Equal([FormAudit.ShortfallWithoutReason, FormAudit.UnitMismatch], FormAudit.Check(form).Select(f => f.Type));
    }

    [Fact]
    public void Check_PartialCopy_NoSumsOverRowsNotCopiedButSaysSo()
    {
        // The copy stops before the satisfaction block and the total: 10 + 50 of 100 are there.
        var form = Form(new FundsLine(10, 10, 10), 100, [new FundsLine(10, 10, 10)], 95, Row(0, ">=8次", "8次", 50, 50)) with { PartialCopy = true };

        var findings = FormAudit.Check(form);

        var finding = Assert.Single(findings);
        Assert.Equal((FormAudit.PartialCopy, FindingSeverity.Info, "60"), (finding.Type, finding.Severity, finding.Computed));
        Assert.Equal([FormAudit.WeightsSum, FormAudit.TotalMismatch], FormAudit.Check(form with { PartialCopy = false }).Select(f => f.Type));
    }

    [Fact]
    public void Check_ATargetDescribedInWords_InfoNotAMalformedValue()
    {
        var form = Form(new FundsLine(10, 10, 10), 100, [], 100,
            Row(0, "统筹海绵城市项目谋划", "完成", 45, 45), Row(1, "M.8万元", "14.8万元", 45, 45));

        var findings = FormAudit.Check(form);

        Assert.Equal((FindingSeverity.Info, "indicators[0] 指标0.target"), Assert.Single(findings, f => f.Type == FormAudit.DescriptiveValue) is var d ? (d.Severity, d.Location) : default);
        // A figure gone wrong (an OCR "M" for "1") stays a warning.
        Assert.Equal((FindingSeverity.Warning, "indicators[1] 指标1.target"), Assert.Single(findings, f => f.Type == FormAudit.MalformedValue) is var m ? (m.Severity, m.Location) : default);
    }

    [Fact]
    public void Check_ALayoutWithoutWeights_NoWeightsSumButTheTotalStillChecked()
    {
        var form = Form(new FundsLine(10, 10, 10), 100, [], 99,
            new Indicator(0, "产出指标", "数量指标", "指标0", ">=8次", "8次", null, 40, null), new Indicator(1, "产出指标", "数量指标", "指标1", ">=8次", "8次", null, 40, null));

        var types = FormAudit.Check(form).Select(f => f.Type).ToList();

        Assert.Contains(FormAudit.NoWeights, types);
        Assert.DoesNotContain(FormAudit.WeightsSum, types);
        Assert.Contains(FormAudit.TotalMismatch, types);   // 99 printed, 40 + 40 + 10 scored
    }

    [Fact]
    public void Check_ATotalRowNotPrinted_NoUnfilledRowFinding()
    {
        // Blank is not zero: a copy without the 年度资金总额 row says nothing about it.
        var form = Form(new FundsLine(null, null, null), null, [new FundsLine(90, 89.974m, 89.974m)], 100, Row(0, "=1次", "1次", 90, 90));

        Assert.DoesNotContain(FormAudit.Check(form), f => f.Type == FormAudit.FundsRows);
    }

    [Theory]
    [InlineData("统筹海绵城市项目谋划", "完成", "按实际完成值的表述计分")]
    [InlineData("—", "完成", "是占位符，视同未填")]
    [InlineData("统筹海绵城市项目谋划", "谋划到位", "平台不为此项计分")]
    public void Check_ADescribedTarget_SaysHowTheIndicatorIsScored(string target, string actual, string said)
    {
        var finding = Assert.Single(FormAudit.Check(Form(new FundsLine(10, 10, 10), 100, [], 100, Row(0, target, actual, 90, 90))),
            f => f.Type == FormAudit.DescriptiveValue && f.Location.EndsWith(".target", StringComparison.Ordinal));

        Assert.Contains(said, finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_TheActualRepeatingTheTargetsWords_OneInfo()
    {
        var findings = FormAudit.Check(Form(new FundsLine(10, 10, 10), 100, [], 100, Row(0, "完成1部宣传片,2套方案", "完成1部宣传片,2套方案", 90, 90)));

        Assert.Equal(FindingSeverity.Info, Assert.Single(findings, f => f.Type == FormAudit.DescriptiveValue).Severity);
        Assert.DoesNotContain(findings, f => f.Type == FormAudit.MalformedValue);

        // A figure gone wrong on both sides (an OCR "工" for "≥") is not a statement of work: two warnings.
        var ocr = FormAudit.Check(Form(new FundsLine(10, 10, 10), 100, [], 100, Row(0, "工5%", "工5%", 90, 90)));
        Assert.Equal(2, ocr.Count(f => f.Type == FormAudit.MalformedValue));
    }

    [Theory]
    [InlineData(">=8次", "8", FindingSeverity.Info)]        // a count without its unit cannot be misread
    [InlineData(">=95%", "98", FindingSeverity.Info)]
    [InlineData("<=15万元", "14", FindingSeverity.Warning)]  // 14 元 or 14 万元?
    [InlineData(">=5万人", "6", FindingSeverity.Warning)]    // 6 人 or 6 万人?
    public void Check_AnActualWithoutItsUnit_AWarningOnlyWhereItCanBeMisread(string target, string actual, FindingSeverity expected)
    {
        var finding = Assert.Single(FormAudit.Check(Form(new FundsLine(10, 10, 10), 100, [], 100, Row(0, target, actual, 90, 90))), f => f.Type == FormAudit.UnitMismatch);

        Assert.Equal(expected, finding.Severity);
    }

    [Fact]
    public void Check_NoActualNorScoreOnAnyRow_OneUnfilledFinding()
    {
        var unfilled = Form(new FundsLine(10, 10, 10), 100, [new FundsLine(10, 10, 10)], null,
            new Indicator(0, "产出指标", "数量指标", "指标0", "=100%", null, 60, null, null), new Indicator(1, "产出指标", "质量指标", "指标1", "=100%", null, 30, null, null));

        var finding = Assert.Single(FormAudit.Check(unfilled), f => f.Type == FormAudit.Unfilled);
        Assert.Equal((FindingSeverity.Warning, "indicators"), (finding.Severity, finding.Location));
        Assert.DoesNotContain(FormAudit.Check(unfilled with { Indicators = [unfilled.Indicators[0] with { Actual = "100%" }, unfilled.Indicators[1]] }), f => f.Type == FormAudit.Unfilled);
        // A dash in every actual cell is nothing filled in either.
        Assert.Contains(FormAudit.Check(unfilled with { Indicators = [.. unfilled.Indicators.Select(i => i with { Actual = "—" })] }), f => f.Type == FormAudit.Unfilled);
    }

    [Theory]
    [InlineData("高", "高", 1)]          // a word no level reads, repeated: said once, at the row
    [InlineData("高", "较高", 2)]        // two descriptions: each cell said
    [InlineData("—", "—", 2)]          // nothing filled in either cell
    public void Check_ActualRepeatingAWordTarget_SaidOnce(string target, string actual, int findings)
    {
        var form = Form(new FundsLine(10, 10, 10), 100, [new FundsLine(10, 10, 10)], 100, Row(0, target, actual, 90, 90));

        Assert.Equal(findings, FormAudit.Check(form).Count(f => f.Type == FormAudit.DescriptiveValue));
    }
}
