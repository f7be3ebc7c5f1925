using Microsoft.Playwright;

namespace Platform.Portal.BrowserTests.Returns;

/// <summary>
/// What a clerk typed and could not save is not lost: when the session has expired (the save leads to the sign-in page,
/// then back) and when the connection dropped (the save never left the browser), the grid brings it back on the same
/// revision and says so.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class UnsavedInputTests(PortalFixture portal)
{
    private const string Unit = "urumqi-seismic";
    private const string Cell = "Z01[INC_FISCAL,AMT]";

    [Fact]
    public async Task Save_NewItemRefused_ItsCodeAndFiguresStayTypedAndTheCodesAreOffered()
    {
        const int year = 2030;   // a year no other test of the collection files for this unit (FindingsParityTests: 2027–2028)
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(Save_NewItemRefused_ItsCodeAndFiguresStayTypedAndTheCodesAreOffered), async () =>
        {
            await PortalFixture.SignInAsync(page, DemoUsers.SeismicClerk, DemoUsers.ClerkPassword, ReturnPages.Path(Unit, year));
            await page.GetByRole(AriaRole.Button, new() { Name = "开始填报" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已开始填报");
            await ReturnPages.OpenLiveAsync(page, Unit, year, "Z02");
            // The year's items of the table are offered as a code is typed (code and name).
            await Assertions.Expect(page.Locator("datalist#codes-Z02 option[value=\"2240404\"]")).ToHaveTextAsync("地震监测");
            await page.Locator("input[name=\"newrow0\"]").FillAsync("9999999");
            await page.Locator("input[name=\"n0:FISCAL\"]").FillAsync("5");

            var refused = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync(),
                r => r.Request.Method == "POST");
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("保存未成功");
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).Not.ToContainTextAsync("Z02[");   // the place in words only
            // What was typed on the new line comes back in its inputs (it came back blank).
            var html = await refused.TextAsync();
            Assert.Matches("name=\"newrow0\"[^>]*value=\"9999999\"|value=\"9999999\"[^>]*name=\"newrow0\"", html);
            await Assertions.Expect(page.Locator("input[name=\"newrow0\"]")).ToHaveValueAsync("9999999");
            await Assertions.Expect(page.Locator("input[name=\"n0:FISCAL\"]")).ToHaveValueAsync("5");
            await PortalFixture.AssertAccessibleAsync(page);

            // The item saved under its right code; then a second line for the same code (it overwrote the first line's figure,
            // unsaid) and figures without a code (they were dropped, unsaid): refused before anything is sent, each line named.
            await page.Locator("input[name=\"newrow0\"]").FillAsync("2240404");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("草稿已保存");
            await ReturnPages.WaitLiveAsync(page);
            await Assertions.Expect(ReturnPages.Cell(page, "Z02[2240404,FISCAL]")).ToHaveValueAsync("5");
            await page.Locator("input[name=\"newrow0\"]").FillAsync("2240404");
            await page.Locator("input[name=\"n0:FISCAL\"]").FillAsync("7");
            await page.Locator("input[name=\"n1:FISCAL\"]").FillAsync("3");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
            var alert = page.GetByRole(AriaRole.Alert);
            await Assertions.Expect(alert).ToContainTextAsync("保存未成功，未保存任何数据：有 2 处需要修改");
            await Assertions.Expect(alert).ToContainTextAsync("新增第 1 行：科目编码 2240404（地震监测）表中已有");
            await Assertions.Expect(alert).ToContainTextAsync("新增第 2 行：填写了数字但没有填写科目编码");
            await Assertions.Expect(page.Locator("input[name=\"n1:FISCAL\"]")).ToHaveValueAsync("3");
            await page.GotoAsync(ReturnPages.Path(Unit, year, "Z02"));
            await Assertions.Expect(ReturnPages.Cell(page, "Z02[2240404,FISCAL]")).ToHaveValueAsync("5");
        });
    }

    [Fact]
    public async Task Save_SessionExpired_SignInAgainAndTheInputIsBack()
    {
        const int year = 2023;
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(Save_SessionExpired_SignInAgainAndTheInputIsBack), async () =>
        {
            await PortalFixture.SignInAsync(page, DemoUsers.SeismicClerk, DemoUsers.ClerkPassword, ReturnPages.Path(Unit, year));
            await page.GetByRole(AriaRole.Button, new() { Name = "开始填报" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已开始填报");
            await ReturnPages.OpenLiveAsync(page, Unit, year, "Z01");
            await ReturnPages.Cell(page, Cell).FillAsync("5000");

            await page.Context.ClearCookiesAsync();  // the session (and the provider's) has ended meanwhile
            await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
            await page.GetByLabel("登录名", new() { Exact = true }).FillAsync(DemoUsers.SeismicClerk);
            await page.GetByLabel("密码", new() { Exact = true }).FillAsync(DemoUsers.ClerkPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();

            await page.WaitForURLAsync($"**{ReturnPages.Path(Unit, year)}**");
            await ReturnPages.WaitLiveAsync(page);
            await Assertions.Expect(ReturnPages.Cell(page, Cell)).ToHaveValueAsync("5000");
            await Assertions.Expect(page.GetByText("已恢复您在本浏览器中尚未保存的 1 处输入")).ToBeVisibleAsync();
            await ReturnPages.SaveAsync(page);
            await Assertions.Expect(ReturnPages.Cell(page, Cell)).ToHaveValueAsync("5000");
            await Assertions.Expect(page.GetByText("已恢复您在本浏览器中尚未保存")).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task Save_Offline_TheInputIsBackWhenThePageIsOpenedAgain()
    {
        const int year = 2026;
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(Save_Offline_TheInputIsBackWhenThePageIsOpenedAgain), async () =>
        {
            await PortalFixture.SignInAsync(page, DemoUsers.SeismicClerk, DemoUsers.ClerkPassword, ReturnPages.Path(Unit, year));
            await page.GetByRole(AriaRole.Button, new() { Name = "开始填报" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已开始填报");
            await ReturnPages.OpenLiveAsync(page, Unit, year, "Z01");
            await page.Context.SetOfflineAsync(true);
            await ReturnPages.Cell(page, Cell).FillAsync("7000");
            await ReturnPages.Cell(page, "Z01[EXP_BASIC,AMT]").FillAsync("7000");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
            await page.WaitForLoadStateAsync();

            await page.Context.SetOfflineAsync(false);
            await ReturnPages.OpenLiveAsync(page, Unit, year, "Z01");
            await Assertions.Expect(ReturnPages.Cell(page, Cell)).ToHaveValueAsync("7000");
            await Assertions.Expect(ReturnPages.Cell(page, "Z01[EXP_BASIC,AMT]")).ToHaveValueAsync("7000");
            await Assertions.Expect(page.GetByText("已恢复您在本浏览器中尚未保存的 2 处输入")).ToBeVisibleAsync();
        });
    }
}
