using System.Net;
using Platform.Gateway.FunctionalTests.Authorization;

namespace Platform.Gateway.FunctionalTests.Portal;

/// <summary>
/// The public landing page through the gateway at /, as a citizen opens it: the demo's published disclosure listed with its
/// link, searchable by region, year and unit name, in Chinese — read by the portal from the gateway's public API.
/// </summary>
public sealed class LandingPageTests(PlatformBehindGateway platform) : IClassFixture<PlatformBehindGateway>
{
    private async Task<(HttpStatusCode Status, string Html)> OpenAsync(string path)
    {
        await platform.RowCountsAsync();  // the demo (and its publication) has finished loading
        using var http = platform.Gateway.Http();
        using var response = await http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Home_Anonymous_ListsThePublishedDisclosuresWithTheirLinks()
    {
        var (status, html) = await OpenAsync("/");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("部门决算公开", html, StringComparison.Ordinal);
        Assert.Matches("<a href=\"/public/v1/disclosures/[a-z0-9-]+-2022\\.html\">[^<]*决算[^<]*</a>", html);
        Assert.Contains("<a href=\"/portal\">工作人员登录</a>", html, StringComparison.Ordinal);
        // The search is by name, from the public directory: no code to know, nothing preset.
        Assert.Matches("<option value=\"650100\">(&#x3000;)*乌鲁木齐市</option>", html);
        Assert.Matches("<option value(=\"\")? selected[^>]*>全部地区</option>", html);
        Assert.Matches("<option value=\"2022\">2022 年度</option>", html);
    }

    [Fact]
    public async Task Home_RegionWithNothingPublished_StaysChosenByItsCode()
    {
        var (status, html) = await OpenAsync("/?region=652300&year=2022");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches("<option value=\"652300\" selected[^>]*>(&#x3000;)*行政区划 652300</option>", html);
        Assert.Matches("<option value=\"2022\" selected[^>]*>2022 年度</option>", html);
        Assert.Contains("没有符合条件的公开文件", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/?year=2022&q=%E5%BA%94%E6%80%A5", true)]   // 应急: the demo department
    [InlineData("/?region=650100", true)]
    [InlineData("/?year=2001", false)]
    [InlineData("/?region=652300", false)]
    public async Task Home_Searched_OnlyWhatMatches(string path, bool found)
    {
        var (status, html) = await OpenAsync(path);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(found, html.Contains("/public/v1/disclosures/", StringComparison.Ordinal));
        Assert.Equal(!found, html.Contains("没有符合条件的公开文件", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/?region=../../x", "行政区划代码应为 6 位数字")]
    [InlineData("/?year=abcd", "年度应为 2000 至 2100 之间的 4 位数字")]
    [InlineData("/?year=1990", "年度应为 2000 至 2100 之间的 4 位数字")]
    public async Task Home_BadSearch_SaysWhatIsWrongInChinese(string path, string message)
    {
        var (status, html) = await OpenAsync(path);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(message, html, StringComparison.Ordinal);
    }
}
