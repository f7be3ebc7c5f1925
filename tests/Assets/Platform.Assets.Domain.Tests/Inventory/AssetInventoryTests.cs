using Platform.Assets.Domain.Inventory;

namespace Platform.Assets.Domain.Tests.Inventory;

public sealed class AssetInventoryTests
{
    private static readonly AssetReference Reference = AssetReference.LoadShipped();

    private static InventoryFigures Figures(decimal? buildingsValue = null, decimal? vehiclesValue = null, params Equipment[] equipment) => new(
        new Dictionary<string, decimal> { ["GENERAL_EQUIPMENT"] = 300000m, ["FURNITURE"] = 50000m }, 350000m, null, buildingsValue,
        equipment, null, new Dictionary<string, int>(), null, vehiclesValue);

    [Fact]
    public void Problems_PartsAboveTheFixedAssets_EachNamedInTheSameRound()
    {
        // 350,000 元 of fixed assets in all, beside a seismograph of 1,500,000 元, buildings of 400,000 and a car of 360,000.
        var errors = AssetInventory.Problems(Figures(400000m, 360000m, new Equipment("地震仪", 1500000m, 1, null)), 2025, Reference);

        Assert.Equal(["buildings_value", "equipment", "vehicles_value"], errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.All(errors, e => Assert.Equal("ABOVE_TOTAL", e.Code));
        Assert.Equal("单价 100 万元及以上设备的原值合计（元）为 1500000，超过固定资产原值合计 350000：其中的一部分不能大于全部，请核对",
            errors.Single(e => e.Field == "equipment").Reason);
    }

    [Fact]
    public void Problems_PartsWithinTheFixedAssets_None()
    {
        Assert.Empty(AssetInventory.Problems(Figures(300000m, 50000m), 2025, Reference));
        // Without a total or categories there is nothing to compare with.
        var noTotal = Figures(400000m) with { FixedAssetsTotal = null, FixedAssetsByCategory = new Dictionary<string, decimal>() };
        Assert.Empty(AssetInventory.Problems(noTotal, 2025, Reference));
    }
}
