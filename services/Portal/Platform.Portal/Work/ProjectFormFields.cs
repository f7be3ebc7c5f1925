using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Platform.Performance.V1;

namespace Platform.Portal.Work;

/// <summary>
/// A project self-evaluation form (项目支出绩效自评表) as the page posts it: every input is named by its field path in
/// the contract (project_form.indicators[2].weight), so what the browser sends reads straight into the message and the
/// server's violations name the very input they are about. Indicator lines left wholly blank are dropped (the remaining
/// lines are numbered again, and the page shows them so numbered).
/// </summary>
internal static partial class ProjectFormFields
{
    public const string Prefix = "project_form";

    /// <summary>The funds lines of the form, each a path under project_form.funds and its label.</summary>
    public static readonly IReadOnlyList<(string Path, string Label)> FundsLines =
    [
        ("total", "年度资金总额"),
        ("current_year_fiscal", "其中：当年财政拨款"),
        ("prior_year_carryover", "上年结转资金"),
        ("other", "其他资金"),
    ];

    /// <summary>The columns of a funds line: field and header.</summary>
    public static readonly IReadOnlyList<(string Field, string Label)> FundsColumns =
    [
        ("initial_budget", "年初预算数（万元）"), ("full_year_budget", "全年预算数（万元）"), ("executed", "全年执行数（万元）"),
    ];

    /// <summary>The columns of an indicator line: field and header.</summary>
    public static readonly IReadOnlyList<(string Field, string Label)> IndicatorColumns =
    [
        ("level1", "一级指标"), ("level2", "二级指标"), ("name", "三级指标"), ("target", "年度指标值"), ("actual", "实际完成值"),
        ("weight", "分值"), ("score", "自评得分"), ("deviation_reason", "偏差原因分析及改进措施"),
    ];

    public static string Path(string field) => $"{Prefix}.{field}";

    /// <summary>
    /// The indicator line and cell an audit finding names ("indicators[4] 培训费" → (4, "score"), the self-score it weighs;
    /// "indicators[4] 培训费.target" or "indicators[4].target" → (4, "target"); "….completion_rate" on the overall form);
    /// (null, "") for a location that is not one line's.
    /// </summary>
    public static (int? Row, string Cell) IndicatorCell(string location) =>
        IndicatorLocation().Match(location) is { Success: true } m
            ? (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups[2].Success ? m.Groups[2].Value : "score")
            : (null, "");

    [System.Text.RegularExpressions.GeneratedRegex(@"^indicators\[(\d+)\](?: .*?)?(?:\.(target|actual|weight|score|completion_rate))?$", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex IndicatorLocation();

    public static string Indicator(int row, string field) => $"{Prefix}.indicators[{row}].{field}";

    public static string Funds(string line, string column) => $"{Prefix}.funds.{line}.{column}";

    /// <summary>The form as posted; <paramref name="lines"/> is how many indicator lines the page offered.</summary>
    public static ProjectForm Read(IFormCollection posted, int lines)
    {
        string V(string path) => posted[path].ToString().Trim();
        var form = new ProjectForm
        {
            Name = V(Path("name")),
            CompetentDepartment = V(Path("competent_department")),
            ImplementingUnit = V(Path("implementing_unit")),
            GoalExpected = V(Path("goal_expected")),
            GoalActual = V(Path("goal_actual")),
            TotalScore = V(Path("total_score")),
            Funds = new ProjectFunds
            {
                Weight = V(Path("funds.weight")),
                ExecutionRate = V(Path("funds.execution_rate")),
                Score = V(Path("funds.score")),
            },
        };
        foreach (var (line, _) in FundsLines)
        {
            var value = new FundsLine();
            foreach (var (column, _) in FundsColumns)
            {
                Set(value, column, V(Funds(line, column)));
            }
            if (line == "total" || FundsColumns.Any(c => Get(value, c.Field).Length > 0))
            {
                SetLine(form.Funds, line, value);
            }
        }
        for (var row = 0; row < lines; row++)
        {
            var indicator = new Indicator();
            foreach (var (field, _) in IndicatorColumns)
            {
                Set(indicator, field, V(Indicator(row, field)));
            }
            if (IndicatorColumns.Any(c => Get(indicator, c.Field).Length > 0))
            {
                form.Indicators.Add(indicator);
            }
        }
        return form;
    }

    public static FundsLine? Line(ProjectFunds? funds, string line) => funds is null ? null : (FundsLine?)Field(funds, line).Accessor.GetValue(funds);

    private static void SetLine(ProjectFunds funds, string line, FundsLine value) => Field(funds, line).Accessor.SetValue(funds, value);

    /// <summary>Sets a string field of a form's message by its proto name.</summary>
    public static void Set(IMessage message, string field, string value) => Field(message, field).Accessor.SetValue(message, value);

    /// <summary>A string field of a form's message by its proto name (the same name the input carries in its path).</summary>
    public static string Get(IMessage? message, string field) => message is null ? "" : (string)Field(message, field).Accessor.GetValue(message);

    private static Google.Protobuf.Reflection.FieldDescriptor Field(IMessage message, string name) =>
        message.Descriptor.FindFieldByName(name) ?? throw new ArgumentOutOfRangeException(nameof(name), name, $"{message.Descriptor.FullName} has no field {name}");
}
