using Platform.Accounts.V1;

namespace Platform.Portal.Work;

/// <summary>
/// The names a year's template gives every table, row and column — and its classification items, by code and name — keyed
/// as <see cref="Platform.Portal.Client.CellPlaces"/> reads them, for the browser's grid and the server's pages alike.
/// </summary>
internal static class PlaceNames
{
    public static Dictionary<string, string> Of(Template template)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in template.Tables)
        {
            names[table.Code] = table.Title;
            foreach (var (code, name) in table.ClassificationNames)
            {
                names[$"{table.Code}[{code}]"] = $"{code} {name}";
            }
            if (table.TotalRowCode.Length > 0)
            {
                names[$"{table.Code}[{table.TotalRowCode}]"] = table.TotalRowLabel;   // 合计, not TOTAL
            }
            foreach (var row in table.Rows)
            {
                names[$"{table.Code}[{row.Code}]"] = row.Label;
            }
            foreach (var column in table.Columns)
            {
                names[$"{table.Code}:{column.Code}"] = column.Label;
            }
        }
        return names;
    }
}
