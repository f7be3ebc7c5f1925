using Microsoft.Playwright;

namespace Platform.Portal.BrowserTests.Layout;

/// <summary>
/// The portal on a tablet's and a phone's width: every page fits the screen's width — wide tables scroll inside their own
/// region, never the page — and passes axe.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class TabletTests(PortalFixture portal)
{
    private const string Unit = "urumqi-emergency";

    /// <summary>Opens the page; what does not fit is added to <paramref name="overflowing"/> (every page is looked at, then all are said).</summary>
    private static async Task AssertFitsAsync(IPage page, string path, List<string> overflowing)
    {
        await page.GotoAsync(path);
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        if (widths[0] > widths[1])
        {
            overflowing.Add($"{path}: the page is {widths[0]}px wide on a {widths[1]}px screen");
        }
        // A text box past its group's frame (the page itself may still fit): 预期目标 ran 12 px out of its fieldset at 390 px.
        var outside = await page.EvaluateAsync<string[]>(@"() => [...document.querySelectorAll('fieldset textarea')]
            .filter(t => t.getBoundingClientRect().right > t.closest('fieldset').getBoundingClientRect().right + 0.5)
            .map(t => t.id)");
        overflowing.AddRange(outside.Select(id => $"{path}: the text box {id} runs past its group's frame"));
        await PortalFixture.AssertAccessibleAsync(page);
    }

    [Theory]
    [InlineData(768, 1024)]   // a tablet, portrait
    [InlineData(390, 844)]    // a phone: the self-evaluation and inventory forms ran off its screen (546 to 733 px wide)
    public async Task Pages_SmallScreens_FitTheScreenAndPassAxe(int width, int height)
    {
        var page = await portal.NewPageAsync(width, height);
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(Pages_SmallScreens_FitTheScreenAndPassAxe) + width, async () =>
        {
            var overflowing = new List<string>();
            await AssertFitsAsync(page, "/?year=2022", overflowing);
            // The published disclosure a citizen opens from there: its appended forms made a 390 px page 434 px wide.
            await AssertFitsAsync(page, $"/public/v1/disclosures/{Unit}-2022.html", overflowing);
            await PortalFixture.SignInAsync(page, DemoUsers.EmergencyClerk, DemoUsers.ClerkPassword, "/portal?year=2022");
            foreach (var path in new[]
            {
                "/portal?year=2022",
                $"/portal/returns/{Unit}/2022?table=Z01",
                $"/portal/returns/{Unit}/2022?table=Z05",
                $"/portal/returns/{Unit}/2022/trail",
                $"/portal/evaluations/{Unit}/2022",
                $"/portal/evaluations/{Unit}/2022?new=1",
                $"/portal/evaluations/{Unit}/2022/overall",
                $"/portal/inventory/{Unit}/2022",
            })
            {
                await AssertFitsAsync(page, path, overflowing);
            }
            Assert.True(overflowing.Count == 0, string.Join("\n", overflowing));
        });
    }
}
