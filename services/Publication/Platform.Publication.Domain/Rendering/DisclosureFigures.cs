namespace Platform.Publication.Domain.Rendering;

/// <summary>
/// What the disclosure is written from: an approved return's figures (元, by cell "Z01[INC_TOTAL,AMT]"), last year's
/// where known, the unit's own reasons by row ("Z01[INC_TOTAL]"), and the names of the classification codes of the year.
/// Every derived figure (shares, changes, rates) is computed here, never taken from the input.
/// </summary>
public sealed record DisclosureFigures(
    int FiscalYear, string Department,
    IReadOnlyDictionary<string, decimal> Current, IReadOnlyDictionary<string, decimal> Prior,
    IReadOnlyDictionary<string, string> Reasons, IReadOnlyDictionary<string, string> CodeNames)
{
    /// <summary>How the figures are printed (the model disclosure's convention unless a publication is written in its own).</summary>
    public NumberStyle Style { get; init; } = NumberStyle.Default;

    /// <summary>
    /// Year-on-year rates (%, unsigned) a publication printed, by cell ("Z01[EXP_TOTAL,AMT]"): written as printed instead of
    /// computed from the rounded amounts. Empty for an approved return, whose rates are all computed.
    /// </summary>
    public IReadOnlyDictionary<string, decimal> PrintedChangeRates { get; init; } = new Dictionary<string, decimal>();

    /// <summary>
    /// "增加 … 万元，增长 …%" for a cell (or <paramref name="now"/>, a figure derived for it) against last year (or
    /// <paramref name="before"/>), with its printed rate where there is one.
    /// </summary>
    public string? Change(string table, string row, string column = "AMT", string separator = "，", decimal? before = null, decimal? now = null) =>
        Style.Change(now ?? Now(table, row, column), before ?? Before(table, row, column), separator,
            PrintedChangeRates.TryGetValue($"{table}[{row},{column}]", out var printed) ? printed : null) is { } change
            ? change + string.Concat(EarlierChanges.GetValueOrDefault($"{table}[{row},{column}]", []).Select(e =>
                $"；比 {e.Year} 年决算数{Style.Moved(e.Change, e.Rate, separator)}"))
            : null;

    /// <summary>
    /// Changes a publication printed against an earlier year than the last (a 2023 document comparing with 2019, before the
    /// epidemic), by cell: (year, change in 元, rate as printed). Written after the change from last year.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<(int Year, decimal Change, decimal? Rate)>> EarlierChanges { get; init; } =
        new Dictionary<string, IReadOnlyList<(int Year, decimal Change, decimal? Rate)>>();

    /// <summary>
    /// The figures are a publication read back, where a cell it does not print is "not printed", not 0 (an approved
    /// return's blank cell is 0).
    /// </summary>
    public bool BlankIsUnprinted { get; init; }

    /// <summary>"完成预算 90%" rates a publication printed beside a figure, by cell ("Z07[VEHICLE,FINAL]"); written where printed.</summary>
    public IReadOnlyDictionary<string, decimal> PrintedCompletionRates { get; init; } = new Dictionary<string, decimal>();

    /// <summary>A figure the publication printed (a share, D01), or null where it printed none.</summary>
    public decimal? Printed(string table, string row, string column) => Current.TryGetValue($"{table}[{row},{column}]", out var v) ? v : null;

    /// <summary>Whether the cell has a figure to write: always for an approved return (blank is 0), for a publication when printed.</summary>
    public bool Has(string table, string row, string column = "AMT") => !BlankIsUnprinted || Current.ContainsKey($"{table}[{row},{column}]");

    /// <summary>"2269.08 万元" for a cell; where a publication does not print it, says so instead of "0 万元".</summary>
    public string Amount(string table, string row, string column = "AMT") => Has(table, row, column) ? $"{Style.Wan(Now(table, row, column))} 万元" : Unprinted;

    /// <summary>"8 辆" for a count; where a publication does not print it, says so instead of "0 辆".</summary>
    public string Counted(string table, string row, string column = "AMT", string unit = "") =>
        Has(table, row, column) ? $"{Platform.Domain.DecimalText.Canonical(Now(table, row, column))} {unit}" : Unprinted;

    public const string Unprinted = "（公开文件未列示）";

    /// <summary>A cell of the year, 0 where the return leaves it blank.</summary>
    public decimal Now(string table, string row, string column = "AMT") => Current.GetValueOrDefault($"{table}[{row},{column}]");

    /// <summary>Last year's figure of a cell, or null where it is not known.</summary>
    public decimal? Before(string table, string row, string column = "AMT") =>
        Prior.TryGetValue($"{table}[{row},{column}]", out var v) ? v : null;

    public string? Reason(string table, string row) => Reasons.TryGetValue($"{table}[{row}]", out var r) ? r : null;

    /// <summary>The rows of a table that have a figure this year or last (classification tables), in code order.</summary>
    public IReadOnlyList<string> Rows(string table, string column) =>
        Current.Keys.Concat(Prior.Keys).Where(k => k.StartsWith(table + "[", StringComparison.Ordinal) && k.EndsWith("," + column + "]", StringComparison.Ordinal))
            .Select(k => k[(table.Length + 1)..k.IndexOf(',', StringComparison.Ordinal)]).Distinct().Order(StringComparer.Ordinal).ToList();
}
