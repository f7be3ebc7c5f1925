using Platform.Publication.Domain.Documents;

namespace Platform.Publication.Domain.Tests.Documents;

public sealed class DocumentBuilderTests
{
    [Fact]
    public void Performance_ScoredForms_CountBudgetExecutionAndRate()
    {
        // 000 prints: 项目13个，全年预算数394.35万元，全年执行数393.35万元 (the rate is ours).
        var section = DocumentBuilder.Performance(2022, [new("a", 3_000_000m, 3_000_000m, "99", "优"), new("b", 943_500m, 933_500m, "90", "优")]);
        Assert.Equal(("十一", "预算绩效情况说明"), (section.Number, section.Title));
        Assert.Equal("2022年度开展预算绩效评价项目2个，全年预算数394.35万元，全年执行数393.35万元，执行率99.75%。具体项目自评情况附项目支出绩效自评表。", section.Paragraphs.Single());
    }

    [Fact]
    public void Performance_NoForms_SaysSo()
    {
        Assert.Equal("2022年度本部门未开展项目支出绩效自评。", DocumentBuilder.Performance(2022, []).Paragraphs.Single());
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
