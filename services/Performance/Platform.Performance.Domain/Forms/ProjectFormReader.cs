using System.Globalization;
using System.Text.Json;
using Platform.Domain;

namespace Platform.Performance.Domain.Forms;

/// <summary>A printed figure of a form that is not a number (where and what was printed).</summary>
public sealed record ReadFinding(string Project, string Field, string Printed);

/// <summary>
/// Reads the project forms of a transcribed publication (`project_evaluations`, see
/// ../shared/domain/disclosure-transcription-format.md). Figures are printed as strings with their own decorations
/// ("10.00分", "100.00%", "100.00 分"); those are taken off, anything else that is not a number is reported, not read.
/// </summary>
public static class ProjectFormReader
{
    public static (IReadOnlyList<ProjectForm> Forms, IReadOnlyList<ReadFinding> Findings) Read(JsonElement document)
    {
        var forms = new List<ProjectForm>();
        var findings = new List<ReadFinding>();
        if (document.ValueKind != JsonValueKind.Object || !document.TryGetProperty("project_evaluations", out var projects) || projects.ValueKind != JsonValueKind.Array)
        {
            return (forms, findings);
        }
        foreach (var project in Objects(projects, "project_evaluations"))
        {
            var name = Text(project, "name") ?? PerformanceMessages.UnnamedProject(forms.Count + 1);
            decimal? Number(JsonElement parent, string field, string path) => Cell(parent, field, name, path, findings);
            FundsLine? Line(JsonElement funds, string key) =>
                funds.TryGetProperty(key, out var line) && line.ValueKind == JsonValueKind.Object
                    ? new FundsLine(Number(line, "initial_budget", $"funds.{key}.initial_budget"), Number(line, "full_year_budget", $"funds.{key}.full_year_budget"),
                        Number(line, "executed", $"funds.{key}.executed"))
                    : null;

            var fundsElement = project.TryGetProperty("funds", out var f) ? f : default;
            var hasFunds = fundsElement.ValueKind == JsonValueKind.Object;
            var totalElement = hasFunds && fundsElement.TryGetProperty("total", out var t) && t.ValueKind == JsonValueKind.Object ? t : default;
            var hasTotal = totalElement.ValueKind == JsonValueKind.Object;
            var totalLine = (hasFunds ? Line(fundsElement, "total") : null) ?? new FundsLine(null, null, null);
            var (rate, ratio) = hasTotal ? ExecutionRate(Text(totalElement, "execution_rate"), Number(totalElement, "execution_rate", "funds.total.execution_rate"), totalLine) : (null, null);
            var funds = new ProjectFunds(
                totalLine,
                hasTotal ? Number(totalElement, "weight", "funds.total.weight") : null,
                rate,
                hasTotal ? Number(totalElement, "score", "funds.total.score") : null,
                hasFunds ? Line(fundsElement, "current_year_fiscal") : null,
                hasFunds ? Line(fundsElement, "prior_year_carryover") : null,
                hasFunds ? Line(fundsElement, "other") : null)
            {
                PrintedRatio = ratio,
            };

            var indicators = new List<Indicator>();
            if (project.TryGetProperty("indicators", out var rows) && rows.ValueKind == JsonValueKind.Array)
            {
                foreach (var row in Objects(rows, $"project_evaluations[{forms.Count}].indicators"))
                {
                    var i = indicators.Count;
                    indicators.Add(new Indicator(i, Text(row, "level1"), Text(row, "level2"), Text(row, "name"), Text(row, "target"), Text(row, "actual"),
                        Number(row, "weight", $"indicators[{i}].weight"), Number(row, "score", $"indicators[{i}].score"), Text(row, "deviation_reason"))
                    {
                        UncertainCells = HasUncertainCells(row),
                    });
                }
            }
            forms.Add(new ProjectForm(name, Text(project, "competent_department"), Text(project, "implementing_unit"), funds, indicators,
                Number(project, "total_score", "total_score"))
            {
                GoalExpected = Text(project, "goal_expected"),
                GoalActual = Text(project, "goal_actual"),
                FundsUnit = Values.MeasureUnit.Money(Text(document, "amount_unit")) ?? ProjectForm.UsualFundsUnit,
                PartialCopy = IsPartialCopy(project),
            });
        }
        return (forms, findings);
    }

