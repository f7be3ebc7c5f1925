using System.Globalization;
using System.Text.RegularExpressions;

namespace Platform.Cli.Tests;

/// <summary>
/// Issue 8's render test on 000: every amount (万元) and percentage of the published 第二部分 (sections 一 to 十) appears in
/// the generated text of the same section, in the generated sentence that shares the most figures with the published one.
/// </summary>
public sealed partial class DisclosureRenderTests
{
    private static readonly string[] Numbers = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

    [Fact]
    public void Render_000_EveryPublishedAmountAndRateInTheSameSentence()
    {
        var sections = DisclosureRender.Render(Path.Combine(Shared(), "000_bb240cb5f2680099.json"));
        var published = PublishedSections(File.ReadAllText(Path.Combine(Shared(), "000_bb240cb5f2680099.txt")));
        Assert.Equal(Numbers, published.Keys);
        var missing = new List<string>();
        foreach (var number in Numbers)
        {
            var generated = Sentences(string.Concat(sections.Single(s => s.Number == number).Paragraphs)).Select(s => (Lead: Lead(s), Figures: Figures(s))).ToList();
            foreach (var sentence in Sentences(published[number]))
            {
                var wanted = Figures(sentence);
                if (wanted.Count == 0)
                {
                    continue;
                }
                // The same sentence: the generated one that opens with the same words ("支出总计与上年相比"), or, where
                // the wording differs, the one sharing the most figures.
                var same = generated.Where(g => g.Lead == Lead(sentence)).ToList();
                var best = (same.Count > 0 ? same : generated).OrderByDescending(g => wanted.Count(g.Figures.Contains)).Select(g => g.Figures).FirstOrDefault() ?? [];
                missing.AddRange(wanted.Where(w => !best.Contains(w)).Select(w => $"{number}: {w} in 「{sentence}」"));
            }
        }
        // The only figures not reproduced: 七's year-on-year changes of 公务用车 (减少 5.35 万元, 下降 43.82%) and 公务接待
        // (增加 0.13 万元, 增长 86.67%). The transcription does not carry them (no prior figure per category), and the renderer
        // leaves a change out rather than guessing it. And the 948.15 万元 of the expenditure sentences of 一 and 四: 000 prints
        // the reason twice, "本年收入比上年减少了…948.15 万元" under 收入总计 and "本年支出比上年减少了…" under 支出总计, its
        // transcription carries the first only, so the expenditure sentence says "主要原因同上" rather than quote the income's
        // words under 支出 (the figure stands in the section, in the income sentence). Anything else missing fails here.
        Assert.Equal(["一: 万948.15", "七: %43.82", "七: %86.67", "七: 万0.13", "七: 万5.35", "四: 万948.15"], missing.Select(m => m[..m.IndexOf(" in ", StringComparison.Ordinal)]).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// What 101 prints is what its 一 says: its printed rate, not one recomputed from its rounded amounts (支出总计 down 2570.97
    /// 万元 from 6714.88 is 38.29 %, it prints 38.28 %); and a figure its window does not print (年末结转和结余) is said not
    /// printed, not 0 — where figures come from a publication, the printed figure is the truth and a blank is "not printed".
    /// </summary>
    [Theory]
    [InlineData("减少 2570.97 万元，下降 38.28%", "38.29%")]
    [InlineData("年末结转和结余 （公开文件未列示）", "年末结转和结余 0 万元")]
    public void Render_101_WhatItPrintsAsPrinted(string written, string notWritten)
    {
        var path = RepoPaths.Combine("tests", "Tools", "Platform.Cli.Tests", "UnseenDocuments", "101_daying-wenguanglv-2022.json");

        var first = string.Concat(DisclosureRender.Render(path).Single(s => s.Number == "一").Paragraphs);

        Assert.Contains(written, first, StringComparison.Ordinal);
        Assert.DoesNotContain(notWritten, first, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_BuildingArea_ExactNotRoundedToAWholeSquareMetre()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("services", "Demo", "disclosures", "000_bb240cb5f2680099.json")))!;
        json["state_assets"]!["buildings_m2"] = "1234.56";
        var path = Path.Combine(Directory.CreateTempSubdirectory("render-area-").FullName, "000.json");
        File.WriteAllText(path, json.ToJsonString());

        var other = string.Concat(DisclosureRender.Render(path).Single(s => s.Number == "十").Paragraphs);

        Assert.Contains("截至 2022 年 12 月 31 日，固定资产原值 2913.57 万元，房屋 1234.56 平方米", other, StringComparison.Ordinal);
    }

    /// <summary>
    /// 112 prints its incomes' 经营收入 and 其他收入 (0) but not 本年收入: 二 says the total is not printed and gives no share of it,
    /// where it wrote "本年收入 0 万元 … 其他收入 0 万元，占 0%" — a total and a share nobody printed.
    /// </summary>
    [Theory]
    [InlineData("本年收入 （公开文件未列示）", "本年收入 0 万元")]
    [InlineData("其他收入 0 万元，比上年", "其他收入 0 万元，占")]
    public void Render_112_TotalNotPrinted_NoTotalNorShareMadeUp(string written, string notWritten)
    {
        var path = RepoPaths.Combine("tests", "Tools", "Platform.Cli.Tests", "UnseenDocuments", "112_wuzhou-upload1443-danwei_2023.json");

        var income = string.Concat(DisclosureRender.Render(path).Single(s => s.Number == "二").Paragraphs);

        Assert.Contains(written, income, StringComparison.Ordinal);
        Assert.DoesNotContain(notWritten, income, StringComparison.Ordinal);
    }

    /// <summary>
    /// The whole 三公's "完成预算的48.82%" (109) is written as printed beside the budget it compares; one its own budget and
    /// final do not give (108's 43 % for 1.71 of 3, the unspent part) is still written, and said on reading.
    /// </summary>
    [Theory]
    [InlineData("109_xundian-tangzi-jiedao_2023.json", "决算数 11.96 万元，完成预算 48.82%，", false)]
    [InlineData("108_shouxian-wenwu-baohu_2023.json", "决算数 1.71 万元，完成预算 43.00%，", true)]
    public void Render_ThreePublicCompletionPrinted_WrittenAsPrintedAndCheckedOnReading(string file, string written, bool said)
    {
        var path = RepoPaths.Combine("tests", "Tools", "Platform.Cli.Tests", "UnseenDocuments", file);

        Assert.Contains(written, string.Concat(DisclosureRender.Render(path).Single(s => s.Number == "七").Paragraphs), StringComparison.Ordinal);
        using var stream = File.OpenRead(path);
        var read = Platform.Accounts.Domain.Publications.DisclosureReader.Read(stream, file, Platform.Accounts.Domain.ReferenceData.ReferenceDataSet.LoadShipped().CodesFor);
        Assert.Equal(said, read.Observations.Any(o => o.Field == "three_public_expenses.budget.completion_pct"));
    }

    /// <summary>
    /// Conventions and figures of documents from other provinces: 广东 prints a change from nothing as "--(基数为0,不可比)", not
    /// "增长 100%" (read as no rate, said as information, and written so); 朝阳 prints 本年收入合计's own change without a
    /// reason of its own (written as printed); a line a copy does not print has no share ("占 0%" of it would be made up); a
    /// change against an earlier year than the last (广东's 2023 against 2019, before the epidemic) follows last year's.
    /// </summary>
    [Theory]
    [InlineData("110_guangdong-caizhengting-sangong_2023.json", "七", "比上年增加 12.02 万元（基数为 0，不可比）", "增加 12.02 万元，增长 100%")]
    [InlineData("110_guangdong-caizhengting-sangong_2023.json", "七", "增长 168.70%；比 2019 年决算数减少 24.87 万元，下降 28.60%，主要原因是", "比 2019 年决算数增加")]
    [InlineData("111_chaoyang-caizhengju_2022.json", "二", "本年收入 9578.17 万元，比上年增加 1446.43 万元，增长 17.79%", "上级补助收入 （公开文件未列示），占")]
    public void Render_ConventionsOfOtherProvinces_WrittenAsTheyPrint(string file, string section, string written, string notWritten)
    {
        var path = RepoPaths.Combine("tests", "Tools", "Platform.Cli.Tests", "UnseenDocuments", file);

        var text = string.Concat(DisclosureRender.Render(path).Single(s => s.Number == section).Paragraphs);

        Assert.Contains(written, text, StringComparison.Ordinal);
        Assert.DoesNotContain(notWritten, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PartialPublication_SectionsItDoesNotPrintSaySoNotZeros()
    {
        // 104 holds 四, 五 and 七 of its document (a stored window): 一 to 三 are not "0 万元".
        var sections = DisclosureRender.Render(RepoPaths.Combine("tests", "Tools", "Platform.Cli.Tests", "UnseenDocuments", "104_jinkouhe-2022.json"));

        Assert.All(sections.Where(s => s.Number is "一" or "二" or "三"), s => Assert.Equal(["（公开文件未列示本部分的数据，不予生成。）"], s.Paragraphs));
        Assert.Contains("766.75 万元", string.Concat(sections.Single(s => s.Number == "四").Paragraphs));
    }

    [Fact]
    public void Render_DocumentDeclaresItsPrintedNumbers_WrittenInThatStyle()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Shared(), "000_bb240cb5f2680099.json")))!;
        json["printed_numbers"] = System.Text.Json.Nodes.JsonNode.Parse("""{"thousands_separators": true, "zero": "0.00"}""");
        var path = Path.Combine(Directory.CreateTempSubdirectory("render-style-").FullName, "000.json");
        File.WriteAllText(path, json.ToJsonString());

