using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Platform.Accounts.V1;
using Platform.Portal.Gateway;
using Platform.Portal.Security;

namespace Platform.Portal.Work;

/// <summary>One row of a statutory table as the page lays it out: code, name, and whether it is a computed (total) row.</summary>
internal sealed record GridRow(string Code, string Label, bool Computed);

/// <summary>A return's table as a page shows it: the year's template, the stored and computed figures, the findings.</summary>
internal sealed partial class ReturnView
{
    public required Template Template { get; init; }
    public required TableTemplate Table { get; init; }
    public Return? Return { get; init; }
    public ValidationReport? Report { get; init; }
    public required IReadOnlyList<GridRow> Rows { get; init; }
    public required IReadOnlyDictionary<string, string> Values { get; init; }
    public required IReadOnlySet<string> ComputedCells { get; init; }
    public bool CanEdit { get; init; }
    public bool CanReview { get; init; }

    /// <summary>The day the return is due (yyyy-MM-dd; the region's deadline before the return is opened), empty when none is set.</summary>
    public string DueDate { get; init; } = "";

    /// <summary>Last year's return (the latest version), for the browser's year-on-year rules; null when there is none.</summary>
    public Return? Prior { get; init; }

    /// <summary>What the browser's grid needs: this table's layout, every input (typed values kept where a save failed), last year's, the server's findings.</summary>
    public Platform.Portal.Client.GridModel GridModel(PortalUser user, IReadOnlyDictionary<string, string> typed)
    {
        var inputs = Return?.Inputs.ToDictionary(c => c.Cell, c => c.Value, StringComparer.Ordinal) ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var stored = new Dictionary<string, string>(inputs, StringComparer.Ordinal);
        var newLines = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (cell, value) in typed.Where(t => !t.Key.StartsWith("x:", StringComparison.Ordinal)))
        {
            // A new line's fields (newrow{n}, n{n}:COLUMN) are typed again into the new lines, not into cells.
            (Platform.Portal.Client.NewLineFields.TryRead(cell, out _, out _) ? newLines : inputs)[cell] = value;
        }
        // The person, as a short hash of the login name: the browser keeps unsaved input under it (never the name itself).
        var person = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(user.Login)))[..16];
        return new Platform.Portal.Client.GridModel(
            person, Return?.UnitId ?? "", Return?.FiscalYear ?? 0, Return?.Revision ?? 0, Return?.RegionCode ?? "", Table.Code,
            Table.Columns.Select(c => new Platform.Portal.Client.GridColumn(c.Code, c.Label, c.Computed.Length > 0)).ToList(),
            Lines(Rows),
            inputs,
            Return?.Computed.ToDictionary(c => c.Cell, c => c.Value, StringComparer.Ordinal) ?? [],
            stored,
            Prior?.Inputs.ToDictionary(c => c.Cell, c => c.Value, StringComparer.Ordinal) ?? [],
            Prior?.Source == "PUBLICATION",
            Return?.Explanations.ToDictionary(e => e.Target, e => e.Text, StringComparer.Ordinal) ?? [],
            Report?.Findings.Select(f => new Platform.Portal.Client.GridFinding(f.RuleId, f.Severity, f.Message, f.Location, f.ExplainAt, f.Explained)).ToList() ?? [],
            CanEdit,
            Table.RowsFromClassification.Length > 0,
            Places(),
            newLines,
            CommentsToAnswer());
    }

    /// <summary>
    /// While the return is with the unit after a review, that round's comments by the cell or row they are on: the clerk
    /// reads each at its place as well as in the list above the tables (a table's own comment stays in the list).
    /// </summary>
    private Dictionary<string, string> CommentsToAnswer()
    {
        if (Return is not { State: "RETURNED", Comments.Count: > 0 } r)
        {
            return [];
        }
        var round = r.Comments.Max(c => c.Round);
        return r.Comments.Where(c => c.Round == round && c.Target.Contains('['))
            .GroupBy(c => c.Target, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join("；", g.Select(c => c.Text)), StringComparer.Ordinal);
    }

    /// <summary>
    /// The names of every table, row and column the browser's rules may speak of (rules cross tables), asked once per page.
    /// </summary>
    private Dictionary<string, string> Places() => _places ??= PlaceNames.Of(Template);

    private Dictionary<string, string>? _places;

    /// <summary>Where a cell is, as a clerk reads it (<see cref="Platform.Portal.Client.CellPlaces"/>).</summary>
    public string Place(string cell) =>
        Platform.Portal.Client.CellPlaces.Place(cell, Table.Code, _lines ??= Lines(Rows), Table.RowsFromClassification.Length > 0, Places());

    private List<Platform.Portal.Client.GridLine>? _lines;

    /// <summary>
    /// A service's reason about a cell as a person reads it, with the cell it is about (or null): the code it begins with for
    /// API callers ("Z01[INC_FISCAL,AMT]：…") dropped — the page names the place — and any other code named by its place
    /// (the cell itself as 该单元格: "Z02[TOTAL,FISCAL]（合计 / 财政拨款收入）是计算单元格" reads "该单元格是计算单元格").
    /// </summary>
    public (string Reason, string? Cell) Readable(string reason)
    {
        var lead = CellCode().Match(reason);
        string? cell = null;
        if (lead.Success && lead.Index == 0 && reason.Length > lead.Length && reason[lead.Length] == '：')
        {
            cell = lead.Value;
            reason = reason[(lead.Length + 1)..];
        }
        var text = LabelledCode().Replace(reason, m => m.Groups["c"].Value == cell ? "该单元格" : Place(m.Groups["c"].Value));
        return (CellCode().Replace(text, m => m.Value == cell ? "该单元格" : Place(m.Value)), cell);
    }

    // A table's code is a letter and two digits: the nine tables (Z01…) and the supplementary ones (F03 国有资产占用情况), whose
    // codes reached clerks ("F03[BUILDINGS_AREA,AMT]：“-3” 为负数") while Z-codes were dropped.
    [System.Text.RegularExpressions.GeneratedRegex(@"[A-Z]\d{2}\[[^\[\]]+\]")]
    private static partial System.Text.RegularExpressions.Regex CellCode();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<c>[A-Z]\d{2}\[[^\[\]]+\])（[^（）]*）")]
    private static partial System.Text.RegularExpressions.Regex LabelledCode();

    /// <summary>
    /// Where a reviewer may put a comment, by name: each place with a finding, the table shown and each of its rows, every
    /// other table. A list to choose from — a reviewer should not have to type a cell's code (Z01[INC_FISCAL,AMT]).
    /// </summary>
    public List<KeyValuePair<string, List<(string Location, string Name)>>> CommentPlaces()
    {
        var groups = new List<KeyValuePair<string, List<(string, string)>>>();
        var found = (Report?.Findings ?? []).Select(f => f.Location).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal)
            .Select(l => (l, Place(l))).ToList();
        if (found.Count > 0)
        {
            groups.Add(new("有错误或提示的位置", found));
        }
        groups.Add(new($"本表：{Table.Title}", [(Table.Code, "整张表"), .. Rows.Select(r => (ReturnView.Row(Table.Code, r.Code), Place(ReturnView.Row(Table.Code, r.Code))))]));
        var others = Template.Tables.Where(t => !t.PublicationOnly && t.Code != Table.Code).Select(t => (t.Code, $"{t.Code} {t.Title}")).ToList();
        if (others.Count > 0)
        {
            groups.Add(new("其他表（整张表）", others));
        }
        return groups;
    }

    /// <summary>A row's location, as the contracts write it: TABLE[ROW].</summary>
    public static string Row(string table, string row) => $"{table}[{row}]";

    /// <summary>The rows as the browser's grid lays them out.</summary>
    public static List<Platform.Portal.Client.GridLine> Lines(IEnumerable<GridRow> rows) =>
        [.. rows.Select(r => new Platform.Portal.Client.GridLine(r.Code, r.Label, r.Computed))];

    /// <summary>A cell's name, as the contracts write it: TABLE[ROW,COLUMN].</summary>
    public static string Cell(string table, string row, string column) => Platform.Portal.Client.GridModel.Cell(table, row, column);

    public string Cell(GridRow row, ColumnTemplate column) => Cell(Table.Code, row.Code, column.Code);

    public bool IsComputed(GridRow row, ColumnTemplate column) =>
        row.Computed || column.Computed.Length > 0 || ComputedCells.Contains(Cell(row, column));

    /// <summary>The findings at a cell, or at its row (a classification item), of the table shown.</summary>
    public IEnumerable<Finding> FindingsAt(string location) => Report?.Findings.Where(f => f.Location == location) ?? [];

    /// <summary>An anchor id for a cell or row (HTML ids cannot hold brackets and commas comfortably).</summary>
    public static string Anchor(string location) => Platform.Portal.Client.GridModel.Anchor(location);
}

