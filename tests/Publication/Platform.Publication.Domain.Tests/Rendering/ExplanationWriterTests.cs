using Platform.Publication.Domain.Rendering;

namespace Platform.Publication.Domain.Tests.Rendering;

public sealed class ExplanationWriterTests
{
    private static DisclosureFigures Figures(Dictionary<string, decimal> current, Dictionary<string, decimal>? prior = null, Dictionary<string, string>? reasons = null) =>
        new(2022, "某单位", current, prior ?? [], reasons ?? [], new Dictionary<string, string>());

    [Fact]
    public void Write_FundIncomeKnownOnlyFromTheFiscalTable_NotTheEmptyTableSentence()
    {
        var eight = ExplanationWriter.Write(Figures(new() { ["Z04[INC_FUND,AMT]"] = 6_059_900m, ["Z04[EXP_FUND,AMT]"] = 5_000_000m })).Single(s => s.Number == "八");

        Assert.Equal("2022 年度政府性基金预算财政拨款收入 605.99 万元，支出 500.00 万元。", Assert.Single(eight.Paragraphs));
    }

    [Fact]
    public void Write_NoFundFigureAnywhere_TheEmptyTableSentence()
    {
        var nine = ExplanationWriter.Write(Figures(new() { ["Z04[INC_FUND,AMT]"] = 6_059_900m })).Single(s => s.Number == "九");

        Assert.Contains("为空表", Assert.Single(nine.Paragraphs));
    }

    [Fact]
    public void Write_ExpenditureWithItsOwnChangeAndReason_EachSentenceItsOwn()
    {
        var figures = Figures(
            new() { ["Z01[INC_TOTAL,AMT]"] = 41_254_900m, ["Z01[EXP_TOTAL,AMT]"] = 41_439_100m },
            new() { ["Z01[INC_TOTAL,AMT]"] = 53_933_500m, ["Z01[EXP_TOTAL,AMT]"] = 67_148_800m },
            new() { ["Z01[INC_TOTAL]"] = "收入原因。", ["Z01[EXP_TOTAL]"] = "支出原因。" });

        var one = ExplanationWriter.Write(figures).Single(s => s.Number == "一").Paragraphs;

        Assert.Contains("收入总计与上年相比，减少 1267.86 万元", one[0]);
        Assert.Contains("收入原因", one[0]);
        Assert.Contains("支出总计与上年相比，减少 2570.97 万元", one[1]);
        Assert.Contains("支出原因", one[1]);
        Assert.DoesNotContain("收入原因", one[1]);
    }

    [Theory]
    [InlineData(false, "2.灾害防治及应急管理支出（类）80.00 万元，占 80.00%。")]
    [InlineData(true, "2.灾害防治及应急管理支出（类）80.00 万元，占 80.00%，比上年减少 20.00 万元，下降 20.00%。")]
    public void Write_ClassExplainedOrPrintedWithItsChange_ClauseOfItsOwnInTheStructure(bool publication, string unexplained)
    {
        var figures = Figures(
            new() { ["Z05[TOTAL,TOTAL]"] = 1_000_000m, ["Z05[208,TOTAL]"] = 200_000m, ["Z05[224,TOTAL]"] = 800_000m },
            new() { ["Z05[208,TOTAL]"] = 100_000m, ["Z05[224,TOTAL]"] = 1_000_000m },
            new() { ["Z05[208]"] = "退休人员增加。" }) with
        {
            CodeNames = new Dictionary<string, string> { ["208"] = "社会保障和就业支出", ["224"] = "灾害防治及应急管理支出" },
            BlankIsUnprinted = publication,
        };

        var five = ExplanationWriter.Write(figures).Single(s => s.Number == "五").Paragraphs;

        // The unit's reason gives the class its clause; a publication's printed change is its figure (the model prints neither).
        Assert.Equal("1.社会保障和就业支出（类）20.00 万元，占 20.00%，比上年增加 10.00 万元，增长 100%，主要原因是：退休人员增加。", five.Single(p => p.StartsWith("1.社会", StringComparison.Ordinal)));
        Assert.Contains(unexplained, five);
    }

