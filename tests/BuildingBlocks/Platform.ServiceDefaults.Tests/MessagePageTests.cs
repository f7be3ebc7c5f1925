using Platform.ServiceDefaults;

namespace Platform.ServiceDefaults.Tests;

public sealed class MessagePageTests
{
    [Fact]
    public void Html_TitleMessageAndLinks_EncodedInAChinesePage()
    {
        var page = MessagePage.Html("页面<不存在>", "没有这个页面：GET /a<b>\"c\"", ("返回首页", "/"), ("报表", "/portal/returns/x\"y/2022"));

        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"zh-CN\">", page, StringComparison.Ordinal);
        Assert.Contains("<title>页面&lt;不存在&gt;</title>", page, StringComparison.Ordinal);
        Assert.Contains("<h1>页面&lt;不存在&gt;</h1><p role=\"alert\">没有这个页面：GET /a&lt;b&gt;&quot;c&quot;</p>", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/\">返回首页</a>　<a href=\"/portal/returns/x&quot;y/2022\">报表</a>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", page, StringComparison.Ordinal);
    }
}
