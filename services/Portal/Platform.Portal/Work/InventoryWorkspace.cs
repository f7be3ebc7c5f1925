using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Platform.Assets.V1;
using Platform.Domain;
using Platform.Portal.Components.Forms;
using Platform.Portal.Gateway;

namespace Platform.Portal.Work;

/// <summary>A unit's asset and vehicle inventory for a year as the page shows it.</summary>
internal sealed record InventoryView(Inventory Inventory, Categories Categories, Findings? Findings);

/// <summary>
/// A unit's state-asset and vehicle inventory (资产与车辆盘点) on the portal: the vehicle register of the year, a vehicle
/// acquired during it, and the year-end figures reported (each report replaces the previous one of the year) with what the
/// reconciliation against the return found — calls through the gateway, which decides who may do what.
/// </summary>
internal sealed partial class InventoryWorkspace(PortalApi api)
{
    /// <summary>Blank equipment lines offered below the reported ones.</summary>
    public const int BlankEquipment = 3;

    public async Task<InventoryView> LoadAsync(string unit, int year)
    {
        var options = await api.AsSignedInAsync();
        var inventory = await api.Assets.GetInventoryAsync(new InventoryRef { UnitId = unit, FiscalYear = year }, options);
        var categories = await api.Assets.ListCategoriesAsync(new ListCategoriesRequest { FiscalYear = year }, options);
        Findings? findings = null;
        if (inventory.Source.Length > 0)
        {
            findings = await api.Assets.GetFindingsAsync(new InventoryRef { UnitId = unit, FiscalYear = year }, options);
        }
        return new InventoryView(inventory, categories, findings);
    }

    /// <summary>Reports the figures, or with <paramref name="validateOnly"/> only has the service check them (nothing stored).</summary>
    public async Task<Inventory> ReportAsync(string unit, int year, InventoryFigures figures, bool validateOnly = false) =>
        await api.Assets.ReportInventoryAsync(
            new ReportInventoryRequest { Ref = new InventoryRef { UnitId = unit, FiscalYear = year }, Figures = figures, ValidateOnly = validateOnly },
            await api.AsSignedInAsync());

    /// <summary>Accepts the inventory the reviewer read at <paramref name="revision"/> (ABORTED when it changed since).</summary>
    public async Task AcceptAsync(string unit, int year, long revision) =>
        await api.Assets.AcceptInventoryAsync(new AcceptInventoryRequest { Ref = new InventoryRef { UnitId = unit, FiscalYear = year }, Revision = revision }, await api.AsSignedInAsync());

    /// <summary>Sends the inventory the reviewer read at <paramref name="revision"/> back with a comment (ABORTED when it changed since).</summary>
    public async Task ReturnAsync(string unit, int year, string comment, long revision) =>
        await api.Assets.ReturnInventoryAsync(
            new ReturnInventoryRequest { Ref = new InventoryRef { UnitId = unit, FiscalYear = year }, Revision = revision, Comment = comment }, await api.AsSignedInAsync());

    /// <summary>Where a unit's inventory stands with the office, for its review form.</summary>
    public static ReviewStanding Standing(Inventory inventory) => inventory switch
    {
        { Source: not "FILED" } => ReviewStanding.Other,
        { State: InventoryState.Reported } => ReviewStanding.Awaiting,
        { State: InventoryState.Accepted } => ReviewStanding.Accepted,
        { State: InventoryState.Returned } => ReviewStanding.Returned,
        _ => ReviewStanding.Other,
    };

    public async Task<Vehicle> AcquireAsync(AcquireVehicleRequest request) =>
        await api.Assets.AcquireVehicleAsync(request, await api.AsSignedInAsync());

    public async Task<Vehicle> DisposeAsync(DisposeVehicleRequest request) =>
        await api.Assets.DisposeVehicleAsync(request, await api.AsSignedInAsync());

    public async Task<Vehicle> TransferAsync(TransferVehicleRequest request) =>
        await api.Assets.TransferVehicleAsync(request, await api.AsSignedInAsync());

