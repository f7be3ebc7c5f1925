using Platform.Assets.Domain.Inventory;
using Platform.Assets.Domain.Reconciliation;

namespace Platform.Assets.Domain.Tests.Reconciliation;

public sealed class ReconcilerTests
{
    private static readonly AssetReference Reference = AssetReference.LoadShipped();
    private static readonly RegisterView NoRegister = new(0, 0, new Dictionary<string, int>(), 0, 0, false);

    private static ReturnFigures Return(int fleet, int vehicles, Dictionary<string, int>? rows = null) =>
        new(fleet, 0, 0, 68600m, 29135700m, vehicles, 3042300m, rows ?? new Dictionary<string, int>(), 0, 0, 0);

    /// <summary>000 as published: 国有资产占用情况 lists 13 vehicles (执法执勤 9, 其他 4), the "三公" table 8.</summary>
    private static AssetInventory Inventory000() => AssetInventory.Restore("urumqi-emergency", 2022,
        new InventoryFigures(new Dictionary<string, decimal>(), 29135700m, 0, 0, [], 0, new Dictionary<string, int> { ["ENFORCEMENT"] = 9, ["OTHER"] = 4 }, 13, 3042300m),
        InventorySource.Publication, "000.json", 1);

    [Fact]
    public void Check_000AsPublished_FleetDifferenceOnly()
    {
        var findings = Reconciler.Check(2022, Return(8, 13, new() { ["VEH_ENFORCEMENT"] = 9, ["VEH_OTHER"] = 4 }), NoRegister, Inventory000(),
            Reference.QuotaFor("urumqi-emergency", 2022), [], Reference);
        var fleet = Assert.Single(findings);
        Assert.Equal((Reconciler.Fleet, "13", "8", "Z07[FLEET_COUNT]"), (fleet.Code, fleet.Expected, fleet.Actual, fleet.ExplainAt));
        Assert.Equal("资产盘点（公开文件）显示 2022 年 12 月 31 日有 13 辆车；“三公”经费表填报公务用车保有量 8 辆", fleet.Message);
    }

    [Fact]
    public void Check_VehiclesStatedButNoInventoryNoRegister_AbsenceIsAFinding()
    {
        // Nothing to compare with is not agreement (issue 19): the unit explains it, or registers its vehicles.
        var finding = Assert.Single(Reconciler.Check(2022, Return(8, 13), NoRegister, null, null, [], Reference));
        Assert.Equal((Reconciler.NothingToCompare, "Z07[FLEET_COUNT,FINAL]", "Z07[FLEET_COUNT]", "8"), (finding.Code, finding.Cell, finding.ExplainAt, finding.Actual));
        Assert.Contains("既没有车辆登记，也没有资产盘点", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_AssetTableFilledWithBlanks_EachBlankTheInventoryFillsIsAFinding()
    {
        // The return fills 国有资产占用情况 (fixed assets, one vehicle) but leaves the buildings and the vehicles' value blank:
        // the disclosure would print 房屋 0 平方米，价值 0 万元 and 车辆价值 0 beside an inventory of 3.8 million and a
        // registered car of 250,000 — and the reconciliation said they agreed.
        var inventory = AssetInventory.Restore("urumqi-seismic", 2025,
            new InventoryFigures(new Dictionary<string, decimal>(), 5000000m, 1200m, 3800000m, [], null, new Dictionary<string, int>(), null, null),
            InventorySource.Filed, null, 1);
        var register = new RegisterView(1, 250000m, new Dictionary<string, int> { ["ENFORCEMENT"] = 1 }, 0, 0, true);
        var blanks = new ReturnFigures(1, null, null, null, 5000000m, 1, null, new Dictionary<string, int> { ["VEH_ENFORCEMENT"] = 1 }, null, null, null);

        var findings = Reconciler.Check(2025, blanks, register, inventory, null, [], Reference);

        Assert.Equal(["F03[BUILDINGS_AREA,AMT]", "F03[BUILDINGS_VALUE,AMT]", "F03[VEHICLES_VALUE,AMT]"], findings.Select(f => f.Cell).Order(StringComparer.Ordinal));
        Assert.All(findings, f => Assert.Equal((Reconciler.BlankFigure, ""), (f.Code, f.Actual)));
        Assert.Equal("车辆登记中在用车辆的原值合计 250000 元；国有资产占用情况表未填写（公开说明中列为 0）",
            findings.Single(f => f.Cell == "F03[VEHICLES_VALUE,AMT]").Message);

        // The same figures filled in: nothing to say. A return that fills none of the table (a template without it): nothing either.
        var filled = blanks with { BuildingsArea = 1200m, BuildingsValue = 3800000m, VehiclesValue = 250000m };
        Assert.Empty(Reconciler.Check(2025, filled, register, inventory, null, [], Reference));
        // The table left blank as a filed return carries it: the vehicles' total computed (0) from the blank category rows.
        var blankTable = new ReturnFigures(1, null, null, null, null, 0, null, new Dictionary<string, int>(), null, null, null);
        Assert.DoesNotContain(Reconciler.Check(2025, blankTable, register, inventory, null, [], Reference), f => f.Code == Reconciler.BlankFigure);
    }

    [Fact]
    public void Check_NoVehiclesStatedNoInventoryNoRegister_NothingToSay()
    {
        Assert.Empty(Reconciler.Check(2022, Return(0, 0), NoRegister, null, null, [], Reference));
    }

    [Fact]
    public void Check_OperatingCost_OnlyWithEnoughPeersAndFarFromTheMedian()
    {
        var register = new RegisterView(2, 300000m, new Dictionary<string, int> { ["OTHER"] = 2 }, 0, 0m, true);
        var figures = new ReturnFigures(2, 0, 0, 100000m, null, null, null, new Dictionary<string, int>(), null, null, null);
        Assert.Empty(Reconciler.Check(2022, figures, register, null, null, [10000m, 11000m, 9000m, 12000m], Reference));
        var far = Reconciler.Check(2022, figures, register, null, null, [10000m, 11000m, 9000m, 12000m, 10000m], Reference);
        Assert.Equal(Reconciler.OperatingCost, Assert.Single(far).Code);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", far[0].Message);
        var near = figures with { VehicleOperation = 38000m };
        Assert.Empty(Reconciler.Check(2022, near, register, null, null, [10000m, 11000m, 9000m, 12000m, 10000m], Reference));
    }

    [Theory]
    [InlineData(new[] { 1.0, 3.0, 2.0 }, 2.0)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 2.5)]
    public void Median_OddAndEven(double[] values, double expected) =>
        Assert.Equal((decimal)expected, Reconciler.Median(values.Select(v => (decimal)v).ToList()));
}
