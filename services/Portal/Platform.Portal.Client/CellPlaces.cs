namespace Platform.Portal.Client;

/// <summary>
/// Where a cell is, as a person reads it — one wording for the browser's grid and the server's pages: "六、其他收入（决算数）"
/// in the table shown, "收入支出决算总表 六、其他收入（决算数）" in another; a classification item by its official code and
/// name ("2240101 行政运行（基本支出）": the label alone repeats under many 款). Never the platform's row codes (INC_OTHER)
/// nor a request's index (cells[4].value); the location itself only where no name is known.
/// </summary>
public static class CellPlaces
{
    /// <param name="location">TABLE[ROW,COLUMN], TABLE[ROW] or TABLE (a whole table: its title).</param>
    /// <param name="shown">The table on the page and its rows (their labels as laid out).</param>
    /// <param name="names">"Z01" → title, "Z01[INC_FISCAL]" → row label (an item: "code name"), "Z01:AMT" → column label.</param>
    public static string Place(string location, string shown, IReadOnlyList<GridLine> rows, bool rowsAreItems, IReadOnlyDictionary<string, string>? names)
    {
        var open = location.IndexOf('[');
        if (open < 0 && names?.GetValueOrDefault(location) is { } whole)
        {
            return whole;
        }
        if (open <= 0 || !location.EndsWith(']'))
        {
            return location;
        }
        var table = location[..open];
        var parts = location[(open + 1)..^1].Split(',');
        var row = table == shown && rows.FirstOrDefault(r => r.Code == parts[0]) is { } line
            ? rowsAreItems && line.Code.All(char.IsAsciiDigit) ? $"{line.Code} {line.Label}" : line.Label
            : names?.GetValueOrDefault($"{table}[{parts[0]}]") ?? parts[0];
        var column = parts.Length > 1 ? names?.GetValueOrDefault($"{table}:{parts[1]}") ?? parts[1] : null;
        var title = table == shown ? "" : (names?.GetValueOrDefault(table) ?? table) + " ";
        return title + row + (column is null ? "" : $"（{column}）");
    }
}
