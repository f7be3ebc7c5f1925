using Microsoft.Playwright;

namespace Platform.Portal.BrowserTests.Evaluations;

/// <summary>
/// A project self-evaluation on the portal: the clerk types the form, a refused value is named at its input in Chinese and
/// nothing is stored; saved, the platform's score stands beside each self-score with its explanation; submitted, the
/// city's reviewer returns it with a comment the clerk then reads; another unit's clerk cannot open it.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class EvaluationFormTests(PortalFixture portal)
{
    private const string Unit = "urumqi-emergency";
    private const int Year = 2025;

    [Fact]
    public async Task SaveAndSubmit_ClickedTwiceQuickly_SentOnce()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(SaveAndSubmit_ClickedTwiceQuickly_SentOnce), async () =>
        {
            await PortalFixture.SignInAsync(page, DemoUsers.EmergencyClerk, DemoUsers.ClerkPassword, EvaluationPages.Path(Unit, Year));
            await EvaluationPages.FillNewAsync(page, Unit, Year, "应急通信保障（双击报送）", EvaluationPages.MonitoringLines, "99.6");
            var posts = 0;
            page.Request += (_, request) => { if (request.Method == "POST" && request.Url.Contains("/portal/evaluations/", StringComparison.Ordinal)) { Interlocked.Increment(ref posts); } };

            await page.GetByRole(AriaRole.Button, new() { Name = "保存并报送" }).DblClickAsync();

            await Assertions.Expect(page.GetByText("已报送").First).ToBeVisibleAsync();
            Assert.Equal(1, Volatile.Read(ref posts));   // two fast clicks sent two requests
        });
    }

    [Fact]
    public async Task SaveAndSubmit_SavedButSubmissionRefused_SaysBothAndShowsTheNewRevision()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(SaveAndSubmit_SavedButSubmissionRefused_SaysBothAndShowsTheNewRevision), async () =>
        {
            await PortalFixture.SignInAsync(page, DemoUsers.EmergencyClerk, DemoUsers.ClerkPassword, EvaluationPages.Path(Unit, Year));
            await EvaluationPages.FillNewAsync(page, Unit, Year, "应急值守（报送被拒）", EvaluationPages.MonitoringLines, "99.6");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("草稿已保存");
            await Assertions.Expect(page.Locator("p.state")).ToContainTextAsync("修订号：1");

            // A target the platform cannot read: saved with a warning, refused at 报送.
            await page.GetByLabel("第 1 行 年度指标值", new() { Exact = true }).FillAsync("二十八次");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存并报送" }).ClickAsync();

            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("草稿已保存，但报送未成功");
            // The state line follows the save (it showed 修订号：1 while the page stood on 2).
            await Assertions.Expect(page.Locator("p.state")).ToContainTextAsync("修订号：2");
            // The saved draft's scores stay beside it (they went blank, as if nothing had been saved).
            await Assertions.Expect(page.GetByText("平台计算总分")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("table.indicators tbody tr").Nth(1).Locator("td.computed-score")).ToContainTextAsync("30");
        });
    }

    [Fact]
    public async Task SaveDraft_ValueRefused_NamedAtItsInputAndNothingStored()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(SaveDraft_ValueRefused_NamedAtItsInputAndNothingStored), async () =>
        {
            await PortalFixture.SignInAsync(page, DemoUsers.EmergencyClerk, DemoUsers.ClerkPassword, EvaluationPages.Path(Unit, Year));
            await EvaluationPages.FillNewAsync(page, Unit, Year, "应急物资储备（拒绝的草稿）", EvaluationPages.MonitoringLines, "99.6");
            await page.GetByLabel("第 2 行 分值", new() { Exact = true }).FillAsync("三十");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();

            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("保存未成功");
            // The summary takes the focus: a keyboard or screen-reader user starts at what to fix (it stayed on the page body).
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeFocusedAsync();
            var weight = page.GetByLabel("第 2 行 分值", new() { Exact = true });
            await Assertions.Expect(weight).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(weight).ToHaveValueAsync("三十");  // what was typed stays
            await Assertions.Expect(page.GetByRole(AriaRole.Alert).GetByRole(AriaRole.Link, new() { Name = "第 2 行指标 分值" })).ToBeVisibleAsync();
            await PortalFixture.AssertAccessibleAsync(page);

            await page.GotoAsync(EvaluationPages.Path(Unit, Year));
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "应急物资储备（拒绝的草稿）" })).ToHaveCountAsync(0);
            // Nothing stored: the form's own address answers 404 with the words, not 200.
            var missing = await page.GotoAsync(EvaluationPages.Path(Unit, Year) + "?project=" + Uri.EscapeDataString("应急物资储备（拒绝的草稿）"));
            Assert.Equal(404, missing!.Status);
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("未找到项目“应急物资储备（拒绝的草稿）”的自评表");
        });
    }

    [Fact]
    public async Task Draft_MisspeltName_RenamedThenDeletedAndTheListScoresIt()
    {
        const string unit = "urumqi-seismic";
        const int year = 2029;  // this test's own year
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(Draft_MisspeltName_RenamedThenDeletedAndTheListScoresIt), async () =>
        {
            await PortalFixture.SignInAsync(page, DemoUsers.SeismicClerk, DemoUsers.ClerkPassword, EvaluationPages.Path(unit, year));
            await EvaluationPages.FillNewAsync(page, unit, year, "地震台站维户", EvaluationPages.MonitoringLines, "99.6");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("草稿已保存");
            var computed = await page.Locator("p.computed-score strong").First.InnerTextAsync();

            // The year's list shows the draft's score as its form does (it showed "—" until submission).
            await page.GotoAsync(EvaluationPages.Path(unit, year));
            var row = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "地震台站维户" }) });
            await Assertions.Expect(row).ToContainTextAsync(computed);

            // The name of a draft never submitted is corrected by saving it under the right one.
            await row.GetByRole(AriaRole.Link).ClickAsync();
            await page.GetByLabel("项目名称", new() { Exact = true }).FillAsync("地震台站维护");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("草稿已保存，项目名称已修改");
            await Assertions.Expect(page.GetByLabel("项目名称", new() { Exact = true })).ToHaveValueAsync("地震台站维护");
            await PortalFixture.AssertAccessibleAsync(page);

            // Renamed with 保存并报送: saved under the new name and not submitted in the same step (a refused submission left
            // the page on the old name, which no longer exists); the clerk submits from the new address.
            await page.GetByLabel("项目名称", new() { Exact = true }).FillAsync("地震台站运行维护");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存并报送" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("项目名称已修改；尚未报送");
            await Assertions.Expect(page.Locator("p.state strong")).ToHaveTextAsync("填报中");
            Assert.Contains(Uri.EscapeDataString("地震台站运行维护"), page.Url, StringComparison.Ordinal);

            // Deleted after a confirmation: gone from the list, its address a 404.
            await page.GetByLabel("确认删除项目“地震台站运行维护”的自评表草稿").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "删除草稿" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("草稿已删除");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "地震台站运行维护" })).ToHaveCountAsync(0);
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "地震台站维户" })).ToHaveCountAsync(0);
            var gone = await page.GotoAsync(EvaluationPages.Path(unit, year) + "?project=" + Uri.EscapeDataString("地震台站运行维护"));
            Assert.Equal(404, gone!.Status);
        });
    }

    [Fact]
    public async Task SaveDraft_WeightsNotMaking100_TotalShownWithoutAGradeAndWhy()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(SaveDraft_WeightsNotMaking100_TotalShownWithoutAGradeAndWhy), async () =>
        {
            await PortalFixture.SignInAsync(page, DemoUsers.EmergencyClerk, DemoUsers.ClerkPassword, EvaluationPages.Path(Unit, Year));
            // 40 + 30 + 30 and the funds' 10: weights of 110, so a total of 109.6 is no 优.
            var lines = EvaluationPages.MonitoringLines.Select((l, i) => i == 2 ? l with { Weight = "30", Score = "30" } : l).ToList();
            await EvaluationPages.FillNewAsync(page, Unit, Year, "应急广播维护（分值有误）", lines, "109.6");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("草稿已保存");

            var total = page.GetByText("平台计算总分");
            await Assertions.Expect(total).ToContainTextAsync("平台计算总分 109.6，分值合计不为 100，不评等级");
            await Assertions.Expect(total).Not.ToContainTextAsync("等级 优");
            // Its error is said where the clerk would submit; submitted all the same, the year's list shows the total without
            // a grade and counts the error.
            await Assertions.Expect(page.Locator("p.submit-caution")).ToContainTextAsync("本表仍有 1 处错误");
            // …read out with the button (its description), not only seen above it.
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "保存并报送" })).ToHaveAttributeAsync("aria-describedby", "submit-caution");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存并报送" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已报送，平台已评分");
            await page.GotoAsync(EvaluationPages.Path(Unit, Year));
            var listed = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "应急广播维护（分值有误）" });
            await Assertions.Expect(listed).ToContainTextAsync("109.6（分值合计不为 100，不评等级）");
            await Assertions.Expect(listed).ToContainTextAsync("错误 1 处");
        });
    }

    [Fact]
    public async Task Evaluation_SavedSubmittedReturned_ScoreBesideEachSelfScoreAndTheCommentBack()
    {
        const string project = "应急物资储备库运行维护";
        var clerk = await portal.NewPageAsync();
        var page = clerk;
        await PortalFixture.WithScreenshotOnFailureAsync(clerk, nameof(Evaluation_SavedSubmittedReturned_ScoreBesideEachSelfScoreAndTheCommentBack), async () =>
        {
            await PortalFixture.SignInAsync(clerk, DemoUsers.EmergencyClerk, DemoUsers.ClerkPassword, EvaluationPages.Path(Unit, Year));
            // The third line's self-score is below its weight while its figures meet the target: the platform says the
            // self-score is not what the policy gives (one finding, not also "no reason given").
            var lines = EvaluationPages.MonitoringLines.Select((l, i) => i == 2 ? l with { Score = "18" } : l).ToList();
            await EvaluationPages.FillNewAsync(clerk, Unit, Year, project, lines, "97.6");
            await clerk.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
            await Assertions.Expect(clerk.GetByRole(AriaRole.Status)).ToHaveTextAsync("草稿已保存");

            // Beside each self-score, the platform's score under the region's policy and why.
            var scored = clerk.Locator("table.indicators tbody tr").Nth(0).Locator("td.computed-score");
            await Assertions.Expect(scored).ToContainTextAsync("40");
            await Assertions.Expect(scored).ToContainTextAsync("22 ≥ 20");
            await Assertions.Expect(clerk.GetByText("平台计算得分 9.6")).ToBeVisibleAsync();
            await Assertions.Expect(clerk.GetByText("平台计算总分")).ToContainTextAsync("平台计算总分 99.6，等级 优");
            await Assertions.Expect(clerk.Locator("section.findings")).ToContainTextAsync("第 3 行指标 自评得分（错误）：自评得分 18，计算得分：");
            await Assertions.Expect(clerk.Locator("section.findings")).ToContainTextAsync("得满分 20");
            await Assertions.Expect(clerk.Locator("section.findings")).Not.ToContainTextAsync("没有填写偏差原因");
            await PortalFixture.AssertAccessibleAsync(clerk);

            // The reason given, the form is submitted; it is read-only now.
            await clerk.GetByLabel("第 3 行 偏差原因分析及改进措施", new() { Exact = true }).FillAsync("部分服务对象未参与回访，下年改为电话回访");
            await clerk.GetByRole(AriaRole.Button, new() { Name = "保存并报送" }).ClickAsync();
            await Assertions.Expect(clerk.GetByRole(AriaRole.Status)).ToHaveTextAsync("已报送，平台已评分");
            await Assertions.Expect(clerk.GetByRole(AriaRole.Button, new() { Name = "保存草稿" })).ToHaveCountAsync(0);
            // Read only: its own lines, without the blank ones and the typing instructions (they were shown to the reviewer too).
            await Assertions.Expect(clerk.Locator("table.indicators caption")).ToHaveTextAsync("绩效指标");
            await Assertions.Expect(clerk.Locator("table.indicators tbody tr")).ToHaveCountAsync(lines.Count);

            // The city's reviewer returns it with a comment; the clerk reads it on the form, which is a draft again.
            var reviewer = await portal.NewPageAsync();
            page = reviewer;
            await EvaluationPages.ReturnWithCommentAsync(reviewer, Unit, Year, project, "满意度调查样本量请补充说明");

            page = clerk;
            await clerk.ReloadAsync();
            await Assertions.Expect(clerk.GetByRole(AriaRole.Region, new() { Name = "审核意见" })).ToContainTextAsync("满意度调查样本量请补充说明");
            await Assertions.Expect(clerk.GetByRole(AriaRole.Button, new() { Name = "保存草稿" })).ToBeVisibleAsync();
            // A draft again, but one the office has had: it keeps its name and cannot be deleted.
            await Assertions.Expect(clerk.GetByLabel("项目名称", new() { Exact = true })).Not.ToBeEditableAsync();
            await Assertions.Expect(clerk.GetByRole(AriaRole.Button, new() { Name = "删除草稿" })).ToHaveCountAsync(0);

            // Another unit's clerk cannot open it.
            var other = await portal.NewPageAsync();
            page = other;
            await PortalFixture.SignInAsync(other, DemoUsers.SeismicClerk, DemoUsers.ClerkPassword, EvaluationPages.Path(Unit, Year));
            await Assertions.Expect(other.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
            Assert.Equal(403, (await other.ReloadAsync())!.Status);
            await Assertions.Expect(other.GetByText(project)).ToHaveCountAsync(0);
        });
    }
}
