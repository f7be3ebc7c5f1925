using Platform.Assets.Host.Persistence;
using System.Globalization;
using Platform.Assets.Domain;
using Platform.Assets.Domain.Inventory;
using Platform.Assets.Domain.Reconciliation;
using Platform.Assets.Domain.Vehicles;
using Platform.Domain;
using Proto = Platform.Assets.V1;

namespace Platform.Assets.Host.Grpc;

/// <summary>Domain ⇄ protobuf, in one place. Amounts travel as exact decimal strings in 元, dates as YYYY-MM-DD; "" = not stated.</summary>
internal static class ProtoMapping
{
    public static string F(decimal? value) => DecimalText.Canonical(value);

    public static string D(DateOnly? on) => on?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    public static DateOnly Date(string text, string field, List<FieldError>? errors = null)
    {
        var read = PrintedDate.Read(text);
        if (read.Problem == DateProblem.None)
        {
            return read.Date;
        }
        var error = new FieldError(field, AssetsMessages.DateNotRead(text, read.Problem), "DATE");
        if (errors is null)
        {
            throw new ValidationException([error]);
        }
        errors.Add(error);
        return default;
    }

    /// <summary>A decimal typed as text: a number, "" = not stated (null); errors collected.</summary>
    public static decimal? Amount(string? text, string field, List<FieldError> errors)
    {
        var read = PrintedNumber.Read(text);
        if (read.Problem == NumberProblem.Blank)
        {
            return null;
        }
        if (read.Ok && !read.Percent)
        {
            return read.Value;
        }
        errors.Add(new FieldError(field, AssetsMessages.NotANumber(text!), "NOT_A_NUMBER"));
        return null;
    }

    public static int? Count(string? text, string field, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        errors.Add(new FieldError(field, AssetsMessages.NotACount(text), "NOT_A_COUNT"));
        return null;
    }

    public static Proto.Vehicle ToProto(Vehicle v)
    {
        var proto = new Proto.Vehicle
        {
            Id = v.Id, Plate = v.Plate.Value, Category = v.Category.Code, CategoryName = v.Category.Name, OriginalValue = F(v.OriginalValue),
            Status = v.Status == VehicleStatus.InService ? "IN_SERVICE" : "DISPOSED", HolderUnitId = v.Holder, AcquiredOn = D(v.AcquiredOn), Revision = v.Revision,
        };
        proto.Movements.AddRange(v.Movements.Select(m => new Proto.Movement
        {
            Kind = m.Kind.ToString().ToUpperInvariant(), On = D(m.On), FromUnitId = m.FromUnit ?? "", ToUnitId = m.ToUnit ?? "", Reason = m.Reason ?? "", By = m.Actor,
        }));
        return proto;
    }

    public static Proto.VehicleList ToProto(string unitId, int fiscalYear, IReadOnlyList<Vehicle> vehicles)
    {
        var view = RegisterView.Of(unitId, fiscalYear, vehicles);
        var yearEnd = new DateOnly(fiscalYear, 12, 31);
        var list = new Proto.VehicleList { Held = view.Held, HeldValue = F(view.HeldValue), Acquired = view.Acquired, AcquiredValue = F(view.AcquiredValue) };
        list.HeldByCategory.Add(view.HeldByCategory.ToDictionary());
        foreach (var v in vehicles)
        {
            var holder = v.HolderAt(yearEnd);
            var status = holder == unitId ? "HELD"
                : holder is null && v.Movements.Any(m => m.Kind == MovementKind.Disposal && m.FromUnit == unitId && m.On.Year == fiscalYear) ? "DISPOSED"
                : v.Movements.Any(m => m.Kind == MovementKind.Transfer && m.FromUnit == unitId && m.On.Year == fiscalYear) ? "TRANSFERRED_OUT"
                : null;
            if (status is not null)
            {
                list.Vehicles.Add(new Proto.HeldVehicle { Vehicle = AsSeenBy(v, unitId), StatusForUnit = status });
            }
        }
        return list;
    }

