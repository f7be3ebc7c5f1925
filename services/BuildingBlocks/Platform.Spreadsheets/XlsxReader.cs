using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Platform.Spreadsheets;

/// <summary>One row of a sheet: its 1-based number and its non-empty cells by column letters ("A", "AB").</summary>
public sealed record XlsxRow(int Number, IReadOnlyDictionary<string, string> Cells)
{
    /// <summary>The cell's text, trimmed; "" when the cell is empty or absent.</summary>
    public string this[string column] => Cells.TryGetValue(column, out var text) ? text : "";

    public bool IsEmpty => Cells.Count == 0;

    /// <summary>The cells as a list by position (A = 0), empty strings between.</summary>
    public IReadOnlyList<string> Positional()
    {
        var list = new List<string>();
        foreach (var (column, text) in Cells.OrderBy(c => XlsxReader.ColumnIndex(c.Key)))
        {
            var index = XlsxReader.ColumnIndex(column);
            while (list.Count < index)
            {
                list.Add("");
            }
            list.Add(text);
        }
        return list;
    }
}

/// <summary>A worksheet by its tab name, rows in order.</summary>
public sealed record XlsxSheet(string Name, IReadOnlyList<XlsxRow> Rows);

/// <summary>
/// Reads every worksheet of an xlsx workbook (ECMA-376 SpreadsheetML) as text: shared strings, inline strings and
/// numbers. A file that is not a workbook is a <see cref="FormatException"/> whose message says why (zh-CN, for the clerk), for the caller
/// to turn into its own field error.
/// </summary>
public static class XlsxReader
{
    public static IReadOnlyList<XlsxSheet> Read(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            throw new FormatException(SpreadsheetMessages.FileEmpty);
        }
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(new MemoryStream(bytes.ToArray()), false);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or FileFormatException or IOException)
        {
            // The package's own words (English, about zip parts) stay on the inner exception, for the log.
            throw new FormatException(SpreadsheetMessages.NotAWorkbook, ex);
        }
        using (document)
        {
            var part = document.WorkbookPart ?? throw new FormatException(SpreadsheetMessages.NotAWorkbook);
            var shared = part.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
            var sheets = new List<XlsxSheet>();
            foreach (var sheet in part.Workbook.Descendants<Sheet>())
            {
                var rows = ((WorksheetPart)part.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>()
                    .Select((r, i) => new XlsxRow(
                        (int)(r.RowIndex?.Value ?? (uint)(i + 1)),
                        r.Elements<Cell>()
                            .Select(c => (Column: Column(c.CellReference?.Value), Text: Text(c, shared).Trim()))
                            .Where(c => c.Column.Length > 0 && c.Text.Length > 0)
                            .GroupBy(c => c.Column).ToDictionary(g => g.Key, g => g.Last().Text, StringComparer.Ordinal)))
                    .ToList();
                sheets.Add(new XlsxSheet(sheet.Name?.Value ?? "", rows));
            }
            return sheets;
        }
    }

    /// <summary>Column letters to a 0-based index: A = 0, Z = 25, AA = 26.</summary>
    public static int ColumnIndex(string column)
    {
        var index = 0;
        foreach (var c in column)
        {
            index = index * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
        }
        return Math.Max(0, index - 1);
    }

    private static string Column(string? reference) => new((reference ?? "").TakeWhile(char.IsAsciiLetter).ToArray());

    private static string Text(Cell cell, List<string> shared)
    {
        var raw = cell.CellValue?.Text ?? cell.InnerText;
        var type = cell.DataType?.Value;
        return type == CellValues.SharedString ? (int.TryParse(raw, out var index) && index < shared.Count ? shared[index] : "")
            : type == CellValues.InlineString ? cell.InlineString?.InnerText ?? ""
            : type is null || type == CellValues.Number ? Numeric(raw ?? "")
            : raw ?? "";
    }

    /// <summary>
    /// A numeric cell holds a binary double: a sum typed in Excel may be saved as "0.30000000000000004". Fifteen
    /// significant digits is what a double holds exactly and what Excel itself shows, so that is what the clerk typed.
    /// (The conversion of a double to decimal keeps fifteen significant digits, and prints without an exponent.)
    /// </summary>
    public static string Numeric(string raw) =>
        raw.Length > 15 && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && Math.Abs(d) < 7.9e27
            ? ((decimal)d).ToString(CultureInfo.InvariantCulture)
            : raw;
}
