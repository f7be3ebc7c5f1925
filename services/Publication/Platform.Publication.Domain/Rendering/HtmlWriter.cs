using System.Globalization;
using System.Net;
using System.Text;
using Platform.Publication.Domain.Documents;

namespace Platform.Publication.Domain.Rendering;

/// <summary>
/// Accessible HTML: the language declared (lang="zh-CN"), one heading level per structure level, each part and section a
/// landmark labelled by its heading, tables with a caption, column headers and row headers (scope), text only from the
/// figures and reasons (HTML-encoded), and a print stylesheet (A4, no page break inside a paragraph or table row).
/// Ids are stable across versions (section-2-1, table-Z01), so sites can link into a document.
/// </summary>
public static class HtmlWriter
{
    private const string Style = """
        body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", serif; line-height: 1.8; max-width: 60em; margin: 2em auto; padding: 0 1em; }
        h1 { font-size: 1.5em; } h2 { font-size: 1.3em; margin-top: 2em; } h3 { font-size: 1.1em; margin-top: 1.4em; }
        p { text-indent: 2em; margin: 0.6em 0; }
        p.sub { text-indent: 0; font-weight: bold; }
        aside.correction { border: 2px solid #a00; padding: 0.5em 1em; }
        table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
        div.table-scroll { overflow-x: auto; }
        div.table-scroll:focus-visible { outline: 2px solid #036; }
        caption { font-weight: bold; text-align: left; padding: 0.4em 0; }
        th, td { border: 1px solid #444; padding: 0.2em 0.5em; min-width: 4em; }
        th.level-1, th.level-2, th.level-3, td.reason { min-width: 10em; }
        td.amount { text-align: right; font-variant-numeric: tabular-nums; }
        dl dt { font-weight: bold; } dl dd { margin: 0 0 0.6em 2em; }
        th.level-1 { font-weight: bold; } th.level-2 { font-weight: normal; padding-left: 1.5em; } th.level-3 { font-weight: normal; padding-left: 3em; }
        nav p { text-indent: 0; } p.download { text-indent: 0; font-size: 0.9em; margin-top: -0.6em; }
        @media print { @page { size: A4; margin: 2cm; } body { max-width: none; margin: 0; } div.table-scroll { overflow: visible; } p, tr { break-inside: avoid; } a { color: inherit; } nav, p.download { display: none; } }
        """;

    /// <summary>第二部分 only (the CLI's render of a transcription).</summary>
    public static string Write(string title, IReadOnlyList<Section> sections)
    {
        var html = Open(title);
        html.Append("<h1>").Append(Encode(title)).Append("</h1>\n");
        Sections(html, sections, "section", 2);
        return Close(html);
    }