    /// <summary>
    /// The vehicle in <paramref name="unitId"/>'s register: whole while the unit holds it; once it left the unit, as the
    /// unit last knew it — its movements up to the one that took it away, held by whom that one gave it to. What the next
    /// holder does with it (a transfer on, a disposal, who did it) is that holder's and its office's business, not the
    /// former holder's (an outside look read a later holder's moves in another prefecture from a former holder's register).
    /// </summary>
    private static Proto.Vehicle AsSeenBy(Vehicle v, string unitId)
    {
        var proto = ToProto(v);
        var left = v.Holder == unitId ? -1 : v.Movements.ToList().FindLastIndex(m => m.FromUnit == unitId);
        if (left < 0)
        {
            return proto;
        }
        var departure = v.Movements[left];
        while (proto.Movements.Count > left + 1)
        {
            proto.Movements.RemoveAt(proto.Movements.Count - 1);
        }
        proto.HolderUnitId = departure.ToUnit ?? "";
        proto.Status = departure.Kind == MovementKind.Disposal ? "DISPOSED" : "IN_SERVICE";
        return proto;
    }

    public static InventoryFigures ToDomain(Proto.InventoryFigures f, AssetReference reference, int fiscalYear, List<FieldError> errors)
    {
        var assetCategories = reference.AssetCategories(fiscalYear);
        var fixedAssets = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (key, text) in f.FixedAssets)
        {
            var code = assetCategories.FirstOrDefault(c => c.Code == key || c.Name == key)?.Code ?? key;
            if (Amount(text, $"figures.fixed_assets[{key}]", errors) is { } value)
            {
                fixedAssets[code] = value;
            }
        }
        var vehicleCategories = reference.VehicleCategories(fiscalYear);
        var vehicles = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, count) in f.Vehicles)
        {
            vehicles[vehicleCategories.FirstOrDefault(c => c.IsCalled(key))?.Code ?? key] = count;
        }
        var equipment = f.Equipment.Select((e, i) => new Equipment(e.Name, UnitPrice(e.UnitPrice, $"figures.equipment[{i}].unit_price", errors), e.Quantity == 0 ? 1 : e.Quantity,
            e.AcquiredOn.Length > 0 ? Date(e.AcquiredOn, $"figures.equipment[{i}].acquired_on", errors) : null)).ToList();
        return new InventoryFigures(fixedAssets, Amount(f.FixedAssetsTotal, "figures.fixed_assets_total", errors), Amount(f.BuildingsArea, "figures.buildings_area", errors),
            Amount(f.BuildingsValue, "figures.buildings_value", errors), equipment, Count(f.EquipmentCount, "figures.equipment_count", errors), vehicles,
            Count(f.VehiclesTotal, "figures.vehicles_total", errors), Amount(f.VehiclesValue, "figures.vehicles_value", errors));
    }

    public static Proto.InventoryFigures ToProto(InventoryFigures f)
    {
        var proto = new Proto.InventoryFigures
        {
            FixedAssetsTotal = F(f.FixedAssetsTotal), BuildingsArea = F(f.BuildingsArea), BuildingsValue = F(f.BuildingsValue),
            EquipmentCount = f.EquipmentCount?.ToString(CultureInfo.InvariantCulture) ?? "", VehiclesTotal = f.Vehicles?.ToString(CultureInfo.InvariantCulture) ?? "",
            VehiclesValue = F(f.VehiclesValue),
        };
        proto.FixedAssets.Add(f.FixedAssetsByCategory.ToDictionary(p => p.Key, p => F(p.Value)));
        proto.Vehicles.Add(f.VehiclesByCategory.ToDictionary(p => p.Key, p => p.Value));
        proto.Equipment.AddRange(f.Equipment.Select(e => new Proto.Equipment { Name = e.Name, UnitPrice = F(e.UnitPrice), Quantity = e.Quantity, AcquiredOn = D(e.AcquiredOn) }));
        return proto;
    }

    public static Proto.Inventory ToProto(AssetInventory i, Proto.VehicleList register) => new()
    {
        Ref = new Proto.InventoryRef { UnitId = i.UnitId, FiscalYear = i.FiscalYear },
        Source = i.Source == InventorySource.Filed ? "FILED" : "PUBLICATION",
        SourceDocument = i.SourceDocument ?? "",
        Figures = ToProto(i.Figures),
        Revision = i.Revision,
        Register = register,
        State = ToProto(i.State),
        ReportedAt = Timestamp(i.ReportedAt),
        DecidedBy = i.Decision?.By ?? "",
        DecidedAt = Timestamp(i.Decision?.At),
        ReturnComment = i.Decision?.Comment ?? "",
    };

    public static Proto.InventoryState ToProto(InventoryState state) => state switch
    {
        InventoryState.Reported => Proto.InventoryState.Reported,
        InventoryState.Accepted => Proto.InventoryState.Accepted,
        InventoryState.Returned => Proto.InventoryState.Returned,
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    /// <summary>An inventory as the office's list shows it (the stored columns: the figures are not read).</summary>
    public static Proto.InventorySummary ToSummary(InventoryRow r) => new()
    {
        Ref = new Proto.InventoryRef { UnitId = r.UnitId, FiscalYear = r.FiscalYear },
        RegionCode = r.RegionCode ?? "",
        Source = r.Source == nameof(InventorySource.Filed) ? "FILED" : "PUBLICATION",
        State = ToProto(Enum.Parse<InventoryState>(r.State)),
        Revision = r.Revision,
        ReportedAt = Timestamp(r.ReportedAt),
    };

    /// <summary>An instant as RFC 3339, "" when not known.</summary>
    public static string Timestamp(DateTimeOffset? at) => at?.ToString("O", CultureInfo.InvariantCulture) ?? "";

    /// <summary>
    /// An equipment line's unit price; a blank one is required (it was read as 0 and refused as "单价 0 元低于 100 万元"). The
    /// threshold stands in for it then, so the register's rules do not name the same blank a second time.
    /// </summary>
    private static decimal UnitPrice(string text, string field, List<FieldError> errors)
    {
        if (text.Trim().Length == 0)
        {
            errors.Add(new FieldError(field, Messages.Required, "REQUIRED"));
            return AssetInventory.EquipmentThreshold;
        }
        return Amount(text, field, errors) ?? AssetInventory.EquipmentThreshold;
    }

    public static ReturnFigures ToDomain(Proto.ReconcileRequest r, List<FieldError> errors) => new(
        Count(r.FleetCount, "fleet_count", errors), Count(r.PurchasedCount, "purchased_count", errors),
        Amount(r.VehiclePurchase, "vehicle_purchase", errors), Amount(r.VehicleOperation, "vehicle_operation", errors),
        Amount(r.FixedAssets, "fixed_assets", errors), Count(r.Vehicles, "vehicles", errors), Amount(r.VehiclesValue, "vehicles_value", errors),
        r.VehiclesByRow.ToDictionary(p => p.Key, p => p.Value), Amount(r.BuildingsArea, "buildings_area", errors), Amount(r.BuildingsValue, "buildings_value", errors),
        Count(r.Equipment, "equipment", errors));

    public static Proto.Findings ToProto(string unitId, int fiscalYear, IReadOnlyList<ReconciliationFinding>? findings)
    {
        var proto = new Proto.Findings { Ref = new Proto.InventoryRef { UnitId = unitId, FiscalYear = fiscalYear }, Reconciled = findings is not null };
        proto.Findings_.AddRange((findings ?? []).Select(f => new Proto.Finding
        {
            Code = f.Code, Cell = f.Cell, ExplainAt = f.ExplainAt, Expected = f.Expected, Actual = f.Actual, Message = f.Message,
        }));
        return proto;
    }
}
