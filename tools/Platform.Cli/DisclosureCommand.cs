using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Platform.Accounts.Domain.Publications;
using Platform.Accounts.Domain.ReferenceData;
using Platform.Accounts.Domain.Rules;
using Platform.Domain;

namespace Platform.Cli;

/// <summary>
/// `platform disclosure check FILE.json [--json]`: the final-accounts rules on a transcribed publication, offline.
/// Exit code 0 when no error stands, 1 when a rule reports an error, 2 when the file cannot be read.
/// </summary>
internal static class DisclosureCommand
{
    public static Command Create()
    {
        var file = PlatformCommandLine.FileArgument("file", "公开说明的抄录文件（JSON，格式见 ../shared/domain/disclosure-transcription-format.md）。");
        var json = new Option<bool>("--json") { Description = "输出一个含 findings 数组的 JSON 对象，而不是文字报告。" };
        var referenceData = new Option<DirectoryInfo?>("--reference-data") { Description = "使用此参考数据目录，而不是随平台发布的参考数据。" };
        var check = new Command("check", "对抄录的公开说明运行审核规则，列出发现的问题。") { file, json, referenceData };
        check.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var dir = parse.GetValue(referenceData);
            ReferenceDataSet reference;
            try
            {
                reference = dir is null ? ReferenceDataSet.LoadShipped() : ReferenceDataSet.LoadDirectory(dir.FullName);
            }
            catch (Exception ex) when (dir is not null && ex is ValidationException or IOException or UnauthorizedAccessException or JsonException)
            {
                // The reference data is not the transcription: a wrong directory is said as what it is.
                Console.Error.WriteLine($"--reference-data {dir.FullName}：{(dir.Exists ? PlatformCommandLine.Unreadable(ex) : "目录不存在")}（需要含 templates/、rules/、classifications/ 的参考数据目录）");
                return 2;
            }
            if (dir is not null && Incomplete(reference) is { } missing)
            {
                Console.Error.WriteLine($"--reference-data {dir.FullName}：{missing}（需要含 templates/、rules/、classifications/ 的参考数据目录）");
                return 2;
            }
            try
            {
                using var stream = path.OpenRead();
                var document = DisclosureReader.Read(stream, path.Name, reference.CodesFor, DateTime.Now.Year - 1);
                var report = DisclosureCheck.Run(document, reference);
                if (parse.GetValue(json))
                {
                    PrintJson(report);
                }
                else
                {
                    PrintText(report);
                }
                return report.Errors > 0 ? 1 : 0;
            }
            catch (Exception ex) when (ex is ValidationException or IOException or UnauthorizedAccessException or JsonException)
            {
                Console.Error.WriteLine($"{path.Name}：{PlatformCommandLine.UnreadableDisclosure(ex, path)}");
                return 2;
            }
        });
        var command = new Command("disclosure", "处理已公开的部门决算公开说明。");
        command.Subcommands.Add(check);
        command.Subcommands.Add(DisclosureRender.Create());
        return command;
    }

    private static void PrintText(DisclosureCheckReport report)
    {
        var d = report.Document;
        Console.WriteLine($"{d.Source}：{(d.DepartmentName is { Length: > 0 } name ? name : "（未列示单位名称）")} {d.FiscalYear} 年度，读取数字 {d.Cells.Count} 个，审核规则 {report.RulesEvaluated} 条");
        foreach (var observation in d.Observations)
        {
            Console.WriteLine($"  [{Label(observation.Severity)}] 读取  {observation.Field}：{observation.Message}");
        }
        foreach (var f in report.Findings)
        {
            var finding = f.Finding;
            var status = finding.Severity == Severity.Warning ? f.IsExplained ? "（文件已说明）" : "（文件未说明）" : "";
            Console.WriteLine($"  [{Label(finding.Severity)}] {finding.RuleId}{status}  {finding.Message}");
            Console.WriteLine($"        {ExpectedLabel(finding.Comparison)} {Figure(finding.Expected, finding)}，实际 {Figure(finding.Actual, finding)}，差额 {Figure(finding.Difference, finding)}"
                + (finding.Location is { } at ? $"，位置 {at}" : "") + (finding.ExplainAt is { } ex ? $"，说明位置 {ex}" : ""));
            if (f.Explanation is { } text)
            {
                Console.WriteLine($"        主要原因: {text}");
            }
        }
        Console.WriteLine($"错误 {report.Errors} 处，未说明的提示 {report.UnexplainedWarnings} 处，已说明的提示 {report.Findings.Count(f => f.IsExplained)} 处，"
            + $"信息 {report.Findings.Count(f => f.Finding.Severity == Severity.Info) + d.Observations.Count(o => o.Severity == Severity.Info)} 条");
    }

    /// <summary>
    /// A directory that loads but holds no template or no rule would refuse every document as of a year "not covered":
    /// said as the directory's fault instead.
    /// </summary>
    internal static string? Incomplete(ReferenceDataSet reference) =>
        reference.Templates.Count == 0 ? "其中没有报表模板（templates/*.json）"
        : reference.Rules.Count == 0 ? "其中没有审核规则（rules/*.json）"
        : null;

    private static void PrintJson(DisclosureCheckReport report)
    {
        using var output = Console.OpenStandardOutput();
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteString("source", report.Document.Source);
        writer.WriteString("department", report.Document.DepartmentName);
        writer.WriteNumber("fiscal_year", report.Document.FiscalYear);
        writer.WriteNumber("figures_read", report.Document.Cells.Count);
        writer.WriteNumber("rules_evaluated", report.RulesEvaluated);
        writer.WriteNumber("errors", report.Errors);
        writer.WriteNumber("unexplained_warnings", report.UnexplainedWarnings);
        writer.WriteStartArray("findings");
        foreach (var f in report.Findings)
        {
            var finding = f.Finding;
            writer.WriteStartObject();
            writer.WriteString("rule_id", finding.RuleId);
            writer.WriteString("severity", Label(finding.Severity));
            writer.WriteString("message", finding.Message);
            writer.WriteString("unit", finding.Unit == RuleUnit.Amount ? "万元" : finding.Unit == RuleUnit.Percent ? "%" : "count");
            writer.WriteString("comparison", finding.Comparison);
            writer.WriteString("expected", Figure(finding.Expected, finding, withUnit: false));
            writer.WriteString("actual", Figure(finding.Actual, finding, withUnit: false));
            writer.WriteString("difference", Figure(finding.Difference, finding, withUnit: false));
            writer.WriteString("location", finding.Location?.ToString());
            writer.WriteString("explain_at", finding.ExplainAt?.ToString());
            writer.WriteBoolean("explained", f.IsExplained);
            writer.WriteString("explanation", f.Explanation);
            writer.WriteString("expression", finding.Expression);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("observations");
        foreach (var o in report.Document.Observations)
        {
            writer.WriteStartObject();
            writer.WriteString("field", o.Field);
            writer.WriteString("severity", Label(o.Severity));
            writer.WriteString("message", o.Message);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        output.Write("\n"u8);
    }

    private static string Label(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "info",
    };

    /// <summary>Amounts in 万元 as the document prints them; counts as counts; percentages in percent.</summary>
    /// <summary>What the expected figure is to the actual one: the value it should have, a limit, or a value it may not have.</summary>
    private static string ExpectedLabel(string comparison) => comparison switch
    {
        "<=" or "<" => "上限",
        ">=" or ">" => "下限",
        "!=" => "不应为",
        _ => "应为",
    };

    private static string Figure(decimal value, Finding finding, bool withUnit = true) => finding.Unit switch
    {
        RuleUnit.Amount => (value / 10_000m).ToString("0.00####", CultureInfo.InvariantCulture) + (withUnit ? " 万元" : ""),
        RuleUnit.Percent => value.ToString("0.00##", CultureInfo.InvariantCulture) + (withUnit ? "%" : ""),
        _ => DecimalText.Canonical(value),
    };
}
