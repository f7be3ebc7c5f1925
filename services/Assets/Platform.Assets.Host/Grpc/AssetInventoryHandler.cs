using Grpc.Core;
using Platform.Assets.Domain;
using Platform.Assets.Domain.Inventory;
using Platform.Assets.Domain.Reconciliation;
using Platform.Assets.Domain.Vehicles;
using Platform.Assets.Host.Import;
using Platform.Assets.Host.Persistence;
using Platform.Assets.V1;
using AssetInventory = Platform.Assets.Domain.Inventory.AssetInventory;
using Platform.Domain;
using Platform.Grpc;
using Platform.Registry.Client;
using DomainInventory = Platform.Assets.Domain.Inventory.AssetInventory;
using DomainState = Platform.Assets.Domain.Inventory.InventoryState;
using DomainVehicle = Platform.Assets.Domain.Vehicles.Vehicle;
using ProtoVehicle = Platform.Assets.V1.Vehicle;

namespace Platform.Assets.Host.Grpc;

/// <summary>
/// platform.assets.v1.AssetInventory: authorize (the holding unit's staff or an assets administrator change the
/// register; the finance office over the unit reads it), map, call the domain, store (changes + events in one
/// transaction), map back. Domain errors become statuses in the transport's one mapper.
/// </summary>
internal sealed class AssetInventoryHandler(AssetReference reference, AssetStore store, IUnitLookup units, InventoryService inventories, WorkbookImport workbooks, DisclosureAssets disclosures)
    : Platform.Assets.V1.AssetInventory.AssetInventoryBase
{
    /// <summary>Internal callers (the accounts service sending a return's figures) carry this role.</summary>
    private const string ServiceRole = "service";

    public override Task<Categories> ListCategories(ListCategoriesRequest request, ServerCallContext context)
    {
        context.Caller.RequireAuthenticated();
        var year = Year(request.FiscalYear, "fiscal_year");
        var categories = new Categories();
        categories.VehicleCategories.AddRange(reference.VehicleCategories(year).Select(c =>
        {
            var proto = new V1.VehicleCategory { Code = c.Code, Name = c.Name, Row = c.Row };
            proto.Aliases.AddRange(c.Aliases);
            return proto;
        }));
        categories.AssetCategories.AddRange(reference.AssetCategories(year).Select(c => new V1.AssetCategory { Code = c.Code, Name = c.Name }));
        return Task.FromResult(categories);
    }

    public override async Task<ProtoVehicle> AcquireVehicle(AcquireVehicleRequest request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        var vehicle = await inventories.AcquireAsync(actor, request, "", context.CancellationToken);
        await store.SaveAsync([(vehicle, null)], null, context.CancellationToken);
        return ProtoMapping.ToProto(vehicle);
    }

    public override async Task<ProtoVehicle> DisposeVehicle(DisposeVehicleRequest request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        // The date and the reason in one round: a date that did not read hid "必须填写处置事由" until the next.
        var errors = new List<FieldError>();
        var on = ProtoMapping.Date(request.DisposedOn, "disposed_on", errors);
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            errors.Add(new FieldError("reason", AssetsMessages.DisposalReasonRequired, "REQUIRED"));
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        var (vehicle, row) = await LoadForChange(request.Plate, request.Revision, on.Year, actor, context);
        vehicle.Dispose(on, request.Reason, await store.ClosedThroughAsync(context.CancellationToken), actor, store.Now());
        await store.SaveAsync([(vehicle, row)], null, context.CancellationToken);
        return ProtoMapping.ToProto(vehicle);
    }

    public override async Task<ProtoVehicle> TransferVehicle(TransferVehicleRequest request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        var on = ProtoMapping.Date(request.TransferredOn, "transferred_on");
        var (vehicle, row) = await LoadForChange(request.Plate, request.Revision, on.Year, actor, context);
        // Only to a unit of the platform, active on that date.
        var target = await units.GetAsync(request.ToUnitId, on.Year, "to_unit_id", context.CancellationToken);
        // State property moves only within the jurisdiction of whoever moves it: a clerk within the unit's region, an
        // administrator within theirs (a transfer across regions is one for an office over both).
        context.Caller.RequireRegion(target.RegionCode);
        if (!target.IsActive)
        {
            throw new ValidationException("to_unit_id", AssetsMessages.InactiveForTransfer(target.Id, target.Status, on.Year), "INACTIVE_UNIT");
        }
        vehicle.Transfer(target.Id, on, request.Reason.Length > 0 ? request.Reason : null, await store.ClosedThroughAsync(context.CancellationToken), actor, store.Now());
        await store.SaveAsync([(vehicle, row)], null, context.CancellationToken);
        return ProtoMapping.ToProto(vehicle);
    }

    public override async Task<ProtoVehicle> GetVehicle(GetVehicleRequest request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        var (vehicle, _) = await Find(request.Plate, context);
        await RequireVisibleAsync(vehicle, vehicle.Movements[^1].On.Year, actor, context);
        return ProtoMapping.ToProto(vehicle);
    }

    public override async Task<VehicleList> ListVehicles(ListVehiclesRequest request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        var year = Year(request.FiscalYear, "fiscal_year");
        var unit = await units.GetAsync(request.UnitId, year, "unit_id", context.CancellationToken);
        AssetAccess.RequireReader(actor, unit.Id, unit.RegionCode);
        return ProtoMapping.ToProto(unit.Id, year, await store.VehiclesOfAsync(unit.Id, year, context.CancellationToken));
    }

    public override async Task<Inventory> ReportInventory(ReportInventoryRequest request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        var year = Year(request.Ref?.FiscalYear ?? 0, "ref.fiscal_year");
        var unit = await units.GetAsync(request.Ref?.UnitId ?? "", year, "ref.unit_id", context.CancellationToken);
        AssetAccess.RequireKeeper(actor, unit.Id, unit.RegionCode);
        var errors = new List<FieldError>();
        var figures = ProtoMapping.ToDomain(request.Figures ?? new V1.InventoryFigures(), reference, year, errors);
        // Every problem at once: what did not parse and what the inventory's rules refuse in the rest.
        var unpriced = errors.Any(e => e.Field.StartsWith("figures.equipment[", StringComparison.Ordinal) && e.Field.EndsWith(".unit_price", StringComparison.Ordinal));
        var problems = DomainInventory.Problems(figures, year, reference).Concat(DomainInventory.Contradictions(figures, year, reference));
        errors.AddRange((unpriced ? DomainInventory.WithoutEquipmentTotal(problems) : problems).Select(e => e with { Field = "figures." + e.Field }));
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        if (request.ValidateOnly)
        {
            await inventories.CheckAsync(unit.Id, year, figures, context.CancellationToken);
            return await CurrentAsync(unit.Id, year, context.CancellationToken);
        }
        await inventories.ReportAsync(unit, year, figures, InventorySource.Filed, null, actor, context.CancellationToken);
        return await CurrentAsync(unit.Id, year, context.CancellationToken);
    }

    public override async Task<Inventory> GetInventory(InventoryRef request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        var year = Year(request.FiscalYear, "fiscal_year");
        var unit = await units.GetAsync(request.UnitId, year, "unit_id", context.CancellationToken);
        AssetAccess.RequireReader(actor, unit.Id, unit.RegionCode);
        return await CurrentAsync(unit.Id, year, context.CancellationToken);
    }

    /// <summary>The unit's inventory of the year as stored (figures once reported) with its vehicle register and its review steps.</summary>
    private async Task<Inventory> CurrentAsync(string unitId, int year, CancellationToken token)
    {
        var register = ProtoMapping.ToProto(unitId, year, await store.VehiclesOfAsync(unitId, year, token));
        if (await store.FindInventoryAsync(unitId, year, token) is not var (inventory, _))
        {
            return new Inventory { Ref = new InventoryRef { UnitId = unitId, FiscalYear = year }, Register = register };
        }
        var proto = ProtoMapping.ToProto(inventory, register);
        proto.ReviewHistory.AddRange(ReviewHistory.ToProto(await store.StepsAsync(unitId, year, token)));
        return proto;
    }

    public override async Task<Inventory> AcceptInventory(AcceptInventoryRequest request, ServerCallContext context)
    {
        var (actor, unit, inventory, row) = await LoadForReviewerAsync(request.Ref, context);
        inventory.Accept(request.Revision, await store.ClosedThroughAsync(context.CancellationToken), actor, store.Now());
        await store.SaveAsync([], (inventory, row, unit.RegionCode), context.CancellationToken);
        return await CurrentAsync(unit.Id, inventory.FiscalYear, context.CancellationToken);
    }

    public override async Task<Inventory> ReturnInventory(ReturnInventoryRequest request, ServerCallContext context)
    {
        var (actor, unit, inventory, row) = await LoadForReviewerAsync(request.Ref, context);
        inventory.SendBack(request.Comment, request.Revision, await store.ClosedThroughAsync(context.CancellationToken), actor, store.Now());
        await store.SaveAsync([], (inventory, row, unit.RegionCode), context.CancellationToken);
        return await CurrentAsync(unit.Id, inventory.FiscalYear, context.CancellationToken);
    }

    /// <summary>The unit's inventory of the year, for a reviewer of the office over the unit to decide on.</summary>
    private async Task<(Actor, UnitSummary, DomainInventory, InventoryRow)> LoadForReviewerAsync(InventoryRef? r, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        var year = Year(r?.FiscalYear ?? 0, "ref.fiscal_year");
        var unit = await units.GetAsync(r?.UnitId ?? "", year, "ref.unit_id", context.CancellationToken);
        AssetAccess.RequireReviewer(actor, unit.RegionCode);
        return await store.FindInventoryAsync(unit.Id, year, context.CancellationToken) is var (inventory, row)
            ? (actor, unit, inventory, row)
            : throw new NotFoundException("inventory", $"{unit.Id}/{year}");
    }

    public override async Task<InventoryList> ListInventories(ListInventoriesRequest request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        var region = Listing.Region(request.RegionCode, actor);
        AssetAccess.RequireOffice(actor, region);
        var year = Year(request.FiscalYear, "fiscal_year");
        DomainState? state = request.State switch
        {
            V1.InventoryState.Unspecified => null,
            V1.InventoryState.Reported => DomainState.Reported,
            V1.InventoryState.Accepted => DomainState.Accepted,
            V1.InventoryState.Returned => DomainState.Returned,
            var other => throw new ValidationException("state", AssetsMessages.NotAListedState(other.ToString()), "STATE"),
        };
        var size = Listing.PageSize(request.PageSize, DefaultPage, MaxPage);
        // A token continues the listing it came from only: another region, year or state is another list.
        var listing = $"inventories/{region}/{year}/{state}";
        var after = Listing.After<string>(request.PageToken, listing);
        await inventories.PlaceAsync(year, context.CancellationToken);
        // One more than a page is read: a next-page token only when there is a next page (AIP-158).
        var (read, filed, published) = await store.InventoryPageAsync(Jurisdiction.SignificantPrefix(region), year, state, size + 1, after, context.CancellationToken);
        var page = read.Take(size).ToList();
        var list = new InventoryList
        {
            Reported = filed.GetValueOrDefault(nameof(DomainState.Reported)),
            Accepted = filed.GetValueOrDefault(nameof(DomainState.Accepted)),
            Returned = filed.GetValueOrDefault(nameof(DomainState.Returned)),
            Published = published,
        };
        list.Inventories.AddRange(page.Select(ProtoMapping.ToSummary));
        if (read.Count > size)
        {
            list.NextPageToken = Listing.Token(listing, page[^1].UnitId);
        }
        return list;
    }

    private const int DefaultPage = 100;
    private const int MaxPage = 1000;

    public override async Task<Findings> Reconcile(ReconcileRequest request, ServerCallContext context)
    {
        // A write behind a read's name: the stored figures feed the findings reviewers see and the jurisdiction's median,
        // so only the accounts service (validating a return) states them — never a person.
        context.Caller.RequireAnyRole(ServiceRole);
        var year = Year(request.Ref?.FiscalYear ?? 0, "ref.fiscal_year");
        var unit = await units.GetAsync(request.Ref?.UnitId ?? "", year, "ref.unit_id", context.CancellationToken);
        var errors = new List<FieldError>();
        var figures = ProtoMapping.ToDomain(request, errors);
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        await store.SaveFiguresAsync(unit.Id, year, unit.RegionCode, figures, context.CancellationToken);
        return ProtoMapping.ToProto(unit.Id, year, await inventories.FindingsAsync(unit, year, context.CancellationToken));
    }

    public override async Task<Findings> GetFindings(InventoryRef request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        var year = Year(request.FiscalYear, "fiscal_year");
        var unit = await units.GetAsync(request.UnitId, year, "unit_id", context.CancellationToken);
        AssetAccess.RequireReader(actor, unit.Id, unit.RegionCode);
        return ProtoMapping.ToProto(unit.Id, year, await inventories.FindingsAsync(unit, year, context.CancellationToken));
    }

    public override Task<ImportWorkbookResponse> ImportWorkbook(ImportWorkbookRequest request, ServerCallContext context) =>
        workbooks.ImportAsync(request, context.Caller.ToActor(), context.CancellationToken);

    public override Task<ImportDisclosureResponse> ImportDisclosure(ImportDisclosureRequest request, ServerCallContext context) =>
        disclosures.ImportAsync(request, context.Caller.ToActor(), context.CancellationToken);

    internal static int Year(int year, string field) =>
        year is >= 2000 and <= 2100 ? year : throw new ValidationException(field, year == 0 ? Messages.Required : AssetsMessages.NotAFiscalYear(year), "FISCAL_YEAR");

    private async Task<(DomainVehicle, VehicleRow)> Find(string plateText, ServerCallContext context)
    {
        var (plate, problem) = Plate.Parse(plateText);
        if (plate is null)
        {
            throw new ValidationException("plate", problem!, "PLATE");
        }
        return await store.FindByPlateAsync(plate.Value, context.CancellationToken) is { } found
            ? found
            : throw new NotFoundException("vehicle", plate.Value);
    }

    /// <summary>
    /// The vehicle's holder, for a caller who may read the holder's register; to anyone else a vehicle they may not read
    /// is one that does not exist (the same NOT_FOUND as an unknown plate): 403 for a plate and 404 for another told an
    /// outsider which plates the platform holds, and a refusal naming the holder and its region told whose they were.
    /// </summary>
    private async Task<UnitSummary> RequireVisibleAsync(DomainVehicle vehicle, int year, Actor actor, ServerCallContext context)
    {
        var holder = await units.GetAsync(vehicle.Holder, year, "plate", context.CancellationToken);
        return AssetAccess.CanRead(actor, holder.Id, holder.RegionCode) ? holder : throw new NotFoundException("vehicle", vehicle.Plate.Value);
    }

    /// <summary>The vehicle at <paramref name="revision"/> (0 = do not check), changed only by its holder's staff or an administrator over the holder.</summary>
    private async Task<(DomainVehicle, VehicleRow)> LoadForChange(string plateText, long revision, int year, Actor actor, ServerCallContext context)
    {
        var (vehicle, row) = await Find(plateText, context);
        var holder = await RequireVisibleAsync(vehicle, Math.Max(year, vehicle.Movements[^1].On.Year), actor, context);
        AssetAccess.RequireKeeper(actor, holder.Id, holder.RegionCode);
        if (revision != 0 && revision != vehicle.Revision)
        {
            throw new ConcurrencyConflictException(AssetsMessages.StaleVehicle(vehicle.Plate, vehicle.Revision, revision));
        }
        return (vehicle, row);
    }
}
