using Platform.Spreadsheets;

namespace Platform.Testing;

/// <summary>Workbooks for import tests: sheets of text cells laid out row by row from A1 (an empty string leaves a cell out).</summary>
public static class Xlsx
{
    public static byte[] Workbook(params (string Name, string[][] Rows)[] sheets) =>
        XlsxWriter.Write(sheets.Select(s => new XlsxSheetData(s.Name, s.Rows.Select(r => (IReadOnlyList<XlsxValue>)r.Select(t => (XlsxValue)t).ToList()).ToList())));
}
