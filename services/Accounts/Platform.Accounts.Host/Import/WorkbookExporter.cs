using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Domain.Templates;
using Platform.Spreadsheets;

namespace Platform.Accounts.Host.Import;

/// <summary>
/// Writes a return as the workbook <see cref="WorkbookImporter"/> reads back: one sheet per table the clerk files
/// ("Z01 收入支出决算总表"); row 1 the column codes (from column C), row 2 their names, column A the row codes and column B
/// (headed "#名称", ignored on import) the row names; input cells hold the return's figures (元 as entered), computed
/// cells are left empty (the platform recomputes them) — except on a return imported from a publication, which is read-only
/// and whose printed figures are the truth: every one of them is written, totals included (they were left out, and a
/// reviewer's download of the demo's return had a Z05 of names without figures). Tables whose rows come from a classification list carry the rows
/// the return has figures for, plus the total row: the full list of a year's codes is thousands of rows.
/// </summary>
internal sealed class WorkbookExporter
{
    /// <summary>Row-1 heading of a column the importer leaves alone.</summary>
    public const string NoteColumnPrefix = "#";

    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public byte[] Write(AccountsReturn r, ReturnTemplate template, ClassificationSet codes)
    {
        var sheets = new List<XlsxSheetData>();
        foreach (var table in template.Tables.Where(t => !t.PublicationOnly))
        {
            var columns = table.Columns;
            var rows = new List<IReadOnlyList<XlsxValue>>
            {
                new List<XlsxValue> { "", NoteColumnPrefix + "名称" }.Concat(columns.Select(c => (XlsxValue)c.Code)).ToList(),
                new List<XlsxValue> { "", "" }.Concat(columns.Select(c => (XlsxValue)c.Label)).ToList(),
            };
            foreach (var (code, label) in Rows(table, r.Inputs, codes))
            {
                var line = new List<XlsxValue> { code, label };
                foreach (var column in columns)
                {
                    var spec = template.Resolve(table.Code, code, column.Code, codes, out _);
                    line.Add((spec is { IsInput: true } || r.Source == ReturnSource.Publication) && r.Inputs.Get(table.Code, code, column.Code) is { } value ? value : "");
                }
                rows.Add(line);
            }
            sheets.Add(new XlsxSheetData($"{table.Code} {table.Title}", rows));
        }
        return XlsxWriter.Write(sheets);
    }

    private static IEnumerable<(string Code, string Label)> Rows(TableTemplate table, CellSet inputs, ClassificationSet codes)
    {
        foreach (var row in table.Rows)
        {
            yield return (row.Code, row.Label);
        }
        if (table.RowsFrom is not { } source)
        {
            yield break;
        }
        if (source.TotalRowCode is { } total && table.FixedRow(total) is null)
        {
            yield return (total, source.TotalRowLabel ?? total);
        }
        var list = codes.Get(source.Classification);
        foreach (var code in inputs.Rows(table.Code).Where(c => c != source.TotalRowCode && table.FixedRow(c) is null).Order(StringComparer.Ordinal))
        {
            yield return (code, list.Name(code) ?? "");
        }
    }
}
