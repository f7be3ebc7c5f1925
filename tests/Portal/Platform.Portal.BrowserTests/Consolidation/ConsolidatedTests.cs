using Microsoft.Playwright;

namespace Platform.Portal.BrowserTests.Consolidation;

/// <summary>
/// The prefecture finance office's daily view: its region's consolidated (汇总) tables, a figure drilled through to the
/// department that contributes it and on to that department's own consolidation, its changed cells marked until seen;
/// another county's reviewer cannot read them.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ConsolidatedTests(PortalFixture portal)
{
    /// <summary>The demo's published year: the city's emergency-management department is consolidated from its disclosure.</summary>
    private const int Year = 2022;

    [Fact]
    public async Task Consolidated_FigureDrilledThrough_ToTheContributingDepartment()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(Consolidated_FigureDrilledThrough_ToTheContributingDepartment), async () =>
        {
            await PortalFixture.SignInAsync(page, DemoUsers.UrumqiReviewer, DemoUsers.ReviewerPassword, $"/portal?year={Year}");
            await page.GetByRole(AriaRole.Link, new() { Name = "辖区汇总报表" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"{Year} 年度汇总报表 · 乌鲁木齐市（650100）");
            await PortalFixture.AssertAccessibleAsync(page);
            // The department's return is its imported disclosure: said, and what it did not print is no error of the region's.
            await Assertions.Expect(page.Locator("#published-contributions")).ToContainTextAsync("其中 1 个单位的决算数据由公开文件导入");
            // Who the totals hold, and how: the department's three units file no 2022 return of their own — its imported
            // disclosure consolidates them (they were listed as 未开始, left out of the totals).
            await Assertions.Expect(page.Locator("#coverage")).ToContainTextAsync("均已计入汇总（其中 3 个由所属部门导入的公开文件涵盖）");
            await Assertions.Expect(page.GetByText("不等于基本支出与项目支出之和")).ToHaveCountAsync(0);

            var fiscal = page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^一、财政拨款收入 决算数 [0-9]{1,3}(,[0-9]{3})+(\\.[0-9]+)?，查看构成$") });
            var total = (await fiscal.TextContentAsync())!.Trim();
            await fiscal.ClickAsync();
            var drill = page.GetByRole(AriaRole.Region, new() { Name = $"一、财政拨款收入（决算数） 的构成（合计 {total} 元）" });
            await Assertions.Expect(drill).ToBeVisibleAsync();
            await Assertions.Expect(drill.GetByRole(AriaRole.Row, new() { NameRegex = new System.Text.RegularExpressions.Regex("乌鲁木齐市应急管理局") })).ToContainTextAsync("部门汇总");
            await PortalFixture.AssertAccessibleAsync(page);
            // A figure the imported disclosure did not print is blank, and its drill-through says so (not a sum of the rest).
            await page.GotoAsync($"/portal/consolidated/region/650100/{Year}?table=Z04");
            await page.GetByRole(AriaRole.Link, new() { Name = "一般公共预算财政拨款 决算数 空白，查看构成" }).ClickAsync();
            var unprinted = page.GetByRole(AriaRole.Region, new() { NameRegex = new System.Text.RegularExpressions.Regex("^一般公共预算财政拨款（决算数） 的构成（合计不可知") });
            await Assertions.Expect(unprinted.GetByRole(AriaRole.Row, new() { NameRegex = new System.Text.RegularExpressions.Regex("乌鲁木齐市应急管理局") })).ToContainTextAsync("公开文件未列示");
            await page.GoBackAsync();
            await page.GoBackAsync();

            await drill.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("乌鲁木齐市应急管理局") }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("部门 乌鲁木齐市应急管理局");
            await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { NameRegex = new System.Text.RegularExpressions.Regex("^一、财政拨款收入（决算数） 的构成") })).ToContainTextAsync(total);

            // Cells changed since the reviewer last looked stay marked across tables and drill-throughs, until they say so.
            await Assertions.Expect(page.Locator(".changed-mark").First).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "已查看，清除变动标记" }).ClickAsync();
            await Assertions.Expect(page.Locator(".changed-mark")).ToHaveCountAsync(0);

            var county = await portal.NewPageAsync();
            page = county;
            await PortalFixture.SignInAsync(county, DemoUsers.XinshiReviewer, DemoUsers.ReviewerPassword, $"/portal/consolidated/region/650100/{Year}");
            await Assertions.Expect(county.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
            Assert.Equal(403, (await county.ReloadAsync())!.Status);
            await Assertions.Expect(county.Locator("table.grid")).ToHaveCountAsync(0);
        });
    }
}
