using Platform.Accounts.Domain;
using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Domain.Templates;
using Platform.Domain;
using Platform.Spreadsheets;

namespace Platform.Accounts.Host.Import;

/// <summary>
/// Reads the workbook clerks fill: one sheet per table, named by the table code ("Z01" or "Z01 收入支出决算总表");
/// row 1 holds the column codes from column B on, column A the row codes (a fixed row code or a classification
/// code); blank cells are left alone, and so is a column whose row-1 heading starts with '#' (the row names of
/// <see cref="WorkbookExporter"/>'s layout) and a row without a code (its column names). Errors name the sheet cell
/// ("Z01!C5") so a clerk can find them.
/// </summary>
internal sealed class WorkbookImporter
{
    /// <summary>The typed cells of a workbook and, for each, the sheet cell it came from ("Z01!C5").</summary>
    public (IReadOnlyList<CellInput> Inputs, IReadOnlyList<string> Addresses) Read(ReadOnlyMemory<byte> workbook, ReturnTemplate template) =>
        ReadCells(workbook, template);

    private static (IReadOnlyList<CellInput> Inputs, IReadOnlyList<string> Addresses) ReadCells(ReadOnlyMemory<byte> bytes, ReturnTemplate template)
    {
        IReadOnlyList<XlsxSheet> sheets;
        try
        {
            sheets = XlsxReader.Read(bytes);
        }
        catch (FormatException)
        {
            throw new ValidationException("workbook", bytes.IsEmpty ? AccountsMessages.WorkbookEmpty : AccountsMessages.NotAWorkbook, bytes.IsEmpty ? "REQUIRED" : "NOT_XLSX");
        }
        var inputs = new List<CellInput>();
        var addresses = new List<string>();
        var errors = new List<FieldError>();
        foreach (var sheet in sheets)
        {
            var name = sheet.Name;
            var code = name.Split(' ', 2)[0].Trim();
            if (template.Table(code) is null)
            {
                errors.Add(new FieldError($"{name}", AccountsMessages.UnknownSheet(name, template.YearRange, template.Tables.Where(t => !t.PublicationOnly).Select(t => t.Code)), "UNKNOWN_TABLE"));
                continue;
            }
            if (sheet.Rows.Count == 0)
            {
                continue;
            }
            var header = sheet.Rows[0].Cells;
            foreach (var row in sheet.Rows.Skip(1))
            {
                var rowCode = row["A"];
                if (rowCode.Length == 0)
                {
                    continue;
                }
                foreach (var (columnLetters, value) in row.Cells.Where(c => c.Key != "A" && !header.GetValueOrDefault(c.Key, "").StartsWith(WorkbookExporter.NoteColumnPrefix, StringComparison.Ordinal)))
                {
                    var reference = $"{columnLetters}{row.Number}";
                    var column = header.GetValueOrDefault(columnLetters, "");
                    if (column.Length == 0)
                    {
                        errors.Add(new FieldError($"{name}!{reference}", AccountsMessages.NoColumnCode, "NO_COLUMN"));
                        continue;
                    }
                    inputs.Add(new CellInput($"{code}[{rowCode},{column}]", value));
                    addresses.Add($"{name}!{reference}");
                }
            }
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        return (inputs, addresses);
    }

    /// <summary>Rewrites a save's field errors ("cells[3].value") to the workbook cells they came from ("Z01!C5").</summary>
    public static ValidationException Locate(ValidationException ex, IReadOnlyList<CellInput> inputs, IReadOnlyList<string> addresses) => new(ex.Errors.Select(e =>
    {
        var open = e.Field.IndexOf('[', StringComparison.Ordinal);
        var close = e.Field.IndexOf(']', StringComparison.Ordinal);
        return e.Field.StartsWith("cells[", StringComparison.Ordinal) && int.TryParse(e.Field.AsSpan(open + 1, close - open - 1), out var i)
            && i < inputs.Count
            ? e with { Field = addresses[i], Reason = AccountsMessages.AtCell(inputs[i].Cell, e.Reason) }
            : e;
    }).ToList());
}
