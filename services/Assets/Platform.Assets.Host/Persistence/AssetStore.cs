using Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Platform.Assets.Domain;
using Platform.Assets.Domain.Inventory;
using Platform.Assets.Domain.Reconciliation;
using Platform.Assets.Domain.Vehicles;
using Platform.Domain;
using Platform.Messaging;

namespace Platform.Assets.Host.Persistence;

/// <summary>
/// Loads and stores the register, the inventories and the return's figures. A command's changes and its events commit
/// in one transaction (the outbox); a plate in service twice is refused by a unique index as well as by the handler.
/// </summary>
internal sealed class AssetStore(AssetsDbContext db, AssetReference reference, TimeProvider time)
{
    /// <summary>Now, at the microsecond PostgreSQL keeps.</summary>
    public DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % (TimeSpan.TicksPerMillisecond / 1000)));
    }

    /// <summary>The one closure row is row 1 (asked for by its key: EF warns of a First without a filter, on every start).</summary>
    private const int ClosureId = 1;

    public async Task<int> ClosedThroughAsync(CancellationToken token) =>
        (await db.Closure.AsNoTracking().FirstOrDefaultAsync(r => r.Id == ClosureId, token))?.ClosedThrough ?? 0;

    public async Task CloseThroughAsync(int year, CancellationToken token)
    {
        var row = await db.Closure.FirstOrDefaultAsync(r => r.Id == ClosureId, token);
        if (row is null)
        {
            db.Closure.Add(new ClosureRow { Id = ClosureId, ClosedThrough = year });
        }
        else if (year > row.ClosedThrough)
        {
            row.ClosedThrough = year;
        }
    }

    /// <summary>The vehicle in service with this plate, else the one disposed of last; tracked for an update.</summary>
    public async Task<(Vehicle Vehicle, VehicleRow Row)?> FindByPlateAsync(string plate, CancellationToken token)
    {
        var rows = await db.Vehicles.Include(v => v.Movements).Where(v => v.Plate == plate).ToListAsync(token);
        var row = rows.FirstOrDefault(r => r.Status == nameof(VehicleStatus.InService)) ?? rows.OrderByDescending(r => r.Movements.Max(m => m.On)).FirstOrDefault();
        return row is null ? null : (row.ToDomain(reference), row);
    }

    public async Task<bool> PlateInServiceAsync(string plate, CancellationToken token) =>
        await db.Vehicles.AnyAsync(v => v.Plate == plate && v.Status == nameof(VehicleStatus.InService), token);

    /// <summary>Every vehicle whose movements up to the end of the year name the unit.</summary>
    public async Task<IReadOnlyList<Vehicle>> VehiclesOfAsync(string unitId, int fiscalYear, CancellationToken token)
    {
        var yearEnd = new DateOnly(fiscalYear, 12, 31);
        var ids = db.Movements.Where(m => m.On <= yearEnd && (m.ToUnit == unitId || m.FromUnit == unitId)).Select(m => m.VehicleId).Distinct();
        var rows = await db.Vehicles.AsNoTracking().Include(v => v.Movements).Where(v => ids.Contains(v.Id)).OrderBy(v => v.Plate).ToListAsync(token);
        return rows.Select(r => r.ToDomain(reference)).ToList();
    }

    /// <summary>The vehicles a unit holds now, tracked (a merge moves them).</summary>
    public async Task<IReadOnlyList<(Vehicle, VehicleRow)>> HeldByAsync(string unitId, CancellationToken token)
    {
        var rows = await db.Vehicles.Include(v => v.Movements).Where(v => v.Holder == unitId && v.Status == nameof(VehicleStatus.InService)).ToListAsync(token);
        return rows.Select(r => (r.ToDomain(reference), r)).ToList();
    }

    /// <summary>The inventory's reports and the office's decisions, oldest first.</summary>
    public Task<IReadOnlyList<ReviewStep>> StepsAsync(string unitId, int fiscalYear, CancellationToken token) =>
        db.ReviewStepsAsync(unitId, fiscalYear, "", token);

    public async Task<(AssetInventory Inventory, InventoryRow Row)?> FindInventoryAsync(string unitId, int fiscalYear, CancellationToken token)
    {
        var row = await db.Inventories.FirstOrDefaultAsync(r => r.UnitId == unitId && r.FiscalYear == fiscalYear, token);
        return row is null ? null : (row.ToDomain(), row);
    }

    /// <summary>The units of the year's inventories whose region is not known yet (stored before it was kept).</summary>
    public async Task<IReadOnlyList<string>> UnplacedAsync(int fiscalYear, CancellationToken token) =>
        await db.Inventories.AsNoTracking().Where(r => r.FiscalYear == fiscalYear && r.RegionCode == null).Select(r => r.UnitId).ToListAsync(token);

    /// <summary>Keeps the unit's region in the year on its inventory row (no new revision: nothing the unit reported changes).</summary>
    public async Task PlaceAsync(string unitId, int fiscalYear, string regionCode, CancellationToken token) =>
        await db.Inventories.Where(r => r.UnitId == unitId && r.FiscalYear == fiscalYear && r.RegionCode == null)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.RegionCode, regionCode), token);

    /// <summary>
    /// A page of the year's inventories under <paramref name="regionPrefix"/> by unit, after <paramref name="afterUnit"/>,
    /// optionally filed ones in one state; and the counts over the jurisdiction: filed by state, publications apart.
    /// </summary>
    public async Task<(IReadOnlyList<InventoryRow> Page, IReadOnlyDictionary<string, int> Filed, int Published)> InventoryPageAsync(
        string regionPrefix, int fiscalYear, InventoryState? state, int take, string? afterUnit, CancellationToken token)
    {
        var all = db.Inventories.AsNoTracking().Where(r => r.FiscalYear == fiscalYear && r.RegionCode != null && r.RegionCode.StartsWith(regionPrefix));
        var filed = nameof(InventorySource.Filed);
        var query = state is { } wanted ? all.Where(r => r.Source == filed && r.State == wanted.ToString()) : all;
        if (afterUnit is not null)
        {
            query = query.Where(r => string.Compare(r.UnitId, afterUnit) > 0);
        }
        var page = await query.OrderBy(r => r.UnitId).Take(take).ToListAsync(token);
        var counts = await all.GroupBy(r => new { r.Source, r.State }).Select(g => new { g.Key.Source, g.Key.State, Count = g.Count() }).ToListAsync(token);
        return (page, counts.Where(c => c.Source == filed).ToDictionary(c => c.State, c => c.Count), counts.Where(c => c.Source != filed).Sum(c => c.Count));
    }

    public async Task<ReturnFigures?> FiguresAsync(string unitId, int fiscalYear, CancellationToken token) =>
        (await db.ReturnFigures.AsNoTracking().FirstOrDefaultAsync(r => r.UnitId == unitId && r.FiscalYear == fiscalYear, token))?.ToDomain();

    /// <summary>Operating cost per vehicle of the other units of the jurisdiction (region codes under <paramref name="regionPrefix"/>) in the year.</summary>
    public async Task<IReadOnlyList<decimal>> PeerCostsAsync(string unitId, int fiscalYear, string regionPrefix, CancellationToken token) =>
        await db.ReturnFigures.AsNoTracking()
            .Where(r => r.FiscalYear == fiscalYear && r.UnitId != unitId && r.CostPerVehicle != null && r.RegionCode.StartsWith(regionPrefix))
            .Select(r => r.CostPerVehicle!.Value).ToListAsync(token);

    /// <summary>Keeps the return's figures (the latest validation's) for the unit and year.</summary>
    public async Task SaveFiguresAsync(string unitId, int fiscalYear, string regionCode, ReturnFigures figures, CancellationToken token)
    {
        var row = await db.ReturnFigures.FirstOrDefaultAsync(r => r.UnitId == unitId && r.FiscalYear == fiscalYear, token);
        if (row is null)
        {
            row = new ReturnFiguresRow { UnitId = unitId, FiscalYear = fiscalYear };
            db.ReturnFigures.Add(row);
        }
        row.RegionCode = regionCode;
        row.Figures = System.Text.Json.JsonSerializer.Serialize(figures, InventoryRow.Json);
        row.CostPerVehicle = figures is { VehicleOperation: { } operation, FleetCount: > 0 } ? Math.Round(operation / figures.FleetCount!.Value, 2, MidpointRounding.AwayFromZero) : null;
        row.ReceivedAt = Now();
        try
        {
            await db.SaveChangesAsync(token);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Two validations of the same return at once both found no row: the race is lost, not the figures. Reconcile is
            // idempotent, so it is run again and updates the row the other one created.
            throw new Platform.Domain.ConcurrencyConflictException(AssetsMessages.FiguresStoredConcurrently(unitId, fiscalYear));
        }
    }

    /// <summary>Stores vehicles (row null: new) and an inventory of a unit in a region with the events they raised, in one transaction.</summary>
    public async Task SaveAsync(
        IReadOnlyList<(Vehicle Vehicle, VehicleRow? Row)> vehicles, (AssetInventory Inventory, InventoryRow? Row, string RegionCode)? inventory, CancellationToken token)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            foreach (var (v, existing) in vehicles)
            {
                var row = existing ?? new VehicleRow();
                row.CopyFrom(v);
                if (existing is null)
                {
                    db.Vehicles.Add(row);
                }
                foreach (var @event in v.Events)
                {
                    db.AddEvent(@event, Now());
                }
            }
            if (inventory is var (i, existingInventory, regionCode))
            {
                var row = existingInventory ?? new InventoryRow();
                row.CopyFrom(i, regionCode);
                if (existingInventory is null)
                {
                    db.Inventories.Add(row);
                }
                foreach (var @event in i.Events)
                {
                    db.AddEvent(@event, Now());
                    if (AssetInventory.StepOf(@event) is { } step)
                    {
                        db.AddReviewStep(i.UnitId, i.FiscalYear, "", step);
                    }
                }
            }
            try
            {
                await db.SaveChangesAsync(token);
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation())
            {
                throw new ConflictException(AssetsMessages.PlateRegisteredConcurrently);
            }
            await transaction.CommitAsync(token);
        });
        foreach (var (v, _) in vehicles)
        {
            v.ClearEvents();
        }
        inventory?.Inventory.ClearEvents();
    }

}
