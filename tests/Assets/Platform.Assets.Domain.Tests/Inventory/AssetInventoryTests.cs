using Platform.Assets.Domain.Inventory;

namespace Platform.Assets.Domain.Tests.Inventory;

public sealed class AssetInventoryTests
{
    private static readonly AssetReference Reference = AssetReference.LoadShipped();

    private static InventoryFigures Figures(decimal? buildingsValue = null, decimal? vehiclesValue = null, params Equipment[] equipment) => new(
        new Dictionary<string, decimal> { ["GENERAL_EQUIPMENT"] = 300000m, ["FURNITURE"] = 50000m }, 350000m, null, buildingsValue,
        equipment, null, new Dictionary<string, int>(), null, vehiclesValue);

    [Fact]
    public void Contradictions_PartsAboveTheFixedAssets_EachNamed()
    {
        // 350,000 元 of fixed assets in all, beside a seismograph of 1,500,000 元, buildings of 400,000 and a car of 360,000.
        var figures = Figures(400000m, 360000m, new Equipment("地震仪", 1500000m, 1, null));
        Assert.Empty(AssetInventory.Problems(figures, 2025, Reference));
        var errors = AssetInventory.Contradictions(figures);

        Assert.Equal(["buildings_value", "equipment", "vehicles_value"], errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.All(errors, e => Assert.Equal("ABOVE_TOTAL", e.Code));
        Assert.Equal("单价 100 万元及以上设备的原值合计（元）为 1500000，超过固定资产原值合计 350000：其中的一部分不能大于全部，请核对",
            errors.Single(e => e.Field == "equipment").Reason);
    }

    [Fact]
    public void Contradictions_PartsWithinTheTotalOrNoTotalStated_None()
    {
        Assert.Empty(AssetInventory.Contradictions(Figures(300000m, 50000m)));
        // Categories without a stated total may be some of them (the seismograph's 专用设备 not typed): nothing to compare with.
        var noTotal = Figures(400000m, null, new Equipment("地震仪", 1500000m, 1, null)) with { FixedAssetsTotal = null };
        Assert.Empty(AssetInventory.Contradictions(noTotal));
    }

    [Fact]
    public void Report_PublicationWithPartsAboveItsTotal_ReadAsPrinted()
    {
        var printed = Figures(400000m);
        Assert.Throws<Platform.Domain.ValidationException>(() =>
            AssetInventory.Report("u", 2025, printed, InventorySource.Filed, null, Reference, 0, null, DateTimeOffset.UnixEpoch));
        Assert.Equal(1, AssetInventory.Report("u", 2025, printed, InventorySource.Publication, "x.json", Reference, 0, null, DateTimeOffset.UnixEpoch).Revision);
    }
}
