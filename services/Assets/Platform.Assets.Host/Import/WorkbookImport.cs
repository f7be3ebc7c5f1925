using Platform.Assets.Domain;
using Platform.Assets.Domain.Inventory;
using Platform.Assets.Domain.Vehicles;
using Platform.Assets.Host.Grpc;
using Platform.Assets.Host.Persistence;
using Platform.Assets.V1;
using AssetInventory = Platform.Assets.Domain.Inventory.AssetInventory;
using Platform.Domain;
using Platform.Registry.Client;
using Platform.Spreadsheets;
using DomainVehicle = Platform.Assets.Domain.Vehicles.Vehicle;

using InventoryFigures = Platform.Assets.Domain.Inventory.InventoryFigures;
using Equipment = Platform.Assets.Domain.Inventory.Equipment;

namespace Platform.Assets.Host.Import;

/// <summary>
/// The workbook a unit fills: sheet 车辆 (the vehicle register: header row 车牌号, 类别, 取得日期, 原值, 事由), sheet 资产
/// (the inventory: column A an asset category, 固定资产合计, 房屋面积 or 房屋价值; column B the figure) and sheet 设备
/// (equipment of a million yuan and more: 名称, 单价, 数量, 取得日期). Every bad cell is an error named by its sheet cell
/// ("车辆!A5"); the vehicles and the inventory are stored together or not at all.
/// </summary>
internal sealed class WorkbookImport(AssetReference reference, AssetStore store, IUnitLookup units, InventoryService inventories)
{
    private static readonly (string Field, string[] Headers)[] VehicleColumns =
    [
        ("plate", ["车牌号", "号牌", "plate"]),
        ("category", ["类别", "车辆类别", "category"]),
        ("acquired_on", ["取得日期", "购置日期", "acquired_on"]),
        ("original_value", ["原值", "original_value"]),
        ("reason", ["事由", "取得方式", "reason"]),
    ];

    private static readonly (string Field, string[] Headers)[] EquipmentColumns =
    [
        ("name", ["名称", "设备名称", "name"]),
        ("unit_price", ["单价", "unit_price"]),
        ("quantity", ["数量", "quantity"]),
        ("acquired_on", ["取得日期", "acquired_on"]),
    ];

