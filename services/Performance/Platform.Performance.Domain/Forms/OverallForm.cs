using System.Globalization;
using System.Text.Json;
using Platform.Domain;

namespace Platform.Performance.Domain.Forms;

/// <summary>One funding row of an overall department form (万元): by source or by type (合计, 基本支出, 项目支出).</summary>
public sealed record FundingRow(string Source, decimal? InitialBudget, decimal? FullYearBudget, decimal? Executed);

/// <summary>A project the overall form lists with its budget and execution (万元).</summary>
public sealed record ListedProject(string Name, string? Type, decimal? Budget, decimal? Executed);

/// <summary>
/// An overall department expenditure performance self-evaluation (部门整体支出绩效自评): funding, the budget adjustment
/// (初始预算 + 调整 = 调整后预算, 调整率), the execution rate and its score, weighted indicators (with the completion
/// rate a report prints), and the total and grade as published.
/// </summary>
public sealed record OverallForm(
    IReadOnlyList<FundingRow> Funding, decimal? ExecutionWeight, decimal? ExecutionRate, decimal? ExecutionScore,
    decimal? InitialBudget, decimal? Adjustment, decimal? AdjustedBudget, decimal? AdjustmentRate,
    IReadOnlyList<ListedProject> Projects, IReadOnlyList<Indicator> Indicators, IReadOnlyList<decimal?> CompletionRates,
    decimal? PrintedTotal, string? PrintedGrade)
{
    /// <summary>The copy this form was read from stops before its last row: sums over all rows cannot be checked.</summary>
    public bool PartialCopy { get; init; }

    /// <summary>The 合计 row, or null when the form prints none.</summary>
    public FundingRow? Total => Funding.FirstOrDefault(r => r.Source is "合计" or "总计");

    /// <summary>
    /// Reads `overall_performance_evaluation` of a transcription; null when the publication has none. Printed
    /// decorations ("89.85%", "90.83分") are taken off; a figure that is still not a number is reported.
    /// </summary>
    public static (OverallForm? Form, IReadOnlyList<ReadFinding> Findings) Read(JsonElement document)
    {
        var findings = new List<ReadFinding>();
        if (document.ValueKind != JsonValueKind.Object || !document.TryGetProperty("overall_performance_evaluation", out var o) || o.ValueKind != JsonValueKind.Object)
        {
            return (null, findings);
        }
        decimal? Number(JsonElement parent, string field, string path) => ProjectFormReader.Cell(parent, field, PerformanceMessages.OverallFormName, path, findings, wan: true);
        static string? Text(JsonElement parent, string field) => ProjectFormReader.Text(parent, field);
        IEnumerable<JsonElement> Array(string field) =>
            o.TryGetProperty(field, out var a) && a.ValueKind == JsonValueKind.Array ? ProjectFormReader.Objects(a, $"overall_performance_evaluation.{field}") : [];

        var funding = Array("funding").Select((r, i) => new FundingRow(Text(r, "source") ?? PerformanceMessages.UnnamedFundingRow(i + 1),
            Number(r, "initial_budget", $"funding[{i}].initial_budget"), Number(r, "full_year_budget", $"funding[{i}].full_year_budget"),
            Number(r, "executed", $"funding[{i}].executed"))).ToList();
        var projects = Array("projects").Select((p, i) => new ListedProject(Text(p, "name") ?? PerformanceMessages.UnnamedListedProject(i + 1), Text(p, "type"),
            Number(p, "budget", $"projects[{i}].budget"), Number(p, "executed", $"projects[{i}].executed"))).ToList();
        var rows = Array("indicators").ToList();
        var indicators = rows.Select((r, i) => new Indicator(i, Text(r, "level1"), Text(r, "level2"), Text(r, "name"), Text(r, "target"), Text(r, "actual"),
            Number(r, "weight", $"indicators[{i}].weight"), Number(r, "score", $"indicators[{i}].score"), Text(r, "deviation_reason"))
        {
            UncertainCells = ProjectFormReader.HasUncertainCells(r),
        }).ToList();
        var completion = rows.Select((r, i) => Number(r, "completion_rate", $"indicators[{i}].completion_rate")).ToList();
        return (new OverallForm(funding, Number(o, "weight", "weight"), Number(o, "execution_rate", "execution_rate"), Number(o, "execution_score", "execution_score"),
            Number(o, "initial_budget", "initial_budget"), Number(o, "adjustment", "adjustment"), Number(o, "adjusted_budget", "adjusted_budget"),
            Number(o, "adjustment_rate", "adjustment_rate"), projects, indicators, completion, Number(o, "total_score", "total_score"), Text(o, "grade"))
        {
            PartialCopy = ProjectFormReader.IsPartialCopy(o),
        }, findings);
    }
}
