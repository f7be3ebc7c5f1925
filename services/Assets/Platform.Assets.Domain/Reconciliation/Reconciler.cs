using System.Globalization;
using Platform.Assets.Domain.Inventory;

namespace Platform.Assets.Domain.Reconciliation;

/// <summary>
/// What a unit's final-accounts return states about its vehicles and assets (amounts in 元): the "三公" table (Z07,
/// 决算数 column) and 国有资产占用情况 (F03). Null where the return leaves a figure blank.
/// </summary>
public sealed record ReturnFigures(
    int? FleetCount, int? PurchasedCount, decimal? VehiclePurchase, decimal? VehicleOperation,
    decimal? FixedAssets, int? Vehicles, decimal? VehiclesValue, IReadOnlyDictionary<string, int> VehiclesByRow,
    decimal? BuildingsArea, decimal? BuildingsValue, int? Equipment);

/// <summary>What the register says of a unit's fiscal year: vehicles held at 31 December (by category code), and those acquired during the year.</summary>
public sealed record RegisterView(int Held, decimal HeldValue, IReadOnlyDictionary<string, int> HeldByCategory, int Acquired, decimal AcquiredValue, bool Any)
{
    /// <summary>
    /// From the vehicles whose movements name the unit: held = its holder at the end of 31 December; acquired = entered
    /// the register with the unit during the year (a purchase or an allocation from outside the platform: a move between
    /// units of the platform is a transfer, not a purchase).
    /// </summary>
    public static RegisterView Of(string unitId, int fiscalYear, IEnumerable<Platform.Assets.Domain.Vehicles.Vehicle> vehicles)
    {
        var yearEnd = new DateOnly(fiscalYear, 12, 31);
        var list = vehicles.ToList();
        var held = list.Where(v => v.HolderAt(yearEnd) == unitId).ToList();
        var acquired = list.Where(v => v.Movements[0].ToUnit == unitId && v.AcquiredOn.Year == fiscalYear).ToList();
        return new RegisterView(held.Count, held.Sum(v => v.OriginalValue),
            held.GroupBy(v => v.Category.Code).ToDictionary(g => g.Key, g => g.Count()),
            acquired.Count, acquired.Sum(v => v.OriginalValue),
            list.Any(v => v.Movements.Any(m => m.On <= yearEnd && (m.ToUnit == unitId || m.FromUnit == unitId))));
    }
}

/// <summary>
/// A difference between the inventory and the return that the unit must explain in writing before the finance office
/// approves the return: <see cref="Cell"/> is the return's cell, <see cref="ExplainAt"/> the row the explanation goes on.
/// </summary>
public sealed record ReconciliationFinding(string Code, string Cell, string ExplainAt, string Expected, string Actual, string Message);

/// <summary>
/// Reconciles the inventory (the register, or the figures of an inventory where there is no register) with the return:
/// vehicles held against 公务用车保有量, vehicles purchased against 购置数 and 公务用车购置费, the operating cost per vehicle
/// against the jurisdiction's median, vehicles above quota, and the asset figures against 国有资产占用情况.
/// </summary>
public static class Reconciler
{
    public const string Fleet = "ASSET-FLEET";
    public const string PurchasedCount = "ASSET-PURCHASED-COUNT";
    public const string PurchaseCost = "ASSET-PURCHASE-COST";
    public const string OperatingCost = "ASSET-OPERATING-COST";
    public const string Quota = "ASSET-QUOTA";
    public const string AssetVehicles = "ASSET-F03-VEHICLES";
    public const string AssetCategory = "ASSET-F03-CATEGORY";
    public const string AssetTotals = "ASSET-F03-TOTALS";
    /// <summary>A 国有资产占用情况 figure the return leaves blank while the inventory or register has one.</summary>
    public const string BlankFigure = "ASSET-F03-BLANK";
    public const string NothingToCompare = "ASSET-NO-INVENTORY";

