using System.Net;
using System.Text.Json;

namespace Platform.Publication.FunctionalTests;

/// <summary>
/// What a publication site or a citizen gets for a request the public API cannot answer: the field as the query names it
/// and the reason in Chinese (a year of "abc" was a 400 with an empty body); a document page that does not exist is a
/// page in Chinese, not JSON.
/// </summary>
[Collection(PublicationCollection.Name)]
public sealed class PublicRouteErrorsTests(PublicationFixture fixture)
{
    [Theory]
    [InlineData("/public/v1/disclosures?year=abc", "year", "“abc” 不是整数")]
    [InlineData("/public/v1/disclosures?pageSize=x", "pageSize", "“x” 不是整数")]
    [InlineData("/public/v1/feed.json?limit=ten", "limit", "“ten” 不是整数")]
    [InlineData("/public/v1/disclosures?year=99999999999", "year", "“99999999999” 超出可接受的范围")]               // a whole number, too large: not "不是整数"
    [InlineData("/public/v1/disclosures?region=6x", "region", null)]
    [InlineData("/public/v1/disclosures?unit=../../etc", "unit", null)]                                        // refused as the JSON mapping refuses it
    [InlineData("/public/v1/disclosures?regoin=650100", "regoin", "不是本接口的参数（可用：region、year、unit、q、pageSize、pageToken）")]   // a misspelled filter filters nothing
    [InlineData("/public/v1/feed.json?limt=5", "limt", "不是本接口的参数（可用：cursor、limit、region）")]
    [InlineData("/public/v1/bulk/650000/abc.zip", "year", "“abc” 不是整数")]
    [InlineData("/public/v1/disclosures/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.json", "id", "长度 203 个字符，超过上限 200 个字符")]   // too long, not "必须填写"
    [InlineData("/public/v1/disclosures?region_code=650100", "region_code", "不是本接口的参数（可用：region、year、unit、q、pageSize、pageToken）")]   // the JSON mapping's name, named as typed                                  // a bad year, not a missing address
    public async Task List_BadQuery_400NamingTheQueryField(string path, string field, string? reason)
    {
        using var response = await fixture.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var detail = body.RootElement.GetProperty("details")[0];
        Assert.Equal(field, detail.GetProperty("field").GetString());
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", detail.GetProperty("reason").GetString());
        if (reason is not null)
        {
            Assert.Equal(reason, detail.GetProperty("reason").GetString());
        }
        Assert.StartsWith($"{field}：", body.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Document_NoSuchPage_404PageInChinese()
    {
        using var page = await fixture.GetAsync("/public/v1/disclosures/no-such-document.html");
        using var json = await fixture.GetAsync("/public/v1/disclosures/no-such-document.json");

        Assert.Equal((HttpStatusCode.NotFound, "text/html"), (page.StatusCode, page.Content.Headers.ContentType?.MediaType));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1>未找到该公开文件</h1>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("NOT_FOUND", html, StringComparison.Ordinal);
        // A site reading the JSON still gets the code.
        Assert.Equal((HttpStatusCode.NotFound, "NOT_FOUND"), (json.StatusCode, JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString()));
    }
}
