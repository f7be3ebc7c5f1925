using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Platform.Testing;

/// <summary>Workbooks for import tests: sheets of text cells laid out row by row from A1 (an empty string leaves a cell out).</summary>
public static class Xlsx
{
    public static byte[] Workbook(params (string Name, string[][] Rows)[] sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            uint id = 1;
            foreach (var (name, rows) in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                for (var i = 0; i < rows.Length; i++)
                {
                    var index = (uint)(i + 1);
                    var row = new Row { RowIndex = index };
                    for (var c = 0; c < rows[i].Length; c++)
                    {
                        if (rows[i][c].Length > 0)
                        {
                            row.Append(new Cell
                            {
                                CellReference = $"{(char)('A' + c)}{index.ToString(CultureInfo.InvariantCulture)}",
                                DataType = CellValues.InlineString,
                                InlineString = new InlineString(new Text(rows[i][c])),
                            });
                        }
                    }
                    data.Append(row);
                }
                part.Worksheet = new Worksheet(data);
                workbook.Workbook.Sheets!.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = name });
            }
        }
        return stream.ToArray();
    }
}
