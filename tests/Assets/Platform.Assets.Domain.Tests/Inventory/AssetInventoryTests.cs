using Platform.Domain;
using Platform.Events.V1;
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
        var errors = AssetInventory.Contradictions(figures, 2025, Reference);

        Assert.Equal(["buildings_value", "equipment", "vehicles_value"], errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.All(errors, e => Assert.Equal("ABOVE_TOTAL", e.Code));
        Assert.Equal("单价 100 万元及以上设备的原值合计（元）为 1500000，超过固定资产原值合计 350000：其中的一部分不能大于全部，请核对",
            errors.Single(e => e.Field == "equipment").Reason);
    }

    [Fact]
    public void Contradictions_PartsWithinTheTotalOrNoTotalStated_None()
    {
        Assert.Empty(AssetInventory.Contradictions(Figures(300000m, 50000m), 2025, Reference));
        // Categories without a stated total may be some of them (the seismograph's 专用设备 not typed): nothing to compare with.
        var noTotal = Figures(400000m, null, new Equipment("地震仪", 1500000m, 1, null)) with { FixedAssetsTotal = null };
        Assert.Empty(AssetInventory.Contradictions(noTotal, 2025, Reference));
    }

    [Fact]
    public void Contradictions_NoFixedAssetFigureAtAll_TheTotalRequired()
    {
        // An outside look reported a blank form (and one with only a 2,000,000 元 equipment line): both awaited review.
        var blank = new InventoryFigures(new Dictionary<string, decimal>(), null, null, null, [], null, new Dictionary<string, int>(), null, null);
        var equipmentOnly = blank with { Equipment = [new Equipment("地震仪", 2000000m, 1, null)] };

        Assert.Equal(("fixed_assets_total", "REQUIRED"), AssetInventory.Contradictions(blank, 2025, Reference).Select(e => (e.Field, e.Code)).Single());
        Assert.Contains(AssetInventory.Contradictions(equipmentOnly, 2025, Reference), e => e.Field == "fixed_assets_total");
        Assert.Empty(AssetInventory.Contradictions(blank with { FixedAssetsTotal = 0m }, 2025, Reference));   // 0 is an answer
    }

    [Fact]
    public void Contradictions_PartsAboveTheCategoriesHoldingThem_NamedWithTheCategories()
    {
        // An outside look: 房屋原值 1,200,000 in 房屋及构筑物 of 1,000,000; a 1,000,000 元 instrument in 通用设备 500,000 +
        // 专用设备 300,000; bought 2046-03-15 and counted at the end of 2045. The total (1,800,000) bounds none of them.
        var figures = new InventoryFigures(
            new Dictionary<string, decimal> { ["BUILDINGS"] = 1000000m, ["GENERAL_EQUIPMENT"] = 500000m, ["SPECIAL_EQUIPMENT"] = 300000m }, 1800000m,
            null, 1200000m, [new Equipment("强震动观测仪", 1000000m, 1, new DateOnly(2046, 3, 15))], null, new Dictionary<string, int>(), null, null);

        var errors = AssetInventory.Contradictions(figures, 2045, Reference);

        Assert.Equal(["buildings_value", "equipment", "equipment[0].acquired_on"], errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Equal("单价 100 万元及以上设备的原值合计（元）为 1000000，超过通用设备、专用设备合计 800000：其中的一部分不能大于全部，请核对",
            errors.Single(e => e.Field == "equipment").Reason);
        // Named as the unit's form names it (房屋原值), not as the return's table does (房屋价值): one figure, one word.
        Assert.StartsWith("房屋原值（元）为 1200000，超过房屋及构筑物合计 1000000", errors.Single(e => e.Field == "buildings_value").Reason, StringComparison.Ordinal);
        Assert.Equal("购置日期 2046-03-15 晚于 2045 年 12 月 31 日：2045 年末的盘点不含此后购置的设备", errors.Single(e => e.Field == "equipment[0].acquired_on").Reason);

        // A holding category not typed may hold the part: nothing said of equipment when 专用设备 is not given.
        var partial = figures with { FixedAssetsByCategory = new Dictionary<string, decimal> { ["BUILDINGS"] = 1000000m, ["GENERAL_EQUIPMENT"] = 800000m } };
        Assert.DoesNotContain(AssetInventory.Contradictions(partial, 2045, Reference), e => e.Field == "equipment");
    }

    [Fact]
    public void Report_PublicationWithPartsAboveItsTotal_ReadAsPrinted()
    {
        var printed = Figures(400000m);
        Assert.Throws<Platform.Domain.ValidationException>(() =>
            AssetInventory.Report("u", 2025, printed, InventorySource.Filed, null, Reference, 0, null, DateTimeOffset.UnixEpoch));
        Assert.Equal(1, AssetInventory.Report("u", 2025, printed, InventorySource.Publication, "x.json", Reference, 0, null, DateTimeOffset.UnixEpoch).Revision);
    }

    private static readonly Actor Reviewer = new("reviewer", [PlatformRoles.Reviewer], "650100", null);
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);

    private static AssetInventory Reported(AssetInventory? previous = null, InventorySource source = InventorySource.Filed) =>
        AssetInventory.Report("a", 2025, Figures(), source, null, Reference, 0, previous, Now);

    [Fact]
    public void Accept_AtTheRevisionRead_AcceptedAtTheNextAndARetryIsANoOp()
    {
        var inventory = Reported();
        inventory.ClearEvents();

        inventory.Accept(1, 0, Reviewer, Now);
        inventory.Accept(1, 0, Reviewer, Now.AddMinutes(5));

        Assert.Equal((InventoryState.Accepted, 2L), (inventory.State, inventory.Revision));
        Assert.Equal(new InventoryDecision("reviewer", Now, null), inventory.Decision);
        // Told once (the retry is not a second acceptance), and kept as a review step.
        var accepted = Assert.IsType<AssetInventoryAccepted>(Assert.Single(inventory.Events));
        Assert.Equal(new ReviewStep(ReviewAction.Accepted, 2, "reviewer", Now), AssetInventory.StepOf(accepted));
        // What the office accepted is what it read: the unit reports new figures only after a return.
        var again = Assert.Throws<PreconditionFailedException>(() => Reported(inventory));
        Assert.Contains("审核通过", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accept_StaleOrMissingRevision_Refused()
    {
        var inventory = Reported(Reported());   // revision 2

        Assert.Throws<ConcurrencyConflictException>(() => inventory.Accept(1, 0, Reviewer, Now));
        Assert.Equal("revision", Assert.Single(Assert.Throws<ValidationException>(() => inventory.Accept(0, 0, Reviewer, Now)).Errors).Field);
        Assert.Equal(InventoryState.Reported, inventory.State);
    }

    [Fact]
    public void SendBack_AcceptedInventory_ReturnedWithTheCommentAndReportedAgainClearsIt()
    {
        var inventory = Reported();
        inventory.Accept(1, 0, Reviewer, Now);

        Assert.Equal("comment", Assert.Single(Assert.Throws<ValidationException>(() => inventory.SendBack("  ", 2, 0, Reviewer, Now)).Errors).Field);
        Assert.Throws<ConcurrencyConflictException>(() => inventory.SendBack("房屋原值有误", 1, 0, Reviewer, Now));
        inventory.ClearEvents();
        inventory.SendBack(" 房屋原值有误 ", 2, 0, Reviewer, Now);

        Assert.Equal((InventoryState.Returned, 3L, "房屋原值有误"), (inventory.State, inventory.Revision, inventory.Decision?.Comment));
        Assert.Equal(new ReviewStep(ReviewAction.Returned, 3, "reviewer", Now, "房屋原值有误"), AssetInventory.StepOf(Assert.Single(inventory.Events)));
        Assert.Throws<PreconditionFailedException>(() => inventory.Accept(3, 0, Reviewer, Now));
        Assert.Throws<PreconditionFailedException>(() => inventory.SendBack("再退回", 3, 0, Reviewer, Now));
        var again = AssetInventory.Report("a", 2025, Figures(), InventorySource.Filed, null, Reference, 0, inventory, Now, "clerk");
        Assert.Equal((InventoryState.Reported, 4L, (InventoryDecision?)null), (again.State, again.Revision, again.Decision));
        Assert.Equal(new ReviewStep(ReviewAction.HandedIn, 4, "clerk", Now), AssetInventory.StepOf(Assert.Single(again.Events)));
        // A publication's figures are not handed in to the office: no step.
        Assert.Null(AssetInventory.StepOf(Assert.Single(Reported(source: InventorySource.Publication).Events)));
    }

    [Fact]
    public void Accept_ClosedYear_RefusedAndNothingChanged()
    {
        var inventory = Reported();

        // A closed year's figures are final; one sent back then could never be reported again.
        Assert.Throws<PreconditionFailedException>(() => inventory.Accept(1, 2025, Reviewer, Now));
        Assert.Throws<PreconditionFailedException>(() => inventory.SendBack("有误", 1, 2025, Reviewer, Now));

        Assert.Equal((InventoryState.Reported, 1L), (inventory.State, inventory.Revision));
    }

    [Fact]
    public void Report_PublicationOverAFiledInventory_Refused()
    {
        var filed = Reported();

        var refused = Assert.Throws<ConflictException>(() => Reported(filed, InventorySource.Publication));

        Assert.Contains("已报送，待审核", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accept_PublicationInventory_NotReviewed()
    {
        var published = Reported(source: InventorySource.Publication);

        Assert.Throws<PreconditionFailedException>(() => published.Accept(1, 0, Reviewer, Now));
        Assert.Throws<PreconditionFailedException>(() => published.SendBack("有误", 1, 0, Reviewer, Now));
    }
}