    public async Task<ImportWorkbookResponse> ImportAsync(ImportWorkbookRequest request, Actor actor, CancellationToken token)
    {
        var year = AssetInventoryHandler.Year(request.FiscalYear, "fiscal_year");
        var unit = await units.GetAsync(request.UnitId, year, "unit_id", token);
        AssetAccess.RequireKeeper(actor, unit.Id, unit.RegionCode);
        IReadOnlyList<XlsxSheet> sheets;
        try
        {
            sheets = XlsxReader.Read(request.Workbook.Memory);
        }
        catch (FormatException ex)
        {
            throw new ValidationException("workbook", AssetsMessages.WorkbookUnreadable(ex.Message), "NOT_XLSX");
        }
        var errors = new List<FieldError>();
        var vehicles = new List<DomainVehicle>();
        var plates = new HashSet<string>(StringComparer.Ordinal);
        InventoryFigures? figures = null;
        var equipment = new List<Equipment>();
        // Where each figure came from, to name the sheet's cell for what the inventory's rules refuse ("设备!B3", "资产!B2").
        var places = new Dictionary<string, string>(StringComparer.Ordinal);
        var unpriced = false;
        foreach (var sheet in sheets)
        {
            switch (sheet.Name.Trim())
            {
                case "车辆":
                    var columns = Columns(sheet, VehicleColumns, errors);
                    foreach (var row in sheet.Rows.Skip(1).Where(r => !r.IsEmpty))
                    {
                        string Cell(string field) => columns.TryGetValue(field, out var c) ? row[c] : "";
                        var acquisition = new AcquireVehicleRequest
                        {
                            UnitId = unit.Id, Plate = Cell("plate"), Category = Cell("category"), AcquiredOn = DateText(Cell("acquired_on")),
                            OriginalValue = Cell("original_value"), Reason = Cell("reason"),
                        };
                        try
                        {
                            vehicles.Add(await inventories.AcquireAsync(actor, acquisition, "", token, plates));
                        }
                        catch (ValidationException ex)
                        {
                            // At its cell the reason alone; without one, the column's printed name (never "plate: …").
                            errors.AddRange(ex.Errors.Select(e => columns.TryGetValue(e.Field, out var c)
                                ? e with { Field = $"车辆!{c}{row.Number}" }
                                : e with { Field = $"车辆!第 {row.Number} 行", Reason = Header(VehicleColumns, e.Field) is { } h ? $"{h}：{e.Reason}" : e.Reason }));
                        }
                    }
                    break;
                case "资产":
                    figures = ReadAssets(sheet, year, errors, places);
                    break;
                case "设备":
                    var equipmentColumns = Columns(sheet, EquipmentColumns, errors);
                    foreach (var row in sheet.Rows.Skip(1).Where(r => !r.IsEmpty))
                    {
                        string Cell(string field) => equipmentColumns.TryGetValue(field, out var c) ? row[c] : "";
                        string At(string field) => equipmentColumns.TryGetValue(field, out var c) ? $"设备!{c}{row.Number}" : $"设备!第 {row.Number} 行";
                        // A blank price is required at its cell (it was read as 0: "单价 0 元低于 100 万元"); a price that does not
                        // read stands in as the threshold, so the line's rules do not name it again, and the register's total
                        // is then not known (compared with nothing).
                        decimal? price = null;
                        if (Cell("unit_price").Trim().Length == 0)
                        {
                            errors.Add(new FieldError(At("unit_price"), Messages.Required, "REQUIRED"));
                        }
                        else
                        {
                            price = ProtoMapping.Amount(Cell("unit_price"), At("unit_price"), errors);
                        }
                        unpriced |= price is null;
                        var quantity = Cell("quantity").Length == 0 ? 1 : ProtoMapping.Count(Cell("quantity"), At("quantity"), errors) ?? 1;
                        DateOnly? on = Cell("acquired_on").Length > 0 ? ProtoMapping.Date(DateText(Cell("acquired_on")), At("acquired_on"), errors) : null;
                        foreach (var (field, _) in EquipmentColumns)
                        {
                            places[$"equipment[{equipment.Count}].{field}"] = At(field);
                        }
                        equipment.Add(new Equipment(Cell("name"), price ?? AssetInventory.EquipmentThreshold, quantity, on));
                    }
                    break;
                default:
                    errors.Add(new FieldError(sheet.Name, AssetsMessages.UnknownSheet(sheet.Name), "UNKNOWN_SHEET"));
                    break;
            }
        }
        AssetInventory? inventory = null;
        (AssetInventory, InventoryRow)? existing = null;
        if (figures is not null || equipment.Count > 0)
        {
            figures = (figures ?? new InventoryFigures(new Dictionary<string, decimal>(), null, null, null, [], null, new Dictionary<string, int>(), null, null)) with { Equipment = equipment };
            existing = await store.FindInventoryAsync(unit.Id, year, token);
            try
            {
                inventory = AssetInventory.Report(unit.Id, year, figures, InventorySource.Filed, null, reference, await store.ClosedThroughAsync(token), existing?.Item1, store.Now(), actor.Subject);
            }
            catch (ValidationException ex)
            {
                // Each at the sheet's cell it came from (a field path — "设备: equipment[0].unit_price" — was no place in a
                // workbook); the register's total when a price did not read is not known, and is not compared.
                errors.AddRange((unpriced ? AssetInventory.WithoutEquipmentTotal(ex.Errors) : ex.Errors).Select(e => e with
                {
                    Field = places.GetValueOrDefault(e.Field) ?? (e.Field.StartsWith("equipment", StringComparison.Ordinal) ? "设备" : "资产"),
                }));
            }
        }
        if (vehicles.Count == 0 && inventory is null && errors.Count == 0)
        {
            errors.Add(new FieldError("workbook", AssetsMessages.NoFilledSheet, "REQUIRED"));
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        await store.SaveAsync(vehicles.Select(v => (v, (VehicleRow?)null)).ToList(), inventory is null ? null : (inventory, existing?.Item2, unit.RegionCode), token);
        var response = new ImportWorkbookResponse();
        response.Vehicles.AddRange(vehicles.Select(ProtoMapping.ToProto));
        if (inventory is not null)
        {
            response.Inventory = ProtoMapping.ToProto(inventory, ProtoMapping.ToProto(unit.Id, year, await store.VehiclesOfAsync(unit.Id, year, token)));
        }
        return response;
    }

    private InventoryFigures ReadAssets(XlsxSheet sheet, int year, List<FieldError> errors, Dictionary<string, string> places)
    {
        var categories = reference.AssetCategories(year);
        var fixedAssets = new Dictionary<string, decimal>(StringComparer.Ordinal);
        decimal? total = null, area = null, value = null;
        foreach (var row in sheet.Rows.Where(r => !r.IsEmpty))
        {
            var label = row["A"];
            var at = $"资产!B{row.Number}";
            if (label is "项目" or "资产" or "")
            {
                continue;
            }
            var amount = ProtoMapping.Amount(row["B"], at, errors);
            switch (label)
            {
                // The portal's own label too (固定资产原值合计): a clerk copying it was told the row was unknown.
                case "固定资产合计" or "固定资产原值" or "固定资产原值合计":
                    total = amount;
                    places["fixed_assets_total"] = at;
                    break;
                case "房屋面积":
                    area = amount;
                    places["buildings_area"] = at;
                    break;
                case "房屋价值":
                    value = amount;
                    places["buildings_value"] = at;
                    break;
                default:
                    if (categories.FirstOrDefault(c => c.Name == label || c.Code == label) is { } category)
                    {
                        if (amount is { } a)
                        {
                            fixedAssets[category.Code] = a;
                        }
                        places[$"fixed_assets[{category.Code}]"] = at;
                    }
                    else
                    {
                        errors.Add(new FieldError($"资产!A{row.Number}", AssetsMessages.UnknownAssetRow(label, year, categories.Select(c => c.Name)), "UNKNOWN_CATEGORY"));
                    }
                    break;
            }
        }
        return new InventoryFigures(fixedAssets, total, area, value, [], null, new Dictionary<string, int>(), null, null);
    }

    /// <summary>A column's printed name (its first header), for a reason that has no cell to stand at.</summary>
    private static string? Header((string Field, string[] Headers)[] columns, string field) =>
        columns.FirstOrDefault(c => c.Field == field).Headers?[0];

    /// <summary>Header cells (row 1) to columns; a required header missing is an error naming the sheet.</summary>
    private static Dictionary<string, string> Columns(XlsxSheet sheet, (string Field, string[] Headers)[] wanted, List<FieldError> errors)
    {
        var header = sheet.Rows.FirstOrDefault();
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, names) in wanted)
        {
            var column = header?.Cells.FirstOrDefault(c => names.Contains(c.Value, StringComparer.OrdinalIgnoreCase)).Key;
            if (column is not null)
            {
                columns[field] = column;
            }
            else if (field is not ("reason" or "acquired_on" or "quantity") || wanted == VehicleColumns && field == "acquired_on")
            {
                errors.Add(new FieldError($"{sheet.Name}!1", AssetsMessages.MissingColumn(names), "MISSING_COLUMN"));
            }
        }
        return columns;
    }

    /// <summary>A date typed as a date is stored as a day number (Excel's 1900 date system); typed as text it stays text.</summary>
    private static string DateText(string cell) =>
        int.TryParse(cell, out var serial) && serial is > 20000 and < 80000
            ? DateOnly.FromDateTime(new DateTime(1899, 12, 30).AddDays(serial)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            : cell;
}
