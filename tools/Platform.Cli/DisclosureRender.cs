using System.CommandLine;
using System.Text;
using System.Text.Json;
using Platform.Accounts.Domain.Publications;
using Platform.Accounts.Domain.ReferenceData;
using Platform.Domain;
using Platform.Publication.Domain.Rendering;

namespace Platform.Cli;

/// <summary>
/// `platform disclosure render FILE.json [--format text|html|json]`: 第二部分 部门决算情况说明 (sections 一 to 十, and 十一 from the self-evaluations it carries) written
/// from a transcribed publication's base figures (read as a return, as the accounts service stores it), every derived
/// figure recomputed. Issue 8 starts here; the publication service and its public API are not there yet.
/// </summary>
internal static class DisclosureRender
{
    public static Command Create()
    {
        var file = PlatformCommandLine.FileArgument("file", "公开说明的抄录文件（JSON）。");
        var format = new Option<string>("--format") { Description = "输出格式：text、html 或 json。", DefaultValueFactory = _ => "text" };
        var thousands = new Option<bool>("--thousands-separators") { Description = "金额带千分位（2,269.08）；不指定时按文件声明，否则为 2269.08。" };
        var zeros = new Option<bool>("--zero-with-decimals") { Description = "零值写作 0.00；不指定时按文件声明，否则为 0。" };
        var truncate = new Option<bool>("--truncate-rates") { Description = "比率截取两位小数；不指定时按文件声明，否则四舍五入。" };
        var render = new Command("render", "按抄录的公开说明数据生成第二部分“部门决算情况说明”（一至十，以及据其所附绩效自评表生成的十一）。") { file, format, thousands, zeros, truncate };
        render.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (parse.GetValue(format) is not ("text" or "html" or "json") and var asked)
            {
                // Said before any rendering, with what was asked.
                Console.Error.WriteLine($"--format：{Quoting.Quote(asked)} 不是可选的格式（只能是 text、html 或 json）");
                return 2;
            }
            try
            {
                var sections = Render(path.FullName, style => style with
                {
                    ThousandsSeparators = style.ThousandsSeparators || parse.GetValue(thousands),
                    ZeroWithDecimals = style.ZeroWithDecimals || parse.GetValue(zeros),
                    Rates = parse.GetValue(truncate) ? RateRounding.Truncate : style.Rates,
                });
                switch (parse.GetValue(format))
                {
                    case "json":
                        Console.WriteLine(JsonSerializer.Serialize(new
                        {
                            sections = sections.Select(s => new { number = s.Number, title = s.Title, paragraphs = s.Paragraphs }),
                        }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true }));
                        return 0;
                    case "text":
                        Console.Write(Text(sections));
                        return 0;
                    case "html":
                        Console.Write(HtmlWriter.Write("第二部分 部门决算情况说明", sections));
                        return 0;
                    default:
                        return 2;   // refused above
                }
            }
            catch (Exception ex) when (ex is ValidationException or IOException or UnauthorizedAccessException or JsonException)
            {
                Console.Error.WriteLine($"{path.Name}：{PlatformCommandLine.UnreadableDisclosure(ex, path)}");
                return 2;
            }
        });
        return render;
    }

    /// <summary>
    /// The sections written from a transcription: its figures read as the accounts service reads a publication, printed as
    /// the document declares it prints them ("printed_numbers", an extension of the transcription format), then as asked.
    /// </summary>
    internal static IReadOnlyList<Section> Render(string path, Func<NumberStyle, NumberStyle>? asked = null)
    {
        var reference = ReferenceDataSet.LoadShipped();
        using var stream = File.OpenRead(path);
        var document = DisclosureReader.Read(stream, Path.GetFileName(path), reference.CodesFor, DateTime.Now.Year - 1);
        var codes = reference.CodesFor(document.FiscalYear).Get("functional");
        var figures = new DisclosureFigures(
            document.FiscalYear, document.DepartmentName,
            document.Cells.ToDictionary(c => c.Key.ToString(), c => c.Value),
            document.PriorCells.ToDictionary(c => c.Key.ToString(), c => c.Value),
            document.Explanations.GroupBy(e => e.Target.ToString()).ToDictionary(g => g.Key, g => g.First().Text),
            codes.Codes.ToDictionary(c => c, c => codes.Name(c) ?? c))
        {
            Style = (asked ?? (s => s))(Declared(document.Root) with { ZeroBaseNotComparable = document.PrintsNotComparable }),
            PrintedChangeRates = document.PrintedChangeRates.ToDictionary(r => r.Key.ToString(), r => r.Value),
            PrintedCompletionRates = document.PrintedCompletionRates.ToDictionary(r => r.Key.ToString(), r => r.Value),
            EarlierChanges = document.EarlierChanges.ToDictionary(e => e.Key.ToString(),
                e => (IReadOnlyList<(int, decimal, decimal?)>)[.. e.Value.Select(c => (c.Year, c.Change, c.Rate))]),
            BlankIsUnprinted = true,
        };
        var sections = ExplanationWriter.Write(figures).Select(s => Printed(s, document)).ToList();
        return Performance(document, figures.Style) is { } eleven ? [.. sections, eleven] : sections;
    }

    /// <summary>
    /// The figures each section is written from, as cell prefixes: 一 from the totals, 二 from the incomes by source, 三 from
    /// the expenditures by type, 四 from the fiscal appropriation's totals (not its rows by budget, which 二 may give), 八 and
    /// 九 also from the fiscal table's rows of their budget.
    /// </summary>
    private static readonly Dictionary<string, string[]> SectionCells = new(StringComparer.Ordinal)
    {
        ["一"] = ["Z01[INC_TOTAL,", "Z01[EXP_TOTAL,", "Z01[INC_CURRENT,", "Z01[EXP_CURRENT,", "Z01[OPENING,", "Z01[CLOSING,"],
        ["二"] = ["Z01[INC_FISCAL,", "Z01[INC_SUPERIOR,", "Z01[INC_OPERATING,", "Z01[INC_BUSINESS,", "Z01[INC_AFFILIATE,", "Z01[INC_OTHER,"],
        ["三"] = ["Z01[EXP_BASIC,", "Z01[EXP_PROJECT,", "Z01[EXP_REMIT,", "Z01[EXP_BUSINESS,", "Z01[EXP_AFFILIATE,"],
        ["四"] = ["Z04[INC_TOTAL,", "Z04[EXP_TOTAL,", "Z04[INC_CURRENT,", "Z04[EXP_CURRENT,", "Z04[OPENING,", "Z04[CLOSING,"],
        ["五"] = ["Z05["], ["六"] = ["Z06["], ["七"] = ["Z07["],
        ["八"] = ["Z08[", "Z04[INC_FUND,", "Z04[EXP_FUND,"], ["九"] = ["Z09[", "Z04[INC_CAPITAL,", "Z04[EXP_CAPITAL,"], ["十"] = ["F01[", "F02[", "F03["],
    };

    /// <summary>
    /// A section of whose tables the publication printed nothing (a partial copy, or a layout without that table) says so
    /// instead of "0 万元" everywhere: in a publication a blank is "not printed", not zero. 八 and 九 keep their sentence when
    /// the document states the fund empty (has_data false reads as zeros, stated).
    /// </summary>
    private static Section Printed(Section section, PublishedReturn document) =>
        SectionCells.TryGetValue(section.Number, out var cells)
            && !document.Cells.Keys.Any(k => cells.Any(c => k.ToString().StartsWith(c, StringComparison.Ordinal)))
            ? section with { Paragraphs = ["（公开文件未列示本部分的数据，不予生成。）"] }
            : section;

    /// <summary>
    /// 十一 from the project self-evaluations the document carries (their full-year budgets and execution); nothing when it
    /// carries none — a disclosure whose forms are published apart is not one "without self-evaluations".
    /// </summary>
    private static Section? Performance(PublishedReturn document, NumberStyle style)
    {
        if (!document.Root.TryGetProperty("project_evaluations", out var listed) || listed.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var forms = Platform.Performance.Domain.Forms.ProjectFormReader.Read(document.Root).Forms;
        return ExplanationWriter.Performance(document.FiscalYear,
            [.. forms.Select(f => new Platform.Publication.Domain.Documents.EvaluationSummary(f.Name, (f.Funds.Total.FullYearBudget ?? 0) * f.FundsUnitInYuan, (f.Funds.Total.Executed ?? 0) * f.FundsUnitInYuan, "", ""))], style);
    }

    /// <summary>"printed_numbers": {"thousands_separators": true, "zero": "0.00", "rates": "truncate"}; absent, the model's.</summary>
    private static NumberStyle Declared(JsonElement root)
    {
        if (!root.TryGetProperty("printed_numbers", out var printed) || printed.ValueKind != JsonValueKind.Object)
        {
            return NumberStyle.Default;
        }
        string? Word(string name) => printed.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new NumberStyle(
            printed.TryGetProperty("thousands_separators", out var t) && t.ValueKind == JsonValueKind.True,
            Word("zero") switch
            {
                null or "0" => false,
                "0.00" => true,
                var other => throw new ValidationException("printed_numbers.zero", $"“{other}” 不是 0 或 0.00"),
            },
            Word("rates") switch
            {
                null or "round" => RateRounding.HalfUp,
                "truncate" => RateRounding.Truncate,
                var other => throw new ValidationException("printed_numbers.rates", $"“{other}” 不是 round 或 truncate"),
            });
    }

    internal static string Text(IReadOnlyList<Section> sections)
    {
        var text = new StringBuilder("第二部分 部门决算情况说明\n\n");
        foreach (var section in sections)
        {
            text.Append(section.Number).Append('、').Append(section.Title).Append("\n\n");
            foreach (var paragraph in section.Paragraphs)
            {
                text.Append(paragraph).Append("\n\n");
            }
        }
        return text.ToString();
    }
}
