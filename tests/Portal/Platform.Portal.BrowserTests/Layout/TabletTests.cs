using Microsoft.Playwright;

namespace Platform.Portal.BrowserTests.Layout;

/// <summary>
/// The portal on a tablet's width (768 × 1024, portrait): every page fits the screen's width — wide tables scroll inside
/// their own region, never the page — and passes axe.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class TabletTests(PortalFixture portal)
{
    private const string Unit = "urumqi-emergency";

    private static async Task AssertFitsAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"{path}: the page is {widths[0]}px wide on a {widths[1]}px screen");
        await PortalFixture.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Pages_TabletWidth_FitTheScreenAndPassAxe()
    {
        var page = await portal.NewPageAsync(768, 1024);
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(Pages_TabletWidth_FitTheScreenAndPassAxe), async () =>
        {
            await AssertFitsAsync(page, "/?year=2022");
            await PortalFixture.SignInAsync(page, DemoUsers.EmergencyClerk, DemoUsers.ClerkPassword, "/portal?year=2022");
            foreach (var path in new[]
            {
                "/portal?year=2022",
                $"/portal/returns/{Unit}/2022?table=Z01",
                $"/portal/returns/{Unit}/2022?table=Z05",
                $"/portal/returns/{Unit}/2022/trail",
                $"/portal/evaluations/{Unit}/2022",
                $"/portal/evaluations/{Unit}/2022?new=1",
                $"/portal/inventory/{Unit}/2022",
            })
            {
                await AssertFitsAsync(page, path);
            }
        });
    }
}
