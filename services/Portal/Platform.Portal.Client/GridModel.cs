namespace Platform.Portal.Client;

/// <summary>A column of the table shown: code, label, and whether it is computed (a total of the row).</summary>
public sealed record GridColumn(string Code, string Label, bool Computed);

/// <summary>A row of the table shown: code, name, whether it is computed (a total row).</summary>
public sealed record GridLine(string Code, string Label, bool Computed);

/// <summary>A finding as the grid shows it: where, how serious, what, and whether its warning is explained.</summary>
public sealed record GridFinding(string RuleId, string Severity, string Message, string Location, string ExplainAt, bool Explained)
{
    /// <summary>
    /// A finding of a rule only the server runs (the reconciliation with the asset inventory, which needs the register and
    /// the jurisdiction's figures), shown while the clerk has changed the return since the page was opened: it speaks of
    /// the return as it was then (a draft saved by itself since does not refresh it), not of what is typed now, and says so.
    /// </summary>
    public bool AsSaved { get; init; }

    /// <summary>The severity as a clerk reads it.</summary>
    public string SeverityText() => Severity switch { "error" => "错误", "warning" => "提示，需说明", "info" => "信息", _ => Severity };

    /// <summary>The message, with a word when it speaks of the saved return rather than of what is typed now.</summary>
    public string Text() => AsSaved ? Message + AsSavedNote : Message;

    public const string AsSavedNote = "（按打开本页时的数据核对，点击“保存草稿”后更新）";
}

/// <summary>
/// What the server page hands the browser's grid (serialized into the page): the return's identity, every input of every
/// table (rules cross tables), last year's inputs (year-on-year rules), the explanations, the table to show, and the
/// server's own findings — those of rules the browser cannot run (the asset reconciliation) stay as the server said.
/// </summary>
public sealed record GridModel(
    string Person,
    string UnitId,
    int FiscalYear,
    long Revision,
    string RegionCode,
    string TableCode,
    IReadOnlyList<GridColumn> Columns,
    IReadOnlyList<GridLine> Rows,
    IReadOnlyDictionary<string, string> Inputs,
    IReadOnlyDictionary<string, string> ServerComputed,
    IReadOnlyDictionary<string, string> Stored,
    IReadOnlyDictionary<string, string> PriorInputs,
    bool PriorIsPublication,
    IReadOnlyDictionary<string, string> Explanations,
    IReadOnlyList<GridFinding> ServerFindings,
    bool Editable,
    bool RowsAreItems = false,
    IReadOnlyDictionary<string, string>? Places = null,
    IReadOnlyDictionary<string, string>? NewLines = null,
    IReadOnlyDictionary<string, string>? Comments = null)
{
    /// <summary>The reviewer's comment of the round the return was sent back in, at a cell or a row ("" where none).</summary>
    public string CommentAt(string location) => Comments?.GetValueOrDefault(location) ?? "";

    /// <summary>What was typed in a new line's field (newrow{n}, n{n}:COLUMN) of a save that did not go through, or "".</summary>
    public string NewLine(string field) => NewLines?.GetValueOrDefault(field) ?? "";

    public static string Cell(string table, string row, string column) => $"{table}[{row},{column}]";

    /// <summary>Where a finding is, in words a clerk reads (<see cref="CellPlaces"/>).</summary>
    public string Place(string location) => CellPlaces.Place(location, TableCode, Rows, RowsAreItems, Places);

    public static string Anchor(string location) => "at-" + string.Concat(location.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '-'));
}
