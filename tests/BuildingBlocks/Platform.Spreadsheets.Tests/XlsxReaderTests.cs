using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Platform.Spreadsheets.Tests;

public sealed class XlsxReaderTests
{
    [Theory]
    [InlineData("0.30000000000000004", "0.3")]
    [InlineData("1234.5600000000002", "1234.56")]
    [InlineData("1234.56", "1234.56")]
    [InlineData("12", "12")]
    [InlineData("9.9999999999999995E-7", "0.000001")]
    public void Numeric_DoubleArtifacts_WhatTheClerkTyped(string stored, string expected) =>
        Assert.Equal(expected, XlsxReader.Numeric(stored));

    [Fact]
    public void Read_SharedInlineAndNumericCells_TextByColumnAndRow()
    {
        var bytes = Workbook();
        var sheet = Assert.Single(XlsxReader.Read(bytes));
        Assert.Equal("表一", sheet.Name);
        Assert.Equal([1, 3], sheet.Rows.Select(r => r.Number));
        Assert.Equal(("项目名称", "监测", ""), (sheet.Rows[0]["A"], sheet.Rows[0]["C"], sheet.Rows[0]["B"]));
        Assert.Equal("0.3", sheet.Rows[1]["B"]);
        Assert.Equal(["", "0.3", "", "x"], sheet.Rows[1].Positional());
    }

    [Fact]
    public void Read_NotAWorkbook_FormatExceptionSayingWhy()
    {
        // The message becomes the clerk's field error as it is: Chinese, saying what to do.
        var notAWorkbook = Assert.Throws<FormatException>(() => XlsxReader.Read("PK no zip"u8.ToArray()));
        Assert.StartsWith("不是 xlsx 工作簿", notAWorkbook.Message, StringComparison.Ordinal);
        Assert.NotNull(notAWorkbook.InnerException);
        Assert.Contains("文件为空", Assert.Throws<FormatException>(() => XlsxReader.Read(ReadOnlyMemory<byte>.Empty)).Message);
    }

    [Theory]
    [InlineData("A", 0)]
    [InlineData("Z", 25)]
    [InlineData("AA", 26)]
    [InlineData("AB", 27)]
    public void ColumnIndex_Letters_ZeroBased(string column, int index) => Assert.Equal(index, XlsxReader.ColumnIndex(column));

    private static byte[] Workbook()
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable(new SharedStringItem(new Text("项目名称")));
            var part = workbook.AddNewPart<WorksheetPart>();
            part.Worksheet = new Worksheet(new SheetData(
                new Row(
                    new Cell { CellReference = "A1", DataType = CellValues.SharedString, CellValue = new CellValue("0") },
                    new Cell { CellReference = "C1", DataType = CellValues.InlineString, InlineString = new InlineString(new Text(" 监测 ")) }) { RowIndex = 1 },
                new Row(
                    new Cell { CellReference = "B3", CellValue = new CellValue("0.30000000000000004") },
                    new Cell { CellReference = "D3", DataType = CellValues.InlineString, InlineString = new InlineString(new Text("x")) }) { RowIndex = 3 }));
            workbook.Workbook.Sheets!.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = 1, Name = "表一" });
        }
        return stream.ToArray();
    }
}
