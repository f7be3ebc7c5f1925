using Microsoft.Playwright;

namespace Platform.Portal.BrowserTests.Public;

/// <summary>The public landing page as a citizen uses it: a search that is wrong in two ways is told both at once.</summary>
[Collection(PortalCollection.Name)]
public sealed class LandingPageTests(PortalFixture portal)
{
    [Fact]
    public async Task Search_RegionAndYearBothWrong_BothSaidAtOnce()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(Search_RegionAndYearBothWrong_BothSaidAtOnce), async () =>
        {
            await page.GotoAsync("/?year=abc&region=12");

            var alert = page.GetByRole(AriaRole.Alert);
            await Assertions.Expect(alert).ToContainTextAsync("行政区划代码应为 6 位数字");
            await Assertions.Expect(alert).ToContainTextAsync("年度应为 2000 至 2100 之间的 4 位数字");
            await PortalFixture.AssertAccessibleAsync(page);
        });
    }
}
