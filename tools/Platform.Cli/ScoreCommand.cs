using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Platform.Domain;
using Platform.Performance.Domain.Forms;
using Platform.Performance.Domain.Scoring;

namespace Platform.Cli;

/// <summary>
/// `platform score FILE.json [--policy NAME] [--json]`: every project form of a transcribed publication scored under a
/// shipped policy, offline: name, published total, recomputed total, grade, findings. `--policy list` lists the
/// policies. Exit code 0 when no error-level finding stands, 1 when one does, 2 when the file cannot be read or holds no form.
/// `platform score --fit FILE... --region CODE [--year YYYY] [--out FILE]`: see <see cref="ScoreFit"/>.
/// </summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var file = PlatformCommandLine.RefusingOptions(new Argument<FileInfo?>("file") { Description = "含 project_evaluations（项目支出绩效自评表）的抄录文件（JSON）。", Arity = ArgumentArity.ZeroOrOne });
        var policyName = new Option<string>("--policy") { Description = "评分规则：随平台发布的规则名、规则文件（.json，例如 --fit 写出的），或 list 列出全部。", DefaultValueFactory = _ => "proportional" };
        var json = new Option<bool>("--json") { Description = "输出一个 JSON 对象 {\"projects\": [...]}，而不是文字报告。" };
        var fit = new Option<FileInfo[]>("--fit") { Description = "拟合评分规则：要复现其公开得分的抄录文件（可给多个：--fit a.json b.json）。", AllowMultipleArgumentsPerToken = true };
        // "--fit --region 42" (files forgotten): the option would take "--region" for a file and blame the region.
        fit.Validators.Add(result =>
        {
            if (result.Tokens.FirstOrDefault(t => t.Value.StartsWith('-'))?.Value is { } token)
            {
                result.AddError($"--fit：缺少抄录文件（“{token}”是选项，不是文件）");
            }
        });
        var region = new Option<string?>("--region") { Description = "与 --fit 同用：拟合规则适用的区划（区划代码或其前缀，2/4/6 位）。" };
        var year = new Option<int?>("--year") { Description = "与 --fit 同用：拟合规则适用的年度（默认取文件的年度；文件分属多个年度时必须给出）。", CustomParser = r => CommandLineValues.Int(r, 2000, 2099) };
        var output = new Option<FileInfo?>("--out") { Description = "与 --fit 同用：将拟合的规则写入此文件（仅所有者可读写）。" };
        var command = new Command("score", "为抄录的绩效自评表重新计分并审核；或按公开得分拟合评分规则（--fit）。")
        {
            file, policyName, json, fit, region, year, output,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(fit) is { Length: > 0 } fitFiles)
            {
                return ScoreFit.Run(fitFiles, parse.GetValue(region), parse.GetValue(year), parse.GetValue(output));
            }
            // Options of the fit, given without it, would be ignored: a user who asked for a policy file would find none.
            if (new[] { (Option)region, year, output }.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } stray)
            {
                Console.Error.WriteLine($"{stray.Name}：只与 --fit 同用（拟合评分规则时），单独计分时无此选项");
                return 2;
            }
            var policies = ScoringPolicy.LoadShipped();
            var name = parse.GetValue(policyName)!;
            if (name == "list")
            {
                foreach (var p in policies)
                {
                    Console.WriteLine($"{p.Id,-14} {p.FromYear}{(p.ToYear is { } to ? $"–{to}" : "–")}  区划 {string.Join(",", p.Regions)}  {p.Title}");
                }
                return 0;
            }
            if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    using var policyFile = JsonDocument.Parse(File.ReadAllBytes(name));
                    policies = [ScoringPolicy.Read(policyFile.RootElement, Path.GetFileName(name))];
                    name = policies[0].Id;
                }
                catch (Exception ex) when (ex is JsonException or ValidationException or IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"--policy：无法读取评分规则文件 {name}（{(ex is ValidationException v ? string.Join("；", v.Errors.Select(e => $"{e.Field}: {e.Reason}")) : ex is JsonException ? "不是有效的 JSON" : "文件不存在或无权读取")}）");
                    return 2;
                }
            }
            if (policies.FirstOrDefault(p => p.Id == name) is not { } policy)
            {
                Console.Error.WriteLine($"--policy：“{name}”不是随平台发布的评分规则（可用：{string.Join("、", policies.Select(p => p.Id))}），也不是 .json 规则文件");
                return 2;
            }
            if (parse.GetValue(file) is not { } path)
            {
                Console.Error.WriteLine("缺少抄录文件：请给出要计分的 JSON 文件（或用 --policy list 列出评分规则）");
                return 2;
            }
            try
            {
                using var document = TranscriptionJson.Parse(File.ReadAllBytes(path.FullName), "file");
                var (forms, unreadable) = ProjectFormReader.Read(document.RootElement);
                var scores = forms.Select(f => ScoringEngine.Score(f, policy)).ToList();
                var (overallForm, overallUnreadable) = OverallForm.Read(document.RootElement);
                if (forms.Count == 0 && overallForm is null)
                {
                    // Never "0 project forms" and a clean pass: a final-accounts disclosure or an empty file has nothing to score.
                    Console.Error.WriteLine($"{path.Name}：文件中没有项目支出绩效自评表（project_evaluations）或部门整体支出绩效自评表（overall_performance_evaluation），无可评分的内容");
                    return 2;
                }
                var overall = overallForm is null ? null : OverallScoring.Score(overallForm, policy);
                // A policy is a region's practice for some years: scoring a document of another says so (never refused:
                // a region without a policy of its own may score by a neighbour's).
                var year = ScoreFit.FiscalYearOf(document.RootElement);
                var province = ScoreFit.ProvinceOf(document.RootElement);
                if ((year is { } yr && !policy.CoversYear(yr)) || (province is { Code: { } code } && !policy.Concerns(code)))
                {
                    Console.Error.WriteLine($"注意：评分规则 {policy.Id} 适用于 {string.Join("、", policy.Regions.Select(r => r.Length == 0 ? "各地" : r))} 区划、{policy.FromYear} 年{(policy.ToYear is { } to ? $"至 {to} 年" : "起")}；"
                        + $"{path.Name} 是 {string.Join(" ", new[] { province is { } p ? $"{p.Name}{(p.Code is { } c ? $"（{c}）" : "")}" : null, year is { } yy ? $"{yy} 年度" : null }.OfType<string>())}的文件"
                        + (province is null ? "（文件未注明地区）" : ""));
                }
                unreadable = [.. unreadable, .. overallUnreadable];
                if (parse.GetValue(json))
                {
                    PrintJson(scores, overall, unreadable);
                }
                else
                {
                    PrintText(path.Name, policy, scores, overall, unreadable);
                }
                var errors = scores.SelectMany(s => s.Findings).Concat(overall?.Findings ?? []).Any(f => f.Severity == FindingSeverity.Error);
                return errors ? 1 : 0;
            }
            catch (Exception ex) when (ex is JsonException or ValidationException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"{path.Name}：{PlatformCommandLine.Unreadable(ex, path)}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>
    /// "计算总分 78.4（中）" — or, where it is not a score of the whole form, what it is: a cut copy, a form whose weights do not
    /// make 100 and an unfilled form get no grade (a grade of 110 or of 85 points out of 85 would be misread); indicators the
    /// platform could not score (no weight, no readable value) are counted with their points, their self-scores standing in
    /// the total.
    /// </summary>
    private static string Computed(decimal total, string grade, string? withheld, IReadOnlyList<IndicatorScore> indicators)
    {
        var kept = indicators.Where(i => i.Computed is null).ToList();
        var points = kept.Sum(i => i.Indicator.Weight ?? 0);
        var unscored = kept.Count(i => i.Indicator.Score is null);
        var note = kept.Count == 0 ? ""
            : (kept.Count == indicators.Count ? "；各项均无法由平台计分" : $"；其中 {kept.Count} 项{(points > 0 ? $"（共 {F(points)} 分）" : "")}无法由平台计分")
                + (unscored == kept.Count ? "，且未填写自评得分，按 0 计" : unscored > 0 ? $"，沿用自评得分（{unscored} 项未填写，按 0 计）" : "，沿用自评得分");
        return $"计算总分 {F(total)}（{withheld ?? grade}{note}）";
    }

    private static void PrintText(string file, ScoringPolicy policy, IReadOnlyList<FormScore> scores, OverallScore? overall, IReadOnlyList<ReadFinding> unreadable)
    {
        Console.WriteLine($"{file}：项目支出绩效自评表 {scores.Count} 张{(overall is null ? "" : "，部门整体支出绩效自评表 1 张")}；评分规则 {policy.Id}（版本 {policy.Revision}）");
        foreach (var r in unreadable)
        {
            Console.WriteLine($"  [无法识别] {r.Project} {r.Field}：“{r.Printed}”");
        }
        foreach (var s in scores)
        {
            Console.WriteLine();
            Console.WriteLine($"{s.Form.Name}");
            Console.WriteLine($"  列示总分 {F(s.PublishedTotal) ?? "（未列示）"}，{Computed(s.ComputedTotal, s.Grade, s.GradeWithheld, s.Indicators)}");
            foreach (var f in s.Findings)
            {
                Console.WriteLine($"  [{f.Severity.ToString().ToLowerInvariant()}] {f.Type} {f.Location}: {f.Detail}");
            }
        }
        if (overall is not null)
        {
            Console.WriteLine();
            Console.WriteLine("部门整体支出绩效自评");
            Console.WriteLine($"  列示总分 {F(overall.Form.PrintedTotal) ?? "（未列示）"}{(overall.Form.PrintedGrade is { Length: > 0 } g ? $"（{g}）" : "")}，{Computed(overall.ComputedTotal, overall.Grade, overall.GradeWithheld, overall.Indicators)}；预算执行率得分 {overall.ExecutionExplanation}");
            foreach (var f in overall.Findings)
            {
                Console.WriteLine($"  [{f.Severity.ToString().ToLowerInvariant()}] {f.Type} {f.Location}: {f.Detail}");
            }
        }
    }

    private static void PrintJson(IReadOnlyList<FormScore> scores, OverallScore? overall, IReadOnlyList<ReadFinding> unreadable)
    {
        var output = new
        {
            projects = scores.Select(s => new
            {
                name = s.Form.Name,
                published_total = F(s.PublishedTotal),
                computed_total = F(s.ComputedTotal),
                grade = s.GradeWithheld is null ? s.Grade : null,
                grade_withheld = s.GradeWithheld,
                partial_copy = s.Form.PartialCopy,
                indicators = s.Indicators.Select(i => new { name = i.Indicator.Name, self_score = F(i.Indicator.Score), computed_score = F(i.Computed), explanation = i.Explanation }),
                findings = s.Findings.Select(Finding),
            }),
            overall = overall is null ? null : new
            {
                published_total = F(overall.Form.PrintedTotal),
                published_grade = overall.Form.PrintedGrade,
                computed_total = F(overall.ComputedTotal),
                grade = overall.GradeWithheld is null ? overall.Grade : null,
                grade_withheld = overall.GradeWithheld,
                partial_copy = overall.Form.PartialCopy,
                execution = new { weight = F(overall.ExecutionWeight), self_score = F(overall.Form.ExecutionScore), computed_score = F(overall.ExecutionScore), explanation = overall.ExecutionExplanation },
                indicators = overall.Indicators.Select(i => new { name = i.Indicator.Name, self_score = F(i.Indicator.Score), computed_score = F(i.Computed), explanation = i.Explanation }),
                findings = overall.Findings.Select(Finding),
            },
            unreadable = unreadable.Select(r => new { project = r.Project, field = r.Field, printed = r.Printed }),
        };
        Console.WriteLine(JsonSerializer.Serialize(output, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    /// <summary>A finding in the shape the performance API gives it (platform.performance.v1.Finding), so a script reads both alike.</summary>
    internal static object Finding(AuditFinding f) =>
        new { type = f.Type, severity = f.Severity.ToString().ToLowerInvariant(), location = f.Location, published = f.Published ?? "", computed = f.Computed ?? "", detail = f.Detail };

    // Exact, as the API gives them (a policy may round to 4 digits): never cut to two.
    private static string? F(decimal? value) => value is { } v ? DecimalText.Canonical(v) : null;
}
