using Microsoft.Playwright;
using Platform.Testing.Accounts;

namespace Platform.Portal.BrowserTests.Returns;

/// <summary>
/// The first year of a unit on the registry (the seismic centre is registered from 2022): a return the reviewer sent back
/// is still the reviewer's to read — the page looked up last year's return of a unit that did not exist then and refused
/// itself (400, "单位名录中没有 2021 年度的单位").
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class NewUnitYearTests(PortalFixture portal)
{
    private const string Unit = "urumqi-seismic";
    private const int Year = 2022;  // the unit's first year; no other test files it

    [Fact]
    public async Task ReturnedReturn_UnitsFirstYear_TheReviewerStillReadsItWithTheComment()
    {
        var clerk = await portal.NewPageAsync();
        var page = clerk;
        await PortalFixture.WithScreenshotOnFailureAsync(clerk, nameof(ReturnedReturn_UnitsFirstYear_TheReviewerStillReadsItWithTheComment), async () =>
        {
            await PortalFixture.SignInAsync(clerk, DemoUsers.SeismicClerk, DemoUsers.ClerkPassword, ReturnPages.Path(Unit, Year));
            await clerk.GetByRole(AriaRole.Button, new() { Name = "开始填报" }).ClickAsync();
            await Assertions.Expect(clerk.GetByRole(AriaRole.Status)).ToHaveTextAsync("已开始填报");
            await ReturnPages.FillAsync(clerk, Unit, Year, SampleReturns.Consistent2022);
            await clerk.GotoAsync(ReturnPages.Path(Unit, Year, "Z01"));
            // Its one warning (whatever the year raises on a first return) explained in place, as a clerk does.
            await Assertions.Expect(clerk.GetByRole(AriaRole.Heading, new() { Level = 2, NameString = "审核结果" })).ToContainTextAsync("1 处提示尚未说明");
            await clerk.Locator(".findings li.warning a").First.ClickAsync();
            await clerk.GetByRole(AriaRole.Group, new() { NameString = "提示说明" }).Locator("textarea").First.FillAsync("本中心 2022 年新设立，情况已核实");
            await ReturnPages.SaveAsync(clerk);
            await Assertions.Expect(clerk.GetByRole(AriaRole.Heading, new() { Level = 2, NameString = "审核结果" })).ToContainTextAsync("可以报送");
            // At its place too the warning reads as explained (its words stood there unchanged).
            await Assertions.Expect(clerk.Locator("table.grid .cell-finding, table.grid .row-finding-text").Filter(new() { HasText = "（已说明）" }).First).ToBeVisibleAsync();
            await clerk.GetByRole(AriaRole.Button, new() { Name = "保存并报送" }).ClickAsync();
            await Assertions.Expect(clerk.GetByRole(AriaRole.Status)).ToHaveTextAsync("已报送，等待审核");

            var reviewer = await portal.NewPageAsync();
            page = reviewer;
            await PortalFixture.SignInAsync(reviewer, DemoUsers.UrumqiReviewer, DemoUsers.ReviewerPassword, ReturnPages.Path(Unit, Year));
            await reviewer.Locator("#target0").SelectOptionAsync(new SelectOptionValue { Label = "六、其他收入" });
            await reviewer.Locator("#text0").FillAsync("其他收入请附明细说明");
            await reviewer.GetByRole(AriaRole.Button, new() { Name = "退回修改" }).ClickAsync();
            await Assertions.Expect(reviewer.GetByRole(AriaRole.Status)).ToHaveTextAsync("已退回单位修改");
            await Assertions.Expect(reviewer.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);

            // Opened again while it is with the unit: the return, its state and the reviewer's own comment.
            var again = await reviewer.GotoAsync(ReturnPages.Path(Unit, Year, "Z01"));
            Assert.Equal(200, again!.Status);
            await Assertions.Expect(reviewer.GetByText("状态：已退回，待修改")).ToBeVisibleAsync();
            await Assertions.Expect(reviewer.GetByRole(AriaRole.Region, new() { Name = "审核意见" })).ToContainTextAsync("六、其他收入：其他收入请附明细说明");
            await Assertions.Expect(reviewer.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        });
    }
}
