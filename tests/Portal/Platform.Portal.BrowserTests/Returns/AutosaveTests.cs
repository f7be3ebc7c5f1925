using Microsoft.Playwright;

namespace Platform.Portal.BrowserTests.Returns;

/// <summary>
/// Drafts save themselves: a few seconds after the clerk stops typing, the draft is on the server (another session sees
/// it) and the page stands on the new revision, so the clerk's own save afterwards goes through without a conflict.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AutosaveTests(PortalFixture portal)
{
    private const string Unit = "urumqi-emergency";
    private const int Year = 2026;

    [Fact]
    public async Task Draft_TypingStops_SavedByItselfAndTheNextSaveGoesThrough()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(Draft_TypingStops_SavedByItselfAndTheNextSaveGoesThrough), async () =>
        {
            await PortalFixture.SignInAsync(page, DemoUsers.EmergencyClerk, DemoUsers.ClerkPassword, ReturnPages.Path(Unit, Year));
            await page.GetByRole(AriaRole.Button, new() { Name = "开始填报" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已开始填报");
            await ReturnPages.OpenLiveAsync(page, Unit, Year, "Z01");
            var autosaved = page.Locator("form.grid-form .autosave");

            await ReturnPages.Cell(page, "Z01[INC_FISCAL,AMT]").FillAsync("4000");
            await Assertions.Expect(autosaved).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^已自动保存"), new() { Timeout = 20_000 });

            // Another session of the same clerk (nothing kept in its tab) reads the figure from the server.
            var other = await portal.NewPageAsync();
            await PortalFixture.SignInAsync(other, DemoUsers.EmergencyClerk, DemoUsers.ClerkPassword, ReturnPages.Path(Unit, Year, "Z01"));
            await Assertions.Expect(ReturnPages.Cell(other, "Z01[INC_FISCAL,AMT]")).ToHaveValueAsync("4000");
            await other.Context.CloseAsync();

            // The page moved on to the autosaved revision: the clerk's own save of a later change is not a conflict.
            await ReturnPages.Cell(page, "Z01[INC_OTHER,AMT]").FillAsync("600");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("草稿已保存");
            await Assertions.Expect(ReturnPages.Cell(page, "Z01[INC_FISCAL,AMT]")).ToHaveValueAsync("4000");
            await Assertions.Expect(ReturnPages.Cell(page, "Z01[INC_OTHER,AMT]")).ToHaveValueAsync("600");
            // The revision the header shows moves with the drafts that save themselves (it stayed at the page's).
            await ReturnPages.WaitLiveAsync(page);
            var shown = await page.Locator("[data-revision-number]").InnerTextAsync();
            await ReturnPages.Cell(page, "Z01[INC_OTHER,AMT]").FillAsync("650");
            await Assertions.Expect(autosaved).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^已自动保存"), new() { Timeout = 20_000 });
            await Assertions.Expect(page.Locator("[data-revision-number]")).Not.ToHaveTextAsync(shown);
            await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "草稿已保存" })).ToHaveCountAsync(0);

            // Typed, and off to another table at once (before the draft saved itself): saved on the way, then the other table's
            // own save does not make it stale — it was lost when the clerk came back.
            await ReturnPages.Cell(page, "Z01[INC_OTHER,AMT]").FillAsync("700");
            await page.Locator("nav.tables a[href*='table=Z07']").ClickAsync();
            await page.WaitForURLAsync("**table=Z07**");
            await ReturnPages.WaitLiveAsync(page);
            await ReturnPages.Cell(page, "Z07[RECEPTION_BATCHES,FINAL]").FillAsync("13");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("草稿已保存");
            await page.GotoAsync(ReturnPages.Path(Unit, Year, "Z01"));
            await Assertions.Expect(ReturnPages.Cell(page, "Z01[INC_OTHER,AMT]")).ToHaveValueAsync("700");
        });
    }
}
