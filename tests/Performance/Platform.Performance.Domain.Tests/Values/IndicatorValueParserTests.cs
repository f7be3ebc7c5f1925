using System.Text.Json;
using Platform.Performance.Domain.Values;

namespace Platform.Performance.Domain.Tests.Values;

public sealed class IndicatorValueParserTests
{
    /// <summary>
    /// Every target and actual printed in the three shared transcriptions (../shared/domain/disclosures beside the
    /// repository). What does not read as a value is exactly what the publishers got wrong, each with its finding.
    /// </summary>
    [Fact]
    public void Parse_EveryStringInTheSharedTranscriptions_ReadsOrIsAKnownPublisherMistake()
    {
        var strings = TranscribedValues().ToList();
        Assert.True(strings.Count > 200, $"only {strings.Count} strings read from the transcriptions");

        var notClean = strings.Distinct().Select(s => (Text: s, Result: IndicatorValueParser.Parse(s)))
            .Where(r => !r.Result.IsClean)
            .ToDictionary(r => r.Text, r => string.Join(",", r.Result.Findings.Select(f => f.Code)));

        Assert.Equal(new Dictionary<string, string>
        {
            // 003, 行政执法制式服装和标志经费: a stray space inside the unit price (3989.80? 3989.8?): not guessed.
            ["<=3989.8 0 元/套"] = IndicatorValueParser.MalformedNumber,
            ["<=3999.6 0 元/套"] = IndicatorValueParser.MalformedNumber,
            // 003, 应急管理指挥体系值班室建设资金: the 二级指标 label printed where the actual belongs (full marks given).
            ["社会效益指标"] = IndicatorValueParser.LabelNotValue,
            ["可持续影响指标"] = IndicatorValueParser.LabelNotValue,
            ["服务对象满意度指标"] = IndicatorValueParser.LabelNotValue,
        }, notClean);
    }

    public static TheoryData<string, string> Readings => new()
    {
        { "≥20家", "Quantity AtLeast 20 家" },
        { "≧1次", "Quantity AtLeast 1 次" },
        { ">=5000 人次", "Quantity AtLeast 5000 人次" },
        { "大于等于 52 家", "Quantity AtLeast 52 家" },
        { "小于等于 433.69 万元", "Quantity AtMost 433.69 万元" },
        { "<=0.92‰", "Quantity AtMost 0.92 ‰" },
        { "=100%", "Quantity Equal 100 %" },
        { "0.497万元", "Quantity None 0.497 万元" },
        { "15.99", "Quantity None 15.99 -" },
        { "=2400元/人/年", "Quantity Equal 2400 元/人/年" },
        { "=24 小时/天", "Quantity Equal 24 小时/天" },
        { "1.09万元/辆", "Quantity None 1.09 万元/辆" },
        { "10个县市（园区）", "Quantity None 10 个 县市（园区）" },
        { "≥20只羊", "Quantity AtLeast 20 只 羊" },
        { "≥90分", "Quantity AtLeast 90 分" },
        { "≥3起", "Quantity AtLeast 3 起" },
        { "≤0.5mg/L", "Quantity AtMost 0.5 mg/L" },
        { "=35μg/m³", "Quantity Equal 35 μg/m³" },
        { "≥1,200 人次", "Quantity AtLeast 1200 人次" },
        { "≥12000千瓦时", "Quantity AtLeast 12000 千瓦时" },
        { "95分以上", "Quantity AtLeast 95 分" },
        { "5%以内", "Quantity AtMost 5 %" },
        { "≤60秒", "Quantity AtMost 60 秒" },
        { "=6月", "MonthOfYear Equal 6" },
        { "<=6 个月", "Quantity AtMost 6 个月" },
        { "≥１０个", "Quantity AtLeast 10 个" },
        { "2021.01-2021.12", "Period None 2021-01 2021-12" },
        { "2023年11月—12月", "Period None 2023-11 2023-12" },
        { "2022年11月", "Period None 2022-11 2022-11" },
        { "2022 年 12 月底", "Period None 2022-12 2022-12" },
        { "2022 年 6 月前", "Deadline None 2022-06" },
        { "2023年10月前", "Deadline None 2023-10" },
        { "达成年度指标", "Qualitative None Achieved" },
        { "有效提升", "Qualitative None Achieved" },
        { "完全达到预期效果", "Qualitative None Achieved" },
        { "部分达到预期效果", "Qualitative None Partial" },
        { "未达到预期效果", "Qualitative None NotAchieved" },
        // From documents of other regions (issue 21): a word processor's ═ for =, the unit written as a word, a statement
        // of achievement that ends in 指标, compliance and timeliness as targets.
        { "═100%", "Quantity Equal 100 %" },
        { "≥100百分比", "Quantity AtLeast 100 百分比" },
        { "达成预期指标", "Qualitative None Achieved" },
        { "合规", "Qualitative None Achieved" },
        { "严格执行相关制度规定", "Qualitative None Achieved" },
        { "不及时", "Qualitative None NotAchieved" },
        { "未及时完成", "Qualitative None NotAchieved" },
        { "未按规定及时拨付", "Qualitative None NotAchieved" },
        { "不够规范", "Qualitative None NotAchieved" },
        { "不完全符合", "Qualitative None NotAchieved" },
        { "确保不发生安全事故", "Qualitative None Achieved" },
        // A change below zero (“三公”经费变动率), with a minus or a full-width minus.
        { "-12.5%", "Quantity None -12.5 %" },
        { "≤－3%", "Quantity AtMost -3 %" },
        // From the forms of 湖北, 宁夏 (issue 21): a month with what was done in it, passing, a positive effect, ten-thousands of a count.
        { "2022年12月完成", "Period None 2022-12 2022-12" },
        { "2023年6月底前完成", "Deadline None 2023-06" },
        { "通过", "Qualitative None Achieved" },
        { "未通过", "Qualitative None NotAchieved" },
        { "有利于推动企业走出去", "Qualitative None Achieved" },
        { "550万粒", "Quantity None 550 万粒" },
        { "是", "YesNo None True" },
        { "否", "YesNo None False" },
        { "无。", "YesNo None False" },
        { "−5%", "Quantity None -5 %" },             // U+2212, the minus sign of typesetting
    };

