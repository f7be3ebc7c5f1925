using Microsoft.Extensions.Logging;
using Platform.Assets.Domain;
using Platform.Assets.Domain.Inventory;
using Platform.Assets.Domain.Reconciliation;
using Platform.Assets.Domain.Vehicles;
using Platform.Assets.Host.Grpc;
using Platform.Assets.Host.Persistence;
using Platform.Assets.V1;
using Platform.Domain;
using Platform.Registry.Client;
using DomainVehicle = Platform.Assets.Domain.Vehicles.Vehicle;

using InventoryFigures = Platform.Assets.Domain.Inventory.InventoryFigures;
using Equipment = Platform.Assets.Domain.Inventory.Equipment;
using AssetInventory = Platform.Assets.Domain.Inventory.AssetInventory;

namespace Platform.Assets.Host;

/// <summary>
/// The steps the rpcs and the imports share: checking and building an acquisition, replacing a unit's inventory, and
/// reconciling a unit's year (register or inventory against the return's figures last received).
/// </summary>
internal sealed partial class InventoryService(AssetReference reference, AssetStore store, IUnitLookup units, ILogger<InventoryService> logger)
{
    /// <summary>
    /// A new vehicle for the unit: every field checked at once (field names prefixed with <paramref name="prefix"/>),
    /// the plate not in service already, the unit known and active, the year open. Not stored yet.
    /// </summary>
    public async Task<DomainVehicle> AcquireAsync(Actor actor, AcquireVehicleRequest request, string prefix, CancellationToken token, ISet<string>? platesInBatch = null)
    {
        var errors = new List<FieldError>();
        var on = ProtoMapping.Date(request.AcquiredOn, prefix + "acquired_on", errors);
        // The caller's right to the unit before the register is consulted: whether a plate is in service anywhere is not an
        // outsider's to learn (it was looked up first). With no date to find the unit's year by, the lookup waits for the
        // next round, which the date's own error makes anyway.
        UnitSummary? unit = null;
        if (on != default)
        {
            unit = await units.GetAsync(request.UnitId, on.Year, prefix + "unit_id", token);
            AssetAccess.RequireKeeper(actor, unit.Id, unit.RegionCode);
        }
        var (plate, problem) = Plate.Parse(request.Plate);
        if (plate is null)
        {
            errors.Add(new FieldError(prefix + "plate", problem!, "PLATE"));
        }
        else if (platesInBatch is not null && !platesInBatch.Add(plate.Value))
        {
            errors.Add(new FieldError(prefix + "plate", AssetsMessages.PlateTwiceInFile(plate), "DUPLICATE_PLATE"));
        }
        else if (unit is not null && await store.PlateInServiceAsync(plate.Value, token))
        {
            errors.Add(new FieldError(prefix + "plate", AssetsMessages.PlateInService(plate), "DUPLICATE_PLATE"));
        }
        Platform.Assets.Domain.VehicleCategory? category = null;
        if (on != default)
        {
            errors.AddRange(DomainVehicle.DateProblems(on, store.Now(), prefix + "acquired_on"));
        }
        try
        {
            // With the other fields' problems, not in a round of its own after them — a date that did not read too (the
            // categories are the year's; without a date, this year's are the best guess: a blank or unknown category was
            // said only in the round after the date's).
            category = reference.VehicleCategory(request.Category, on != default ? on.Year : ChinaTime.DateOf(store.Now()).Year, prefix + "category");
        }
        catch (ValidationException ex)
        {
            errors.AddRange(ex.Errors);
        }
        var value = ProtoMapping.Amount(request.OriginalValue, prefix + "original_value", errors);
        if (value is { } v)
        {
            errors.AddRange(DomainVehicle.ValueProblems(v, prefix + "original_value"));
        }
        else if (!errors.Any(e => e.Field == prefix + "original_value"))
        {
            errors.Add(new FieldError(prefix + "original_value", AssetsMessages.OriginalValueRequired, "REQUIRED"));
        }
        if (errors.Count > 0 || unit is null)
        {
            throw new ValidationException(errors);
        }
        if (!unit.IsActive)
        {
            throw new ValidationException(prefix + "unit_id", AssetsMessages.InactiveForAcquisition(unit.Id, unit.Status, on.Year), "INACTIVE_UNIT");
        }
        try
        {
            return DomainVehicle.Acquire(Guid.NewGuid().ToString("N"), plate!, category!, value!.Value, unit.Id, on, request.Reason.Length > 0 ? request.Reason : null,
                await store.ClosedThroughAsync(token), actor, store.Now());
        }
        catch (ValidationException ex) when (prefix.Length > 0)
        {
            throw new ValidationException(ex.Errors.Select(e => e with { Field = prefix + e.Field }).ToList());
        }
    }

