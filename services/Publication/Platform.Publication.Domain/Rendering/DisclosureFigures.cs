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
