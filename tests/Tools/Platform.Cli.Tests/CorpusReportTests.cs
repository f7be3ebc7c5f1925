using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.Accounts.Domain.Publications;
using Platform.Accounts.Domain.ReferenceData;
using Platform.Domain;
using Platform.Performance.Domain.Forms;
using Platform.Performance.Domain.Scoring;

namespace Platform.Cli.Tests;

/// <summary>
/// The suite's report per real document (issue 21): the shared three and the unseen ones — figures read and identities
/// checked by `disclosure check`, the published figures of 第二部分 that `render` reproduces in the same section, the
/// published totals `score` reproduces under the policy fitted to the document's own forms, the findings raised. The
/// README carries the table (between its corpus-report markers); this test computes it afresh and fails, printing the new
/// table, when the README no longer says what the platform does.
/// </summary>
public sealed partial class CorpusReportTests
{
    private static readonly ReferenceDataSet Reference = ReferenceDataSet.LoadShipped();
    private static readonly string[] Numbers = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"];

    [Fact]
    public void Report_EveryRealDocument_AsTheReadmeSays()
    {
        var documents = Directory.GetFiles(RepoPaths.Combine("..", "shared", "domain", "disclosures"), "*.json")
            .Concat(Directory.GetFiles(RepoPaths.Combine("tests", "Tools", "Platform.Cli.Tests", "UnseenDocuments"), "*.json"))
            .OrderBy(Path.GetFileName, StringComparer.Ordinal).ToList();
        var table = new StringBuilder();
        table.AppendLine("| document | kind | `check`: figures read, rules, errors / unexplained warnings | `render`: published figures of 第二部分 reproduced | `score --fit`: published totals reproduced | `score` under that policy: errors / warnings |");
        table.AppendLine("|---|---|---|---|---|---|");
        foreach (var path in documents)
        {
            table.AppendLine($"| {Path.GetFileNameWithoutExtension(path)[..3]} | {Kind(path)} | {Check(path)} | {Render(path)} | {Fit(path)} |");
        }
        var readme = File.ReadAllText(RepoPaths.Combine("README.md"));
        var (start, end) = (readme.IndexOf("<!-- corpus-report -->\n", StringComparison.Ordinal), readme.IndexOf("<!-- /corpus-report -->", StringComparison.Ordinal));
        Assert.True(start >= 0 && end > start, "README.md has no corpus-report markers");
        var said = readme[(start + "<!-- corpus-report -->\n".Length)..end];

        Assert.True(said == table.ToString(), "README.md's corpus report is not what the platform does now; the table today:\n" + table);
    }

    private static string Kind(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.TryGetProperty("document_kind", out var kind) ? kind.GetString() switch
        {
            "department_final_accounts_disclosure" => "final accounts",
            "project_performance_self_evaluations" => "project self-evaluation",
            "department_overall_performance_self_evaluation" => "overall self-evaluation",
            var other => other ?? "—",
        } : "—";
    }

