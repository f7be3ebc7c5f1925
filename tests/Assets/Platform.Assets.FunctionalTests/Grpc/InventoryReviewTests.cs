using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Assets.Host.Persistence;
using Platform.Assets.V1;
using Platform.Grpc;

namespace Platform.Assets.FunctionalTests.Grpc;

/// <summary>The finance office's review of filed inventories on PostgreSQL: accept, send back, list by state, each rule of who.</summary>
public sealed class InventoryReviewTests : AssetsFixture
{
    private static InventoryRef Ref(string unit = Seismic) => new() { UnitId = unit, FiscalYear = 2022 };

    private Task<Inventory> ReportAsync(string unit, string total, Platform.Grpc.Security.CallerIdentity clerk) =>
        Assets.ReportInventoryAsync(new ReportInventoryRequest { Ref = Ref(unit), Figures = new InventoryFigures { FixedAssetsTotal = total } }, As(clerk)).ResponseAsync;

    [Fact]
    public async Task AcceptInventory_ByTheOffice_ReadOnlyUntilSentBackAndListedByState()
    {
        var reported = await ReportAsync(Seismic, "350000", Clerk);
        await ReportAsync(Bureau, "29135700", BureauClerk);
        Assert.Equal((InventoryState.Reported, 1L), (reported.State, reported.Revision));
        Assert.NotEqual("", reported.ReportedAt);

        var listed = await Assets.ListInventoriesAsync(new ListInventoriesRequest { FiscalYear = 2022 }, As(CityReviewer));
        Assert.Equal([Bureau, Seismic], listed.Inventories.Select(i => i.Ref.UnitId));
        Assert.Equal((2, 0, 0, 0), (listed.Reported, listed.Accepted, listed.Returned, listed.Published));
        Assert.All(listed.Inventories, i => Assert.Equal("650100", i.RegionCode));
        // Listings are scoped: another prefecture's office sees none of them and may not ask for this city.
        Assert.Empty((await Assets.ListInventoriesAsync(new ListInventoriesRequest { FiscalYear = 2022 }, As(ChangjiReviewer))).Inventories);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            Assets.ListInventoriesAsync(new ListInventoriesRequest { FiscalYear = 2022, RegionCode = "650100" }, As(ChangjiReviewer)).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            Assets.ListInventoriesAsync(new ListInventoriesRequest { FiscalYear = 2022 }, As(Clerk)).ResponseAsync)).StatusCode);

        // Only a reviewer over the unit decides: not the unit, not another office, not an assets administrator.
        foreach (var outsider in new[] { Clerk, ChangjiReviewer, Admin })
        {
            Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
                Assets.AcceptInventoryAsync(new AcceptInventoryRequest { Ref = Ref(), Revision = 1 }, As(outsider)).ResponseAsync)).StatusCode);
        }
        Assert.Equal("revision", Assert.Single(Violations(await Assert.ThrowsAsync<RpcException>(() =>
            Assets.AcceptInventoryAsync(new AcceptInventoryRequest { Ref = Ref() }, As(CityReviewer)).ResponseAsync))).Field);
        Assert.Equal(StatusCode.Aborted, (await Assert.ThrowsAsync<RpcException>(() =>
            Assets.AcceptInventoryAsync(new AcceptInventoryRequest { Ref = Ref(), Revision = 2 }, As(CityReviewer)).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() =>
            Assets.AcceptInventoryAsync(new AcceptInventoryRequest { Ref = Ref(Services), Revision = 1 }, As(CityReviewer)).ResponseAsync)).StatusCode);

        var accepted = await Assets.AcceptInventoryAsync(new AcceptInventoryRequest { Ref = Ref(), Revision = 1 }, As(CityReviewer));
        Assert.Equal((InventoryState.Accepted, 2L, "reviewer-urumqi"), (accepted.State, accepted.Revision, accepted.DecidedBy));
        Assert.Equal("350000", accepted.Figures.FixedAssetsTotal);
        // A retry (the answer lost) is answered as the first was.
        Assert.Equal(accepted.DecidedAt, (await Assets.AcceptInventoryAsync(new AcceptInventoryRequest { Ref = Ref(), Revision = 1 }, As(CityReviewer))).DecidedAt);

        // Read-only for the unit: a report, and its check, say why and change nothing.
        var report = await Assert.ThrowsAsync<RpcException>(() => ReportAsync(Seismic, "360000", Clerk));
        Assert.Equal(StatusCode.FailedPrecondition, report.StatusCode);
        Assert.Contains("审核通过", report.Status.Detail, StringComparison.Ordinal);
        var check = await Assert.ThrowsAsync<RpcException>(() => Assets.ReportInventoryAsync(
            new ReportInventoryRequest { Ref = Ref(), Figures = new InventoryFigures { FixedAssetsTotal = "360000" }, ValidateOnly = true }, As(Clerk)).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, report.Status.Detail), (check.StatusCode, check.Status.Detail));
        Assert.Equal("350000", (await Assets.GetInventoryAsync(Ref(), As(Clerk))).Figures.FixedAssetsTotal);

        var byState = await Assets.ListInventoriesAsync(new ListInventoriesRequest { FiscalYear = 2022, State = InventoryState.Accepted }, As(CityReviewer));
        Assert.Equal(Seismic, Assert.Single(byState.Inventories).Ref.UnitId);
        Assert.Equal((1, 1), (byState.Reported, byState.Accepted));

        // A page read before the acceptance does not undo it unseen; a return says what to correct.
        Assert.Equal(StatusCode.Aborted, (await Assert.ThrowsAsync<RpcException>(() => Assets.ReturnInventoryAsync(
            new ReturnInventoryRequest { Ref = Ref(), Revision = 1, Comment = "房屋原值有误" }, As(CityReviewer)).ResponseAsync)).StatusCode);
        var noComment = await Assert.ThrowsAsync<RpcException>(() => Assets.ReturnInventoryAsync(
            new ReturnInventoryRequest { Ref = Ref(), Revision = 2 }, As(CityReviewer)).ResponseAsync);
        Assert.Equal("comment", Assert.Single(Violations(noComment)).Field);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", Assert.Single(Violations(noComment)).Description);
        var returned = await Assets.ReturnInventoryAsync(new ReturnInventoryRequest { Ref = Ref(), Revision = 2, Comment = "房屋原值有误" }, As(CityReviewer));
        Assert.Equal((InventoryState.Returned, 3L, "房屋原值有误"), (returned.State, returned.Revision, returned.ReturnComment));
        Assert.Equal("房屋原值有误", (await Assets.GetInventoryAsync(Ref(), As(Clerk))).ReturnComment);
        Assert.Equal(StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<RpcException>(() =>
            Assets.AcceptInventoryAsync(new AcceptInventoryRequest { Ref = Ref(), Revision = 3 }, As(CityReviewer)).ResponseAsync)).StatusCode);

        // The unit reports again: awaiting review, the comment answered.
        var again = await ReportAsync(Seismic, "360000", Clerk);
        Assert.Equal((InventoryState.Reported, 4L, "", ""), (again.State, again.Revision, again.ReturnComment, again.DecidedBy));
        // The inventory keeps only its latest decision; its review history keeps each step, the return's comment too.
        Assert.Equal(
            [(Platform.Review.V1.ReviewAction.HandedIn, 1L, "clerk-seismic", ""), (Platform.Review.V1.ReviewAction.Accepted, 2L, "reviewer-urumqi", ""),
             (Platform.Review.V1.ReviewAction.Returned, 3L, "reviewer-urumqi", "房屋原值有误"), (Platform.Review.V1.ReviewAction.HandedIn, 4L, "clerk-seismic", "")],
            (await Assets.GetInventoryAsync(Ref(), As(CityReviewer))).ReviewHistory.Select(s => (s.Action, s.Revision, s.By, s.Comment)));
        Assert.Equal(again.ReviewHistory, (await Assets.GetInventoryAsync(Ref(), As(Clerk))).ReviewHistory);
        // Each decision is told to the platform: published from the outbox, not left there (an unregistered type was).
        await Platform.Testing.Polling.PublishedAsync<AssetsDbContext>(Host.Services, "AssetInventoryAccepted", "AssetInventoryReturned");

        // Keyset pages: one unit a page, a token only while there is more.
        var first = await Assets.ListInventoriesAsync(new ListInventoriesRequest { FiscalYear = 2022, PageSize = 1 }, As(CityReviewer));
        var second = await Assets.ListInventoriesAsync(new ListInventoriesRequest { FiscalYear = 2022, PageSize = 1, PageToken = first.NextPageToken }, As(CityReviewer));
        Assert.Equal((1, 1, "", 2), (first.Inventories.Count, second.Inventories.Count, second.NextPageToken, first.Reported));
        Assert.NotEqual(first.Inventories[0].Ref.UnitId, second.Inventories[0].Ref.UnitId);
        Assert.Equal("page_token", Assert.Single(Violations(await Assert.ThrowsAsync<RpcException>(() =>
            Assets.ListInventoriesAsync(new ListInventoriesRequest { FiscalYear = 2022, PageToken = "%%" }, As(CityReviewer)).ResponseAsync))).Field);
        // A token continues its own listing only: not another state's.
        Assert.Equal("page_token", Assert.Single(Violations(await Assert.ThrowsAsync<RpcException>(() => Assets.ListInventoriesAsync(
            new ListInventoriesRequest { FiscalYear = 2022, State = InventoryState.Accepted, PageToken = first.NextPageToken }, As(CityReviewer)).ResponseAsync))).Field);
        Assert.Equal("page_size", Assert.Single(Violations(await Assert.ThrowsAsync<RpcException>(() =>
            Assets.ListInventoriesAsync(new ListInventoriesRequest { FiscalYear = 2022, PageSize = 1001 }, As(CityReviewer)).ResponseAsync))).Field);
    }

    [Fact]
    public async Task AcceptInventory_FromAPublication_NotReviewedButCounted()
    {
        var imported = await Assets.ImportDisclosureAsync(
            new ImportDisclosureRequest { Transcription = ByteString.CopyFrom(Document("000_bb240cb5f2680099.json")), FileName = "000.json" }, As(Admin));

        var refused = await Assert.ThrowsAsync<RpcException>(() => Assets.AcceptInventoryAsync(
            new AcceptInventoryRequest { Ref = imported.Inventory.Ref, Revision = imported.Inventory.Revision }, As(CityReviewer)).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        // Nothing was handed in to the office: a publication's inventory has no review history.
        Assert.Empty((await Assets.GetInventoryAsync(imported.Inventory.Ref, As(CityReviewer))).ReviewHistory);
        var listed = await Assets.ListInventoriesAsync(new ListInventoriesRequest { FiscalYear = imported.Inventory.Ref.FiscalYear }, As(CityReviewer));
        Assert.Equal((0, 1, "PUBLICATION"), (listed.Reported, listed.Published, Assert.Single(listed.Inventories).Source));
        Assert.Empty((await Assets.ListInventoriesAsync(
            new ListInventoriesRequest { FiscalYear = imported.Inventory.Ref.FiscalYear, State = InventoryState.Reported }, As(CityReviewer))).Inventories);
    }

    [Fact]
    public async Task ImportDisclosure_OverAFiledInventory_RefusedAndTheFiledOneKept()
    {
        await ReportAsync(Bureau, "29135700", BureauClerk);

        var refused = await Assert.ThrowsAsync<RpcException>(() => Assets.ImportDisclosureAsync(
            new ImportDisclosureRequest { Transcription = ByteString.CopyFrom(Document("000_bb240cb5f2680099.json")), FileName = "000.json" }, As(Admin)).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, refused.StatusCode);
        Assert.Contains("单位自行填报", refused.Status.Detail, StringComparison.Ordinal);
        var kept = await Assets.GetInventoryAsync(Ref(Bureau), As(CityReviewer));
        Assert.Equal(("FILED", InventoryState.Reported), (kept.Source, kept.State));
    }

    [Fact]
    public async Task ListInventories_StoredBeforeRegionsWereKept_PlacedFromTheRegistryAnUnknownUnitNowhere()
    {
        await ReportAsync(Seismic, "350000", Clerk);
        using (var scope = Host.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AssetsDbContext>();
            Assert.Equal(1, await db.Inventories.Where(r => r.UnitId == Seismic).ExecuteUpdateAsync(u => u.SetProperty(r => r.RegionCode, (string?)null)));
            // A unit the registry does not know for the year (stored before, its id since corrected): it must not fail the list.
            db.Inventories.Add(new InventoryRow { UnitId = "urumqi-ghost", FiscalYear = 2022, Source = "Filed", Figures = "{}", Revision = 1 });
            await db.SaveChangesAsync();
        }

        var listed = await Assets.ListInventoriesAsync(new ListInventoriesRequest { FiscalYear = 2022 }, As(CityReviewer));

        Assert.Equal(("650100", 1), (Assert.Single(listed.Inventories).RegionCode, listed.Reported));
        using (var scope = Host.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AssetsDbContext>();
            // Placed nowhere, once: never looked up again.
            Assert.Equal("", (await db.Inventories.SingleAsync(r => r.UnitId == "urumqi-ghost")).RegionCode);
        }
    }
}
