using Platform.Accounts.V1;

namespace Platform.Portal.Work;

/// <summary>
/// Where a cell is, as a person reads it: "六、其他收入（决算数）" in the table shown, "收入支出决算总表 六、其他收入（决算数）"
/// in another; an item by its official code and name where the template's rows do not hold it (a classification code is
/// the official number). Never "cells[4].value" — the index of a request nobody saw — nor the platform's row codes.
/// </summary>
internal static class CellPlaces
{
    public static string Place(Template template, TableTemplate shown, IReadOnlyList<GridRow> rows, string cell)
    {
        var open = cell.IndexOf('[');
        if (open <= 0 || !cell.EndsWith(']'))
        {
            return cell;
        }
        var (table, parts) = (cell[..open], cell[(open + 1)..^1].Split(','));
        var of = template.Tables.FirstOrDefault(t => t.Code == table);
        // A classification item's label repeats under many 款 (行政运行): its official code goes with it.
        var row = table == shown.Code && rows.FirstOrDefault(r => r.Code == parts[0]) is { } line
            ? shown.RowsFromClassification.Length > 0 ? $"{line.Code} {line.Label}" : line.Label
            : null;
        row ??= of?.Rows.FirstOrDefault(r => r.Code == parts[0])?.Label
            ?? (of?.ClassificationNames.TryGetValue(parts[0], out var item) == true ? $"{parts[0]} {item}" : parts[0]);
        var column = parts.Length > 1 ? of?.Columns.FirstOrDefault(c => c.Code == parts[1])?.Label ?? parts[1] : null;
        return (table == shown.Code || of is null ? "" : of.Title + " ") + row + (column is null ? "" : $"（{column}）");
    }
}
