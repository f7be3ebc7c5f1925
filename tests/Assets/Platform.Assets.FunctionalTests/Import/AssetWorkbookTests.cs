using Grpc.Core;
using Google.Protobuf;
using Platform.Assets.V1;
using Platform.Grpc;

namespace Platform.Assets.FunctionalTests.Import;

/// <summary>xlsx import of the vehicle register and the inventory on PostgreSQL: errors named by sheet cell, all or nothing.</summary>
public sealed class AssetWorkbookTests : AssetsFixture
{
    private static readonly string[] Header = ["车牌号", "类别", "取得日期", "原值", "事由"];

    private Task<ImportWorkbookResponse> ImportAsync(byte[] workbook) =>
        Assets.ImportWorkbookAsync(new ImportWorkbookRequest { UnitId = Seismic, FiscalYear = 2022, Workbook = ByteString.CopyFrom(workbook) }, As(Clerk)).ResponseAsync;

    [Fact]
    public async Task ImportWorkbook_BadRows_ErrorsNameCellsAndNothingSaved()
    {
        var workbook = Workbook(
            ("车辆", [Header,
                ["新A12345", "执法执勤用车", "2022-03-01", "185000", "购置"],
                ["新A1234", "执法执勤用车", "2022-03-01", "185000", ""],
                ["新A12345", "其他用车", "2022-04-01", "90000", ""],
                ["新A54321", "豪华用车", "2022-04-01", "-3", ""],
                ["新A67890", "其他用车", "2022-13-01", "", ""]]),   // no such month (2022/04/01 is a date as clerks write it)
            ("资产", [["项目", "金额"], ["通用设备", "12.345"], ["宇宙飞船", "1"]]),
            ("备注", [["x"]]));
        var ex = await Assert.ThrowsAsync<RpcException>(() => ImportAsync(workbook));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var fields = Violations(ex).Select(v => v.Field).ToList();
        foreach (var cell in new[] { "车辆!A3", "车辆!A4", "车辆!B5", "车辆!D5", "车辆!C6", "车辆!D6", "资产!A3", "备注" })
        {
            Assert.Contains(cell, fields);
        }
        Assert.Contains(Violations(ex), v => v.Field == "车辆!A4" && v.Description.Contains("出现了两次", StringComparison.Ordinal));
        Assert.Contains(Violations(ex), v => v.Field.StartsWith("资产", StringComparison.Ordinal) && v.Description.Contains("超过两位小数", StringComparison.Ordinal));
        Assert.All(Violations(ex), v => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", v.Description));
        var list = await Assets.ListVehiclesAsync(new ListVehiclesRequest { UnitId = Seismic, FiscalYear = 2022 }, As(Clerk));
        Assert.Empty(list.Vehicles);
        Assert.Equal(0, (await Assets.GetInventoryAsync(new InventoryRef { UnitId = Seismic, FiscalYear = 2022 }, As(Clerk))).Revision);
    }

    [Fact]
    public async Task ImportWorkbook_EquipmentAndAssetErrors_EachAtItsCellInChinese()
    {
        var workbook = Workbook(
            ("车辆", [Header, ["新A1234", "执法执勤用车", "2022-03-01", "185000", ""]]),
            // The portal's own label of the total; a category above it; a blank price and a date after the year.
            ("资产", [["项目", "金额"], ["固定资产原值合计", "100"], ["专用设备", "2500000"]]),
            ("设备", [["名称", "单价", "数量", "取得日期"], ["强震动观测仪", "", "2", "2023-07-01"]]));

        var violations = Violations(await Assert.ThrowsAsync<RpcException>(() => ImportAsync(workbook)));

        var byField = violations.ToDictionary(v => v.Field, v => v.Description);
        // A blank price is required at its cell (it was "单价 0 元低于 100 万元" at "设备: equipment[0].unit_price"), and no
        // register total is made of it; the line's date is named at its own cell.
        Assert.Equal("必须填写", byField["设备!B2"]);
        Assert.Contains("2023", byField["设备!D2"], StringComparison.Ordinal);
        Assert.DoesNotContain(violations, v => v.Description.Contains("1000000", StringComparison.Ordinal));
        // The total under the portal's label is read, and the rule that refuses it names its cell.
        Assert.Contains("资产!B2", byField.Keys);
        Assert.DoesNotContain("资产!A2", byField.Keys);
        Assert.DoesNotContain("资产", byField.Keys);
        // At its cell a reason needs no English field name before it.
        Assert.DoesNotContain(violations, v => v.Description.StartsWith("plate", StringComparison.Ordinal));
        Assert.All(violations, v => Assert.DoesNotContain("equipment[", v.Field, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ImportWorkbook_RegisterInventoryAndEquipment_StoredTogether()
    {
        var workbook = Workbook(
            ("车辆", [Header, ["新A12345", "执法执勤用车", "2022-03-01", "185000", "购置"], ["新AD23456", "其他用车", "2022-05-20", "210000.5", "购置"]]),
            ("资产", [["项目", "金额"], ["通用设备", "320000"], ["专用设备", "2500000"], ["固定资产合计", "2820000"], ["房屋面积", "0"]]),
            ("设备", [["名称", "单价", "数量", "取得日期"], ["强震动观测仪", "1250000", "2", "2021-07-01"]]));
        var response = await ImportAsync(workbook);
        Assert.Equal(["新A12345", "新AD23456"], response.Vehicles.Select(v => v.Plate));
        Assert.Equal(("2820000", 1, 2), (response.Inventory.Figures.FixedAssetsTotal, response.Inventory.Figures.Equipment.Count, response.Inventory.Figures.Equipment[0].Quantity));
        Assert.Equal((2, "395000.5"), (response.Inventory.Register.Held, response.Inventory.Register.HeldValue));
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            Assets.ImportWorkbookAsync(new ImportWorkbookRequest { UnitId = Seismic, FiscalYear = 2022, Workbook = ByteString.CopyFrom(workbook) }, As(BureauClerk)).ResponseAsync)).StatusCode);
    }

    private static byte[] Workbook(params (string Name, string[][] Rows)[] sheets) => Platform.Testing.Xlsx.Workbook(sheets);
}
