using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Platform.Spreadsheets;

/// <summary>A cell to write: text, or a number written as a number (exact decimal text, so a spreadsheet sums it).</summary>
public readonly record struct XlsxValue(string? Text, decimal? Number)
{
    public static implicit operator XlsxValue(string text) => new(text, null);

    public static implicit operator XlsxValue(decimal number) => new(null, number);

    public bool IsEmpty => Number is null && string.IsNullOrEmpty(Text);
}

/// <summary>A worksheet to write: its tab name and its rows from A1 (an empty value leaves the cell out).</summary>
public sealed record XlsxSheetData(string Name, IReadOnlyList<IReadOnlyList<XlsxValue>> Rows);

/// <summary>Writes worksheets as an xlsx workbook (ECMA-376 SpreadsheetML), the counterpart of <see cref="XlsxReader"/>.</summary>
public static class XlsxWriter
{
    /// <summary>Excel's limit on a sheet name (and no []:*?/\ in it).</summary>
    public const int MaxSheetNameLength = 31;

    public static byte[] Write(IEnumerable<XlsxSheetData> sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            uint id = 1;
            foreach (var sheet in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                for (var r = 0; r < sheet.Rows.Count; r++)
                {
                    var index = (uint)(r + 1);
                    var row = new Row { RowIndex = index };
                    for (var c = 0; c < sheet.Rows[r].Count; c++)
                    {
                        var value = sheet.Rows[r][c];
                        if (value.IsEmpty)
                        {
                            continue;
                        }
                        var reference = $"{ColumnName(c)}{index.ToString(CultureInfo.InvariantCulture)}";
                        row.Append(value.Number is { } number
                            ? new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(number.ToString(CultureInfo.InvariantCulture)) }
                            : new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(value.Text!)) });
                    }
                    data.Append(row);
                }
                part.Worksheet = new Worksheet(data);
                workbook.Workbook.Sheets!.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = SheetName(sheet.Name) });
            }
        }
        return stream.ToArray();
    }

    /// <summary>"A" for 0, "Z" for 25, "AA" for 26.</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (index++; index > 0; index = (index - 1) / 26)
        {
            name = (char)('A' + (index - 1) % 26) + name;
        }
        return name;
    }

    private static string SheetName(string name)
    {
        var clean = new string(name.Select(c => "[]:*?/\\".Contains(c) ? ' ' : c).ToArray()).Trim();
        return clean.Length <= MaxSheetNameLength ? clean : clean[..MaxSheetNameLength];
    }
}