    public static IReadOnlyList<ReconciliationFinding> Check(
        int fiscalYear, ReturnFigures r, RegisterView register, AssetInventory? inventory, VehicleQuota? quota,
        IReadOnlyList<decimal> peerCostPerVehicle, AssetReference reference)
    {
        var findings = new List<ReconciliationFinding>();
        var settings = reference.Reconciliation;
        var categories = reference.VehicleCategories(fiscalYear);

        // Vehicles held: the register where the unit has one, else what its inventory states.
        var stated = inventory?.Figures;
        int? held = register.Any ? register.Held
            : stated?.Vehicles ?? (stated?.VehiclesByCategory.Count > 0 ? stated.VehiclesByCategory.Values.Sum() : null);
        IReadOnlyDictionary<string, int>? heldByCategory = register.Any ? register.HeldByCategory
            : stated?.VehiclesByCategory.Count > 0 ? stated.VehiclesByCategory : null;
        var heldSource = register.Any ? AssetsMessages.FromRegister : AssetsMessages.FromInventory(inventory?.Source);

        // Absence of the other side is a finding, not agreement: the return states vehicles, and neither a register nor an
        // inventory of the year says anything about them.
        var statedVehicles = r.FleetCount is > 0 ? r.FleetCount : r.Vehicles is > 0 ? r.Vehicles : null;
        if (held is null && statedVehicles is { } claimed)
        {
            findings.Add(new(NothingToCompare, r.FleetCount is > 0 ? "Z07[FLEET_COUNT,FINAL]" : "F03[VEHICLES,AMT]", r.FleetCount is > 0 ? "Z07[FLEET_COUNT]" : "F03[VEHICLES]",
                "", Text(claimed),
                AssetsMessages.NothingToCompare(claimed, fiscalYear)));
        }
        if (held is { } h && r.FleetCount is { } fleet && h != fleet)
        {
            findings.Add(new(Fleet, "Z07[FLEET_COUNT,FINAL]", "Z07[FLEET_COUNT]", Text(h), Text(fleet),
                AssetsMessages.FleetDiffers(heldSource, h, fiscalYear, fleet)));
        }
        if (register.Any && r.PurchasedCount is { } purchased && purchased != register.Acquired)
        {
            findings.Add(new(PurchasedCount, "Z07[PURCHASED_COUNT,FINAL]", "Z07[PURCHASED_COUNT]", Text(register.Acquired), Text(purchased),
                AssetsMessages.PurchasedDiffers(register.Acquired, fiscalYear, purchased)));
        }
        if (register.Any && r.VehiclePurchase is { } cost && Math.Abs(cost - register.AcquiredValue) > settings.AmountTolerance)
        {
            findings.Add(new(PurchaseCost, "Z07[VEHICLE_PURCHASE,FINAL]", "Z07[VEHICLE_PURCHASE]", Text(register.AcquiredValue), Text(cost),
                AssetsMessages.PurchaseCostDiffers(fiscalYear, register.AcquiredValue, cost)));
        }
        if (r is { VehicleOperation: { } operation, FleetCount: > 0 } && peerCostPerVehicle.Count >= settings.MinimumUnits)
        {
            var perVehicle = Math.Round(operation / r.FleetCount!.Value, 2, MidpointRounding.AwayFromZero);
            var median = Median(peerCostPerVehicle);
            if (median > 0 && (perVehicle > median * settings.OperatingCostFactor || perVehicle < median / settings.OperatingCostFactor))
            {
                findings.Add(new(OperatingCost, "Z07[VEHICLE_OPERATION,FINAL]", "Z07[VEHICLE_OPERATION]", Text(median), Text(perVehicle),
                    AssetsMessages.OperatingCostApart(perVehicle, peerCostPerVehicle.Count, median, settings.OperatingCostFactor)));
            }
        }
        if (quota is not null && heldByCategory is not null)
        {
            foreach (var (code, limit) in quota.Categories)
            {
                var count = heldByCategory.GetValueOrDefault(code);
                if (count > limit)
                {
                    var category = categories.First(c => c.Code == code);
                    findings.Add(new(Quota, $"F03[{category.Row},AMT]", $"F03[{category.Row}]", Text(limit), Text(count),
                        AssetsMessages.AboveQuota(count, category.Name, limit, quota.FromYear)));
                }
            }
        }
        if (held is { } all && r.Vehicles is { } f03 && all != f03)
        {
            findings.Add(new(AssetVehicles, "F03[VEHICLES,AMT]", "F03[VEHICLES]", Text(all), Text(f03),
                AssetsMessages.VehiclesDiffer(heldSource, all, f03)));
        }
        if (heldByCategory is not null)
        {
            foreach (var category in categories)
            {
                var count = heldByCategory.GetValueOrDefault(category.Code);
                if (r.VehiclesByRow.TryGetValue(category.Row, out var printed) && printed != count)
                {
                    findings.Add(new(AssetCategory, $"F03[{category.Row},AMT]", $"F03[{category.Row}]", Text(count), Text(printed),
                        AssetsMessages.CategoryDiffers(heldSource, count, category.Name, printed)));
                }
            }
        }
        // A blank in a 国有资产占用情况 the return fills elsewhere is not agreement: the disclosure prints it as 0 (房屋 0 平方米，
        // 价值 0 万元 beside an inventory of 3.8 million). A return that fills none of the table (a template without it, or the
        // table left blank) says nothing. The vehicles' total is not a sign of filling: templates compute it from the
        // category rows, so a filed return carries 0 there even when the table is blank.
        var assetTableFilled = r.FixedAssets is not null || r.VehiclesValue is not null || r.BuildingsArea is not null
            || r.BuildingsValue is not null || r.Equipment is not null || r.VehiclesByRow.Count > 0;
        bool Differs(decimal ours, decimal? printed, decimal tolerance) =>
            printed is { } p ? Math.Abs(ours - p) > tolerance : assetTableFilled && ours > tolerance;
        string Printed(decimal? printed) => printed is { } p ? Text(p) : "";
        string Code(decimal? printed) => printed is null ? BlankFigure : AssetTotals;
        if (inventory is not null)
        {
            void Compare(decimal? ours, decimal? theirs, string row, string what)
            {
                if (ours is { } o && Differs(o, theirs, settings.AmountTolerance))
                {
                    findings.Add(new(Code(theirs), $"F03[{row},AMT]", $"F03[{row}]", Text(o), Printed(theirs), AssetsMessages.InventoryFigureDiffers(what, o, theirs)));
                }
            }
            Compare(inventory.FixedAssets, r.FixedAssets, "FIXED_ASSETS", AssetsMessages.FixedAssetsValue);
            Compare(inventory.Figures.BuildingsValue, r.BuildingsValue, "BUILDINGS_VALUE", AssetsMessages.BuildingsValue);
            if (inventory.Figures.BuildingsArea is { } area && Differs(area, r.BuildingsArea, 0))
            {
                findings.Add(new(Code(r.BuildingsArea), "F03[BUILDINGS_AREA,AMT]", "F03[BUILDINGS_AREA]", Text(area), Printed(r.BuildingsArea), AssetsMessages.BuildingsAreaDiffers(area, r.BuildingsArea)));
            }
            if (inventory.EquipmentCount is { } equipment && Differs(equipment, r.Equipment, 0))
            {
                findings.Add(new(Code(r.Equipment), "F03[EQUIPMENT_1M,AMT]", "F03[EQUIPMENT_1M]", Text(equipment), Printed(r.Equipment),
                    AssetsMessages.EquipmentDiffers(equipment, r.Equipment)));
            }
        }
        if (register.Any && Differs(register.HeldValue, r.VehiclesValue, settings.AmountTolerance))
        {
            findings.Add(new(Code(r.VehiclesValue), "F03[VEHICLES_VALUE,AMT]", "F03[VEHICLES_VALUE]", Text(register.HeldValue), Printed(r.VehiclesValue),
                AssetsMessages.VehiclesValueDiffers(register.HeldValue, r.VehiclesValue)));
        }
        return findings;
    }

    public static decimal Median(IReadOnlyList<decimal> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Text(decimal value) => Platform.Domain.DecimalText.Canonical(value);
}
