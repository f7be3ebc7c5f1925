using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Platform.Portal.BrowserTests.Administration;

/// <summary>
/// An administrator's users on the portal (/portal/users): the jurisdiction's users listed, a new user made from a form
/// that names every problem at its field in Chinese, the unit chosen by name, the account disabled and enabled — and the
/// new user signing in, or not, accordingly. Before, all of this was the JSON API only.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class UsersTests(PortalFixture portal)
{
    [Fact]
    public async Task Users_AdministratorMakesAClerkByUnitName_TheClerkSignsInOnlyWhileEnabled()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(Users_AdministratorMakesAClerkByUnitName_TheClerkSignsInOnlyWhileEnabled), async () =>
        {
            await PortalFixture.SignInAsync(page, DemoUsers.RegionAdministrator, DemoUsers.AdministratorPassword, "/portal?year=2022");
            await page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "用户管理" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("用户管理 · 辖区 新疆维吾尔自治区（650000）");
            var list = page.GetByRole(AriaRole.Table, new() { NameRegex = new Regex("^本辖区用户") });
            var seismicClerk = list.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = DemoUsers.SeismicClerk }) });
            // The unit by its name, the role and region in words: not urumqi-seismic, clerk, 650100.
            await Assertions.Expect(seismicClerk).ToContainTextAsync("填报员");
            await Assertions.Expect(seismicClerk).ToContainTextAsync("乌鲁木齐市地震监测中心（urumqi-seismic）");
            await Assertions.Expect(seismicClerk).ToContainTextAsync("乌鲁木齐市（650100）");
            await PortalFixture.AssertAccessibleAsync(page);

            // Everything wrong at once: the login name, the unit no one has, the blank name and password — each at its field.
            var form = page.GetByRole(AriaRole.Group, new() { Name = "新建用户" });
            await form.GetByLabel(new Regex("^登录名")).FillAsync("Bad Name");
            await form.GetByLabel("角色").SelectOptionAsync("clerk");
            await form.GetByLabel(new Regex("^单位")).FillAsync("没有这个单位");
            await form.GetByRole(AriaRole.Button, new() { Name = "新建用户" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(new Regex("新建用户未成功：有 [4-9] 处需要修改"));
            await Assertions.Expect(page.Locator("#f-login_name-e")).ToContainTextAsync("登录名只能包含小写英文字母");
            await Assertions.Expect(page.Locator("#f-unit_id-e")).ToHaveTextAsync("没有名为“没有这个单位”的单位：请输入单位名称并从列表中选择");
            // Listed at the top too, each a link to its field (the form sits below the list of users).
            await Assertions.Expect(page.GetByRole(AriaRole.Alert).GetByRole(AriaRole.Link, new() { Name = "单位：没有名为“没有这个单位”的单位：请输入单位名称并从列表中选择" }))
                .ToHaveAttributeAsync("href", "#f-unit_id");
            // The jurisdiction was left blank as its label allows (a unit's staff work where their unit is): no problem of its own.
            await Assertions.Expect(page.Locator("#f-jurisdiction-e")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("#f-display_name-e")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#f-initial_password-e")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#f-login_name")).ToHaveValueAsync("Bad Name");   // what was typed, kept
            await Assertions.Expect(page.Locator("#f-initial_password")).ToHaveValueAsync("");     // a password never given back
            await Assertions.Expect(list.GetByRole(AriaRole.Rowheader, new() { Name = "Bad Name" })).ToHaveCountAsync(0);   // nothing made

            // Right: the unit by its name alone, the jurisdiction left blank (the unit's region is taken).
            var login = $"clerk.b{Guid.NewGuid():N}"[..16];
            await form.GetByLabel(new Regex("^登录名")).FillAsync(login);
            await form.GetByLabel("姓名（显示名称）").FillAsync("新来的填报员");
            await form.GetByLabel(new Regex("^单位")).FillAsync("乌鲁木齐市地震监测中心");
            await form.GetByLabel("初始密码").FillAsync("first-password-7");
            await form.GetByRole(AriaRole.Button, new() { Name = "新建用户" }).ClickAsync();
            await page.WaitForURLAsync(url => url.Contains($"/portal/users/{login}?done=created", StringComparison.Ordinal));
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("用户已创建");
            var profile = page.Locator("dl.user-profile");
            await Assertions.Expect(profile).ToContainTextAsync("乌鲁木齐市（650100）");
            await Assertions.Expect(profile).ToContainTextAsync("乌鲁木齐市地震监测中心（urumqi-seismic）");
            await PortalFixture.AssertAccessibleAsync(page);

            // A change: the name emptied is a field to fill in (it was "saved" unchanged); then the unit, by name — only what
            // changed is sent; the same form again changes nothing.
            var change = page.GetByRole(AriaRole.Group, new() { Name = "修改用户信息" });
            await change.GetByLabel("姓名（显示名称）").FillAsync("");
            await change.GetByRole(AriaRole.Button, new() { Name = "保存修改" }).ClickAsync();
            await Assertions.Expect(page.Locator("#f-display_name-e")).ToHaveTextAsync("必须填写");
            await change.GetByLabel("姓名（显示名称）").FillAsync("新来的填报员");
            await change.GetByLabel(new Regex("^单位")).FillAsync("乌鲁木齐市应急管理局（市矿山安全监督管理局）");
            await change.GetByRole(AriaRole.Button, new() { Name = "保存修改" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("修改已保存。");
            await Assertions.Expect(profile).ToContainTextAsync("乌鲁木齐市应急管理局（市矿山安全监督管理局）（urumqi-emergency）");
            await change.GetByRole(AriaRole.Button, new() { Name = "保存修改" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("没有修改需要保存。");

            await page.GetByRole(AriaRole.Button, new() { Name = "停用账户" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("账户已停用。");
            await Assertions.Expect(profile).ToContainTextAsync("已停用");
            var clerk = await portal.NewPageAsync();
            await clerk.GotoAsync("/portal");
            await clerk.GetByLabel("登录名", new() { Exact = true }).FillAsync(login);
            await clerk.GetByLabel("密码", new() { Exact = true }).FillAsync("first-password-7");
            await clerk.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
            await Assertions.Expect(clerk.GetByText("该账户已停用")).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "启用账户" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("账户已启用。");
            // The clerk forgot the password: a new first one, said at its field when too weak, never shown back.
            var reset = page.GetByRole(AriaRole.Group, new() { Name = "重设初始密码" });
            await reset.GetByLabel("新的初始密码").FillAsync("short");
            await reset.GetByRole(AriaRole.Button, new() { Name = "重设密码" }).ClickAsync();
            await Assertions.Expect(page.Locator("#f-initial_password-e")).ToContainTextAsync("初始密码至少 10 个字符");
            await Assertions.Expect(reset.GetByLabel("新的初始密码")).ToHaveValueAsync("");
            await reset.GetByLabel("新的初始密码").FillAsync("second-password-8");
            await reset.GetByRole(AriaRole.Button, new() { Name = "重设密码" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已设置新的初始密码");
            var enabled = await portal.NewPageAsync();
            await PortalFixture.SignInAsync(enabled, login, "second-password-8", "/portal?year=2022");
            await Assertions.Expect(enabled.GetByRole(AriaRole.Table, new() { Name = "本单位 2022 年度任务" })).ToBeVisibleAsync();
            await Assertions.Expect(enabled.GetByRole(AriaRole.Banner)).ToContainTextAsync("新来的填报员（填报员，乌鲁木齐市应急管理局");
        });
    }

    [Fact]
    public async Task Users_ReviewerOpensTheUsersPage_RefusedWithoutAForm()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(Users_ReviewerOpensTheUsersPage_RefusedWithoutAForm), async () =>
        {
            await PortalFixture.SignInAsync(page, DemoUsers.UrumqiReviewer, DemoUsers.ReviewerPassword, "/portal?year=2022");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "用户管理" })).ToHaveCountAsync(0);

            var answer = await page.GotoAsync("/portal/users");

            Assert.Equal(403, answer!.Status);
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("系统管理员");
            await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "新建用户" })).ToHaveCountAsync(0);
            Assert.Equal(403, (await page.GotoAsync($"/portal/users/{DemoUsers.SeismicClerk}"))!.Status);
            await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "修改用户信息" })).ToHaveCountAsync(0);
        });
    }
}