    /// <summary>The whole published document: its four parts and the appended forms.</summary>
    public static string Write(DisclosureDocument d)
    {
        var html = Open(d.Title);
        html.Append("<header>\n<h1>").Append(Encode(d.Title)).Append("</h1>\n<p class=\"sub\">第").Append(d.Version).Append("版 · 发布于 ")
            .Append(d.PublishedAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy年M月d日", CultureInfo.InvariantCulture)).Append("</p>\n");
        // The ways on from the page (it had no link at all): home, the latest version, this version's data, the region's
        // year, and the version this one corrects.
        html.Append("<nav aria-label=\"本文件的其他内容\">\n<p><a href=\"/\">返回首页</a> · <a href=\"").Append(Encode(PublicAddresses.Document(d.Id, 0, "html")))
            .Append("\">最新版本</a> · <a href=\"").Append(Encode(PublicAddresses.Document(d.Id, d.Version, "json"))).Append("\">本版数据（JSON）</a> · <a href=\"")
            .Append(Encode(PublicAddresses.Bulk(d.RegionCode, d.FiscalYear))).Append("\">").Append(d.FiscalYear).Append("年度本地区全部公开文件（zip）</a>");
        if (d.Version > 1)
        {
            html.Append(" · <a href=\"").Append(Encode(PublicAddresses.Document(d.Id, d.Version - 1, "html"))).Append("\">第").Append(d.Version - 1).Append("版</a>");
        }
        html.Append("</p>\n</nav>\n</header>\n");
        if (d.Correction is { } c)
        {
            html.Append("<aside class=\"correction\" role=\"note\" aria-labelledby=\"correction\">\n<h2 id=\"correction\">更正说明</h2>\n<p>本文件为第")
                .Append(d.Version).Append("版，更正第").Append(c.PreviousVersion).Append("版。更正原因：").Append(Encode(c.Reason)).Append("</p>\n</aside>\n");
        }
        Part(html, 1, "第一部分 单位概况", () =>
        {
            html.Append("<h3>一、主要职能</h3>\n");
            foreach (var f in d.Profile.Functions)
            {
                html.Append("<p>").Append(Encode(f)).Append("</p>\n");
            }
            if (d.Profile.Functions.Count == 0)
            {
                // A heading over nothing reads as a page gone wrong; the reader is told there is nothing to show.
                html.Append("<p>").Append(PublicationMessages.NoFunctionsRegistered).Append("</p>\n");
            }
            html.Append("<h3>二、机构设置情况</h3>\n<p>").Append(Encode($"{d.Profile.Name}（{d.Profile.Nature}，{d.Profile.RegionName}）"))
                .Append(d.Profile.Sections.Count > 0 ? Encode($"，内设{string.Join("、", d.Profile.Sections)}") : "").Append("。</p>\n");
            if (d.Profile.UnitsInScope.Count > 0)
            {
                html.Append("<p>纳入本部门").Append(d.FiscalYear).Append("年度部门决算编制范围的单位：").Append(Encode(string.Join("、", d.Profile.UnitsInScope))).Append("。</p>\n");
            }
        });
        Part(html, 2, "第二部分 部门决算情况说明", () => Sections(html, d.Explanation, "section-2", 3));
        Part(html, 3, "第三部分 专业名词解释", () =>
        {
            html.Append("<dl>\n");
            foreach (var t in d.Glossary)
            {
                html.Append("<dt>").Append(Encode(t.Name)).Append("</dt><dd>").Append(Encode(t.Definition)).Append("</dd>\n");
            }
            html.Append("</dl>\n");
        });
        Part(html, 4, "第四部分 决算报表", () =>
        {
            foreach (var t in d.Tables)
            {
                Table(html, t);
                html.Append("<p class=\"download\"><a href=\"").Append(Encode(PublicAddresses.Table(d.Id, d.Version, t.Id))).Append("\">下载")
                    .Append(Encode(t.Id)).Append("表（CSV）</a></p>\n");
            }
        });
        if (d.Evaluations.Count > 0)
        {
            Part(html, 5, "附件 项目支出绩效自评表", () =>
            {
                foreach (var (e, i) in d.Evaluations.Select((e, i) => (e, i)))
                {
                    Form(html, e, i + 1);
                }
            });
        }
        return Close(html);
    }

    /// <summary>
    /// One 项目支出绩效自评表: funds, goals and indicators as filed, the budget execution rate's line among them (its 分值 and
    /// 得分: the 分值 column adds up to the total as on the printed form), and the platform's score beside each score the
    /// unit gave — a reader sees which line the recomputed total differs on.
    /// </summary>
    private static void Form(StringBuilder html, EvaluationSummary e, int n)
    {
        string[] headers = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "平台复核得分", "偏差原因"];
        OpenScroll(html, $"项目支出绩效自评表（{n}）");
        html.Append("<table id=\"evaluation-").Append(n).Append("\">\n<caption>").Append(Encode($"项目支出绩效自评表（{n}）：{e.Project}"))
            .Append("（金额单位：万元）</caption>\n<tbody>\n");
        void Row(string header, string value) =>
            html.Append("<tr><th scope=\"row\">").Append(Encode(header)).Append("</th><td colspan=\"").Append(headers.Length - 1).Append("\">").Append(Encode(value)).Append("</td></tr>\n");
        Row("主管部门", e.CompetentDepartment);
        Row("实施单位", e.ImplementingUnit);
        Row("项目资金", $"年初预算数 {Wording.Wan(e.InitialBudget)}，全年预算数 {Wording.Wan(e.FullYearBudget)}，全年执行数 {Wording.Wan(e.Executed)}，执行率 {Wording.Percent(Wording.Share(e.Executed, e.FullYearBudget))}");
        Row("年度目标（预期）", e.GoalExpected);
        Row("年度目标（实际完成）", e.GoalActual);
        html.Append("</tbody>\n<tbody>\n<tr>");
        foreach (var header in headers)
        {
            html.Append("<th scope=\"col\">").Append(header).Append("</th>");
        }
        html.Append("</tr>\n");
        if (e.FundsWeight.Length > 0 || e.FundsScore.Length > 0)
        {
            html.Append("<tr><th scope=\"row\" colspan=\"3\">预算执行率</th><td></td><td>").Append(Encode(Rate(e.ExecutionRate))).Append("</td><td class=\"amount\">")
                .Append(Encode(e.FundsWeight)).Append("</td><td class=\"amount\">").Append(Encode(e.FundsScore)).Append("</td><td class=\"amount\">")
                .Append(Encode(e.ExecutionComputed)).Append("</td><td></td></tr>\n");
        }
        // A line the unit left wholly blank (an unused 生态效益指标 row) is not an indicator; a line without its name still
        // has a row header that says so (an empty header names nothing to a screen reader).
        var lines = e.Indicators.Where(i => !(i.Name.Length == 0 && i.Target.Length == 0 && i.Actual.Length == 0 && i.Weight.Length == 0 && i.Score.Length == 0)).ToList();
        foreach (var i in lines)
        {
            html.Append("<tr><td>").Append(Encode(i.Level1)).Append("</td><td>").Append(Encode(i.Level2)).Append("</td><th scope=\"row\">").Append(Encode(i.Name.Length > 0 ? i.Name : UnnamedIndicator))
                .Append("</th><td>").Append(Encode(i.Target)).Append("</td><td>").Append(Encode(i.Actual)).Append("</td><td class=\"amount\">").Append(Encode(i.Weight))
                .Append("</td><td class=\"amount\">").Append(Encode(i.Score)).Append("</td><td class=\"amount\">").Append(Encode(i.Computed))
                .Append("</td><td class=\"reason\">").Append(Encode(i.DeviationReason)).Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n</div>\n<p>").Append(Encode($"自评总分 {e.SelfAssignedTotal}；平台按评分办法复核得分 {e.Score}，{(e.Grade.Length > 0 ? $"等级 {e.Grade}" : e.GradeWithheld)}。"))
            .Append(Encode(lines.Any(i => i.Computed.Length == 0) || (e.FundsScore.Length > 0 && e.ExecutionComputed.Length == 0) ? NotRecomputed : "")).Append("</p>\n");
    }

    /// <summary>The execution rate as the unit filed it, with its % where it was filed as a bare number (100 → 100%).</summary>
    private static string Rate(string filed) =>
        decimal.TryParse(filed, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _) ? filed + "%" : filed;

    /// <summary>The row header of an indicator line the unit filed without its name.</summary>
    public const string UnnamedIndicator = "（未填写指标名称）";

    /// <summary>Under a form: what a blank 平台复核得分 means.</summary>
    public const string NotRecomputed = "平台复核得分为空的行，目标值或实际值无法按评分办法计算，以单位自评得分计入。";

    private static void Table(StringBuilder html, ReportTable t)
    {
        OpenScroll(html, $"{t.Id} {t.Title}");
        html.Append("<table id=\"table-").Append(Encode(t.Id)).Append("\">\n<caption>").Append(Encode($"{t.Id} {t.Title}"))
            .Append(t.Columns.Any(c => c.IsAmount) ? "（金额单位：万元）" : "").Append("</caption>\n<thead><tr><th scope=\"col\">项目</th>");
        foreach (var c in t.Columns)
        {
            html.Append("<th scope=\"col\">").Append(Encode(c.Name)).Append("</th>");
        }
        html.Append("</tr></thead>\n<tbody>\n");
        if (t.Rows.Count == 0)
        {
            // A table with no line at all (a publication imported without it, a classification table nothing was spent
            // under) says so: an empty grid under its caption reads as a page that failed to load.
            html.Append("<tr><td colspan=\"").Append(t.Columns.Count + 1).Append("\">").Append(Encode(NoLines)).Append("</td></tr>\n");
        }
        foreach (var r in t.Rows)
        {
            // A classification's levels read apart: 类 bold, 款 and 项 indented under it (they looked alike).
            html.Append("<tr><th scope=\"row\"").Append(r.Id.All(char.IsAsciiDigit) ? r.Id.Length switch { 3 => " class=\"level-1\"", 5 => " class=\"level-2\"", 7 => " class=\"level-3\"", _ => "" } : "")
                .Append('>').Append(Encode(r.Name)).Append("</th>");
            for (var i = 0; i < t.Columns.Count; i++)
            {
                html.Append("<td class=\"amount\">").Append(DocumentFormats.Cell(t.Columns[i], r, r.Values[i])).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n</div>\n");
        if (t.Rows.Any(r => r.Values.Any(v => v is null)))
        {
            html.Append("<p class=\"table-note\">").Append(Encode($"{t.Id} {BlankCells}")).Append("</p>\n");
        }
    }

    /// <summary>
    /// A table's own scrolling box: on a phone a wide table scrolls inside it, never the page (an evaluation form made a
    /// 390 px page 434 px wide, its columns one character across). Focusable and named, so a keyboard can scroll it (WCAG 2.1.1).
    /// </summary>
    private static void OpenScroll(StringBuilder html, string name) =>
        html.Append("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"").Append(Encode(name + "（可左右滚动）")).Append("\">\n");

    /// <summary>Under a table without lines.</summary>
    public const string NoLines = "本表未列示数据。";

    /// <summary>Under a table with blank cells: a blank is a figure not given, never a 0 (which is printed as 0).</summary>
    public const string BlankCells = "表中空白表示未列示该数，不表示 0。";

    private static void Part(StringBuilder html, int n, string title, Action body)
    {
        html.Append("<section id=\"part-").Append(n).Append("\" aria-labelledby=\"part-").Append(n).Append("-title\">\n<h2 id=\"part-").Append(n)
            .Append("-title\">").Append(Encode(title)).Append("</h2>\n");
        body();
        html.Append("</section>\n");
    }

    private static void Sections(StringBuilder html, IReadOnlyList<Section> sections, string idPrefix, int level)
    {
        foreach (var (section, i) in sections.Select((s, i) => (s, i)))
        {
            var id = $"{idPrefix}-{i + 1}";
            html.Append("<section aria-labelledby=\"").Append(id).Append("\">\n<h").Append(level).Append(" id=\"").Append(id).Append("\">")
                .Append(Encode($"{section.Number}、{section.Title}")).Append("</h").Append(level).Append(">\n");
            foreach (var paragraph in section.Paragraphs)
            {
                // "（一）…" lines head a sub-part of the section.
                var sub = paragraph.StartsWith('（') && paragraph.Length < 40 && !paragraph.Contains('。', StringComparison.Ordinal);
                html.Append(sub ? "<p class=\"sub\">" : "<p>").Append(Encode(paragraph)).Append("</p>\n");
            }
            html.Append("</section>\n");
        }
    }

    private static StringBuilder Open(string title) =>
        new StringBuilder("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<link rel=\"icon\" href=\"data:,\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n");

    private static string Close(StringBuilder html) => html.Append("</main>\n</body>\n</html>\n").ToString();

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
