using System.Globalization;
using Microsoft.Extensions.Logging;
using Platform.Accounts.Domain;
using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Domain.Rules;
using Grpc.Core;
using Platform.Assets.V1;
using Platform.Grpc.Client;
using Platform.Grpc.Security;
using DomainFinding = Platform.Accounts.Domain.Rules.Finding;

namespace Platform.Accounts.Host.Assets;

/// <summary>
/// The asset inventory's view of a return: differences between the vehicle register or inventory and what the return
/// states, as warnings beside the return's own findings. Each needs a written explanation before submission, so none
/// reaches the finance office unexplained.
/// </summary>
internal interface IAssetReconciliation
{
    Task<IReadOnlyList<DomainFinding>> ReconcileAsync(AccountsReturn r, CellSet cells, CancellationToken token);
}

/// <summary>
/// Asks the assets service at every validation (a query, not an event): the findings depend on the draft's figures of
/// the moment and on the register of the moment, and the clerk needs them before submitting, not eventually. The return's
/// figures travel with the call (the assets service keeps them for its own views and the jurisdiction's median), so the
/// assets service never calls back. `Services:Assets`, or this process in the embedded default. When the assets service
/// cannot answer, one warning says so: it needs an explanation like any other, so the gap is visible to the reviewer.
/// </summary>
internal sealed partial class AssetServiceReconciliation(PeerClient<AssetInventory.AssetInventoryClient> assets, ILogger<AssetServiceReconciliation> logger)
    : IAssetReconciliation
{
    public const string Unavailable = "ASSET-UNAVAILABLE";

    /// <summary>The assets service's code for a 国有资产占用情况 figure the return left blank while the inventory has one.</summary>
    public const string BlankFigure = "ASSET-F03-BLANK";

    /// <summary>The accounts service sends figures as itself: the assets service trusts internal callers to post a return's figures.</summary>
    private static readonly CallerIdentity ServiceCaller = CallerIdentity.Service("accounts-service");

    public async Task<IReadOnlyList<DomainFinding>> ReconcileAsync(AccountsReturn r, CellSet cells, CancellationToken token)
    {
        string Cell(string table, string row, string column) => cells.Get(table, row, column) is { } v ? v.ToString(CultureInfo.InvariantCulture) : "";
        var request = new ReconcileRequest
        {
            Ref = new InventoryRef { UnitId = r.UnitId, FiscalYear = r.FiscalYear },
            FleetCount = Cell("Z07", "FLEET_COUNT", "FINAL"), PurchasedCount = Cell("Z07", "PURCHASED_COUNT", "FINAL"),
            VehiclePurchase = Cell("Z07", "VEHICLE_PURCHASE", "FINAL"), VehicleOperation = Cell("Z07", "VEHICLE_OPERATION", "FINAL"),
            FixedAssets = Cell("F03", "FIXED_ASSETS", "AMT"), Vehicles = Cell("F03", "VEHICLES", "AMT"), VehiclesValue = Cell("F03", "VEHICLES_VALUE", "AMT"),
            BuildingsArea = Cell("F03", "BUILDINGS_AREA", "AMT"), BuildingsValue = Cell("F03", "BUILDINGS_VALUE", "AMT"), Equipment = Cell("F03", "EQUIPMENT_1M", "AMT"),
        };
        foreach (var row in new[] { "VEH_LEADER", "VEH_PRINCIPAL", "VEH_CONFIDENTIAL", "VEH_EMERGENCY", "VEH_ENFORCEMENT", "VEH_SPECIAL", "VEH_RETIRED", "VEH_OTHER" })
        {
            if (cells.Get("F03", row, "AMT") is { } count)
            {
                request.VehiclesByRow[row] = (int)count;
            }
        }
        // Counts are whole numbers in a return; a fraction would be refused by the assets service, so round-trip the text as is.
        request.FleetCount = Whole(request.FleetCount);
        request.PurchasedCount = Whole(request.PurchasedCount);
        request.Vehicles = Whole(request.Vehicles);
        request.Equipment = Whole(request.Equipment);
        try
        {
            var response = await CallerContext.StartAs(ServiceCaller,
                () => assets.Client.ReconcileAsync(request, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: token));
            return response.Findings_.Select(ToFinding).ToList();
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unimplemented)
        {
            // The address answers but serves no asset inventory: a deployment without the assets service.
            NotDeployed(logger);
            return [];
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown)
        {
            ReconciliationFailed(logger, r.UnitId, r.FiscalYear, ex.StatusCode);
            var at = new Location("F03", "FIXED_ASSETS");
            return [new DomainFinding(Unavailable, Severity.Warning,
                AccountsMessages.AssetsUnavailable(ex.StatusCode.ToString()),
                0, 0, 0, RuleUnit.Count, "assets: Reconcile", at, at)];
        }
    }

    private static string Whole(string text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? decimal.Truncate(v).ToString(CultureInfo.InvariantCulture) : text;

    private static DomainFinding ToFinding(Platform.Assets.V1.Finding f)
    {
        var expected = decimal.TryParse(f.Expected, NumberStyles.Number, CultureInfo.InvariantCulture, out var e) ? e : 0;
        var actual = decimal.TryParse(f.Actual, NumberStyles.Number, CultureInfo.InvariantCulture, out var a) ? a : 0;
        var cell = Location.Parse(f.Cell, "cell");
        var unit = f.Code is "ASSET-PURCHASE-COST" or "ASSET-OPERATING-COST" || f.Cell.Contains("VALUE", StringComparison.Ordinal) || f.Cell.Contains("FIXED", StringComparison.Ordinal)
            ? RuleUnit.Amount : RuleUnit.Count;
        return new DomainFinding(f.Code, Severity.Warning, AccountsMessages.AssetFinding(f.Message), expected, actual, actual - expected, unit, $"assets: {f.Code}", cell, Location.Parse(f.ExplainAt, "explain_at"));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No asset inventory is deployed at the assets address: returns are validated without reconciliation")]
    private static partial void NotDeployed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciling {Unit} {FiscalYear} with the asset inventory failed: {Status}")]
    private static partial void ReconciliationFailed(ILogger logger, string unit, int fiscalYear, StatusCode status);
}