    /// <summary>
    /// A vehicle of the register as the movement form names it: its plate and the revision the clerk saw ("京A12345@3"), so
    /// that a vehicle changed by someone else since the page was opened is refused (ABORTED), not moved on top of it.
    /// </summary>
    public static string MovementChoice(Vehicle vehicle) => $"{vehicle.Plate}@{vehicle.Revision.ToString(CultureInfo.InvariantCulture)}";

    public static (string Plate, long Revision)? ParseMovementChoice(string choice) =>
        choice.LastIndexOf('@') is > 0 and var at && long.TryParse(choice.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? (choice[..at], revision) : null;

    /// <summary>The movement form's fields by the request fields the service names in its refusals (either kind).</summary>
    public static string MovementField(string requestField) => requestField switch
    {
        "disposed_on" or "transferred_on" => "move.on",
        "to_unit_id" => "move.to_unit_id",
        "reason" => "move.reason",
        _ => "move.vehicle",  // plate, revision
    };

    /// <summary>
    /// The year-end figures as posted: inputs are named by their contract path (figures.fixed_assets[LAND],
    /// figures.equipment[0].unit_price), so the server's violations name them. An equipment line left blank is dropped
    /// (<paramref name="rows"/> says which posted row each line sent came from, so the page shows a refusal at the row the
    /// clerk typed in, not renumbered); a quantity that is not a whole number is refused here at its row (the message has
    /// no place for it).
    /// </summary>
    public static InventoryFigures Read(IFormCollection posted, Categories categories, int equipmentLines, FieldProblems problems, List<int> rows)
    {
        string V(string path) => posted[path].ToString().Trim();
        var figures = new InventoryFigures
        {
            FixedAssetsTotal = V("figures.fixed_assets_total"),
            BuildingsArea = V("figures.buildings_area"),
            BuildingsValue = V("figures.buildings_value"),
        };
        foreach (var category in categories.AssetCategories)
        {
            if (V($"figures.fixed_assets[{category.Code}]") is { Length: > 0 } value)
            {
                figures.FixedAssets[category.Code] = value;
            }
        }
        // Vehicles by category: only where the unit keeps no register (the page offers them then).
        foreach (var category in categories.VehicleCategories)
        {
            var path = $"figures.vehicles[{category.Code}]";
            if (V(path) is not { Length: > 0 } text)
            {
                continue;
            }
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                figures.Vehicles[category.Code] = count;
            }
            else
            {
                problems.Add(path, $"“{text}”不是车辆数：应为 0 或正整数");
            }
        }
        for (var i = 0; i < equipmentLines; i++)
        {
            var at = $"figures.equipment[{i}]";
            var (name, price, quantity, on) = (V(at + ".name"), V(at + ".unit_price"), V(at + ".quantity"), V(at + ".acquired_on"));
            if (name.Length + price.Length + quantity.Length + on.Length == 0)
            {
                continue;
            }
            // A partly filled line names each blank of its own: its quantity is not taken as 1 unseen (an outside look found a
            // "1" the clerk never typed), its price not refused as "单价 0 元".
            var count = 1;
            if (quantity.Length == 0)
            {
                problems.Add(at + ".quantity", "必须填写（正整数）");
            }
            else if (!int.TryParse(quantity, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1)
            {
                problems.Add(at + ".quantity", "数量应为正整数");
            }
            rows.Add(i);
            figures.Equipment.Add(new Equipment { Name = name, UnitPrice = price, Quantity = count, AcquiredOn = on });
        }
        return figures;
    }

    /// <summary>
    /// The service's violations with each equipment line's path (figures.equipment[k], the k-th line sent) turned back into
    /// the row the clerk typed it in (<paramref name="rows"/>[k]), as the page shows the rows.
    /// </summary>
    public static FieldProblems AtPostedRows(FieldProblems problems, IReadOnlyList<int> rows)
    {
        var mapped = new FieldProblems();
        foreach (var (path, reason) in problems.All)
        {
            mapped.Add(EquipmentLine().Replace(path, m =>
                int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k < rows.Count
                    ? $"figures.equipment[{rows[k].ToString(CultureInfo.InvariantCulture)}]" : m.Value, 1), reason);
        }
        return mapped;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^figures\.equipment\[(\d+)\]")]
    private static partial System.Text.RegularExpressions.Regex EquipmentLine();
}
