using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Platform.Performance.V1;

namespace Platform.Portal.Work;

/// <summary>
/// The overall department form (部门整体支出绩效自评表) as the page posts it, every input named by its field path in the
/// contract (overall_form.funding[1].executed, overall_form.indicators[2].weight, overall_form.completion_rates[2]) as for
/// the project form (<see cref="ProjectFormFields"/>): the server's violations name the very input they are about. Lines
/// of a list left wholly blank are dropped and the rest numbered again.
/// </summary>
internal static class OverallFormFields
{
    public const string Prefix = "overall_form";

    /// <summary>The funding sources a new form offers (the department's 合计 first); any other source can be typed in a blank line.</summary>
    public static readonly IReadOnlyList<string> DefaultSources = ["合计", "基本支出", "项目支出"];

    /// <summary>The columns of a funding line: field and header (the source itself is typed in the line's first cell).</summary>
    public static readonly IReadOnlyList<(string Field, string Label)> FundingColumns =
    [
        ("source", "资金来源"), ("initial_budget", "年初预算数（万元）"), ("full_year_budget", "全年预算数（万元）"), ("executed", "全年执行数（万元）"),
    ];

    /// <summary>The single figures of the budget's execution and adjustment: field and label.</summary>
    public static readonly IReadOnlyList<(string Field, string Label)> BudgetFields =
    [
        ("execution_weight", "预算执行率分值"), ("execution_rate", "预算执行率（%）"), ("execution_score", "预算执行率自评得分"),
        ("initial_budget", "年初预算数（万元）"), ("adjustment", "预算调整数（万元，调减填负数）"), ("adjusted_budget", "调整后预算数（万元）"),
        ("adjustment_rate", "预算调整率（%）"),
    ];

    /// <summary>The columns of a listed project line: field and header.</summary>
    public static readonly IReadOnlyList<(string Field, string Label)> ProjectColumns =
    [
        ("name", "项目名称"), ("type", "项目类型"), ("budget", "预算数（万元）"), ("executed", "执行数（万元）"),
    ];

    public static string Path(string field) => $"{Prefix}.{field}";

    public static string Line(string list, int row, string field) => $"{Prefix}.{list}[{row}].{field}";

    public static string CompletionRate(int row) => $"{Prefix}.completion_rates[{row}]";

    /// <summary>The form as posted; the counts are how many lines of each list the page offered.</summary>
    public static OverallForm Read(IFormCollection posted, int fundingLines, int projectLines, int indicatorLines)
    {
        string V(string path) => posted[path].ToString().Trim();
        var form = new OverallForm { TotalScore = V(Path("total_score")), Grade = V(Path("grade")) };
        foreach (var (field, _) in BudgetFields)
        {
            ProjectFormFields.Set(form, field, V(Path(field)));
        }
        // A funding line says something only with a figure (the page offers the usual sources by name, blank).
        form.Funding.AddRange(Lines<FundingRow>(fundingLines, FundingColumns, (row, field) => V(Line("funding", row, field)))
            .Where(line => FundingColumns.Skip(1).Any(c => ProjectFormFields.Get(line, c.Field).Length > 0)));
        form.Projects.AddRange(Lines<ListedProject>(projectLines, ProjectColumns, (row, field) => V(Line("projects", row, field))));
        for (var row = 0; row < indicatorLines; row++)
        {
            var indicator = new Indicator();
            foreach (var (field, _) in ProjectFormFields.IndicatorColumns)
            {
                ProjectFormFields.Set(indicator, field, V(Line("indicators", row, field)));
            }
            var rate = V(CompletionRate(row));
            if (rate.Length > 0 || ProjectFormFields.IndicatorColumns.Any(c => ProjectFormFields.Get(indicator, c.Field).Length > 0))
            {
                form.Indicators.Add(indicator);
                form.CompletionRates.Add(rate);
            }
        }
        return form;
    }

    /// <summary>The lines of a list that say anything, in order (a wholly blank line is not a line).</summary>
    private static IEnumerable<T> Lines<T>(int count, IReadOnlyList<(string Field, string Label)> columns, Func<int, string, string> value)
        where T : IMessage, new()
    {
        for (var row = 0; row < count; row++)
        {
            var line = new T();
            foreach (var (field, _) in columns)
            {
                ProjectFormFields.Set(line, field, value(row, field));
            }
            if (columns.Any(c => ProjectFormFields.Get(line, c.Field).Length > 0))
            {
                yield return line;
            }
        }
    }

    /// <summary>A field path as the clerk reads it: "第 2 行资金 全年执行数（万元）", "第 3 行指标 完成率".</summary>
    public static string Describe(string path)
    {
        var match = System.Text.RegularExpressions.Regex.Match(path, @"^overall_form\.(funding|projects|indicators)\[(\d+)\]\.(\w+)$");
        if (match.Success)
        {
            var (what, columns) = match.Groups[1].Value switch
            {
                "funding" => ("资金", FundingColumns),
                "projects" => ("项目", ProjectColumns),
                _ => ("指标", ProjectFormFields.IndicatorColumns),
            };
            var label = columns.FirstOrDefault(c => c.Field == match.Groups[3].Value).Label ?? match.Groups[3].Value;
            return $"第 {int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) + 1} 行{what} {label}";
        }
        var rate = System.Text.RegularExpressions.Regex.Match(path, @"^overall_form\.completion_rates\[(\d+)\]$");
        if (rate.Success)
        {
            return $"第 {int.Parse(rate.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1} 行指标 完成率（%）";
        }
        return path switch
        {
            "overall_form.total_score" => "自评总分",
            "overall_form.grade" => "自评等级",
            "overall_form.indicators.weight" => "各指标分值合计",
            "overall_form.indicators" => "绩效指标",
            "overall_form.projects.budget" => "所列项目预算数合计",
            "overall_form.projects.executed" => "所列项目执行数合计",
            _ => BudgetFields.FirstOrDefault(f => Path(f.Field) == path).Label ?? path,
        };
    }
}
