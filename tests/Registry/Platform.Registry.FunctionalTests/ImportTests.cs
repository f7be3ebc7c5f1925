using Grpc.Core;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Google.Protobuf;
using Platform.Registry.Host.Import;
using Platform.Registry.V1;

namespace Platform.Registry.FunctionalTests;

public sealed class CsvReaderTests
{
    [Fact]
    public void ReadCsv_QuotedCommasQuotesNewlinesAndBom_ParsedPerRfc4180()
    {
        var text = "\uFEFFid,name,functions\r\na,\"单位, 本级\",\"负责\"\"应急\"\"工作\nline two\"\r\nb,plain,\n";
        var table = UnitFileReader.ReadCsv(Encoding.UTF8.GetBytes(text));
        Assert.Equal(["id", "name", "functions"], table[0]);
        Assert.Equal(["a", "单位, 本级", "负责\"应急\"工作\nline two"], table[1]);
        Assert.Equal(["b", "plain", ""], table[2]);
    }

    [Fact]
    public void Read_UnclosedQuote_FileLevelError()
    {
        var (rows, errors) = UnitFileReader.Read(ImportFormat.Csv, Encoding.UTF8.GetBytes("id,name\na,\"broken\n"));
        Assert.Empty(rows);
        Assert.Contains("没有结束的双引号", Assert.Single(errors).Message);
    }
}

public abstract partial class RegistryFunctionalTests
{
    private const string Header = "id,credit_code,name,region_code,parent_id,nature,functions,sections";

    [Fact]
    public async Task ImportUnits_CsvChildBeforeParent_AllImported()
    {
        var csv = string.Join("\n",
            Header,
            $"squad-1,{Code("12650100MB0000011")},执法一大队,650100,brigade,事业单位,,",
            $"brigade,{Code("12650100MB0000010")},应急救援支队,650100,{Bureau},参照公务员法管理事业单位,\"负责救援; 负责演练\",办公室;战训科");
        var response = await Registry.ImportUnitsAsync(new ImportUnitsRequest
        {
            Format = ImportFormat.Csv, Content = ByteString.CopyFromUtf8(csv), FromYear = 2022,
        }, As(UrumqiAdmin));
        Assert.Empty(response.Errors);
        Assert.Equal(2, response.Imported);
        var brigade = await Registry.GetUnitAsync(new GetUnitRequest { UnitId = "brigade", AsOfYear = 2022 }, As(Clerk));
        Assert.Equal(["负责救援", "负责演练"], brigade.Functions);
        Assert.Equal("brigade", (await Registry.GetUnitAsync(new GetUnitRequest { UnitId = "squad-1", AsOfYear = 2022 }, As(Clerk))).ParentId);
    }

    [Fact]
    public async Task ImportUnits_BadRows_ReportEveryCellAndImportNothing()
    {
        var csv = string.Join("\n",
            Header,
            $"ok-1,{Code("12650100MB0000012")},好单位,650100,{Bureau},事业单位,,",
            "bad-1,91350100M000100Y44,坏单位,650100,,事业单位,,",
            $"bad-2,{Code("12650100MB0000013")},,650100,nowhere,企业,,");
        var response = await Registry.ImportUnitsAsync(new ImportUnitsRequest
        {
            Format = ImportFormat.Csv, Content = ByteString.CopyFromUtf8(csv), FromYear = 2022,
        }, As(UrumqiAdmin));
        Assert.Equal(0, response.Imported);
        Assert.Equal(
            [(3, "credit_code", "91350100M000100Y44"), (4, "name", ""), (4, "nature", "企业"), (4, "parent_id", "nowhere")],
            response.Errors.Select(e => (e.Row, e.Column, e.Value)).OrderBy(e => e.Row).ThenBy(e => e.Column));
        Assert.Contains("应为 “3”", response.Errors.First(e => e.Column == "credit_code").Message);
        // Not even the good row was written.
        await Assert.ThrowsAsync<RpcException>(() => Registry.GetUnitAsync(new GetUnitRequest { UnitId = "ok-1", AsOfYear = 2022 }, As(Clerk)).ResponseAsync);
    }

    [Fact]
    public async Task ImportUnits_Xlsx_Imported()
    {
        var response = await Registry.ImportUnitsAsync(new ImportUnitsRequest
        {
            Format = ImportFormat.Xlsx,
            Content = ByteString.CopyFrom(Xlsx(
                ["id", "credit_code", "name", "region_code", "parent_id", "nature"],
                ["xl-1", Code("12650100MB0000014"), "应急物资储备库", "650100", Bureau, "事业单位"])),
            FromYear = 2022,
        }, As(UrumqiAdmin));
        Assert.Empty(response.Errors);
        Assert.Equal(1, response.Imported);
        Assert.Equal("应急物资储备库", (await Registry.GetUnitAsync(new GetUnitRequest { UnitId = "xl-1", AsOfYear = 2022 }, As(Clerk))).Name);
    }

    [Fact]
    public async Task ImportUnits_MissingColumnAndForeignRegion_Reported()
    {
        var missing = await Registry.ImportUnitsAsync(new ImportUnitsRequest
        {
            Format = ImportFormat.Csv, Content = ByteString.CopyFromUtf8("id,name\nx,y"), FromYear = 2022,
        }, As(UrumqiAdmin));
        Assert.Equal(["credit_code", "nature", "region_code"], missing.Errors.Select(e => e.Column).Order());
        var foreign = await Registry.ImportUnitsAsync(new ImportUnitsRequest
        {
            Format = ImportFormat.Csv,
            Content = ByteString.CopyFromUtf8($"{Header}\nc-1,{Code("12652300MB0000015")},昌吉州单位,652300,,事业单位,,"),
            FromYear = 2022,
        }, As(UrumqiAdmin));
        Assert.Equal((2, "region_code"), (foreign.Errors.Single().Row, foreign.Errors.Single().Column));
        // What the clerk reads: Chinese, naming the region, never the caller's internal subject.
        Assert.Equal("无权操作：行政区划 “652300” 不在您的管辖范围内", foreign.Errors.Single().Message);
        Assert.All(missing.Errors, e => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", e.Message));
        Assert.DoesNotContain(UrumqiAdmin.Subject, foreign.Errors.Single().Message, StringComparison.Ordinal);
    }

    private static byte[] Xlsx(params string[][] rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            for (var r = 0; r < rows.Length; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    row.Append(new Cell
                    {
                        CellReference = $"{(char)('A' + c)}{r + 1}",
                        DataType = CellValues.InlineString,
                        InlineString = new InlineString(new Text(rows[r][c])),
                    });
                }
                data.Append(row);
            }
            sheetPart.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "units" }));
        }
        return stream.ToArray();
    }
}
