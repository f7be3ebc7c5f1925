using Platform.Domain;
using Platform.Performance.Domain;
using Platform.Spreadsheets;
using Proto = Platform.Performance.V1;

namespace Platform.Performance.Host.Import;

/// <summary>
/// Reads the workbook clerks fill: one sheet per project form, laid out as the printed form (labels in column A):
/// <list type="bullet">
/// <item>项目名称, 主管部门, 实施单位, 年度总体目标, 实际完成情况: the value in column B;</item>
/// <item>年度资金总额: B 年初预算数, C 全年预算数, D 全年执行数, E 分值, F 执行率 (%), G 得分; 当年财政拨款, 上年结转资金,
/// 其他资金: B–D;</item>
/// <item>a header row starting 一级指标, then one indicator per row: A 一级指标, B 二级指标, C 三级指标, D 年度指标值,
/// E 实际完成值, F 分值, G 得分, H 偏差原因 (A and B may be left blank under a merged cell: the row above's level
/// carries on); a row starting 总分 ends the indicators, its G is the self-assigned total.</item>
/// </list>
/// The sheet becomes the same request a portal sends, and every error of the form's checks is named by the sheet
/// cell it came from ("项目1!F14"), so a clerk can find it.
/// </summary>
internal static class FormWorkbook
{
    public sealed record Sheet(string Name, Proto.ProjectForm Form, IReadOnlyDictionary<string, string> Cells);

    /// <summary>The filled sheets and what is wrong with the workbook's layout (the caller adds each form's own errors, then throws them all).</summary>
    public static (IReadOnlyList<Sheet> Sheets, IReadOnlyList<FieldError> Errors) Read(ReadOnlyMemory<byte> bytes)
    {
        IReadOnlyList<XlsxSheet> workbook;
        try
        {
            workbook = XlsxReader.Read(bytes);
        }
        catch (FormatException ex)
        {
            throw new ValidationException("workbook", PerformanceMessages.WorkbookUnreadable(ex.Message), "NOT_XLSX");
        }
        var errors = new List<FieldError>();
        var sheets = workbook.Where(w => w.Rows.Any(r => !r.IsEmpty)).Select(w => ReadSheet(w, errors)).ToList();
        if (sheets.Count == 0 && errors.Count == 0)
        {
            errors.Add(new FieldError("workbook", PerformanceMessages.NoFilledSheet, "REQUIRED"));
        }
        return (sheets, errors);
    }

    private static Sheet ReadSheet(XlsxSheet sheet, List<FieldError> errors)
    {
        var name = sheet.Name;
        var form = new Proto.ProjectForm { Funds = new Proto.ProjectFunds() };
        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        static string Get(XlsxRow row, string column) => row[column];
        void Map(string field, int row, string column) => cells[field] = $"{name}!{column}{row}";
        Proto.FundsLine Line(XlsxRow row, int number, string path)
        {
            Map($"{path}.initial_budget", number, "B");
            Map($"{path}.full_year_budget", number, "C");
            Map($"{path}.executed", number, "D");
            return new Proto.FundsLine { InitialBudget = Get(row, "B"), FullYearBudget = Get(row, "C"), Executed = Get(row, "D") };
        }
        var inIndicators = false;
        string level1 = "", level2 = "";
        var sawName = false;
        foreach (var row in sheet.Rows)
        {
            var number = row.Number;
            var label = Get(row, "A");
            if (inIndicators)
            {
                if (label.StartsWith("总分", StringComparison.Ordinal) || label.StartsWith("合计", StringComparison.Ordinal))
                {
                    form.TotalScore = Get(row, "G");
                    Map("project_form.total_score", number, "G");
                    inIndicators = false;
                    continue;
                }
                if (row.IsEmpty)
                {
                    continue;
                }
                level1 = label.Length > 0 ? label : level1;
                level2 = Get(row, "B") is { Length: > 0 } l2 ? l2 : label.Length > 0 ? "" : level2;
                var i = form.Indicators.Count;
                var at = $"project_form.indicators[{i}]";
                foreach (var (field, column) in new[] { ("level1", "A"), ("level2", "B"), ("name", "C"), ("target", "D"), ("actual", "E"), ("weight", "F"), ("score", "G"), ("deviation_reason", "H") })
                {
                    Map($"{at}.{field}", number, column);
                }
                form.Indicators.Add(new Proto.Indicator
                {
                    Level1 = level1, Level2 = level2, Name = Get(row, "C"), Target = Get(row, "D"), Actual = Get(row, "E"),
                    Weight = Get(row, "F"), Score = Get(row, "G"), DeviationReason = Get(row, "H"),
                });
                continue;
            }
            switch (label)
            {
                case "项目名称":
                    form.Name = Get(row, "B");
                    Map("project_form.name", number, "B");
                    sawName = true;
                    break;
                case "主管部门":
                    form.CompetentDepartment = Get(row, "B");
                    Map("project_form.competent_department", number, "B");
                    break;
                case "实施单位":
                    form.ImplementingUnit = Get(row, "B");
                    Map("project_form.implementing_unit", number, "B");
                    break;
                case "年度总体目标" or "预期目标":
                    form.GoalExpected = Get(row, "B");
                    Map("project_form.goal_expected", number, "B");
                    break;
                case "实际完成情况" or "总体目标完成情况":
                    form.GoalActual = Get(row, "B");
                    Map("project_form.goal_actual", number, "B");
                    break;
                case "年度资金总额":
                    form.Funds.Total = Line(row, number, "project_form.funds.total");
                    form.Funds.Weight = Get(row, "E");
                    form.Funds.ExecutionRate = Get(row, "F").TrimEnd('%', '％');
                    form.Funds.Score = Get(row, "G");
                    Map("project_form.funds.weight", number, "E");
                    Map("project_form.funds.execution_rate", number, "F");
                    Map("project_form.funds.score", number, "G");
                    break;
                case "当年财政拨款":
                    form.Funds.CurrentYearFiscal = Line(row, number, "project_form.funds.current_year_fiscal");
                    break;
                case "上年结转资金":
                    form.Funds.PriorYearCarryover = Line(row, number, "project_form.funds.prior_year_carryover");
                    break;
                case "其他资金":
                    form.Funds.Other = Line(row, number, "project_form.funds.other");
                    break;
                case "一级指标":
                    inIndicators = true;
                    break;
            }
        }
        if (!sawName)
        {
            errors.Add(new FieldError($"{name}!A1", PerformanceMessages.NoProjectNameRow, "REQUIRED"));
        }
        if (form.Indicators.Count == 0)
        {
            errors.Add(new FieldError($"{name}!A1", PerformanceMessages.NoIndicatorTable, "REQUIRED"));
        }
        return new Sheet(name, form, cells);
    }

    /// <summary>Rewrites field errors of one sheet's form ("project_form.indicators[3].weight") to its cells ("项目1!F14").</summary>
    public static IEnumerable<FieldError> Locate(Sheet sheet, IEnumerable<FieldError> errors) => errors.Select(e =>
        sheet.Cells.TryGetValue(e.Field, out var cell) ? e with { Field = cell, Reason = $"{e.Field.Replace("project_form.", "", StringComparison.Ordinal)}: {e.Reason}" }
        : e with { Field = $"{sheet.Name}: {e.Field}" });
}
