using Microsoft.Playwright;

namespace Platform.Portal.BrowserTests.SignIn;

/// <summary>Signing in to the portal through the gateway (OpenID Connect code + PKCE), the home page per role, signing out.</summary>
[Collection(PortalCollection.Name)]
public sealed class SignInTests(PortalFixture portal)
{
    [Fact]
    public async Task Portal_ClerkSignsIn_SeesTheUnitsTasksForTheYear()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(Portal_ClerkSignsIn_SeesTheUnitsTasksForTheYear), async () =>
        {
            await PortalFixture.SignInAsync(page, DemoUsers.SeismicClerk, DemoUsers.ClerkPassword, "/portal?year=2024");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "2024 年度工作台" })).ToBeVisibleAsync();
            var tasks = page.GetByRole(AriaRole.Table, new() { Name = "本单位 2024 年度任务" });
            await Assertions.Expect(tasks.GetByRole(AriaRole.Rowheader, new() { Name = "部门决算报表" })).ToBeVisibleAsync();
            await Assertions.Expect(tasks.GetByRole(AriaRole.Rowheader, new() { Name = "资产与车辆盘点" })).ToBeVisibleAsync();
            // The disclosure the year ends in, before the return is approved: said what it waits for, nothing to open.
            await Assertions.Expect(tasks.GetByRole(AriaRole.Row, new() { NameRegex = new System.Text.RegularExpressions.Regex("^部门决算公开说明") }))
                .ToContainTextAsync("部门决算审核通过后，平台自动生成公开说明");
            await Assertions.Expect(page.GetByText("乌鲁木齐市地震监测中心")).ToBeVisibleAsync();
            await PortalFixture.AssertAccessibleAsync(page);
        });
    }

    [Fact]
    public async Task Portal_UnitHeadSignsIn_LedToTheDepartmentsConsolidation()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(Portal_UnitHeadSignsIn_LedToTheDepartmentsConsolidation), async () =>
        {
            await PortalFixture.SignInAsync(page, DemoUsers.EmergencyHead, DemoUsers.HeadPassword, "/portal?year=2022");
            var tasks = page.GetByRole(AriaRole.Table, new() { Name = "本单位 2022 年度任务" });

            // The page was reachable only by typing its address.
            await tasks.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "部门汇总报表" }) })
                .GetByRole(AriaRole.Link, new() { Name = "打开" }).ClickAsync();

            await page.WaitForURLAsync(url => url.Contains("/portal/consolidated/department/urumqi-emergency/2022", StringComparison.Ordinal));
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("汇总");
        });
    }

    [Fact]
    public async Task Portal_AddressNoPageHas_ChinesePageWithTheWayBackAnd404()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(Portal_AddressNoPageHas_ChinesePageWithTheWayBackAnd404), async () =>
        {
            await PortalFixture.SignInAsync(page, DemoUsers.SeismicClerk, DemoUsers.ClerkPassword, "/portal?year=2024");
            // A year that is not a number and an address no page has: both were an empty 404 (the browser's English page).
            foreach (var path in new[] { "/portal/returns/urumqi-seismic/abc", "/portal/admin" })
            {
                var answer = await page.GotoAsync(path);
                Assert.Equal(404, answer!.Status);
                await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("未找到该页面");
                await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(path);
                await Assertions.Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^未找到该页面"));
            }
            await PortalFixture.AssertAccessibleAsync(page);
            await page.GetByRole(AriaRole.Link, new() { Name = "返回工作台" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new System.Text.RegularExpressions.Regex("年度工作台$") })).ToBeVisibleAsync();
            // The portal's own pages and endpoints still win over the catch-all.
            Assert.Equal(200, (await page.GotoAsync("/portal/returns/urumqi-seismic/2024?table=Z01"))!.Status);
        });
    }

    [Fact]
    public async Task Portal_ReviewerSignsIn_SeesTheJurisdictionsProgressNotAUnitsTasks()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(Portal_ReviewerSignsIn_SeesTheJurisdictionsProgressNotAUnitsTasks), async () =>
        {
            await PortalFixture.SignInAsync(page, DemoUsers.UrumqiReviewer, DemoUsers.ReviewerPassword, "/portal?year=2022");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "辖区 乌鲁木齐市（650100） 决算报送进度（共 4 个单位）" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "本单位 2022 年度任务" })).ToHaveCountAsync(0);
            // The tab says which page it is (every page was titled 部门决算公开).
            await Assertions.Expect(page).ToHaveTitleAsync("2022 年度工作台 · 部门决算与绩效管理平台");
            // The self-evaluations with findings are on the same page (the imported 2022 forms of the city's bureau), one
            // line per form, most errors first, each a link to its form.
            var evaluations = page.GetByRole(AriaRole.Region, new() { Name = "绩效自评：平台审核发现" });
            await Assertions.Expect(evaluations).ToContainTextAsync("处错误");
            var first = evaluations.GetByRole(AriaRole.Link).First;
            await Assertions.Expect(first).ToContainTextAsync("乌鲁木齐市应急管理局（市矿山安全监督管理局） · ");
            await PortalFixture.AssertAccessibleAsync(page);
            await first.ClickAsync();
            await page.WaitForURLAsync("**/portal/evaluations/urumqi-emergency/2022?project=*");
        });
    }

    [Fact]
    public async Task Portal_SignedOut_SignInPageThenBackToThePageAsked()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(Portal_SignedOut_SignInPageThenBackToThePageAsked), async () =>
        {
            await page.GotoAsync("/portal?year=2023");
            Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
            await PortalFixture.AssertAccessibleAsync(page);
            await page.GetByLabel("登录名", new() { Exact = true }).FillAsync(DemoUsers.SeismicClerk);
            await page.GetByLabel("密码", new() { Exact = true }).FillAsync(DemoUsers.ClerkPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
            await page.WaitForURLAsync("**/portal?year=2023");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "2023 年度工作台" })).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task SignOut_AfterConfirming_TheNextVisitAsksToSignInAgain()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(SignOut_AfterConfirming_TheNextVisitAsksToSignInAgain), async () =>
        {
            await PortalFixture.SignInAsync(page, DemoUsers.SeismicClerk, DemoUsers.ClerkPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
            // The provider asks before it ends its own session (a link from another site cannot sign anyone out).
            await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
            await page.GotoAsync("/portal");
            Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task SignOut_ACopyOfTheSessionCookieTakenBefore_OpensNothingAfterwards()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(SignOut_ACopyOfTheSessionCookieTakenBefore_OpensNothingAfterwards), async () =>
        {
            await PortalFixture.SignInAsync(page, DemoUsers.SeismicClerk, DemoUsers.ClerkPassword);
            var copied = (await page.Context.CookiesAsync()).Where(c => c.Name.StartsWith("platform.portal", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(copied);
            await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/connect/logout", StringComparison.Ordinal));

            // Someone who copied the cookie before (a shared computer, a proxy log) presents it in another browser.
            var other = await portal.NewPageAsync();
            await other.Context.AddCookiesAsync(copied.Select(c => new Cookie
            {
                Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
            }));
            await other.GotoAsync("/portal");
            Assert.Contains("/account/login", other.Url, StringComparison.Ordinal);
            await Assertions.Expect(other.GetByText("乌鲁木齐市地震监测中心")).ToHaveCountAsync(0);
        });
    }

    [Theory]
    [InlineData("/portal/signin-oidc?code=x&state=y")]
    [InlineData("/portal/signin-oidc")]
    public async Task SignInCallback_StaleOrForged_APageInChineseThatStartsAgain(string address)
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(SignInCallback_StaleOrForged_APageInChineseThatStartsAgain), async () =>
        {
            var response = await page.GotoAsync(address);

            Assert.Equal(400, response!.Status);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "登录未完成" })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "重新登录" }).ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task PortalForm_PostedWithoutItsAntiforgeryToken_APageInChinese()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(PortalForm_PostedWithoutItsAntiforgeryToken_APageInChinese), async () =>
        {
            await PortalFixture.SignInAsync(page, DemoUsers.SeismicClerk, DemoUsers.ClerkPassword);

            // As a page from another site (or one left open over a restart) would post it: the session's cookie, no token.
            var response = await page.APIRequest.PostAsync("/portal", new() { Form = page.APIRequest.CreateFormData().Set("_handler", "save") });

            Assert.Equal(400, response.Status);
            Assert.Contains("页面已过期", await response.TextAsync(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task SignOut_ProvidersConfirmationLeftUndone_TheNextPersonMustStillGiveAPassword()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(SignOut_ProvidersConfirmationLeftUndone_TheNextPersonMustStillGiveAPassword), async () =>
        {
            await PortalFixture.SignInAsync(page, DemoUsers.SeismicClerk, DemoUsers.ClerkPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/connect/logout", StringComparison.Ordinal));
            // The clerk walks away from the provider's confirmation; the next person opens the portal in the same browser.
            await page.GotoAsync("/portal");
            Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
            await Assertions.Expect(page.GetByText("乌鲁木齐市地震监测中心")).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task Portal_WrongPassword_SaysSoInChineseAndStaysSignedOut()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(Portal_WrongPassword_SaysSoInChineseAndStaysSignedOut), async () =>
        {
            await page.GotoAsync("/portal");
            await page.GetByLabel("登录名", new() { Exact = true }).FillAsync(DemoUsers.XinshiReviewer);
            await page.GetByLabel("密码", new() { Exact = true }).FillAsync("not-the-password-1");
            await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("登录名或密码不正确");
            await page.GotoAsync("/portal");
            Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        });
    }
}
