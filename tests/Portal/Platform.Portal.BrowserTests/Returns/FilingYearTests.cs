using Microsoft.Playwright;
using Platform.Portal.BrowserTests.Evaluations;
using Platform.Portal.BrowserTests.Inventory;
using Platform.Testing.Accounts;

namespace Platform.Portal.BrowserTests.Returns;

/// <summary>
/// A fiscal year through the browser, as the people of a unit and of its superior finance office do it on the demo: the
/// clerk files a project self-evaluation and the inventory, opens the return, sees the server's findings at their cells, types the tables, submits;
/// the city's reviewer finds it in the queue, returns it with a comment on a cell; the clerk sees the comment at the cell,
/// fixes and resubmits; the reviewer approves; the disclosure (with the project's self-evaluation) appears on the public
/// page; a correction is opened with its reason. Another unit's clerk and another county's reviewer see none of it.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class FilingYearTests(PortalFixture portal)
{
    private const string Unit = "urumqi-seismic";
    private const int Year = 2025;

    [Fact]
    public async Task Year_FiledReturnedFixedApprovedPublished_ThroughTheBrowser()
    {
        var clerk = await portal.NewPageAsync();
        var reviewer = await portal.NewPageAsync();
        var page = clerk;
        await PortalFixture.WithScreenshotOnFailureAsync(clerk, nameof(Year_FiledReturnedFixedApprovedPublished_ThroughTheBrowser), async () =>
        {
            // The clerk files the year's other parts: a project self-evaluation (submitted, scored by the platform) and the
            // year-end inventory (no vehicle register: vehicles by category) — its fixed assets 60,000 above what the return
            // will state (equipment accepted at year end, booked in January): a warning the clerk explains on the return.
            await PortalFixture.SignInAsync(clerk, DemoUsers.SeismicClerk, DemoUsers.ClerkPassword, EvaluationPages.Path(Unit, Year));
            await EvaluationPages.FillNewAsync(clerk, Unit, Year, "地震监测台网运行维护", EvaluationPages.MonitoringLines, "99.6");
            await clerk.GetByRole(AriaRole.Button, new() { Name = "保存并报送" }).ClickAsync();
            await Assertions.Expect(clerk.GetByRole(AriaRole.Status)).ToHaveTextAsync("已报送，平台已评分");
            await clerk.GotoAsync(InventoryTests.Path(Unit, Year));
            await clerk.GetByLabel("房屋及构筑物", new() { Exact = true }).FillAsync("3800000");
            await clerk.GetByLabel("通用设备", new() { Exact = true }).FillAsync("1260000");
            await clerk.GetByLabel("固定资产原值合计", new() { Exact = true }).FillAsync("5060000");
            await clerk.GetByLabel("执法执勤用车", new() { Exact = true }).FillAsync("2");
            await clerk.GetByLabel("其他用车", new() { Exact = true }).FillAsync("1");
            await clerk.GetByRole(AriaRole.Button, new() { Name = "报送盘点数" }).ClickAsync();
            await Assertions.Expect(clerk.GetByRole(AriaRole.Status)).ToHaveTextAsync("盘点数已报送");

            // Before the return is opened its day is known (the region's deadline for 2025: 2026-03-31), at home and on its page.
            await clerk.GotoAsync($"/portal?year={Year}");
            await Assertions.Expect(clerk.GetByRole(AriaRole.Row, new() { NameRegex = new System.Text.RegularExpressions.Regex("^部门决算报表") }))
                .ToContainTextAsync("2026-03-31");
            // The clerk opens the year's return: the server's findings of an empty return stand at their cells.
            await clerk.GotoAsync(ReturnPages.Path(Unit, Year));
            await Assertions.Expect(clerk.GetByText("本年度报表尚未开始填报")).ToContainTextAsync("截止日期：2026-03-31");
            await clerk.GetByRole(AriaRole.Button, new() { Name = "开始填报" }).ClickAsync();
            await Assertions.Expect(clerk.GetByRole(AriaRole.Status)).ToHaveTextAsync("已开始填报");
            var income = ReturnPages.Cell(clerk, "Z01[INC_FISCAL,AMT]");
            await Assertions.Expect(income).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(clerk.Locator("#at-Z01-INC_FISCAL-AMT--f")).ToContainTextAsync("收入各项均未填报");
            // Rows, inputs and findings are named as the printed form names them, never by the platform's row codes.
            await Assertions.Expect(clerk.Locator("section.findings li[data-location='Z01[INC_FISCAL,AMT]'] a").First).ToHaveTextAsync("一、财政拨款收入（决算数）");
            await Assertions.Expect(clerk.GetByLabel("一、财政拨款收入 决算数", new() { Exact = true })).ToBeVisibleAsync();
            await Assertions.Expect(clerk.GetByRole(AriaRole.Columnheader, new() { Name = "项目代码" })).ToHaveCountAsync(0);
            await Assertions.Expect(clerk.Locator("table.grid")).Not.ToContainTextAsync("INC_FISCAL");
            await PortalFixture.AssertAccessibleAsync(clerk);

            // In the browser, while typing: a value that is not a number is named at its cell, computed cells follow.
            await ReturnPages.WaitLiveAsync(clerk);
            await ReturnPages.Cell(clerk, "Z01[INC_OTHER,AMT]").PressSequentiallyAsync("12x");
            await Assertions.Expect(clerk.Locator("#at-Z01-INC_OTHER-AMT--f")).ToContainTextAsync("不是数字");
            // Saved anyway: the server refuses it by its row and column (it named "cells[0].value", the request's own index).
            await ReturnPages.Cell(clerk, "Z01[INC_OTHER,AMT]").FillAsync("12,34");
            var refused = await clerk.RunAndWaitForResponseAsync(() => clerk.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync(),
                r => r.Request.Method == "POST");
            // The page the server sends back keeps what was typed in its inputs (without script too; it came back empty).
            Assert.Contains("name=\"c:Z01[INC_OTHER,AMT]\" value=\"12,34\"", await refused.TextAsync(), StringComparison.Ordinal);
            await Assertions.Expect(clerk.GetByRole(AriaRole.Alert)).ToContainTextAsync("六、其他收入（决算数）：");
            await Assertions.Expect(clerk.GetByRole(AriaRole.Alert)).Not.ToContainTextAsync("cells[");
            await ReturnPages.WaitLiveAsync(clerk);
            await ReturnPages.Cell(clerk, "Z01[INC_OTHER,AMT]").FillAsync("");
            // A block pasted from a spreadsheet fills the income rows downwards (blank lines clear their cells).
            await ReturnPages.PasteAsync(clerk, "Z01[INC_FISCAL,AMT]", "1,700,000\n\n\n\n\n100000");
            await Assertions.Expect(ReturnPages.Cell(clerk, "Z01[INC_OTHER,AMT]")).ToHaveValueAsync("100000");
            await Assertions.Expect(clerk.Locator("#at-Z01-INC_CURRENT-AMT-")).ToHaveTextAsync("1,800,000");   // shown grouped
            await Assertions.Expect(clerk.Locator("#at-Z01-INC_FISCAL-AMT--f")).ToHaveCountAsync(0);
            // Arrow keys and Enter move down the column, as in a spreadsheet.
            await ReturnPages.Cell(clerk, "Z01[INC_FISCAL,AMT]").FocusAsync();
            await clerk.Keyboard.PressAsync("ArrowDown");
            await Assertions.Expect(ReturnPages.Cell(clerk, "Z01[INC_SUPERIOR,AMT]")).ToBeFocusedAsync();
            await clerk.Keyboard.PressAsync("Enter");
            await Assertions.Expect(ReturnPages.Cell(clerk, "Z01[INC_OPERATING,AMT]")).ToBeFocusedAsync();
            await ReturnPages.SaveAsync(clerk);

            // Types the rest of the return, table by table; after every save the browser's findings equal the server's.
            await ReturnPages.FillAsync(clerk, Unit, Year, SampleReturns.Consistent2022);
            await clerk.GotoAsync(ReturnPages.Path(Unit, Year, "Z01"));
            await Assertions.Expect(income).Not.ToHaveAttributeAsync("aria-invalid", "true");
            // One warning is left (the inventory's fixed assets): the clerk follows it from the findings list to its table and
            // explains it in place.
            await Assertions.Expect(clerk.GetByRole(AriaRole.Heading, new() { Level = 2, NameString = "审核结果" })).ToContainTextAsync("1 处提示尚未说明");
            await clerk.Locator(".findings li.warning a").First.ClickAsync();
            // The warning is named by its place on the printed form, not by a cell's code (F01[...]).
            await Assertions.Expect(clerk.GetByRole(AriaRole.Group, new() { NameString = "提示说明" }).Locator("label").First).Not.ToContainTextAsync("[");
            await clerk.GetByRole(AriaRole.Group, new() { NameString = "提示说明" }).Locator("textarea").First.FillAsync("盘点数含年末验收的监测设备 6 万元，财务于次年 1 月入账");
            await ReturnPages.SaveAsync(clerk);
            await PortalFixture.AssertAccessibleAsync(clerk);
            await Assertions.Expect(clerk.GetByRole(AriaRole.Heading, new() { Level = 2, NameString = "审核结果" })).ToContainTextAsync("可以报送");
            await clerk.GetByRole(AriaRole.Button, new() { Name = "保存并报送" }).ClickAsync();
            await Assertions.Expect(clerk.GetByRole(AriaRole.Status)).ToHaveTextAsync("已报送，等待审核");
            await Assertions.Expect(income).ToHaveCountAsync(0);  // submitted: read-only

            // The city's reviewer finds it in the queue and returns it with a comment on a cell.
            page = reviewer;
            await PortalFixture.SignInAsync(reviewer, DemoUsers.UrumqiReviewer, DemoUsers.ReviewerPassword, $"/portal?year={Year}");
            // (Late or not depends on today against the year's deadline: 2026-03-31 for 2025.)
            await Assertions.Expect(reviewer.Locator("ul.queue li")).ToHaveTextAsync(
                new System.Text.RegularExpressions.Regex("^乌鲁木齐市地震监测中心（乌鲁木齐市(，逾期报送)?）：0 处错误，1 处提示（1 处已说明）$"));
            await reviewer.Locator("ul.queue").GetByRole(AriaRole.Link, new() { Name = "乌鲁木齐市地震监测中心" }).ClickAsync();
            await Assertions.Expect(reviewer.GetByRole(AriaRole.Group, new() { Name = "审核" })).ToBeVisibleAsync();
            await PortalFixture.AssertAccessibleAsync(reviewer);
            // The place is chosen by its printed name (a reviewer does not type Z01[INC_OTHER,AMT]).
            await reviewer.Locator("#target0").SelectOptionAsync(new SelectOptionValue { Label = "六、其他收入" });
            await reviewer.Locator("#text0").FillAsync("其他收入请附明细说明");
            await reviewer.GetByRole(AriaRole.Button, new() { Name = "退回修改" }).ClickAsync();
            await Assertions.Expect(reviewer.GetByRole(AriaRole.Status)).ToHaveTextAsync("已退回单位修改");

            // The clerk sees the comment, fixes the cell and resubmits.
            page = clerk;
            await clerk.GotoAsync(ReturnPages.Path(Unit, Year, "Z01"));
            await Assertions.Expect(clerk.GetByRole(AriaRole.Region, new() { Name = "审核意见" })).ToContainTextAsync("六、其他收入：其他收入请附明细说明");
            await Assertions.Expect(clerk.GetByText("状态：已退回，待修改")).ToBeVisibleAsync();
            // ...and at the cell itself, described by it for a screen reader (it was in the list above only).
            await Assertions.Expect(clerk.Locator("#at-Z01-INC_OTHER--c")).ToHaveTextAsync("审核意见：其他收入请附明细说明");
            await Assertions.Expect(ReturnPages.Cell(clerk, "Z01[INC_OTHER,AMT]")).ToHaveAttributeAsync("aria-describedby", new System.Text.RegularExpressions.Regex("at-Z01-INC_OTHER--c"));
            await clerk.GetByRole(AriaRole.Button, new() { Name = "保存并报送" }).ClickAsync();
            await Assertions.Expect(clerk.GetByRole(AriaRole.Status)).ToHaveTextAsync("已报送，等待审核");

            // The reviewer approves.
            page = reviewer;
            await reviewer.GotoAsync(ReturnPages.Path(Unit, Year));
            await reviewer.GetByRole(AriaRole.Button, new() { Name = "审核通过" }).ClickAsync();
            await Assertions.Expect(reviewer.GetByRole(AriaRole.Status)).ToHaveTextAsync("已审核通过");
            await reviewer.GotoAsync($"/portal?year={Year}");
            await Assertions.Expect(reviewer.GetByRole(AriaRole.Table, new() { Name = $"各单位 {Year} 年度决算状态" }).GetByRole(AriaRole.Row, new() { Name = "乌鲁木齐市地震监测中心" }))
                .ToContainTextAsync("已审核通过");
            // The approval is in the department's consolidation (an event away): the seismic centre's income, drilled through.
            var drilled = $"/portal/consolidated/department/urumqi-emergency/{Year}?table=Z01&cell={Uri.EscapeDataString("Z01[INC_FISCAL,AMT]")}";
            var contribution = reviewer.GetByRole(AriaRole.Region, new() { NameRegex = new System.Text.RegularExpressions.Regex("的构成") })
                .GetByRole(AriaRole.Row, new() { NameRegex = new System.Text.RegularExpressions.Regex("乌鲁木齐市地震监测中心") });
            await reviewer.GotoAsync(drilled);
            for (var until = DateTime.UtcNow.AddSeconds(60); await contribution.CountAsync() == 0 && DateTime.UtcNow < until;)
            {
                await reviewer.WaitForTimeoutAsync(500);
                await reviewer.ReloadAsync();
            }
            await Assertions.Expect(contribution).ToContainTextAsync("1,700,000");   // thousands separated, as a reviewer reads a column

            // The public reads it: the publication service writes the disclosure once the approval, the scored form and the
            // inventory are all in (an event away), and the landing page finds it by year and name.
            var reader = await portal.NewPageAsync();
            page = reader;
            await reader.GotoAsync($"/?year={Year}&q=地震监测中心");
            var published = reader.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("地震监测中心") });
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await published.CountAsync() == 0 && DateTime.UtcNow < deadline)
            {
                // Polls the page as a reader would refresh it; the assertion below fails if it never appears.
                await reader.WaitForTimeoutAsync(500);
                await reader.ReloadAsync();
            }
            await Assertions.Expect(published).ToHaveCountAsync(1);
            // The region by its name for a citizen, not its code.
            await Assertions.Expect(reader.GetByRole(AriaRole.Row).Filter(new() { Has = published })).ToContainTextAsync("乌鲁木齐市");
            await PortalFixture.AssertAccessibleAsync(reader);
            await published.ClickAsync();
            await Assertions.Expect(reader.Locator("body")).ToContainTextAsync("地震监测台网运行维护");

            // The clerk's home says so and links to it (it said the return was 已审核通过 and nothing of the disclosure).
            page = clerk;
            await clerk.GotoAsync($"/portal?year={Year}");
            var disclosure = clerk.GetByRole(AriaRole.Row, new() { NameRegex = new System.Text.RegularExpressions.Regex("^部门决算公开说明") });
            await Assertions.Expect(disclosure).ToContainTextAsync("已公开");
            await Assertions.Expect(disclosure.GetByRole(AriaRole.Link, new() { Name = "打开" })).ToHaveAttributeAsync("href", $"/public/v1/disclosures/{Unit}-{Year}.html");

            // A mistake found after approval: the clerk opens a correction with its reason, a new version in draft; the audit
            // trail keeps the reason with who opened it.
            page = clerk;
            await clerk.GotoAsync(ReturnPages.Path(Unit, Year));
            await clerk.GetByLabel("更正原因", new() { Exact = false }).FillAsync("其他收入中 2 万元应列入上级补助收入");
            await clerk.GetByRole(AriaRole.Button, new() { Name = "开启更正（新版本）" }).ClickAsync();
            await Assertions.Expect(clerk.GetByRole(AriaRole.Status)).ToContainTextAsync("已开启更正");
            await Assertions.Expect(clerk.GetByText("第 2 版")).ToBeVisibleAsync();
            await Assertions.Expect(ReturnPages.Cell(clerk, "Z01[INC_OTHER,AMT]")).ToHaveValueAsync("100000");
            await clerk.GetByRole(AriaRole.Link, new() { Name = "变更记录" }).ClickAsync();
            var opened = clerk.GetByRole(AriaRole.Row).Filter(new() { HasText = "开启更正" });
            await Assertions.Expect(opened).ToContainTextAsync("其他收入中 2 万元应列入上级补助收入");
            // Who opened it, by the name they signed in with and their login.
            await Assertions.Expect(opened).ToContainTextAsync("乌鲁木齐市地震监测中心 填报员（clerk.urumqi-seismic）");
        });
    }

    [Fact]
    public async Task Return_OtherUnitsClerkAndOtherCountysReviewer_SeeNoneOfIt()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(Return_OtherUnitsClerkAndOtherCountysReviewer_SeeNoneOfIt), async () =>
        {
            await PortalFixture.SignInAsync(page, DemoUsers.EmergencyClerk, DemoUsers.ClerkPassword, ReturnPages.Path(Unit, 2022));
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("table.grid")).ToHaveCountAsync(0);

            var county = await portal.NewPageAsync();
            await PortalFixture.SignInAsync(county, DemoUsers.XinshiReviewer, DemoUsers.ReviewerPassword, ReturnPages.Path(Unit, 2022));
            await Assertions.Expect(county.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
            await Assertions.Expect(county.Locator("table.grid")).ToHaveCountAsync(0);
            // The refusal answers 403 (not 200 with the refusal inside), for the audit trail as for the return.
            Assert.Equal(403, (await county.GotoAsync(ReturnPages.Path(Unit, 2022)))!.Status);
            Assert.Equal(403, (await county.GotoAsync($"/portal/returns/{Unit}/2022/trail"))!.Status);
            // Its workbook's link: a page saying why, with the way back (it was a bare line of text).
            var download = await county.GotoAsync($"/portal/returns/{Unit}/2022/workbook.xlsx");
            Assert.Equal(403, download!.Status);
            await Assertions.Expect(county.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("下载未成功");
            await Assertions.Expect(county.GetByRole(AriaRole.Alert)).ToContainTextAsync("无权");
            await Assertions.Expect(county.GetByRole(AriaRole.Link, new() { Name = "返回工作台" })).ToBeVisibleAsync();
            await county.GotoAsync("/portal?year=2022");
            await Assertions.Expect(county.GetByText("乌鲁木齐市地震监测中心")).ToHaveCountAsync(0);
        });
    }
}
