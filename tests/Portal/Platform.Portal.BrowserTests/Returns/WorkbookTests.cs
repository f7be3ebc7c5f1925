using Microsoft.Playwright;
using Platform.Spreadsheets;

namespace Platform.Portal.BrowserTests.Returns;

/// <summary>
/// The return as a workbook through the browser: the clerk downloads it in the layout clerks fill, fills it offline and
/// uploads it back; a workbook with a bad cell is refused whole, each cell of the sheet named, nothing saved; every change
/// is in the return's audit trail, with who, when, from what to what.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class WorkbookTests(PortalFixture portal)
{
    private const string Unit = "urumqi-emergency";
    private const int Year = 2023;

    [Fact]
    public async Task Workbook_DownloadedFilledUploaded_SavedAndInTheAuditTrail()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(Workbook_DownloadedFilledUploaded_SavedAndInTheAuditTrail), async () =>
        {
            await PortalFixture.SignInAsync(page, DemoUsers.EmergencyClerk, DemoUsers.ClerkPassword, ReturnPages.Path(Unit, Year));
            await page.GetByRole(AriaRole.Button, new() { Name = "开始填报" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已开始填报");

            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "下载 Excel 报表" }).ClickAsync());
            Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);
            var exported = await File.ReadAllBytesAsync(await download.PathAsync());

            // A figure with three decimals: the whole workbook is refused, the sheet's cell named, nothing saved.
            await UploadAsync(page, Fill(exported, ("Z01", "INC_FISCAL", "AMT", "1700000"), ("Z01", "INC_OTHER", "AMT", "12.345"), ("F03", "BUILDINGS_AREA", "AMT", "-3")));
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("上传未成功，未保存任何数据");
            // The sheet's cell and the printed place it holds; the reason without the platform's cell code.
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Z01[^!]*![A-Z]+\d+（六、其他收入（决算数））：“12.345” 有 3 位小数"));
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).Not.ToContainTextAsync("INC_OTHER");
            // A supplementary table's cell alike (its code reached clerks: "F03[BUILDINGS_AREA,AMT]：“-3” 为负数").
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("“-3” 为负数");
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).Not.ToContainTextAsync("BUILDINGS_AREA");
            await Assertions.Expect(ReturnPages.Cell(page, "Z01[INC_FISCAL,AMT]")).ToHaveValueAsync("");
            await PortalFixture.AssertAccessibleAsync(page);

            await page.GotoAsync(ReturnPages.Path(Unit, Year));
            await UploadAsync(page, Fill(exported, ("Z01", "INC_FISCAL", "AMT", "1700000"), ("Z01", "INC_OTHER", "AMT", "100000")));
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Excel 报表已上传并保存");
            await Assertions.Expect(ReturnPages.Cell(page, "Z01[INC_FISCAL,AMT]")).ToHaveValueAsync("1700000");

            // The audit trail: the opening and the two cells the workbook set, with the clerk's name; filtered to one cell.
            await page.GetByRole(AriaRole.Link, new() { Name = "变更记录" }).ClickAsync();
            var trail = page.GetByRole(AriaRole.Table);
            // Each place by the printed form's names, never the cell's code.
            var fiscal = trail.GetByRole(AriaRole.Row).Filter(new() { HasText = "收入支出决算总表 一、财政拨款收入（决算数）" });
            await Assertions.Expect(fiscal).ToContainTextAsync("修改数字");
            await Assertions.Expect(fiscal).ToContainTextAsync("1,700,000");   // grouped as the grid shows figures
            await Assertions.Expect(fiscal).ToContainTextAsync("（clerk.urumqi-emergency）");
            await Assertions.Expect(trail).Not.ToContainTextAsync("INC_");
            await Assertions.Expect(trail.GetByRole(AriaRole.Row).Filter(new() { HasText = "开始填报" })).ToHaveCountAsync(1);
            await PortalFixture.AssertAccessibleAsync(page);
            await page.GetByLabel("位置", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "收入支出决算总表 六、其他收入" });
            await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
            await Assertions.Expect(trail.Locator("caption")).ToHaveTextAsync("共 1 条");
        });
    }

    private static async Task UploadAsync(IPage page, byte[] workbook)
    {
        await page.GetByLabel("上传填好的 Excel 报表", new() { Exact = false }).SetInputFilesAsync(new FilePayload
        {
            Name = $"{Unit}-{Year}.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = workbook,
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并保存" }).ClickAsync();
    }

    /// <summary>
    /// The downloaded workbook with figures typed in, as a clerk fills it offline: each (table, row code, column code, value)
    /// goes where the sheet of that table has the row code in column A and the column code in row 1.
    /// </summary>
    private static byte[] Fill(byte[] exported, params (string Table, string Row, string Column, string Value)[] figures)
    {
        var sheets = new List<XlsxSheetData>();
        foreach (var sheet in XlsxReader.Read(exported))
        {
            var rows = new List<List<XlsxValue>>();
            foreach (var row in sheet.Rows)
            {
                while (rows.Count < row.Number)
                {
                    rows.Add([]);
                }
                rows[row.Number - 1] = row.Positional().Select(t => (XlsxValue)t).ToList();
            }
            var codes = sheet.Rows.First(r => r.Number == 1).Cells;
            foreach (var (table, rowCode, columnCode, value) in figures.Where(f => sheet.Name == f.Table || sheet.Name.StartsWith(f.Table + " ", StringComparison.Ordinal)))
            {
                var column = XlsxReader.ColumnIndex(codes.Single(c => c.Value == columnCode).Key);
                var line = rows[sheet.Rows.Single(r => r["A"] == rowCode).Number - 1];
                while (line.Count <= column)
                {
                    line.Add("");
                }
                line[column] = value;
            }
            sheets.Add(new XlsxSheetData(sheet.Name, rows.Select(r => (IReadOnlyList<XlsxValue>)r).ToList()));
        }
        return XlsxWriter.Write(sheets);
    }
}
