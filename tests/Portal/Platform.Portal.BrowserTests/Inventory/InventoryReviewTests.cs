using Microsoft.Playwright;

namespace Platform.Portal.BrowserTests.Inventory;

/// <summary>
/// The finance office's review of an inventory on the portal: listed on the office's home while it awaits review,
/// accepted from its page (then read-only for the unit), sent back with a comment the unit's page and home show.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class InventoryReviewTests(PortalFixture portal)
{
    private const string Unit = "urumqi-seismic";
    private const int Year = 2033;   // no other test of the collection files this unit's inventory for it

    [Fact]
    public async Task InventoryReview_ListedAcceptedThenSentBack_UnitSeesEachDecision()
    {
        var clerk = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(clerk, nameof(InventoryReview_ListedAcceptedThenSentBack_UnitSeesEachDecision), async () =>
        {
            await PortalFixture.SignInAsync(clerk, DemoUsers.SeismicClerk, DemoUsers.ClerkPassword, InventoryTests.Path(Unit, Year));
            // Nothing typed is no inventory (an outside look's blank form awaited review); a line's blank quantity is not
            // taken as 1.
            await clerk.GetByLabel("第 1 行 名称", new() { Exact = true }).FillAsync("地震仪");
            await clerk.GetByRole(AriaRole.Button, new() { Name = "报送盘点数" }).ClickAsync();
            await Assertions.Expect(clerk.GetByRole(AriaRole.Alert)).ToContainTextAsync("必须填写固定资产原值合计");
            await Assertions.Expect(clerk.GetByLabel("第 1 行 数量", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(clerk.GetByLabel("第 1 行 单价", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
            await clerk.GetByLabel("第 1 行 名称", new() { Exact = true }).FillAsync("");
            await clerk.GetByLabel("通用设备", new() { Exact = true }).FillAsync("350000");
            await clerk.GetByLabel("固定资产原值合计", new() { Exact = true }).FillAsync("350000");
            await clerk.GetByRole(AriaRole.Button, new() { Name = "报送盘点数" }).ClickAsync();
            await Assertions.Expect(clerk.GetByRole(AriaRole.Status)).ToHaveTextAsync("盘点数已报送");

            // The office's home lists it under what awaits review, and names the units that have not reported.
            var reviewer = await portal.NewPageAsync();
            await PortalFixture.SignInAsync(reviewer, DemoUsers.UrumqiReviewer, DemoUsers.ReviewerPassword, $"/portal?year={Year}");
            var section = reviewer.GetByRole(AriaRole.Region, new() { Name = "资产与车辆盘点：待审核" });
            await Assertions.Expect(section).ToContainTextAsync($"{Year} 年度：待审核 1 个单位");
            await Assertions.Expect(section).ToContainTextAsync("尚未报送盘点数的单位");
            await section.GetByRole(AriaRole.Link, new() { Name = "乌鲁木齐市地震监测中心 · 资产与车辆盘点" }).ClickAsync();
            await Assertions.Expect(reviewer.GetByRole(AriaRole.Heading, new() { Name = "年末资产盘点数（已报送，待审核）" })).ToBeVisibleAsync();
            await PortalFixture.AssertAccessibleAsync(reviewer);
            await reviewer.GetByRole(AriaRole.Button, new() { Name = "审核通过" }).ClickAsync();
            await Assertions.Expect(reviewer.GetByRole(AriaRole.Status)).ToHaveTextAsync("盘点数已审核通过");
            await Assertions.Expect(reviewer.GetByRole(AriaRole.Heading, new() { Name = "年末资产盘点数（已审核通过）" })).ToBeVisibleAsync();

            // The clerk's page, read before the acceptance, reports new figures: refused whole, and the page shows the
            // accepted figures, not the typed ones under "已审核通过" (an outside look).
            await clerk.GetByLabel("通用设备", new() { Exact = true }).FillAsync("360000");
            await clerk.GetByLabel("固定资产原值合计", new() { Exact = true }).FillAsync("360000");
            await clerk.GetByRole(AriaRole.Button, new() { Name = "报送盘点数" }).ClickAsync();
            await Assertions.Expect(clerk.GetByRole(AriaRole.Alert)).ToContainTextAsync("您刚才填写的内容未保存");
            await Assertions.Expect(clerk.GetByLabel("通用设备", new() { Exact = true })).ToHaveValueAsync("350000");

            // Read-only for the unit, which is told why and whom to ask.
            await clerk.GotoAsync(InventoryTests.Path(Unit, Year));
            await Assertions.Expect(clerk.GetByRole(AriaRole.Note)).ToContainTextAsync("审核通过，盘点数不能再修改");
            await Assertions.Expect(clerk.GetByLabel("通用设备", new() { Exact = true })).ToBeDisabledAsync();
            await Assertions.Expect(clerk.GetByRole(AriaRole.Button, new() { Name = "报送盘点数" })).ToHaveCountAsync(0);

            // Sent back: a comment is required, and the unit's page and home show it.
            await reviewer.GetByLabel("退回意见").FillAsync("房屋及构筑物未填报，请补充。");
            await reviewer.GetByRole(AriaRole.Button, new() { Name = "退回修改" }).ClickAsync();
            await Assertions.Expect(reviewer.GetByRole(AriaRole.Status)).ToHaveTextAsync("已退回单位修改");
            await Assertions.Expect(reviewer.GetByRole(AriaRole.Region, new() { Name = "财政部门审核" })).ToContainTextAsync("待单位重新报送后再审核");
            await clerk.GotoAsync(InventoryTests.Path(Unit, Year));
            await Assertions.Expect(clerk.GetByRole(AriaRole.Note)).ToContainTextAsync("房屋及构筑物未填报，请补充。修改后请重新报送。");
            await Assertions.Expect(clerk.GetByLabel("通用设备", new() { Exact = true })).ToBeEnabledAsync();
            // The review history keeps each step, folded: the report, the acceptance, the return with its comment.
            await clerk.GetByText("审核记录（3 条）").ClickAsync();
            var steps = clerk.Locator(".review-history li");
            await Assertions.Expect(steps).ToHaveCountAsync(3);
            await Assertions.Expect(steps.Nth(0)).ToContainTextAsync("报送");
            await Assertions.Expect(steps.Nth(1)).ToContainTextAsync("审核通过　reviewer.urumqi");
            await Assertions.Expect(steps.Nth(2)).ToContainTextAsync("退回修改　reviewer.urumqi：房屋及构筑物未填报，请补充。");
            await PortalFixture.AssertAccessibleAsync(clerk);
            await clerk.GotoAsync($"/portal?year={Year}");
            await Assertions.Expect(clerk.GetByRole(AriaRole.Row, new() { Name = "资产与车辆盘点" })).ToContainTextAsync("已退回，待修改");
            await Assertions.Expect(clerk.GetByRole(AriaRole.Row, new() { Name = "资产与车辆盘点" })).ToContainTextAsync("房屋及构筑物未填报，请补充");
        });
    }
}