    [Fact]
    public void Write_OneReasonForBothTotals_ExpenditureSaysSameAsAboveNotTheIncomesWords()
    {
        var figures = Figures(
            new() { ["Z01[INC_TOTAL,AMT]"] = 22_690_800m, ["Z01[EXP_TOTAL,AMT]"] = 22_690_800m },
            new() { ["Z01[INC_TOTAL,AMT]"] = 28_907_300m, ["Z01[EXP_TOTAL,AMT]"] = 28_907_300m },
            new() { ["Z01[INC_TOTAL]"] = "本年收入比上年减少了专项资金 948.15 万元。" });

        var one = ExplanationWriter.Write(figures).Single(s => s.Number == "一").Paragraphs;

        Assert.EndsWith("收入总计与上年相比，减少 621.65 万元，下降 21.50%，主要原因是：本年收入比上年减少了专项资金 948.15 万元。", one[0]);
        Assert.EndsWith("支出总计与上年相比，减少 621.65 万元，下降 21.50%，主要原因同上。", one[1]);
    }

    [Fact]
    public void Write_ThreePublicCategoryWithItsChangeAndReason_ClauseOfItsOwn()
    {
        var figures = Figures(
            new() { ["Z07[TOTAL,FINAL]"] = 100_000m, ["Z07[RECEPTION,FINAL]"] = 2_800m },
            new() { ["Z07[RECEPTION,FINAL]"] = 1_500m },
            new() { ["Z07[RECEPTION]"] = "接待任务增加。" });

        var seven = ExplanationWriter.Write(figures).Single(s => s.Number == "七").Paragraphs[0];

        Assert.Contains("公务接待费支出 0.28 万元，占 2.80%，比上年增加 0.13 万元，增长 86.67%，主要原因是：接待任务增加", seven);
    }

    [Fact]
    public void Write_NoInitialBudget_NoVarianceOfZeroPercent()
    {
        var four = ExplanationWriter.Write(Figures(new() { ["Z04[INC_TOTAL,AMT]"] = 7_667_500m, ["Z04[EXP_TOTAL,AMT]"] = 7_667_500m })).Single(s => s.Number == "四").Paragraphs;

        Assert.Equal("与年初预算数相比情况：年初预算数未列示或为 0，不计算预决算差异率。", four[^1]);
        Assert.DoesNotContain(four, p => p.Contains("预决算差异率 0%", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_IncomeSourceWithAnExplainedChange_ItsClause_OthersNone()
    {
        var figures = Figures(
            new() { ["Z01[INC_CURRENT,AMT]"] = 3_905_500m, ["Z01[INC_FISCAL,AMT]"] = 3_821_700m, ["Z01[INC_SUPERIOR,AMT]"] = 83_800m },
            new() { ["Z01[INC_FISCAL,AMT]"] = 5_400_300m, ["Z01[INC_SUPERIOR,AMT]"] = 257_800m },
            new() { ["Z01[INC_SUPERIOR]"] = "自然减员。" });

        var two = ExplanationWriter.Write(figures).Single(s => s.Number == "二").Paragraphs[0];

        Assert.Contains("上级补助收入 8.38 万元，占 2.15%，比上年减少 17.40 万元，下降 67.49%，主要原因是：自然减员；", two);
        Assert.Contains("财政拨款收入 382.17 万元，占 97.85%；", two);
    }

    [Fact]
    public void Write_ThreePublicPartsWithoutTotalOrBudget_TotalIsTheirSumAndNoVariance()
    {
        var seven = ExplanationWriter.Write(Figures(new() { ["Z07[VEHICLE,FINAL]"] = 22_500m, ["Z07[RECEPTION,FINAL]"] = 34_300m })).Single(s => s.Number == "七").Paragraphs;

        Assert.StartsWith("2022 年度财政拨款“三公”经费支出决算 5.68 万元", seven[0]);
        Assert.Contains("公务接待费全年预算数 0 万元，决算数 3.43 万元，无预算数，不计算预决算差异率", seven[^1]);
        Assert.Contains("因公出国（境）费全年预算数 0 万元，决算数 0 万元，预决算差异率 0%", seven[^1]);   // nothing against nothing, as 000 prints it
    }
}
