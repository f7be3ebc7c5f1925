using Microsoft.Playwright;

namespace Platform.Portal.BrowserTests.Returns;

/// <summary>
/// Two windows of the same return (two colleagues, or one clerk in two tabs): the second save, made on top of a revision
/// that is no longer the latest, overwrites nothing — it says which cell the other changed to what, keeps what was typed,
/// and goes through when saved again knowingly.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class DraftConflictTests(PortalFixture portal)
{
    private const string Unit = "urumqi-seismic";
    private const int Year = 2024;
    private const string Cell = "Z01[INC_OTHER,AMT]";

    [Fact]
    public async Task Save_SomeoneSavedInBetween_NamesTheirChangeAndKeepsWhatWasTyped()
    {
        var first = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(first, nameof(Save_SomeoneSavedInBetween_NamesTheirChangeAndKeepsWhatWasTyped), async () =>
        {
            await PortalFixture.SignInAsync(first, DemoUsers.SeismicClerk, DemoUsers.ClerkPassword, ReturnPages.Path(Unit, Year));
            await first.GetByRole(AriaRole.Button, new() { Name = "开始填报" }).ClickAsync();
            await Assertions.Expect(first.GetByRole(AriaRole.Status)).ToHaveTextAsync("已开始填报");
            var second = await first.Context.NewPageAsync();
            await ReturnPages.OpenLiveAsync(second, Unit, Year, "Z01");
            await ReturnPages.OpenLiveAsync(first, Unit, Year, "Z01");

            await ReturnPages.Cell(first, Cell).FillAsync("1000");
            await ReturnPages.SaveAsync(first);
            await ReturnPages.Cell(second, Cell).FillAsync("2000");
            await second.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();

            var alert = second.GetByRole(AriaRole.Alert);
            await Assertions.Expect(alert).ToContainTextAsync("已被他人修改");
            await Assertions.Expect(alert).ToContainTextAsync("六、其他收入（决算数）：您改为 2000，他人已改为 1000");
            await Assertions.Expect(ReturnPages.Cell(second, Cell)).ToHaveValueAsync("2000");
            await PortalFixture.AssertAccessibleAsync(second);

            await ReturnPages.WaitLiveAsync(second);
            await ReturnPages.SaveAsync(second);
            await first.ReloadAsync();
            await ReturnPages.WaitLiveAsync(first);
            await Assertions.Expect(ReturnPages.Cell(first, Cell)).ToHaveValueAsync("2000");

            // Saving with nothing typed makes no revision and says so (it said 草稿已保存).
            await first.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
            await Assertions.Expect(first.GetByRole(AriaRole.Status)).ToHaveTextAsync("没有需要保存的改动");
        });
    }
}
