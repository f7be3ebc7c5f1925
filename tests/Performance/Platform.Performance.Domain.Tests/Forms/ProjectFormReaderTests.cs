using System.Globalization;
using System.Text.Json;
using Platform.Performance.Domain.Forms;

namespace Platform.Performance.Domain.Tests.Forms;

public sealed class ProjectFormReaderTests
{
    private static ProjectForm Read(string funds)
    {
        using var document = JsonDocument.Parse($$"""{"project_evaluations": [{"name": "p", "funds": {"total": {{funds}}}, "indicators": []}]}""");
        return ProjectFormReader.Read(document.RootElement).Forms.Single();
    }

    [Theory]
    // 湖北's 执行率(B/A): the ratio, as printed, with the precision printed.
    [InlineData("\"1.56\"", "\"1.56\"", "\"1\"", "100")]
    [InlineData("\"100\"", "\"98.3\"", "\"0.98\"", "98")]
    [InlineData("\"100\"", "\"98.3\"", "\"0.983\"", "98.3")]
    // A percentage stays one: with its sign, or when the amounts give it (1 % spent), or when nothing tells.
    [InlineData("\"100\"", "\"98.3\"", "\"98.3%\"", "98.3")]
    [InlineData("\"100\"", "\"1\"", "\"1\"", "1")]
    [InlineData("\"100\"", "\"98\"", "\"98\"", "98")]
    [InlineData("null", "null", "\"1\"", "1")]
    [InlineData("\"0\"", "\"0\"", "\"1\"", "1")]
    public void Read_ExecutionRateWithoutAPercentSign_ARatioTheAmountsGiveReadAsItsPercentage(string budget, string executed, string printed, string percent)
    {
        var form = Read($$"""{"full_year_budget": {{budget}}, "executed": {{executed}}, "weight": "20", "execution_rate": {{printed}}, "score": "20"}""");

        Assert.Equal(decimal.Parse(percent, CultureInfo.InvariantCulture), form.Funds.ExecutionRate);
    }

    [Theory]
    [InlineData("98.3", "0.98", "98")]
    [InlineData("94.9", "0.9", "90")]   // right to the one digit printed: 0.9 is 90 ± 5 %
    public void Check_ExecutionRatePrintedAsARatio_SaidHowItWasReadNoErrorAgainstItsAmounts(string executed, string printed, string percent)
    {
        var form = Read($$"""{"full_year_budget": "100", "executed": "{{executed}}", "weight": "20", "execution_rate": "{{printed}}", "score": "19.6"}""");

        var finding = Assert.Single(FormAudit.Check(form), f => f.Type == FormAudit.ExecutionRate);
        Assert.Equal((FindingSeverity.Info, $"执行率填报为比值 {printed}（全年执行数 / 全年预算数），按 {percent}% 计"), (finding.Severity, finding.Detail));
    }

    [Fact]
    public void Read_ARatioPrintedWithMoreDigitsThanADecimalKeeps_ReadNotThrown()
    {
        var form = Read("""{"full_year_budget": "3", "executed": "1", "weight": "20", "execution_rate": "0.33333333333333333333333333333333", "score": "6.67"}""");

        Assert.Equal(33.333333333333333333333333330m, form.Funds.ExecutionRate!.Value);
    }

    [Theory]
    [InlineData("—")]
    [InlineData("/")]
    [InlineData("--")]
    public void Read_ADashOrSlashInAFundsCell_BlankNotUnreadable(string printed)
    {
        using var document = JsonDocument.Parse($$$"""
            {"project_evaluations": [{"name": "p", "funds": {"total": {"full_year_budget": "10", "executed": "10"},
              "other": {"initial_budget": "{{{printed}}}", "full_year_budget": "{{{printed}}}", "executed": "{{{printed}}}"}}, "indicators": []}]}
            """);

        var (forms, unreadable) = ProjectFormReader.Read(document.RootElement);

        Assert.Empty(unreadable);
        Assert.Equal(new FundsLine(null, null, null), forms.Single().Funds.Other);
    }

    [Theory]
    [InlineData("""{"project_evaluations": ["a"]}""", "project_evaluations[0]", "实为字符串")]
    [InlineData("""{"project_evaluations": [{"name": "p", "indicators": [{"name": "x"}, 7]}]}""", "project_evaluations[0].indicators[1]", "实为数字")]
    [InlineData("""{"overall_performance_evaluation": {"funding": [null]}}""", "overall_performance_evaluation.funding[0]", "实为 null")]
    public void Read_AListElementNotAnObject_RefusedNamingIt(string json, string field, string said)
    {
        using var document = JsonDocument.Parse(json);

        var refused = Assert.Throws<Platform.Domain.ValidationException>(() =>
        {
            ProjectFormReader.Read(document.RootElement);
            OverallForm.Read(document.RootElement);
        });

        var error = Assert.Single(refused.Errors);
        Assert.Equal(field, error.Field);
        Assert.EndsWith(said, error.Reason, StringComparison.Ordinal);
    }
    [Theory]
    [InlineData("成本指标", true, true)]
    [InlineData("成本", true, true)]
    [InlineData("经济成本指标", true, true)]
    [InlineData("社会成本指标", true, false)]
    [InlineData("生态环境成本指标", true, false)]
    [InlineData("数量指标", false, false)]
    [InlineData(null, false, false)]
    public void IsCost_Level2OfTheFrameworks_OneReadingForScorerAndAudit(string? level2, bool cost, bool own)
    {
        var indicator = new Indicator(0, "产出指标", level2, "x", "<=1万元", "1万元", 10, 10, null);

        Assert.Equal((cost, own), (indicator.IsCost(), indicator.IsOwnCost()));
    }
}
