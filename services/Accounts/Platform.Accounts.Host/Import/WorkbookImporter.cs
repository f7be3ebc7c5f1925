using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Domain.Templates;
using Platform.Domain;

namespace Platform.Accounts.Host.Import;

/// <summary>
/// Reads the workbook clerks fill: one sheet per table, named by the table code ("Z01" or "Z01 收入支出决算总表");
/// row 1 holds the column codes from column B on, column A the row codes (a fixed row code or a classification
/// code); blank cells are left alone. Errors name the sheet cell ("Z01!C5") so a clerk can find them.
/// </summary>
internal sealed class WorkbookImporter
{
    /// <summary>The typed cells of a workbook and, for each, the sheet cell it came from ("Z01!C5").</summary>
    public (IReadOnlyList<CellInput> Inputs, IReadOnlyList<string> Addresses) Read(ReadOnlyMemory<byte> workbook, ReturnTemplate template) =>
        ReadCells(workbook, template);

    private static (IReadOnlyList<CellInput> Inputs, IReadOnlyList<string> Addresses) ReadCells(ReadOnlyMemory<byte> bytes, ReturnTemplate template)
    {
        if (bytes.IsEmpty)
        {
            throw new ValidationException("workbook", "is empty", "REQUIRED");
        }
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(new MemoryStream(bytes.ToArray()), false);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or FileFormatException)
        {
            throw new ValidationException("workbook", $"not an xlsx workbook: {ex.Message}", "NOT_XLSX");
        }
        using (document)
        {
            var inputs = new List<CellInput>();
            var addresses = new List<string>();
            var errors = new List<FieldError>();
            var part = document.WorkbookPart ?? throw new ValidationException("workbook", "has no workbook part", "NOT_XLSX");
            var shared = part.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
            foreach (var sheet in part.Workbook.Descendants<Sheet>())
            {
                var name = sheet.Name?.Value ?? "";
                var code = name.Split(' ', 2)[0].Trim();
                if (template.Table(code) is null)
                {
                    errors.Add(new FieldError($"{name}", $"sheet '{name}' is not a table of the {template.YearRange} template (name sheets by table code: {string.Join(", ", template.Tables.Where(t => !t.PublicationOnly).Select(t => t.Code))})", "UNKNOWN_TABLE"));
                    continue;
                }
                var rows = ((WorksheetPart)part.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>().ToList();
                if (rows.Count == 0)
                {
                    continue;
                }
                var header = rows[0].Elements<Cell>().ToDictionary(c => Column(c.CellReference!), c => Text(c, shared));
                foreach (var row in rows.Skip(1))
                {
                    var cells = row.Elements<Cell>().ToList();
                    var rowCode = cells.FirstOrDefault(c => Column(c.CellReference!) == "A") is { } a ? Text(a, shared).Trim() : "";
                    if (rowCode.Length == 0)
                    {
                        continue;
                    }
                    foreach (var cell in cells.Where(c => Column(c.CellReference!) != "A"))
                    {
                        var value = Text(cell, shared);
                        if (value.Length == 0)
                        {
                            continue;
                        }
                        var column = header.GetValueOrDefault(Column(cell.CellReference!), "").Trim();
                        if (column.Length == 0)
                        {
                            errors.Add(new FieldError($"{name}!{cell.CellReference}", "has a value but row 1 names no column code above it", "NO_COLUMN"));
                            continue;
                        }
                        inputs.Add(new CellInput($"{code}[{rowCode},{column}]", value));
                        addresses.Add($"{name}!{cell.CellReference}");
                    }
                }
            }
            if (errors.Count > 0)
            {
                throw new ValidationException(errors);
            }
            return (inputs, addresses);
        }
    }

    /// <summary>Rewrites a save's field errors ("cells[3].value") to the workbook cells they came from ("Z01!C5").</summary>
    public static ValidationException Locate(ValidationException ex, IReadOnlyList<CellInput> inputs, IReadOnlyList<string> addresses) => new(ex.Errors.Select(e =>
    {
        var open = e.Field.IndexOf('[', StringComparison.Ordinal);
        var close = e.Field.IndexOf(']', StringComparison.Ordinal);
        return e.Field.StartsWith("cells[", StringComparison.Ordinal) && int.TryParse(e.Field.AsSpan(open + 1, close - open - 1), out var i)
            && i < inputs.Count
            ? e with { Field = addresses[i], Reason = $"{inputs[i].Cell}: {e.Reason}" }
            : e;
    }).ToList());

    private static string Column(string reference) => new(reference.TakeWhile(char.IsAsciiLetter).ToArray());

    private static string Text(Cell cell, List<string> shared)
    {
        var raw = cell.CellValue?.Text ?? cell.InnerText;
        return cell.DataType?.Value == CellValues.SharedString && int.TryParse(raw, out var index) && index < shared.Count ? shared[index]
            : cell.DataType?.Value == CellValues.InlineString ? cell.InlineString?.InnerText ?? ""
            : raw ?? "";
    }
}
