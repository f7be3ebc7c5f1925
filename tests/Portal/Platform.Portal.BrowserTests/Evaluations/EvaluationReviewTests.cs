using Microsoft.Playwright;

namespace Platform.Portal.BrowserTests.Evaluations;

/// <summary>
/// The finance office's review of a self-evaluation on the portal: a submitted form is listed on the reviewer's home
/// under 待审核 (with or without findings), opened from there and accepted; the unit reads 已审核通过 on a form it can
/// no longer change, and the home no longer lists it as waiting.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class EvaluationReviewTests(PortalFixture portal)
{
    private const string Unit = "urumqi-emergency";
    private const int Year = 2025;

    [Fact]
    public async Task Accept_SubmittedFormOpenedFromTheHome_ReadOnlyForTheUnitAndNoLongerWaiting()
    {
        const string project = "应急物资储备（审核通过）";
        var clerk = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(clerk, nameof(Accept_SubmittedFormOpenedFromTheHome_ReadOnlyForTheUnitAndNoLongerWaiting), async () =>
        {
            await PortalFixture.SignInAsync(clerk, DemoUsers.EmergencyClerk, DemoUsers.ClerkPassword, EvaluationPages.Path(Unit, Year));
            // Every figure meets its target and every self-score is the platform's: a form with no finding at all, which
            // the home's list of findings never showed.
            // One indicator named at length, as real forms name them: the read-only form must show it whole.
            var lines = EvaluationPages.MonitoringLines.Select((l, i) => i == 0 ? l with { Name = "维护地震监测台站及科普基地设备的数量（含维修保养）" } : l).ToList();
            await EvaluationPages.FillNewAsync(clerk, Unit, Year, project, lines, "99.6");
            await clerk.GetByRole(AriaRole.Button, new() { Name = "保存并报送" }).ClickAsync();
            await Assertions.Expect(clerk.GetByRole(AriaRole.Status)).ToHaveTextAsync("已报送，平台已评分");

            var reviewer = await portal.NewPageAsync();
            await PortalFixture.SignInAsync(reviewer, DemoUsers.UrumqiReviewer, DemoUsers.ReviewerPassword, $"/portal?year={Year}");
            var waiting = reviewer.GetByRole(AriaRole.Table, new() { Name = "待审核的绩效自评表" });
            var row = waiting.GetByRole(AriaRole.Row).Filter(new() { HasText = project });
            await Assertions.Expect(row).ToContainTextAsync("99.6");
            await Assertions.Expect(row).ToContainTextAsync("无");
            await PortalFixture.AssertAccessibleAsync(reviewer);
            await row.GetByRole(AriaRole.Link).ClickAsync();
            // Read-only, every name, target and actual whole in its box (an outside look read "科普基地维修保养次", cut).
            var cut = await reviewer.EvaluateAsync<string[]>(@"() => [...document.querySelectorAll('fieldset:disabled input.name, fieldset:disabled input.target, fieldset:disabled input.actual')]
                .filter(i => i.value.length > 0 && i.scrollWidth > i.clientWidth + 1).map(i => i.value)");
            Assert.Empty(cut);

            // Accepting needs no comment (the comment box is for sending back).
            await reviewer.GetByRole(AriaRole.Button, new() { Name = "审核通过" }).ClickAsync();
            await Assertions.Expect(reviewer.GetByRole(AriaRole.Status)).ToHaveTextAsync("已审核通过");
            await Assertions.Expect(reviewer.Locator("p.state strong")).ToHaveTextAsync("已审核通过");
            // Still the office's to send back, not to accept twice.
            await Assertions.Expect(reviewer.GetByRole(AriaRole.Button, new() { Name = "审核通过" })).ToHaveCountAsync(0);
            await Assertions.Expect(reviewer.GetByRole(AriaRole.Button, new() { Name = "退回修改" })).ToBeVisibleAsync();
            await PortalFixture.AssertAccessibleAsync(reviewer);

            await reviewer.GotoAsync($"/portal?year={Year}");
            await Assertions.Expect(reviewer.GetByRole(AriaRole.Heading, new() { Name = "绩效自评：待审核" })).ToBeVisibleAsync();
            await Assertions.Expect(reviewer.GetByRole(AriaRole.Region, new() { Name = "绩效自评：待审核" })).ToContainTextAsync("已审核通过");
            await Assertions.Expect(reviewer.GetByRole(AriaRole.Row).Filter(new() { HasText = project })).ToHaveCountAsync(0);

            await clerk.ReloadAsync();
            await Assertions.Expect(clerk.Locator("p.state strong")).ToHaveTextAsync("已审核通过");
            await Assertions.Expect(clerk.GetByRole(AriaRole.Button, new() { Name = "保存草稿" })).ToHaveCountAsync(0);
            await clerk.GotoAsync(EvaluationPages.Path(Unit, Year));
            await Assertions.Expect(clerk.GetByRole(AriaRole.Row).Filter(new() { HasText = project })).ToContainTextAsync("已审核通过");
        });
    }

    [Fact]
    public async Task Return_FromAPageReadBeforeAColleaguesAcceptance_SaidSoWithTheCommentKept()
    {
        const string project = "应急演练评估（两位审核人）";
        const string reason = "部分服务对象未参与回访，下年改为电话回访并补充回访记录";
        var clerk = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(clerk, nameof(Return_FromAPageReadBeforeAColleaguesAcceptance_SaidSoWithTheCommentKept), async () =>
        {
            // The third line met its target but is scored 18 of 20: a platform error; its reason is longer than its input shows.
            await PortalFixture.SignInAsync(clerk, DemoUsers.EmergencyClerk, DemoUsers.ClerkPassword, EvaluationPages.Path(Unit, Year));
            var lines = EvaluationPages.MonitoringLines.Select((l, i) => i == 2 ? l with { Score = "18", Reason = reason } : l).ToList();
            await EvaluationPages.FillNewAsync(clerk, Unit, Year, project, lines, "97.6");
            await clerk.GetByRole(AriaRole.Button, new() { Name = "保存并报送" }).ClickAsync();
            await Assertions.Expect(clerk.GetByRole(AriaRole.Status)).ToHaveTextAsync("已报送，平台已评分");
            var form = EvaluationPages.Path(Unit, Year) + "?project=" + Uri.EscapeDataString(project);

            var first = await portal.NewPageAsync();
            await PortalFixture.SignInAsync(first, DemoUsers.UrumqiReviewer, DemoUsers.ReviewerPassword, form);
            var second = await portal.NewPageAsync();
            await PortalFixture.SignInAsync(second, DemoUsers.UrumqiReviewer, DemoUsers.ReviewerPassword, form);
            // The reviewer reads the reason whole (the grid's disabled input showed a dozen characters), and is told the
            // form still has an error before accepting it.
            await Assertions.Expect(first.GetByRole(AriaRole.Region, new() { Name = "偏差原因分析及改进措施" })).ToContainTextAsync(reason);
            await Assertions.Expect(first.GetByText("本表仍有 1 处平台审核发现的错误")).ToBeVisibleAsync();

            await first.GetByRole(AriaRole.Button, new() { Name = "审核通过" }).ClickAsync();
            await Assertions.Expect(first.GetByRole(AriaRole.Status)).ToHaveTextAsync("已审核通过");

            await second.GetByLabel("退回意见").FillAsync("请补充回访记录");
            await second.GetByRole(AriaRole.Button, new() { Name = "退回修改" }).ClickAsync();
            await Assertions.Expect(second.GetByRole(AriaRole.Alert)).ToContainTextAsync("审核通过（在您打开本页之后）");
            await Assertions.Expect(second.GetByLabel("退回意见")).ToHaveValueAsync("请补充回访记录");
            await PortalFixture.AssertAccessibleAsync(second);
            // Read now, and still meant: sent back.
            await second.GetByRole(AriaRole.Button, new() { Name = "退回修改" }).ClickAsync();
            await Assertions.Expect(second.GetByRole(AriaRole.Status)).ToHaveTextAsync("已退回单位修改");
        });
    }
}
