using Platform.Publication.Domain.Documents;
using Platform.Publication.Domain.Rendering;

namespace Platform.Publication.Domain.Tests.Rendering;

public sealed class HtmlWriterTests
{
    [Fact]
    public void Write_Sections_AccessibleAndEncoded()
    {
        var html = HtmlWriter.Write("第二部分 部门决算情况说明",
        [
            new Section("一", "收入支出决算总体情况说明", ["2022 年度收入总计 2269.08 万元。"]),
            new Section("十", "其他重要事项的情况说明", ["（一）机关运行经费支出情况", "原因是：<script>alert(1)</script> & 其他。"]),
        ]);
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.Contains("<section aria-labelledby=\"section-2\">\n<h2 id=\"section-2\">十、其他重要事项的情况说明</h2>", html);
        Assert.Contains("<p class=\"sub\">（一）机关运行经费支出情况</p>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; 其他", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("@media print", html);
    }

    [Theory]
    [InlineData("良", "", "平台按评分办法复核得分 85，等级 良。")]
    [InlineData("", "分值合计不为 100，不评等级", "平台按评分办法复核得分 85，分值合计不为 100，不评等级。")]
    public void Write_AppendedForm_GradeOrWhyNone(string grade, string withheld, string expected)
    {
        var document = new DisclosureDocument("u1-2022", 1, "u1", 2022, "650100", 1, DateTimeOffset.UnixEpoch,
            new UnitProfile("乌鲁木齐市应急管理局", "乌鲁木齐市", "行政单位", [], [], []), [], [], [],
            [new EvaluationSummary("聘用人员劳务费", 100000m, 100000m, "85", grade) { GradeWithheld = withheld, SelfAssignedTotal = "100" }], null);

        var html = HtmlWriter.Write(document);

        Assert.Contains("自评总分 100；" + expected, html);
        Assert.DoesNotContain("等级 。", html);
    }

    [Fact]
    public void Write_AppendedForm_ExecutionLineAndRecomputedScoresBesideTheUnits()
    {
        var form = new EvaluationSummary("聘用人员劳务费", 100000m, 99750m, "80", "良")
        {
            SelfAssignedTotal = "100", FundsWeight = "10", FundsScore = "10", ExecutionRate = "99.75%", ExecutionComputed = "9.98",
            Indicators =
            [
                new IndicatorLine("产出指标", "数量指标", "聘用人数", "=8人", "8人", "90", "90", "") { Computed = "70" },
                new IndicatorLine("效益指标", "生态效益指标", "", "", "", "", "", ""),
                new IndicatorLine("满意度指标", "服务对象满意度指标", "", "≥90%", "95%", "", "", ""),
            ],
        };
        var document = new DisclosureDocument("u1-2022", 1, "u1", 2022, "650100", 1, DateTimeOffset.UnixEpoch,
            new UnitProfile("乌鲁木齐市应急管理局", "乌鲁木齐市", "行政单位", [], [], []), [], [], [], [form], null);

        var html = HtmlWriter.Write(document);

        // The 分值 column adds up to the total: the execution rate's 10 beside the indicators' 90.
        Assert.Contains("<tr><th scope=\"row\" colspan=\"3\">预算执行率</th><td></td><td>99.75%</td><td class=\"amount\">10</td><td class=\"amount\">10</td><td class=\"amount\">9.98</td><td></td></tr>", html);
        Assert.Contains("<th scope=\"row\">聘用人数</th><td>=8人</td><td>8人</td><td class=\"amount\">90</td><td class=\"amount\">90</td><td class=\"amount\">70</td>", html);
        // A wholly blank line is left out; a line without its name has a header that says so.
        Assert.DoesNotContain("生态效益指标", html);
        Assert.Contains("<th scope=\"row\">（未填写指标名称）</th><td>≥90%</td>", html);
        Assert.DoesNotContain("<th scope=\"row\"></th>", html);
        Assert.Contains("<th scope=\"col\">平台复核得分</th>", html);
        // The unnamed line has no recomputed score: the note saying what a blank means is there.
        Assert.Contains(HtmlWriter.NotRecomputed, html);
        // Wide on a phone: the form scrolls inside its own named, focusable box, not the page.
        Assert.Contains("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"项目支出绩效自评表（1）（可左右滚动）\">\n<table id=\"evaluation-1\">", html);
    }

    [Fact]
    public void Write_AppendedFormEveryScoreRecomputed_NoNoteAndTheRateWithItsPercent()
    {
        var form = new EvaluationSummary("聘用人员劳务费", 100000m, 100000m, "100", "优")
        {
            SelfAssignedTotal = "100", FundsWeight = "10", FundsScore = "10", ExecutionRate = "100", ExecutionComputed = "10",
            Indicators = [new IndicatorLine("产出指标", "数量指标", "聘用人数", "=8人", "8人", "90", "90", "") { Computed = "90" }],
        };
        var document = new DisclosureDocument("u1-2022", 1, "u1", 2022, "650100", 1, DateTimeOffset.UnixEpoch,
            new UnitProfile("乌鲁木齐市应急管理局", "乌鲁木齐市", "行政单位", [], [], []), [], [], [], [form], null);

        var html = HtmlWriter.Write(document);

        // An outside look: the note stood under every form, also where no score was left blank; "100" read as a count.
        Assert.DoesNotContain(HtmlWriter.NotRecomputed, html);
        Assert.Contains("预算执行率</th><td></td><td>100%</td>", html);
    }

    [Fact]
    public void Write_Document_LinksOnToHomeLatestDataRegionYearEachTableAndTheVersionItCorrects()
    {
        ReportColumn[] columns = [new("AMT", "决算数", true)];
        var document = new DisclosureDocument("urumqi-emergency-2022", 2, "urumqi-emergency", 2022, "650100", 3, DateTimeOffset.UnixEpoch,
            new UnitProfile("乌鲁木齐市应急管理局", "乌鲁木齐市", "行政单位", [], [], []), [], [],
            [
                new ReportTable("Z01", "收入支出决算总表", columns, [new ReportRow("INC_TOTAL", "收入总计", [1m])]),
                new ReportTable("Z05", "一般公共预算财政拨款支出决算表", columns,
                    [new ReportRow("224", "224 灾害防治及应急管理支出", [1m]), new ReportRow("22401", "22401 应急管理事务", [1m]), new ReportRow("2240101", "2240101 行政运行", [1m])]),
            ], [],
            new CorrectionNotice(1, "更正", DateTimeOffset.UnixEpoch));

        var html = HtmlWriter.Write(document);

        Assert.Contains("<nav aria-label=\"本文件的其他内容\">", html);
        foreach (var link in new[]
        {
            "<a href=\"/\">返回首页</a>",
            "<a href=\"/public/v1/disclosures/urumqi-emergency-2022.html\">最新版本</a>",
            "<a href=\"/public/v1/disclosures/urumqi-emergency-2022/versions/2.json\">本版数据（JSON）</a>",
            "<a href=\"/public/v1/bulk/650100/2022.zip\">2022年度本地区全部公开文件（zip）</a>",
            "<a href=\"/public/v1/disclosures/urumqi-emergency-2022/versions/1.html\">第1版</a>",
            "<a href=\"/public/v1/disclosures/urumqi-emergency-2022/versions/2/tables/Z01.csv\">下载Z01表（CSV）</a>",
        })
        {
            Assert.Contains(link, html);
        }
        // A classification's levels read apart (类, 款, 项 looked alike); other tables' rows as they were.
        Assert.Contains("<th scope=\"row\" class=\"level-1\">224 灾害防治及应急管理支出</th>", html);
        Assert.Contains("<th scope=\"row\" class=\"level-2\">22401 应急管理事务</th>", html);
        Assert.Contains("<th scope=\"row\" class=\"level-3\">2240101 行政运行</th>", html);
        Assert.Contains("<th scope=\"row\">收入总计</th>", html);
    }

    [Fact]
    public void Write_TableWithoutLinesAndOneWithBlanks_EachSaysSo()
    {
        ReportColumn[] columns = [new("AMT", "决算数", true)];
        var document = new DisclosureDocument("u1-2022", 1, "u1", 2022, "650100", 1, DateTimeOffset.UnixEpoch,
            new UnitProfile("乌鲁木齐市应急管理局", "乌鲁木齐市", "行政单位", [], [], []), [], [],
            [
                new ReportTable("Z02", "收入决算表", columns, []),
                new ReportTable("Z04", "财政拨款收入支出决算总表", columns, [new ReportRow("INC_GENERAL", "一般公共预算财政拨款", [null]), new ReportRow("INC_FUND", "政府性基金预算财政拨款", [0m])]),
                new ReportTable("Z01", "收入支出决算总表", columns, [new ReportRow("INC_TOTAL", "收入总计", [22_690_800m])]),
            ], [], null);

        var html = HtmlWriter.Write(document);

        Assert.Contains("<tr><td colspan=\"2\">本表未列示数据。</td></tr>", html);
        Assert.Contains("<p class=\"table-note\">Z04 表中空白表示未列示该数，不表示 0。</p>", html);
        Assert.DoesNotContain("Z01 表中空白", html);
        // A unit the registry holds no functions for: said under the heading, which stood over nothing.
        Assert.Contains("<h3>一、主要职能</h3>\n<p>单位名录中未登记本单位的主要职能。</p>", html);
    }
}
