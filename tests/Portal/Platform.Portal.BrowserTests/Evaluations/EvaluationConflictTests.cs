using Microsoft.Playwright;

namespace Platform.Portal.BrowserTests.Evaluations;

/// <summary>
/// Two windows of one project self-evaluation: the second save, made over a revision that is no longer the latest, is
/// refused and lists every input where the page and what the other saved differ — both the other's change and this
/// person's own — so that saving again (which goes through, the page's content prevailing) is never blind.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class EvaluationConflictTests(PortalFixture portal)
{
    private const string Unit = "urumqi-emergency";
    private const int Year = 2025;
    private const string Project = "应急通信保障（两人同时修改）";

    [Fact]
    public async Task Save_SomeoneSavedInBetween_ListsEachDifferenceAndKeepsWhatWasTyped()
    {
        var first = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(first, nameof(Save_SomeoneSavedInBetween_ListsEachDifferenceAndKeepsWhatWasTyped), async () =>
        {
            await PortalFixture.SignInAsync(first, DemoUsers.EmergencyClerk, DemoUsers.ClerkPassword, EvaluationPages.Path(Unit, Year));
            await EvaluationPages.FillNewAsync(first, Unit, Year, Project, EvaluationPages.MonitoringLines, "99.6");
            await first.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
            await Assertions.Expect(first.GetByRole(AriaRole.Status)).ToHaveTextAsync("草稿已保存");
            var second = await first.Context.NewPageAsync();
            await second.GotoAsync(first.Url);

            await first.GetByLabel("执行率（%）", new() { Exact = true }).FillAsync("96");
            await first.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
            await Assertions.Expect(first.GetByRole(AriaRole.Status)).ToHaveTextAsync("草稿已保存");
            await second.GetByLabel("第 1 行 自评得分", new() { Exact = true }).FillAsync("38");
            await second.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();

            var alert = second.GetByRole(AriaRole.Alert);
            await Assertions.Expect(alert).ToContainTextAsync("已被他人修改");
            await Assertions.Expect(alert).ToContainTextAsync("执行率：您的页面为 空，他人保存的为 “96”");
            await Assertions.Expect(alert).ToContainTextAsync("第 1 行指标 自评得分：您的页面为 “38”，他人保存的为 “40”");
            await Assertions.Expect(alert.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
            await Assertions.Expect(second.GetByLabel("第 1 行 自评得分", new() { Exact = true })).ToHaveValueAsync("38");
            await PortalFixture.AssertAccessibleAsync(second);

            // Saved again knowingly: the page's content is the form now.
            await second.GetByLabel("执行率（%）", new() { Exact = true }).FillAsync("96");
            await second.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
            await Assertions.Expect(second.GetByRole(AriaRole.Status)).ToHaveTextAsync("草稿已保存");
            await first.ReloadAsync();
            await Assertions.Expect(first.GetByLabel("第 1 行 自评得分", new() { Exact = true })).ToHaveValueAsync("38");
            await Assertions.Expect(first.GetByLabel("执行率（%）", new() { Exact = true })).ToHaveValueAsync("96");
        });
    }
}