    /// <summary>
    /// The execution rate in percent, and the ratio it was printed as, if it was. Some layouts print the ratio B/A (湖北's
    /// 项目自评表 heads the column 执行率(B/A) and scores it 20分*执行率: "1" for all spent, "0.98"): a figure without a
    /// percent sign that the funds row gives as a ratio, to the digits printed, and not as a percentage, is that ratio.
    /// </summary>
    internal static (decimal? Rate, decimal? Ratio) ExecutionRate(string? printed, decimal? read, FundsLine total)
    {
        if (read is not { } rate || printed is null || printed.Contains('%') || printed.Contains('％')
            || total is not { FullYearBudget: { } budget, Executed: { } executed } || budget <= 0)
        {
            return (read, null);
        }
        var percent = executed / budget * 100m;
        var half = Figures.HalfUnit(rate);
        var asPercent = Math.Abs(rate - percent) <= Math.Max(half, 0.01m);
        var asRatio = Math.Abs(rate - percent / 100m) <= half;
        return asRatio && !asPercent ? (rate * 100m, rate) : (rate, null);
    }

    /// <summary>"partial_copy": true on a form of a transcription whose copy stops before the form's end.</summary>
    internal static bool IsPartialCopy(JsonElement form) =>
        form.TryGetProperty("partial_copy", out var partial) && partial.ValueKind == JsonValueKind.True;

    /// <summary>
    /// "cell_assignment_confidence": "low" on an indicator row of a transcription: the transcriber could not tell which
    /// printed value belongs to which column (an OCR copy running the cells together).
    /// </summary>
    internal static bool HasUncertainCells(JsonElement row) =>
        row.TryGetProperty("cell_assignment_confidence", out var confidence) && confidence.ValueKind == JsonValueKind.String
        && string.Equals(confidence.GetString(), "low", StringComparison.OrdinalIgnoreCase);

    /// <summary>A cell printed with a dash or a slash alone ("—", "-", "－", "/", "--"): nothing, as forms mark a cell that does not apply.</summary>
    internal static bool IsPlaceholder(string printed) => PrintedNumber.IsDashOnly(printed, asciiHyphens: true);

    /// <summary>
    /// A printed figure of a form's cell, as both form readers read it: blank, a dash or a slash ("nothing here", a form's
    /// 其他资金 row: "—") is nothing; a score or rate printed with its unit ("95.00分", "98.5%") — or, where
    /// <paramref name="wan"/>, an amount with "万元" (the overall form's cells) — is the number before it; anything else is a
    /// finding of <paramref name="owner"/> at <paramref name="path"/> (a unit printed alone, "分", among them).
    /// </summary>
    internal static decimal? Cell(JsonElement parent, string field, string owner, string path, List<ReadFinding> findings, bool wan = false)
    {
        var printed = Text(parent, field);
        if (printed is null || IsPlaceholder(printed))
        {
            return null;
        }
        var bare = printed.Trim().TrimEnd('分');
        var read = PrintedNumber.Read((wan ? bare.Replace("万元", "", StringComparison.Ordinal) : bare).Trim());
        if (read.Problem == NumberProblem.Blank && string.IsNullOrWhiteSpace(printed))
        {
            return null;
        }
        if (read.Ok)
        {
            return read.Value;
        }
        findings.Add(new ReadFinding(owner, path, printed));
        return null;
    }

    /// <summary>
    /// The elements of a transcription's list, each an object — else the file is refused naming the element
    /// ("project_evaluations[0]: 应为 JSON 对象"), never read as an empty form or failed on.
    /// </summary>
    internal static IEnumerable<JsonElement> Objects(JsonElement array, string path)
    {
        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new ValidationException($"{path}[{i}]", PerformanceMessages.NotAnObject(element.ValueKind), "INVALID");
            }
            yield return element;
            i++;
        }
    }

    internal static string? Text(JsonElement parent, string field) =>
        parent.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;
}
