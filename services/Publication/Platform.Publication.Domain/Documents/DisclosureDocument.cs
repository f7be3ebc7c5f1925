using Platform.Publication.Domain.Rendering;

namespace Platform.Publication.Domain.Documents;

/// <summary>
/// One published version of a department's disclosure (公开说明) for a fiscal year, in the four parts of the standard
/// structure (../shared/domain/README.md) with the project self-evaluation forms appended. Immutable: a correction is
/// a new version. The id is stable across versions ("{unit}-{year}"); tables and sections have stable ids too, so a
/// publication site can link into a document and still find the same place in the next version.
/// </summary>
public sealed record DisclosureDocument(
    string Id, int Version, string UnitId, int FiscalYear, string RegionCode, int ReturnVersion, DateTimeOffset PublishedAt,
    UnitProfile Profile, IReadOnlyList<Section> Explanation, IReadOnlyList<Term> Glossary, IReadOnlyList<ReportTable> Tables,
    IReadOnlyList<EvaluationSummary> Evaluations, CorrectionNotice? Correction)
{
    /// <summary>A department publishes its 部门决算; a 事业单位 publishing its own figures, its 单位决算.</summary>
    public string Title => $"{Profile.Name}{FiscalYear}年度{(Profile.Nature == UnitNatures.Institution ? "单位" : "部门")}决算公开说明";

    public static string IdFor(string unitId, int fiscalYear) => $"{unitId}-{fiscalYear}";
}

/// <summary>第一部分 单位概况: from the registry (functions, sections, nature) and the return (staffing, units in scope).</summary>
public sealed record UnitProfile(string Name, string RegionName, string Nature, IReadOnlyList<string> Functions, IReadOnlyList<string> Sections,
    IReadOnlyList<string> UnitsInScope);

/// <summary>第三部分 专业名词解释: one term of the year's glossary.</summary>
public sealed record Term(string Name, string Definition);

/// <summary>第四部分 决算报表: one table as the return states it (amounts in 万元 as printed, counts as counts).</summary>
public sealed record ReportTable(string Id, string Title, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<ReportRow> Rows);

public sealed record ReportColumn(string Id, string Name, bool IsAmount);

/// <summary>
/// A row's values in column order; null where the return leaves the cell blank. A row that counts (车辆数, 人次) is not an
/// amount even in an amount column: <see cref="IsAmount"/> false prints it as a number, not in 万元.
/// </summary>
public sealed record ReportRow(string Id, string Name, IReadOnlyList<decimal?> Values, bool IsAmount = true);

/// <summary>
/// A project self-evaluation as appended (项目支出绩效自评表): the project, its funds (元), goals and indicators as the unit
/// filed them, the self-assigned total, and the platform's recomputed score and grade under the policy in force.
/// </summary>
public sealed record EvaluationSummary(string Project, decimal FullYearBudget, decimal Executed, string Score, string Grade)
{
    /// <summary>Why <see cref="Grade"/> is empty — the total was not graded (zh-CN, from the performance service); "" when graded.</summary>
    public string GradeWithheld { get; init; } = "";

    public string CompetentDepartment { get; init; } = "";
    public string ImplementingUnit { get; init; } = "";
    public decimal InitialBudget { get; init; }
    public string GoalExpected { get; init; } = "";
    public string GoalActual { get; init; } = "";
    public string SelfAssignedTotal { get; init; } = "";
    public IReadOnlyList<IndicatorLine> Indicators { get; init; } = [];

    /// <summary>
    /// The budget execution rate's line (预算执行率): its 分值 and 得分 as filed, the rate as filed and the platform's score of
    /// it. Without it the indicators' 分值 add up to 90 under a total of 100 and a reader cannot follow the form.
    /// Documents published before these were kept read "" (nothing printed).
    /// </summary>
    public string FundsWeight { get; init; } = "";
    public string FundsScore { get; init; } = "";
    public string ExecutionRate { get; init; } = "";
    public string ExecutionComputed { get; init; } = "";
}

/// <summary>One indicator row of a form as filed (text as the unit wrote it: targets like "≥28人次" are not numbers).</summary>
public sealed record IndicatorLine(string Level1, string Level2, string Name, string Target, string Actual, string Weight, string Score, string DeviationReason)
{
    /// <summary>The platform's score of the row under the policy in force; "" where target and actual cannot be scored (the unit's score stands).</summary>
    public string Computed { get; init; } = "";
}

/// <summary>更正说明: why this version replaces the previous one.</summary>
public sealed record CorrectionNotice(int PreviousVersion, string Reason, DateTimeOffset At);