    /// <summary>Replaces the unit's inventory of the year (a new revision) and stores it with its event.</summary>
    public async Task<AssetInventory> ReportAsync(
        UnitSummary unit, int fiscalYear, InventoryFigures figures, InventorySource source, string? document, Actor actor, CancellationToken token)
    {
        var (inventory, row) = await ReportedAsync(unit.Id, fiscalYear, figures, source, document, token, actor.Subject);
        await store.SaveAsync([], (inventory, row, unit.RegionCode), token);
        return inventory;
    }

    /// <summary>The inventory as a report would make it, every check made (the year open, the figures' rules); not stored.</summary>
    private async Task<(AssetInventory Inventory, InventoryRow? Row)> ReportedAsync(
        string unitId, int fiscalYear, InventoryFigures figures, InventorySource source, string? document, CancellationToken token, string? reportedBy = null)
    {
        var existing = await store.FindInventoryAsync(unitId, fiscalYear, token);
        return (AssetInventory.Report(unitId, fiscalYear, figures, source, document, reference, await store.ClosedThroughAsync(token), existing?.Inventory, store.Now(), reportedBy),
            existing?.Row);
    }

    /// <summary>Every check a report makes (the year open, the figures' rules), storing nothing: a report's validate_only.</summary>
    public async Task CheckAsync(string unitId, int fiscalYear, InventoryFigures figures, CancellationToken token) =>
        await ReportedAsync(unitId, fiscalYear, figures, InventorySource.Filed, null, token);

    /// <summary>
    /// The region of each of the year's inventories stored before the region was kept, from the registry (once: it is kept).
    /// A unit the registry does not know for the year is placed nowhere ("": in no office's list, never looked up again);
    /// a registry that does not answer fails the list (UNAVAILABLE) rather than leave it short without a word — the office's
    /// home would name units that did report among those that did not.
    /// </summary>
    public async Task PlaceAsync(int fiscalYear, CancellationToken token)
    {
        foreach (var unitId in await store.UnplacedAsync(fiscalYear, token))
        {
            try
            {
                var unit = await units.GetAsync(unitId, fiscalYear, "unit_id", token);
                await store.PlaceAsync(unit.Id, fiscalYear, unit.RegionCode, token);
            }
            catch (Exception ex) when (ex is ValidationException or NotFoundException)
            {
                await store.PlaceAsync(unitId, fiscalYear, "", token);
                Log.Unplaceable(logger, unitId, fiscalYear);
            }
        }
    }

    /// <summary>The reconciliation of the unit's year, or null when the return's figures have not been received.</summary>
    public async Task<IReadOnlyList<ReconciliationFinding>?> FindingsAsync(UnitSummary unit, int fiscalYear, CancellationToken token)
    {
        if (await store.FiguresAsync(unit.Id, fiscalYear, token) is not { } figures)
        {
            return null;
        }
        var register = RegisterView.Of(unit.Id, fiscalYear, await store.VehiclesOfAsync(unit.Id, fiscalYear, token));
        var inventory = (await store.FindInventoryAsync(unit.Id, fiscalYear, token))?.Inventory;
        // The jurisdiction for the median: the prefecture or city (the first four digits of the division code).
        var peers = await store.PeerCostsAsync(unit.Id, fiscalYear, unit.RegionCode[..Math.Min(4, unit.RegionCode.Length)], token);
        return Reconciler.Check(fiscalYear, figures, register, inventory, reference.QuotaFor(unit.Id, fiscalYear), peers, reference);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Inventory of {UnitId} for {FiscalYear} has a unit the registry does not know: listed in no jurisdiction")]
        public static partial void Unplaceable(ILogger logger, string unitId, int fiscalYear);
    }
}