    [Theory]
    [MemberData(nameof(Readings))]
    public void Parse_PrintedValue_ReadsAsTyped(string printed, string expected)
    {
        var result = IndicatorValueParser.Parse(printed);

        Assert.Empty(result.Findings);
        Assert.Equal(printed, result.Value!.Text);
        Assert.Equal(expected, result.Value switch
        {
            Quantity q => $"Quantity {q.Comparator} {q.Amount} {q.Unit?.ToString() ?? "-"}{(q.Qualifier is null ? "" : " " + q.Qualifier)}",
            Period p => $"Period {p.Comparator} {p.From} {p.To}",
            Deadline d => $"Deadline {d.Comparator} {d.By}",
            MonthOfYear m => $"MonthOfYear {m.Comparator} {m.Month}",
            Qualitative w => $"Qualitative {w.Comparator} {w.Level}",
            YesNo y => $"YesNo {y.Comparator} {y.Yes}",
            _ => "?",
        });
    }

    [Theory]
    [InlineData("=0.4.2 万元", IndicatorValueParser.MalformedNumber, 4)]
    [InlineData("<=3989.8 0 元/套", IndicatorValueParser.MalformedNumber, 8)]
    [InlineData("≥20元元", IndicatorValueParser.UnknownUnit, 4)]
    [InlineData("≥1,0000人", IndicatorValueParser.MalformedNumber, 1)]
    [InlineData("5万元多", IndicatorValueParser.UnknownUnit, 3)]
    [InlineData("2021.13-2022.02", IndicatorValueParser.MalformedNumber, 0)]
    [InlineData("社会效益指标", IndicatorValueParser.LabelNotValue, 0)]
    [InlineData("=13月", IndicatorValueParser.MalformedNumber, 1)]
    [InlineData("见附件", IndicatorValueParser.Unrecognized, 0)]
    [InlineData("—5%", IndicatorValueParser.Unrecognized, 0)]          // a dash before a figure is a leader, not a sign
    [InlineData("通过率100%", IndicatorValueParser.Unrecognized, 0)]   // a figure in words is not a level
    [InlineData("  ", IndicatorValueParser.Empty, 0)]
    public void Parse_NotAValue_FindingWithPositionAndNoValue(string printed, string code, int position)
    {
        var result = IndicatorValueParser.Parse(printed);

        Assert.Null(result.Value);
        var finding = Assert.Single(result.Findings);
        Assert.Equal((code, position), (finding.Code, finding.Position));
    }

    [Theory]
    [InlineData("≥20家", "148家", null)]
    [InlineData("=2个月", "2 个月", null)]
    [InlineData("15.99万元", "15.99", UnitCheck.Missing)]
    [InlineData("≤0.92%", "0.92‰", UnitCheck.Differs)]
    [InlineData("<=2.5万元", "2.5元", UnitCheck.Differs)]
    [InlineData(">=23 人次", "26 人", UnitCheck.Mismatch)]
    [InlineData("=2400元/人/年", "2400元/人", UnitCheck.Mismatch)]
    [InlineData("≥30人", "5万元", UnitCheck.Mismatch)]
    public void Compare_TargetAndActualUnits_FindingWhenTheyDiffer(string target, string actual, string? expected)
    {
        var finding = UnitCheck.Compare((Quantity)IndicatorValueParser.Parse(target).Value!, (Quantity)IndicatorValueParser.Parse(actual).Value!);

        Assert.Equal(expected, finding?.Code);
    }

    [Fact]
    public void BaseAmount_TenThousandsAndPermille_ConvertedExactly()
    {
        Assert.Equal(4970m, ((Quantity)IndicatorValueParser.Parse("0.497万元").Value!).BaseAmount);
        Assert.Equal(0.092m, ((Quantity)IndicatorValueParser.Parse("0.92‰").Value!).BaseAmount);
        // Durations in whole seconds: 60秒 is exactly 1分钟 (a factor of 1/60 minute was not).
        Assert.Equal(((Quantity)IndicatorValueParser.Parse("1分钟").Value!).BaseAmount, ((Quantity)IndicatorValueParser.Parse("60秒").Value!).BaseAmount);
    }

    private static IEnumerable<string> TranscribedValues()
    {
        var directory = SharedDocuments.Directory;
        foreach (var file in new[] { "000_bb240cb5f2680099.json", "001_199c58de98038b6c.json", "003_92bef6b83a4d4ba2.json" })
        {
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, file)));
            foreach (var value in Walk(document.RootElement))
            {
                yield return value;
            }
        }

        static IEnumerable<string> Walk(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name is "target" or "actual" or "midyear_actual" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        yield return property.Value.GetString()!;
                    }
                    foreach (var inner in Walk(property.Value))
                    {
                        yield return inner;
                    }
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray().SelectMany(Walk))
                {
                    yield return item;
                }
            }
        }
    }
}
