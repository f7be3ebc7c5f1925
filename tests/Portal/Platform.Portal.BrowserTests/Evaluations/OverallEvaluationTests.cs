using Microsoft.Playwright;

namespace Platform.Portal.BrowserTests.Evaluations;

/// <summary>
/// The overall department self-evaluation (部门整体支出绩效自评表) on the portal: the clerk types funding, the budget's
/// execution, the projects and the indicators with completion rates; a refused value is named at its input and nothing is
/// stored; saved, the platform's score stands beside each self-score; submitted, the city's reviewer returns it with a
/// comment the clerk reads on it.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class OverallEvaluationTests(PortalFixture portal)
{
    private const string Unit = "urumqi-seismic";
    private const int Year = 2024;

    [Fact]
    public async Task OverallForm_RefusedThenSavedSubmittedReturned_ScoreBesideEachSelfScoreAndTheCommentBack()
    {
        var clerk = await portal.NewPageAsync();
        var page = clerk;
        await PortalFixture.WithScreenshotOnFailureAsync(clerk, nameof(OverallForm_RefusedThenSavedSubmittedReturned_ScoreBesideEachSelfScoreAndTheCommentBack), async () =>
        {
            await PortalFixture.SignInAsync(clerk, DemoUsers.SeismicClerk, DemoUsers.ClerkPassword, EvaluationPages.Path(Unit, Year));
            await clerk.GetByRole(AriaRole.Link, new() { Name = "填报部门整体支出绩效自评表" }).ClickAsync();
            await Assertions.Expect(clerk.GetByLabel("第 1 行资金 资金来源", new() { Exact = true })).ToHaveValueAsync("合计");
            await clerk.GetByLabel("第 1 行资金 年初预算数（万元）", new() { Exact = true }).FillAsync("500");
            await clerk.GetByLabel("第 1 行资金 全年预算数（万元）", new() { Exact = true }).FillAsync("520");
            await clerk.GetByLabel("第 1 行资金 全年执行数（万元）", new() { Exact = true }).FillAsync("510");
            await clerk.GetByLabel("预算执行率分值", new() { Exact = true }).FillAsync("10");
            await clerk.GetByLabel("预算执行率（%）", new() { Exact = true }).FillAsync("98.08");
            await clerk.GetByLabel("预算执行率自评得分", new() { Exact = true }).FillAsync("9.8");
            await clerk.GetByLabel("第 1 行项目 项目名称", new() { Exact = true }).FillAsync("地震监测台网运行维护");
            await clerk.GetByLabel("第 1 行项目 预算数（万元）", new() { Exact = true }).FillAsync("120");
            await clerk.GetByLabel("第 1 行项目 执行数（万元）", new() { Exact = true }).FillAsync("118");
            string[][] lines =
            [
                ["产出指标", "数量指标", "维护监测台站数量", "≥20个", "22个", "50", "50"],
                ["效益指标", "社会效益指标", "地震速报平均用时", "≤10分钟", "8分钟", "40", "40"],
            ];
            for (var row = 0; row < lines.Length; row++)
            {
                string[] columns = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "自评得分"];
                for (var c = 0; c < columns.Length; c++)
                {
                    await clerk.GetByLabel($"第 {row + 1} 行指标 {columns[c]}", new() { Exact = true }).FillAsync(lines[row][c]);
                }
            }
            await clerk.GetByLabel("第 1 行指标 完成率（%）", new() { Exact = true }).FillAsync("百分之百");
            await clerk.GetByLabel("自评总分", new() { Exact = true }).FillAsync("99.8");
            await clerk.GetByLabel("自评等级", new() { Exact = true }).FillAsync("优");
            await clerk.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();

            // Refused: named at its input, what was typed stays, nothing is stored.
            await Assertions.Expect(clerk.GetByRole(AriaRole.Alert)).ToContainTextAsync("保存未成功");
            var rate = clerk.GetByLabel("第 1 行指标 完成率（%）", new() { Exact = true });
            await Assertions.Expect(rate).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(rate).ToHaveValueAsync("百分之百");
            await Assertions.Expect(clerk.GetByRole(AriaRole.Alert).GetByRole(AriaRole.Link, new() { Name = "第 1 行指标 完成率（%）" })).ToBeVisibleAsync();
            await Assertions.Expect(clerk.GetByLabel("第 1 行项目 项目名称", new() { Exact = true })).ToHaveValueAsync("地震监测台网运行维护");
            await PortalFixture.AssertAccessibleAsync(clerk);
            var stored = await clerk.Context.APIRequest.GetAsync(EvaluationPages.Path(Unit, Year));
            Assert.DoesNotContain("部门整体支出绩效自评</a>", await stored.TextAsync(), StringComparison.Ordinal);

            // Corrected and saved: the platform's score beside each self-score, with its explanation.
            await rate.FillAsync("110");
            await clerk.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
            await Assertions.Expect(clerk.GetByRole(AriaRole.Status)).ToHaveTextAsync("草稿已保存");
            // The region's policy scores a row by the 完成率 the form gives (capped at 100 %), a row without one by its values.
            var scored = clerk.Locator("table.indicators tbody tr").Nth(0).Locator("td.computed-score");
            await Assertions.Expect(scored).ToContainTextAsync("按表中完成率计分：完成率 110%（超过 100% 按 100% 计） × 50 = 50");
            await Assertions.Expect(clerk.Locator("table.indicators tbody tr").Nth(1).Locator("td.computed-score")).ToContainTextAsync("8 ≤ 10");
            await Assertions.Expect(clerk.GetByText("平台计算总分")).ToBeVisibleAsync();
            // The usual sources offered by name and left without figures are not lines of the form (nor a 合计 "not their sum").
            await Assertions.Expect(clerk.GetByText("其余各行之和")).ToHaveCountAsync(0);
            await Assertions.Expect(clerk.GetByLabel("第 2 行资金 资金来源", new() { Exact = true })).ToHaveValueAsync("基本支出");
            await Assertions.Expect(clerk.GetByLabel("第 1 行指标 完成率（%）", new() { Exact = true })).ToHaveValueAsync("110");
            await PortalFixture.AssertAccessibleAsync(clerk);

            // A 完成率 its figures do not give (80 % for 22 of ≥20): the finding names that input and links to it, and the row
            // scores by the lower rate (the office's figure) — never above what its target and actual give.
            await rate.FillAsync("80");
            await clerk.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
            await Assertions.Expect(clerk.GetByRole(AriaRole.Status)).ToHaveTextAsync("草稿已保存");
            var toRate = clerk.Locator("section.findings").GetByRole(AriaRole.Link, new() { Name = "第 1 行指标 完成率（%）" });
            await Assertions.Expect(toRate).ToBeVisibleAsync();
            Assert.EndsWith("#" + await rate.GetAttributeAsync("id"), await toRate.GetAttributeAsync("href"), StringComparison.Ordinal);
            await Assertions.Expect(clerk.Locator("section.findings")).ToContainTextAsync("完成率应为 110%，表中填报 80%");
            await Assertions.Expect(scored).ToContainTextAsync("完成率 80% × 50 = 40");
            await rate.FillAsync("110");
            await clerk.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
            await Assertions.Expect(clerk.GetByRole(AriaRole.Status)).ToHaveTextAsync("草稿已保存");

            await clerk.GetByRole(AriaRole.Button, new() { Name = "保存并报送" }).ClickAsync();
            await Assertions.Expect(clerk.GetByRole(AriaRole.Status)).ToHaveTextAsync("已报送，平台已评分");
            await Assertions.Expect(clerk.GetByRole(AriaRole.Button, new() { Name = "保存草稿" })).ToHaveCountAsync(0);

            // The city's reviewer finds it in the unit's list and returns it with a comment; the clerk reads it, a draft again.
            var reviewer = await portal.NewPageAsync();
            page = reviewer;
            await EvaluationPages.ReturnWithCommentAsync(reviewer, Unit, Year, "部门整体支出绩效自评", "项目支出执行情况请补充说明");

            page = clerk;
            await clerk.ReloadAsync();
            await Assertions.Expect(clerk.GetByRole(AriaRole.Region, new() { Name = "审核意见" })).ToContainTextAsync("项目支出执行情况请补充说明");
            await Assertions.Expect(clerk.GetByRole(AriaRole.Button, new() { Name = "保存草稿" })).ToBeVisibleAsync();

            // Another unit's clerk opening its address is refused and sees none of it.
            var other = await portal.NewPageAsync();
            page = other;
            await PortalFixture.SignInAsync(other, DemoUsers.EmergencyClerk, DemoUsers.ClerkPassword, EvaluationPages.Path(Unit, Year) + "/overall");
            await Assertions.Expect(other.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
            await Assertions.Expect(other.GetByText("地震监测台网运行维护")).ToHaveCountAsync(0);
            await Assertions.Expect(other.GetByRole(AriaRole.Button, new() { Name = "保存草稿" })).ToHaveCountAsync(0);
        });
    }
}
