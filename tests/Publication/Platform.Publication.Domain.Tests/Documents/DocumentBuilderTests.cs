using Platform.Publication.Domain.Documents;
using Platform.Publication.Domain.Rendering;

namespace Platform.Publication.Domain.Tests.Documents;

public sealed class DocumentBuilderTests
{
    [Fact]
    public void Performance_ScoredForms_CountBudgetExecutionAndRate()
    {
        // 000 prints: 项目13个，全年预算数394.35万元，全年执行数393.35万元 (the rate is ours).
        var section = Platform.Publication.Domain.Rendering.ExplanationWriter.Performance(2022, [new("a", 3_000_000m, 3_000_000m, "99", "优"), new("b", 943_500m, 933_500m, "90", "优")]);
        Assert.Equal(("十一", "预算绩效情况说明"), (section.Number, section.Title));
        Assert.Equal("2022 年度开展预算绩效评价项目 2 个，全年预算数 394.35 万元，全年执行数 393.35 万元，执行率 99.75%。具体项目自评情况附项目支出绩效自评表。", section.Paragraphs.Single());
    }

    [Fact]
    public void Performance_NoForms_SaysSo()
    {
        Assert.Equal("2022 年度本部门未开展项目支出绩效自评。", Platform.Publication.Domain.Rendering.ExplanationWriter.Performance(2022, []).Paragraphs.Single());
    }

    [Fact]
    public void Write_InstitutionsOwnDocument_PublicExpensesFromTheSameSourceAsSectionSixNoRunningCosts()
    {
        var figures = new DisclosureFigures(2022, "某地震监测中心",
            new Dictionary<string, decimal> { ["Z06[TOTAL,AMT]"] = 1_480_000m, ["Z06[PERSONNEL,AMT]"] = 1_000_000m, ["Z06[PUBLIC,AMT]"] = 480_000m },
            new Dictionary<string, decimal>(), new Dictionary<string, string>(), new Dictionary<string, string>());

        var sections = ExplanationWriter.Write(figures, UnitNatures.Institution);

        var six = string.Join("", sections.Single(x => x.Number == "六").Paragraphs);
        var ten = sections.Single(x => x.Number == "十").Paragraphs;
        Assert.Contains("公用经费 48.00 万元", six);
        Assert.Equal("（一）公用经费支出情况", ten[0]);
        Assert.StartsWith("2022 年度某地震监测中心公用经费支出 48.00 万元", ten[1]);
        Assert.DoesNotContain(ten, p => p.Contains("机关运行经费", StringComparison.Ordinal));

        var department = ExplanationWriter.Write(figures).Single(x => x.Number == "十").Paragraphs;
        Assert.Contains(department, p => p.Contains("机关运行经费支出", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("事业单位", "某地震监测中心2022年度单位决算公开说明")]
    [InlineData("行政单位", "某地震监测中心2022年度部门决算公开说明")]
    [InlineData("参照公务员法管理事业单位", "某地震监测中心2022年度部门决算公开说明")]
    public void Title_ByTheUnitsNature(string nature, string title)
    {
        var document = new DisclosureDocument("x-2022", 1, "x", 2022, "650100", 1, DateTimeOffset.UnixEpoch,
            new UnitProfile("某地震监测中心", "乌鲁木齐市", nature, [], [], []), [], [], [], [], null);
        Assert.Equal(title, document.Title);
    }

    [Fact]
    public void Glossary_ShippedForYears_LatestVersionNotAfterTheYear()
    {
        var glossary = Glossary.LoadShipped();
        Assert.Equal(14, glossary.For(2022).Count);
        Assert.Equal("财政拨款收入", glossary.For(2022)[0].Name);
        Assert.Empty(glossary.For(2019));
    }
}
