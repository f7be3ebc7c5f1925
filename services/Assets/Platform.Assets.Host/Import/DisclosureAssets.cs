using System.Globalization;
using System.Text.Json;
using Platform.Assets.Domain;
using Platform.Assets.Domain.Inventory;
using Platform.Assets.Domain.Vehicles;
using Platform.Assets.Host.Grpc;
using Platform.Assets.Host.Persistence;
using Platform.Assets.V1;
using Platform.Domain;
using Platform.Registry.Client;

using InventoryFigures = Platform.Assets.Domain.Inventory.InventoryFigures;
using Equipment = Platform.Assets.Domain.Inventory.Equipment;

namespace Platform.Assets.Host.Import;

/// <summary>
/// The asset section of a transcribed publication (`state_assets`, 国有资产占用情况; see
/// ../shared/domain/disclosure-transcription-format.md) as the department's inventory at 31 December: fixed assets,
/// buildings, vehicles by category and value, equipment of a million yuan and more — figures only, no register. The
/// publication prints 万元; the inventory keeps 元. Findings follow if the return's figures are already here.
/// </summary>
internal sealed class DisclosureAssets(AssetReference reference, AssetStore store, IUnitLookup units, InventoryService inventories)
{
    private const decimal TenThousand = 10_000m;

    public async Task<ImportDisclosureResponse> ImportAsync(ImportDisclosureRequest request, Actor actor, CancellationToken token)
    {
        if (request.Transcription.IsEmpty)
        {
            throw new ValidationException("transcription", AssetsMessages.Empty, "REQUIRED");
        }
        using (var document = TranscriptionJson.Parse(request.Transcription.Memory, "transcription"))
        {
            var root = document.RootElement;
            if (!root.TryGetProperty("fiscal_year", out var y) || !y.TryGetInt32(out var year) || year is < 2000 or > 2100)
            {
                throw new ValidationException("transcription.fiscal_year", AssetsMessages.TranscriptionYearRequired, "FISCAL_YEAR");
            }
            if (!root.TryGetProperty("state_assets", out var assets) || assets.ValueKind != JsonValueKind.Object)
            {
                throw new ValidationException("transcription.state_assets", AssetsMessages.NoAssetSection, "NO_ASSETS");
            }
            var unit = await DepartmentAsync(root, request.DepartmentUnitId, year, token);
            if (!AssetAccess.IsAdminOver(actor, unit.RegionCode))
            {
                throw new ForbiddenException(AssetsMessages.ImportAdminOnly(unit.RegionCode, AssetAccess.Admin));
            }
            var errors = new List<FieldError>();
            decimal? Wan(string field)
            {
                var text = Text(assets, field);
                if (text is null)
                {
                    return null;
                }
                if (PrintedNumber.Read(text) is { Ok: true, Percent: false } read)
                {
                    return read.Value * TenThousand;
                }
                errors.Add(new FieldError($"transcription.state_assets.{field}", AssetsMessages.NotAnAmount(text), "NOT_A_NUMBER"));
                return null;
            }
            int? Count(string? text, string field)
            {
                if (text is null)
                {
                    return null;
                }
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                {
                    return v;
                }
                errors.Add(new FieldError($"transcription.state_assets.{field}", AssetsMessages.NotACount(text), "NOT_A_COUNT"));
                return null;
            }
            var byCategory = new Dictionary<string, int>(StringComparer.Ordinal);
            if (assets.TryGetProperty("vehicles_by_category", out var categories) && categories.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in categories.EnumerateObject())
                {
                    var category = reference.VehicleCategories(year).FirstOrDefault(c => c.IsCalled(p.Name));
                    if (category is null)
                    {
                        errors.Add(new FieldError($"transcription.state_assets.vehicles_by_category.{p.Name}", AssetsMessages.UnknownVehicleCategory(p.Name, year), "UNKNOWN_CATEGORY"));
                    }
                    else if (Count(p.Value.GetString(), $"vehicles_by_category.{p.Name}") is { } n)
                    {
                        byCategory[category.Code] = n;
                    }
                }
            }
            var figures = new InventoryFigures(new Dictionary<string, decimal>(), Wan("fixed_assets_original_value"), Decimal(Text(assets, "buildings_m2")),
                Wan("buildings_value"), [], Count(Text(assets, "equipment_over_1m_units"), "equipment_over_1m_units"), byCategory,
                Count(Text(assets, "vehicles_count"), "vehicles_count"), Wan("vehicles_value"));
            if (errors.Count > 0)
            {
                throw new ValidationException(errors);
            }
            var inventory = await inventories.ReportAsync(unit, year, figures, InventorySource.Publication,
                request.FileName.Length > 0 ? request.FileName : "transcription.json", actor, token);
            return new ImportDisclosureResponse
            {
                Inventory = ProtoMapping.ToProto(inventory, ProtoMapping.ToProto(unit.Id, year, await store.VehiclesOfAsync(unit.Id, year, token))),
                Findings = ProtoMapping.ToProto(unit.Id, year, await inventories.FindingsAsync(unit, year, token)),
            };
        }
    }

    private async Task<UnitSummary> DepartmentAsync(JsonElement root, string departmentUnitId, int year, CancellationToken token)
    {
        if (departmentUnitId.Length > 0)
        {
            return await units.GetAsync(departmentUnitId, year, "department_unit_id", token);
        }
        var name = root.TryGetProperty("department", out var d) && d.ValueKind == JsonValueKind.Object ? Text(d, "name") : null;
        if (name is null)
        {
            throw new ValidationException("transcription.department.name", AssetsMessages.DepartmentNameRequired, "REQUIRED");
        }
        return await units.FindByNameAsync(name, year, token)
            ?? throw new ValidationException("department_unit_id", AssetsMessages.UnknownDepartment(name, year), "UNKNOWN_UNIT");
    }

    private static decimal? Decimal(string? text) =>
        PrintedNumber.Read(text) is { Ok: true, Percent: false } read ? read.Value : null;

    private static string? Text(JsonElement e, string field) =>
        e.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s.Trim() : null;
}