    private static string Check(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var report = DisclosureCheck.Run(DisclosureReader.Read(stream, Path.GetFileName(path), Reference.CodesFor), Reference);
            return $"{report.Document.Cells.Count}, {report.RulesEvaluated}, {report.Errors} / {report.UnexplainedWarnings}";
        }
        catch (ValidationException refused)
        {
            return $"refused: {refused.Errors[0].Code}";
        }
    }

    /// <summary>
    /// Each amount (万元) and rate (%) of a published section, found among the figures of the rendered section of the same
    /// number. Only what the stored text holds under a section heading counts (the unseen documents are windows).
    /// </summary>
    private static string Render(string path)
    {
        var text = Path.ChangeExtension(path, ".txt");
        IReadOnlyList<Platform.Publication.Domain.Rendering.Section> rendered;
        try
        {
            rendered = DisclosureRender.Render(path);
        }
        catch (ValidationException)
        {
            return "—";
        }
        var published = PublishedSections(File.ReadAllText(text));
        var (wanted, found) = (0, 0);
        foreach (var (number, body) in published)
        {
            var generated = Figures(string.Concat(rendered.FirstOrDefault(s => s.Number == number)?.Paragraphs ?? [])).ToHashSet();
            foreach (var figure in Figures(body))
            {
                wanted++;
                found += generated.Contains(figure) ? 1 : 0;
            }
        }
        return wanted == 0 ? "no section in the stored text" : $"{found} of {wanted} ({Math.Round(100m * found / wanted, 1).ToString(CultureInfo.InvariantCulture)} %)";
    }

    private static string Fit(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var subjects = FitSubject.Read(document.RootElement, Path.GetFileName(path));
        if (subjects.Count == 0)
        {
            return "— | —";
        }
        var result = PolicyFit.Fit(subjects, PolicySpace.LoadShipped(), ScoringPolicy.LoadShipped(), "fit", "fit", 2022, "00");
        var findings = result.Outcomes.SelectMany(o => o.Findings).ToList();
        // A total printed on a copy that stops before the form's end is not counted (the rows it sums are not all there), nor
        // one of a form that prints no weights (its self-scores stand: it reproduces itself under any policy).
        var cut = result.Outcomes.Count(o => o.PartialCopy && o.Published is not null);
        var unweighted = result.Outcomes.Count(o => o.Unweighted && !o.PartialCopy && o.Published is not null);
        var notes = new[] { cut > 0 ? $"{cut} on a cut copy" : null, unweighted > 0 ? $"{unweighted} without weights" : null }.OfType<string>().ToList();
        var totals = (result.WithTotal == 0 ? notes.Count > 0 ? "" : "no total printed" : $"{result.Reproduced} of {result.WithTotal}")
            + (notes.Count > 0 ? $"{(result.WithTotal == 0 ? "" : "; ")}{string.Join(", ", notes)}, not counted" : "");
        return $"{totals} | {findings.Count(f => f.Severity == FindingSeverity.Error)} / {findings.Count(f => f.Severity == FindingSeverity.Warning)}";
    }

    private static IEnumerable<string> Figures(string text) =>
        FigurePattern().Matches(Grouped().Replace(Regex.Replace(text, @"\s+", ""), m => m.Value.Replace(",", "", StringComparison.Ordinal))).Select(m => (m.Groups[2].Value == "%" ? "%" : "万") +
            decimal.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture).ToString("0.00", CultureInfo.InvariantCulture));

    /// <summary>
    /// 第二部分 of the stored text, by the section its headings' titles name — not by their numbers, which layouts differ in
    /// (重庆's 二(一) 收入支出决算总体情况说明 is the model's 一; a page holding only the "三公" part is the model's 七). A
    /// heading whose title names no section ("1.总体情况", "（二）…") continues the section it stands in; the text before
    /// the first heading takes the section its title names, if any. Without spaces and line breaks; passages of one
    /// section are joined.
    /// </summary>
    private static List<(string Number, string Body)> PublishedSections(string text)
    {
        // A transcriber's bracketed note ("[Stored copy read from … 二(二) 财政拨款…]") is not the document: kept as a bare
        // "[", a window break.
        text = Regex.Replace(text, @"\[[^\]]*\]", "[");
        // A mirror's copy in traditional characters with pinyin after some (113: "政務(wù)服務(wù)", "434.72萬元"): read in the
        // simplified characters the titles and units are matched in.
        text = string.Concat(Regex.Replace(text, @"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", "").Select(c => Traditional.IndexOf(c) is var i and >= 0 ? Simplified[i] : c));
        // The last "第二部分": a table of contents names it first, and what follows the contents is 第一部分.
        var from = text.LastIndexOf("第二部分", StringComparison.Ordinal);
        var body = Regex.Replace(from >= 0 ? text[from..] : text, @"\s+", "");
        // 第二部分 ends where 第三部分 (名词解释, then the tables) begins.
        body = body.IndexOf("第三部分", StringComparison.Ordinal) is var third and > 0 ? body[..third] : body;
        // A passage ends at the next heading, where the stored window ends ("[… window ends here …]", a page's "=====" line:
        // what follows belongs to a section whose heading the window did not hold, and is not counted), or where 第二部分 does.
        string Passage(int from, int to) => body[from..to] is var p && WindowBreak().Match(p) is { Success: true } cut ? p[..cut.Index] : p;
        var headings = Heading().Matches(body).ToList();
        var passages = new List<(string Number, string Body)>();
        var current = headings.Count > 0 ? SectionOf(body[..headings[0].Index]) : null;
        var opened = current is null ? -1 : Array.IndexOf(Numbers, current);
        if (current is not null)
        {
            passages.Add((current, Passage(0, headings[0].Index)));
        }
        foreach (var (h, i) in headings.Select((h, i) => (h, i)))
        {
            // Sections come in order: a heading opens a section later than any opened so far; a top-level heading ("五、")
            // that opens none ends the one before (the 项目 reports printed inside 十一 have headings of their own); a
            // sub-heading stays in its section; across a window break nothing is known of where the text stands.
            if (i > 0 && WindowBreak().IsMatch(body[headings[i - 1].Index..h.Index]))
            {
                current = null;
            }
            var named = SectionOf(h.Groups["title"].Value);
            var top = h.Value.Contains('、') && !char.IsAsciiDigit(h.Value[0]);
            var passage = Passage(h.Index, i + 1 < headings.Count ? headings[i + 1].Index : body.Length);
            if (named is not null && Array.IndexOf(Numbers, named) > opened)
            {
                // A heading without figures (a table of contents, "五、…（一）…") does not close the sections before it.
                current = named;
                opened = Figures(passage).Any() ? Array.IndexOf(Numbers, named) : opened;
            }
            else if (top && named != current)
            {
                current = null;
            }
            else if (!top && named is not null && current is not null)
            {
                // A sub-heading may speak of an earlier section again (重庆's "4.结转结余情况" within its 收支 overview).
                current = named;
            }
            if (current is not null)
            {
                passages.Add((current, passage));
            }
        }
        return passages.GroupBy(p => p.Number).Select(g => (g.Key, string.Concat(g.Select(p => p.Body)))).ToList();
    }

    /// <summary>The section of 第二部分 a title names (most specific first: 财政拨款收入支出决算总体 before 收入支出决算总体).</summary>
    private static string? SectionOf(string title) => SectionTitles.FirstOrDefault(t => title.Contains(t.Words, StringComparison.Ordinal)).Number;

    /// <summary>The traditional characters of the section titles and units, and their simplified forms, position by position.</summary>
    private const string Traditional = "機關運經費採購國資產項營績決預財撥總體況結轉餘萬說務";
    private const string Simplified = "机关运经费采购国资产项营绩决预财拨总体况结转余万说务";

    private static readonly (string Words, string Number)[] SectionTitles =
    [
        ("三公", "七"), ("机关运行经费", "十"), ("政府采购", "十"), ("国有资产", "十"), ("其他重要事项", "十"),
        ("政府性基金", "八"), ("国有资本经营", "九"), ("绩效", "十一"), ("基本支出决算", "六"), ("一般公共预算财政拨款支出", "五"),
        ("财政拨款收入支出决算总体", "四"), ("财政拨款收支", "四"), ("收入支出决算总体", "一"), ("收支决算总体", "一"),
        ("收入决算", "二"), ("收入情况", "二"), ("支出决算", "三"), ("支出情况", "三"), ("结转结余", "一"),
    ];

    [GeneratedRegex(@"(-?\d+(?:\.\d+)?)(万元|%)")]
    private static partial Regex FigurePattern();

    /// <summary>A number grouped by commas ("2,269.08"), not two numbers a comma apart ("4125.49,4143.91").</summary>
    [GeneratedRegex(@"(?<![.\d])\d{1,3}(?:,\d{3})+(?!\d)")]
    private static partial Regex Grouped();

    /// <summary>Where a stored window ends, and where 第二部分 does (the forms appended to 十一, 第三部分).</summary>
    [GeneratedRegex(@"\[|=====|自评表|第三部分")]
    private static partial Regex WindowBreak();

    /// <summary>A heading ("一、", "（二）", "(三)", "4.") and the words of its title (up to the first punctuation; a year may be in it).</summary>
    [GeneratedRegex(@"(?:(?<![一二三四五六七八九十])(?:十一|[一二三四五六七八九十])、|[（(](?:十一|[一二三四五六七八九十])[）)]|(?<![\d.])\d{1,2}[.、．](?!\d))(?<title>[^，。；：:,]{0,30})")]
    private static partial Regex Heading();
}