        var one = string.Concat(DisclosureRender.Render(path).Single(s => s.Number == "一").Paragraphs);
        var asModel = string.Concat(DisclosureRender.Render(Path.Combine(Shared(), "000_bb240cb5f2680099.json")).Single(s => s.Number == "一").Paragraphs);

        Assert.Contains("收入总计 2,269.08 万元", one);
        Assert.Contains("使用非财政拨款结余 0.00 万元", one);
        Assert.Contains("收入总计 2269.08 万元", asModel);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    /// <summary>Amounts (followed by 万元) and rates (followed by %) as exact decimals with their kind.</summary>
    private static List<string> Figures(string sentence) =>
        FigurePattern().Matches(sentence).Select(m => (m.Groups[2].Value == "%" ? "%" : "万") +
            decimal.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture).ToString("0.00", CultureInfo.InvariantCulture)).ToList();

    /// <summary>The first six characters that are not digits, spaces or punctuation: how a sentence opens.</summary>
    private static string Lead(string sentence) => new(sentence.Where(c => c > 0x3000 && !char.IsPunctuation(c) && !char.IsDigit(c) && "（）：，、；".IndexOf(c) < 0).Take(6).ToArray());

    private static IEnumerable<string> Sentences(string text) => text.Split('。', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>第二部分 of the printed text, by section, without line breaks and spaces (the PDF extraction breaks lines mid-sentence).</summary>
    private static Dictionary<string, string> PublishedSections(string text)
    {
        var start = text.IndexOf("第二部分 部门决算情况说明\n\n一、", StringComparison.Ordinal);
        var end = text.IndexOf("十一、预算绩效", start, StringComparison.Ordinal);
        var body = Regex.Replace(text[start..end], @"\s+", "");
        var sections = new Dictionary<string, string>();
        for (var i = 0; i < Numbers.Length; i++)
        {
            var from = body.IndexOf(Numbers[i] + "、", StringComparison.Ordinal);
            var to = i + 1 < Numbers.Length ? body.IndexOf(Numbers[i + 1] + "、", from + 1, StringComparison.Ordinal) : body.Length;
            sections[Numbers[i]] = body[from..to];
        }
        return sections;
    }

    private static string Shared() => RepoPaths.Combine("..", "shared", "domain", "disclosures");

    [GeneratedRegex(@"(-?\d+(?:\.\d+)?)\s*(万元|%)")]
    private static partial Regex FigurePattern();
}
