using Platform.Publication.Domain.Rendering;

namespace Platform.Publication.Domain.Tests.Rendering;

public sealed class HtmlWriterTests
{
    [Fact]
    public void Write_Sections_AccessibleAndEncoded()
    {
        var html = HtmlWriter.Write("第二部分 部门决算情况说明",
        [
            new Section("一", "收入支出决算总体情况说明", ["2022 年度收入总计 2269.08 万元。"]),
            new Section("十", "其他重要事项的情况说明", ["（一）机关运行经费支出情况", "原因是：<script>alert(1)</script> & 其他。"]),
        ]);
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.Contains("<section aria-labelledby=\"section-2\">\n<h2 id=\"section-2\">十、其他重要事项的情况说明</h2>", html);
        Assert.Contains("<p class=\"sub\">（一）机关运行经费支出情况</p>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; 其他", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("@media print", html);
    }
}
