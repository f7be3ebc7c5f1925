using Platform.Domain;
using Platform.Performance.Domain.Evaluations;
using Platform.Performance.Domain.Forms;

namespace Platform.Performance.Domain.Tests.Evaluations;

public sealed class FormRulesTests
{
    private static readonly IndicatorTree Tree = PerformanceReference.LoadShipped().TreeFor(2022);

    [Theory]
    [InlineData("12.5", 2, "12.5", null)]
    [InlineData(" 3 ", 2, "3", null)]
    [InlineData("", 2, null, null)]
    [InlineData("1.234", 2, null, "TOO_PRECISE")]
    [InlineData("1.230", 2, "1.230", null)]
    [InlineData("-1", 2, null, "NEGATIVE")]
    [InlineData("1,5", 2, null, "NOT_A_NUMBER")]
    [InlineData("十", 2, null, "NOT_A_NUMBER")]
    [InlineData("0.000001", 6, "0.000001", null)]
    public void Figure_Text_ValueOrCodedError(string text, int scale, string? expected, string? code)
    {
        var errors = new List<FieldError>();
        var value = FormRules.Figure(text, "f", scale, errors);
        Assert.Equal(expected is null ? null : decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Equal(code, errors.SingleOrDefault()?.Code);
        Assert.All(errors, e => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", e.Reason));
    }

    [Theory]
    [InlineData("产出指标", "数量指标", null)]
    [InlineData("产出", "数量", null)]
    [InlineData("效益指标", "可持续影响指标", null)]
    [InlineData("满意度指标", "服务对象满意度指标", null)]
    [InlineData("产出指标", "社会效益指标", "project_form.indicators[0].level2")]
    [InlineData("投入指标", "数量指标", "project_form.indicators[0].level1")]
    [InlineData(null, "数量指标", "project_form.indicators[0].level1")]
    public void CheckDraft_Levels_PlacedInTheYearsFramework(string? level1, string level2, string? field)
    {
        var form = new ProjectForm("p", null, null, new ProjectFunds(new FundsLine(1, 1, 1), 10, 100, 10, null, null, null),
            [new Indicator(0, level1, level2, "指标", "≥1个", "1个", 90, 90, null)], 100);
        var errors = new List<FieldError>();
        FormRules.CheckDraft(form, Tree, errors);
        Assert.Equal(field, errors.SingleOrDefault()?.Field);
    }

    [Fact]
    public void CheckDraft_ScoreAboveWeightAndNoName_EachNamed()
    {
        var form = new ProjectForm("", null, null, new ProjectFunds(new FundsLine(1, 1, 1), 10, 100, 12, null, null, null),
            [new Indicator(0, "产出指标", "数量指标", null, "≥1个", "1个", 90, 95, null), new Indicator(1, null, null, null, null, null, null, null, null)], 100);
        var errors = new List<FieldError>();
        FormRules.CheckDraft(form, Tree, errors);
        Assert.Equal(["project_form.funds.score", "project_form.indicators[0].name", "project_form.indicators[0].score", "project_form.name"],
            errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("91.67%", true, "91.67", null)]       // a rate as the form prints it
    [InlineData("91.67 ％", true, "91.67", null)]
    [InlineData("91.67%", false, null, "NOT_A_NUMBER")]   // a weight or an amount is no percentage
    public void Figure_PercentSign_OnlyOnARate(string text, bool rate, string? expected, string? code)
    {
        var errors = new List<FieldError>();
        var value = FormRules.Figure(text, "f", 2, errors, rate);
        Assert.Equal(expected is null ? null : decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Equal(code, errors.SingleOrDefault()?.Code);
    }

    [Theory]
    [InlineData("统筹海绵城市项目谋划", null)]          // described in words: information on the form, submitted as it is
    [InlineData("二十八次", "project_form.indicators[0].actual")]   // a figure in Chinese numerals: the platform cannot read it
    [InlineData("=0.4.2 万元", "project_form.indicators[0].actual")]
    [InlineData("≥二十八次", "project_form.indicators[0].actual")]      // with a comparator, a qualifier or words around it:
    [InlineData("不少于二十次", "project_form.indicators[0].actual")]   // still a figure the platform cannot read
    [InlineData("二十八次以上", "project_form.indicators[0].actual")]
    [InlineData("全年二十八次", "project_form.indicators[0].actual")]
    [InlineData("约三十万元", "project_form.indicators[0].actual")]
    [InlineData("高于九十五％", "project_form.indicators[0].actual")]
    [InlineData("—", null)]                  // a dash: the cell left empty, said so at save, not refused at submission
    [InlineData("服务质量十分良好", null)]     // 十分 is a word here, not ten points
    public void CheckSubmission_Actual_ADescriptionPassesAFigureItCannotReadDoesNot(string actual, string? refused)
    {
        var form = new ProjectForm("p", null, null, new ProjectFunds(new FundsLine(1, 1, 1), 10, 100, 10, null, null, null),
            [new Indicator(0, "产出指标", "数量指标", "指标", "≥28次", actual, 90, 80, "缺训")], 90);
        var errors = new List<FieldError>();
        FormRules.CheckSubmission(form, errors);
        Assert.Equal(refused, errors.SingleOrDefault()?.Field);
        // What the audit said of it at save agrees: a description is information, the rest a warning to correct.
        var audit = FormAudit.Check(form).Where(f => f.Location.EndsWith(".actual", StringComparison.Ordinal)).ToList();
        // (A description a level reads, 良好 in 十分良好, raises nothing at all.)
        Assert.All(audit, f => Assert.Equal(refused is null ? FindingSeverity.Info : FindingSeverity.Warning, f.Severity));
        Assert.True(refused is null || audit.Count == 1);
    }

    [Fact]
    public void CheckDraft_WeightTypedButNotANumber_OneReasonNotAlsoRequired()
    {
        var errors = new List<FieldError> { new("project_form.indicators[0].weight", "“二十” 不是数字", "NOT_A_NUMBER") };
        var form = new ProjectForm("p", null, null, new ProjectFunds(new FundsLine(1, 1, 1), 10, 100, 10, null, null, null),
            [new Indicator(0, "产出指标", "数量指标", "指标", "≥1个", "1个", null, 20, null)], 100);
        FormRules.CheckDraft(form, Tree, errors);
        Assert.Equal("NOT_A_NUMBER", Assert.Single(errors, e => e.Field == "project_form.indicators[0].weight").Code);
    }
}
