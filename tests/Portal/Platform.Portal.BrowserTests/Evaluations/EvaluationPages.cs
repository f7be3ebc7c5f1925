using Microsoft.Playwright;

namespace Platform.Portal.BrowserTests.Evaluations;

/// <summary>A project self-evaluation form as a clerk fills it on the portal: inputs found by their visible labels.</summary>
internal static class EvaluationPages
{
    public static string Path(string unit, int year) => $"/portal/evaluations/{unit}/{year}";

    /// <summary>The city's reviewer opens a submitted form from the unit's list (the link named <paramref name="form"/>) and returns it with a comment.</summary>
    public static async Task ReturnWithCommentAsync(IPage reviewer, string unit, int year, string form, string comment)
    {
        await PortalFixture.SignInAsync(reviewer, DemoUsers.UrumqiReviewer, DemoUsers.ReviewerPassword, Path(unit, year));
        await reviewer.GetByRole(AriaRole.Link, new() { Name = form }).ClickAsync();
        await reviewer.GetByLabel("退回意见").FillAsync(comment);
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "退回修改" }).ClickAsync();
        await Assertions.Expect(reviewer.GetByRole(AriaRole.Status)).ToHaveTextAsync("已退回单位修改");
        // Said as a return's is: not "填报中", the word of a form never sent.
        await Assertions.Expect(reviewer.Locator("p.state strong")).ToHaveTextAsync("已退回，待修改");
    }

    /// <summary>One indicator line: 一级, 二级, 三级 indicator, target, actual, weight, self-score, deviation reason.</summary>
    public sealed record Line(string Level1, string Level2, string Name, string Target, string Actual, string Weight, string Score, string Reason = "");

    /// <summary>A small but whole project form of the demo's seismic-monitoring kind (figures in 万元).</summary>
    public static readonly IReadOnlyList<Line> MonitoringLines =
    [
        new("产出指标", "数量指标", "维护监测台站数量", "≥20个", "22个", "40", "40"),
        new("产出指标", "质量指标", "台站运行率", "≥95%", "99%", "30", "30"),
        new("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "95%", "20", "20"),
    ];

    /// <summary>Opens a new project form from the list and types it: basics, funds, goals, indicator lines, the self-assigned total.</summary>
    public static async Task FillNewAsync(IPage page, string unit, int year, string project, IReadOnlyList<Line> lines, string selfTotal)
    {
        await page.GotoAsync(Path(unit, year));
        await page.GetByRole(AriaRole.Link, new() { Name = "新建项目支出绩效自评表" }).ClickAsync();
        await page.GetByLabel("项目名称", new() { Exact = true }).FillAsync(project);
        await page.GetByLabel("主管部门", new() { Exact = true }).FillAsync("乌鲁木齐市应急管理局");
        await page.GetByLabel("实施单位", new() { Exact = true }).FillAsync("乌鲁木齐市地震监测中心");
        await page.GetByLabel("年度资金总额 年初预算数（万元）", new() { Exact = true }).FillAsync("50");
        await page.GetByLabel("年度资金总额 全年预算数（万元）", new() { Exact = true }).FillAsync("50");
        await page.GetByLabel("年度资金总额 全年执行数（万元）", new() { Exact = true }).FillAsync("48");
        await page.GetByLabel("预算执行率分值", new() { Exact = true }).FillAsync("10");
        await page.GetByLabel("预算执行率自评得分", new() { Exact = true }).FillAsync("9.6");
        await page.GetByLabel("预期目标", new() { Exact = true }).FillAsync("保障地震监测台站全年正常运行");
        await page.GetByLabel("实际完成情况", new() { Exact = true }).FillAsync("全年维护台站 22 个，运行率 99%");
        for (var row = 0; row < lines.Count; row++)
        {
            var l = lines[row];
            var cells = new[] { ("一级指标", l.Level1), ("二级指标", l.Level2), ("三级指标", l.Name), ("年度指标值", l.Target), ("实际完成值", l.Actual), ("分值", l.Weight), ("自评得分", l.Score), ("偏差原因分析及改进措施", l.Reason) };
            foreach (var (column, value) in cells)
            {
                await page.GetByLabel($"第 {row + 1} 行 {column}", new() { Exact = true }).FillAsync(value);
            }
        }
        await page.GetByLabel("自评总分", new() { Exact = true }).FillAsync(selfTotal);
    }
}
