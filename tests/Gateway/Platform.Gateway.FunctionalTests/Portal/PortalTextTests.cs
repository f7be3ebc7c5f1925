using Platform.Portal;

namespace Platform.Gateway.FunctionalTests.Portal;

/// <summary>What the portal says of a return's deadline to its clerk (the office's progress counts the same days).</summary>
public sealed class PortalTextTests
{
    private static readonly DateOnly Today = new(2026, 12, 7);

    [Theory]
    [InlineData("2026-03-31", false, "DRAFT", "2026-03-31（已逾期 251 天，尚未报送）")]
    [InlineData("2026-03-31", false, "RETURNED", "2026-03-31（已逾期 251 天，尚未报送）")]
    [InlineData("2026-12-07", false, "DRAFT", "2026-12-07")]          // due today: not yet overdue
    [InlineData("2026-03-31", false, "SUBMITTED", "2026-03-31")]      // with the office: nothing to say
    [InlineData("2026-03-31", true, "APPROVED", "2026-03-31（逾期报送）")]
    [InlineData("2026-03-31", true, "RETURNED", "2026-03-31（已逾期 251 天，尚未报送）")]   // sent back after a late submission
    [InlineData("2026-03-31", false, "NOT_STARTED", "2026-03-31（已逾期 251 天，尚未报送）")]   // not even opened
    [InlineData("2027-03-31", false, "NOT_STARTED", "2027-03-31")]
    [InlineData("", false, "DRAFT", "")]
    public void Due_ByStateAndDay_OverdueSaidWhileStillWithTheUnit(string due, bool late, string state, string said)
    {
        Assert.Equal(said, PortalText.Due(due, late, state, Today));
    }

    [Fact]
    public void SubmitWithErrors_UnreadableValue_SaidToStopTheSubmission()
    {
        var score = new Platform.Performance.V1.Score();
        Assert.Null(PortalText.SubmitWithErrors(score));
        score.Findings.Add(new Platform.Performance.V1.Finding { Type = "DESCRIPTIVE_VALUE", Severity = "info" });
        Assert.Null(PortalText.SubmitWithErrors(score));
        score.Findings.Add(new Platform.Performance.V1.Finding { Type = "MALFORMED_VALUE", Severity = "warning" });
        Assert.Equal("有 1 处指标值平台无法识别（见上方平台审核发现），须改正后才能报送。", PortalText.SubmitWithErrors(score));
        score.Findings.Add(new Platform.Performance.V1.Finding { Type = "SELF_SCORE_INCONSISTENT", Severity = "error" });
        Assert.StartsWith("有 1 处指标值平台无法识别", PortalText.SubmitWithErrors(score), StringComparison.Ordinal);
        Assert.Contains("本表仍有 1 处错误", PortalText.SubmitWithErrors(score), StringComparison.Ordinal);
    }

    [Fact]
    public void Coverage_RegionsUnits_WhoIsNotInTheTotalsByNameAndState()
    {
        Assert.Equal("辖区本年度没有在册单位。", PortalText.Coverage(0, []));
        Assert.Equal("辖区本年度共 2 个单位，均已审核通过、计入汇总。", PortalText.Coverage(2, []));
        Assert.Equal("辖区本年度共 4 个单位，2 个尚未审核通过、未计入汇总：地震监测中心（填报中）、事务服务中心（未开始）。",
            PortalText.Coverage(4, [("地震监测中心", "填报中"), ("事务服务中心", "未开始")]));
        var many = Enumerable.Range(1, 12).Select(i => ($"单位{i}", "未开始")).ToList();
        Assert.EndsWith("单位10（未开始） 等 12 个。", PortalText.Coverage(20, many), StringComparison.Ordinal);
        // Units in the totals through their department's imported disclosure: not "均已审核通过" — none of them was approved.
        Assert.Equal("辖区本年度共 4 个单位，均已计入汇总（其中 3 个由所属部门导入的公开文件涵盖）。", PortalText.Coverage(4, [], 3));
        Assert.Equal("辖区本年度共 5 个单位，1 个尚未审核通过、未计入汇总：地震监测中心（填报中）；3 个由所属部门导入的公开文件涵盖。",
            PortalText.Coverage(5, [("地震监测中心", "填报中")], 3));
    }

    [Theory]
    [InlineData("21287500", "21,287,500")]
    [InlineData("1234.5", "1,234.5")]         // every decimal the service gave, no more
    [InlineData("-1000000.01", "-1,000,000.01")]
    [InlineData("0", "0")]
    [InlineData("", "")]
    public void Grouped_ExactDecimalText_ThousandsSeparatedNothingLost(string exact, string shown)
    {
        Assert.Equal(shown, Platform.Portal.Client.FigureText.Grouped(exact));
    }

    [Fact]
    public void Caption_FormNumberAndUnit_AsThePrintedFormHeadsIt()
    {
        var numbered = new Platform.Accounts.V1.TableTemplate { Code = "Z02", Title = "收入决算表", Form = "财决03表", Columns = { new Platform.Accounts.V1.ColumnTemplate { Code = "FISCAL", Type = "amount" } } };
        var assets = new Platform.Accounts.V1.TableTemplate { Code = "F03", Title = "国有资产占用情况", Rows = { new Platform.Accounts.V1.RowTemplate { Code = "VEHICLES", Type = "count" } } };
        Assert.Equal("Z02 收入决算表（财决03表，单位：元）", PortalText.Caption(numbered));
        Assert.Equal("F03 国有资产占用情况（金额单位：元）", PortalText.Caption(assets));   // no empty 财决 number; counts held beside amounts
    }

    [Theory]
    [InlineData("王芳", "clerk.urumqi-seismic", "王芳（clerk.urumqi-seismic）")]
    [InlineData("", "clerk.urumqi-seismic", "clerk.urumqi-seismic")]    // an entry from before names were kept, or the CLI
    [InlineData("cli-user", "cli-user", "cli-user")]
    public void Person_NameAndLogin_NameFirstLoginBeside(string name, string login, string shown)
    {
        Assert.Equal(shown, PortalText.Person(name, login));
    }

    [Fact]
    public void BySeverity_MixedFindings_ErrorsThenWarningsThenInformationEachInTheServicesOrder()
    {
        Platform.Performance.V1.Finding F(string severity, string detail) => new() { Severity = severity, Detail = detail };
        var ordered = PortalText.BySeverity([F("info", "i1"), F("warning", "w1"), F("error", "e1"), F("info", "i2"), F("error", "e2")]);
        Assert.Equal(["e1", "e2", "w1", "i1", "i2"], ordered.Select(f => f.Detail));
    }

    [Theory]
    [InlineData("乌鲁木齐市应急管理局（urumqi-emergency）", "urumqi-emergency")]   // the suggestion as offered
    [InlineData("乌鲁木齐市应急管理局（市矿山安全监督管理局）", null)]               // a name with brackets of its own: looked up by name
    [InlineData("乌鲁木齐市应急管理局", null)]
    public void SuggestedId_SuggestionOrName_TheCodeOnlyInASuggestion(string typed, string? id)
    {
        Assert.Equal(id, Platform.Portal.Work.UnitChoices.SuggestedId(typed));
    }
}