/// <summary>
/// A final-accounts return on the portal: reading it with its template and findings, saving typed cells and explanations
/// (revision-checked), submitting, and a reviewer's return or approval — each a call to the accounts service through the
/// gateway, which decides who may do what.
/// </summary>
internal sealed class ReturnWorkspace(PortalApi api)
{
    /// <summary>Blank lines for new classification items under a table whose rows are items.</summary>
    public const int NewRows = 5;

    /// <summary>
    /// The new lines' own mistakes, said before anything is sent: figures typed without a code (they would be dropped
    /// unsaid), a code the table already shows (its figures would overwrite that line's) or one typed on two new lines.
    /// </summary>
    public static IReadOnlyList<string> NewLineProblems(IFormCollection form, TableTemplate table, IReadOnlyList<GridRow> rows)
    {
        var problems = new List<string>();
        var shown = rows.ToDictionary(r => r.Code, StringComparer.Ordinal);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var n = 0; n < NewRows; n++)
        {
            var code = form[Platform.Portal.Client.NewLineFields.Code(n)].ToString().Trim();
            var figures = table.Columns.Where(c => c.Computed.Length == 0)
                .Any(c => form[Platform.Portal.Client.NewLineFields.Figure(n, c.Code)].ToString().Trim().Length > 0);
            var line = $"新增第 {n + 1} 行";
            if (!figures)
            {
                continue;   // a code alone sends nothing (ReadPosted): no harm to say
            }
            if (code.Length == 0)
            {
                problems.Add($"{line}：填写了数字但没有填写科目编码（不填编码，这些数字无法保存）");
                continue;
            }
            if (shown.TryGetValue(code, out var row))
            {
                problems.Add(row.Computed
                    ? $"{line}：科目编码 {code}（{row.Label}）是表中的合计行，由其下各项自动得出，请按其下的项级科目填写"
                    : $"{line}：科目编码 {code}（{row.Label}）表中已有，请直接在该行修改（新增一行会覆盖该行的数字）");
            }
            else if (firstLine.TryGetValue(code, out var earlier))
            {
                problems.Add($"{line}：科目编码 {code} 与新增第 {earlier + 1} 行重复，请合并为一行");
            }
            else
            {
                firstLine[code] = n;
            }
        }
        return problems;
    }

    /// <summary>
    /// What a posted return form changes: each typed cell that differs from the value the page was loaded with (c: and o:
    /// fields), the new classification lines (newrow{n} and n{n}:COLUMN), each explanation that differs (x: and ox:).
    /// <paramref name="typed"/> receives everything typed, to show again if the save does not go through. Without a
    /// <paramref name="table"/> the new lines are left for the clerk's own save (a draft saved by itself would leave them
    /// on the page as blank lines still, and a later change of their code would add a second item).
    /// </summary>
    public static (List<CellValue> Cells, List<Explanation> Explanations) ReadPosted(IFormCollection form, TableTemplate? table, IDictionary<string, string>? typed = null)
    {
        var cells = new List<CellValue>();
        foreach (var key in form.Keys.Where(k => k.StartsWith("c:", StringComparison.Ordinal)))
        {
            var cell = key[2..];
            var value = form[key].ToString().Trim();
            typed?.TryAdd(cell, value);
            if (value != form["o:" + cell].ToString())
            {
                cells.Add(new CellValue { Cell = cell, Value = value });
            }
        }
        for (var n = 0; table is not null && n < NewRows; n++)
        {
            var code = form[Platform.Portal.Client.NewLineFields.Code(n)].ToString().Trim();
            foreach (var col in table.Columns.Where(c => c.Computed.Length == 0))
            {
                var field = Platform.Portal.Client.NewLineFields.Figure(n, col.Code);
                if (form[field].ToString().Trim() is { Length: > 0 } value)
                {
                    typed?.TryAdd(field, value);
                    if (code.Length > 0)
                    {
                        cells.Add(new CellValue { Cell = ReturnView.Cell(table.Code, code, col.Code), Value = value });
                    }
                }
            }
            if (code.Length > 0)
            {
                typed?.TryAdd(Platform.Portal.Client.NewLineFields.Code(n), code);
            }
        }
        var explanations = new List<Explanation>();
        foreach (var key in form.Keys.Where(k => k.StartsWith("x:", StringComparison.Ordinal)))
        {
            var text = form[key].ToString().Trim();
            typed?.TryAdd(key, text);
            if (text != form["o" + key].ToString())
            {
                explanations.Add(new Explanation { Target = key[2..], Text = text });
            }
        }
        return (cells, explanations);
    }

    /// <summary>A table of the year's template the clerk files (the first when the code is not one of them).</summary>
    public static TableTemplate TableOf(Template template, string? code)
    {
        var tables = template.Tables.Where(t => !t.PublicationOnly).ToList();
        return tables.FirstOrDefault(t => t.Code == code) ?? tables[0];
    }

    public async Task<ReturnView> LoadAsync(PortalUser user, string unit, int year, string? tableCode)
    {
        var options = await api.AsSignedInAsync();
        var template = await api.Accounts.GetTemplateAsync(new GetTemplateRequest { FiscalYear = year }, options);
        var table = TableOf(template, tableCode);
        Return? found = null;
        ValidationReport? report = null;
        try
        {
            found = await api.Accounts.GetReturnAsync(new ReturnRef { UnitId = unit, FiscalYear = year }, options);
            report = await api.Accounts.ValidateReturnAsync(new ReturnRef { UnitId = unit, FiscalYear = year }, options);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
        }
        var due = found is null ? (await api.DeadlineAsync(unit, year, options)).DueDate : found.DueDate;
        Return? prior = null;
        if (found is { State: "DRAFT" or "RETURNED" })
        {
            try
            {
                prior = await api.Accounts.GetReturnAsync(new ReturnRef { UnitId = unit, FiscalYear = year - 1 }, options);
            }
            // Last year's figures are a help, not the page: none when there is no return, when the unit was not in the registry
            // that year (a unit new this year: INVALID_ARGUMENT on unit_id — this refused the page to the reviewer of a returned
            // return), or when last year's unit lay outside the caller's jurisdiction.
            catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument or StatusCode.PermissionDenied)
            {
            }
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var computed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in found?.Inputs ?? [])
        {
            values[cell.Cell] = cell.Value;
        }
        foreach (var cell in found?.Computed ?? [])
        {
            values[cell.Cell] = cell.Value;
            computed.Add(cell.Cell);
        }
        return new ReturnView
        {
            Template = template,
            Table = table,
            Return = found,
            Report = report,
            Prior = prior,
            DueDate = due,
            Rows = RowsOf(table, values.Keys, computed),
            Values = values,
            ComputedCells = computed,
            CanEdit = user.IsUnitStaff && user.UnitId == unit && found is { State: "DRAFT" or "RETURNED", Source: "FILED" },
            CanReview = user.IsReviewer && found is { State: "SUBMITTED" },
        };
    }

    /// <summary>The rows of a table: its fixed rows, or — for a table whose rows are classification items — the items the return has, then the total.</summary>
    internal static List<GridRow> RowsOf(TableTemplate table, IEnumerable<string> cells, IReadOnlySet<string> computed)
    {
        if (table.RowsFromClassification.Length == 0)
        {
            return table.Rows.Select(r => new GridRow(r.Code, r.Label, r.Computed.Length > 0)).ToList();
        }
        var prefix = table.Code + "[";
        var codes = cells.Where(c => c.StartsWith(prefix, StringComparison.Ordinal))
            .Select(c => c[prefix.Length..c.IndexOf(',', StringComparison.Ordinal)])
            .Where(code => code != table.TotalRowCode && !table.Rows.Any(r => r.Code == code))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        // A 类 or 款 above items of the table is their sum in every column — also in a column none of its items fills yet
        // (no computed value there, but no input either: the return takes figures at items only).
        var rows = codes.Select(code => new GridRow(code, table.ClassificationNames.TryGetValue(code, out var name) ? name : "",
            codes.Any(other => other.Length > code.Length && other.StartsWith(code, StringComparison.Ordinal))
            || table.Columns.All(col => computed.Contains(ReturnView.Cell(table.Code, code, col.Code))))).ToList();
        // The table's own rows over its items (财决08表's 人员经费, 公用经费 and 合计 over the economic classes), named as printed.
        rows.InsertRange(0, table.Rows.Select(r => new GridRow(r.Code, r.Label, r.Computed.Length > 0)));
        if (table.TotalRowCode.Length > 0)
        {
            rows.Insert(0, new GridRow(table.TotalRowCode, table.TotalRowLabel, true));
        }
        return rows;
    }

    public async Task OpenAsync(string unit, int year) =>
        await api.Accounts.OpenReturnAsync(new OpenReturnRequest { UnitId = unit, FiscalYear = year }, await api.AsSignedInAsync());

    /// <summary>Saves what changed against the return as loaded (revision-checked: ABORTED when someone saved since).</summary>
    public async Task<Return> SaveAsync(string unit, int year, long revision, IEnumerable<CellValue> cells, IEnumerable<Explanation> explanations) =>
        await api.Accounts.SaveDraftAsync(new SaveDraftRequest
        {
            Ref = new ReturnRef { UnitId = unit, FiscalYear = year },
            Revision = revision,
            Cells = { cells },
            Explanations = { explanations },
        }, await api.AsSignedInAsync());

    public async Task<Return> SubmitAsync(string unit, int year, long revision) =>
        await api.Accounts.SubmitReturnAsync(new SubmitReturnRequest { Ref = new ReturnRef { UnitId = unit, FiscalYear = year }, Revision = revision }, await api.AsSignedInAsync());

    public async Task<Return> ReviewAsync(string unit, int year, bool approve, IEnumerable<ReviewComment> comments) =>
        await api.Accounts.ReviewReturnAsync(new ReviewReturnRequest
        {
            Ref = new ReturnRef { UnitId = unit, FiscalYear = year },
            Decision = approve ? ReviewReturnRequest.Types.Decision.Approve : ReviewReturnRequest.Types.Decision.Return,
            Comments = { comments },
        }, await api.AsSignedInAsync());

    /// <summary>Every change of the return, every version, oldest first: who, when, what, from what to what, and why.</summary>
    public async Task<IReadOnlyList<AuditEntry>> AuditTrailAsync(string unit, int year) =>
        (await api.Accounts.GetAuditTrailAsync(new ReturnRef { UnitId = unit, FiscalYear = year }, await api.AsSignedInAsync())).Entries;

    /// <summary>The names of a year's tables, rows, columns and items (<see cref="PlaceNames"/>), for pages that span tables.</summary>
    public async Task<Dictionary<string, string>> PlaceNamesAsync(int year) =>
        PlaceNames.Of(await api.Accounts.GetTemplateAsync(new GetTemplateRequest { FiscalYear = year }, await api.AsSignedInAsync()));

    /// <summary>A correction of an approved return: a new version, in draft, with the reason recorded.</summary>
    public async Task<Return> OpenCorrectionAsync(string unit, int year, string reason) =>
        await api.Accounts.OpenCorrectionAsync(new OpenCorrectionRequest { UnitId = unit, FiscalYear = year, Reason = reason }, await api.AsSignedInAsync());

    /// <summary>The return as a workbook in the layout clerks fill (the service writes it).</summary>
    public async Task<Google.Api.HttpBody> ExportWorkbookAsync(string unit, int year) =>
        await api.Accounts.ExportWorkbookAsync(new ReturnRef { UnitId = unit, FiscalYear = year }, await api.AsSignedInAsync());

    /// <summary>A filled workbook back: all or nothing, a refusal names each cell of the sheet (revision-checked).</summary>
    public async Task<Return> ImportWorkbookAsync(string unit, int year, long revision, byte[] workbook) =>
        await api.Accounts.ImportWorkbookAsync(new ImportWorkbookRequest
        {
            Ref = new ReturnRef { UnitId = unit, FiscalYear = year },
            Revision = revision,
            Workbook = Google.Protobuf.ByteString.CopyFrom(workbook),
        }, await api.AsSignedInAsync());
}
