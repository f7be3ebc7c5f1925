using Grpc.Core;
using Google.Protobuf;
using Platform.Accounts.V1;
using CellValue = Platform.Accounts.V1.CellValue;
using Explanation = Platform.Accounts.V1.Explanation;
using Platform.Assets.V1;
using Platform.Grpc;
using Platform.Grpc.Security;
using Platform.Registry.V1;
using Platform.Testing;
using AccountsImport = Platform.Accounts.V1.ImportDisclosureRequest;
using AssetsImport = Platform.Assets.V1.ImportDisclosureRequest;
using CreditCode = Platform.Registry.Domain.CreditCode;

namespace Platform.Assets.FunctionalTests.Grpc;

/// <summary>Reconciliation of the inventory with the return on PostgreSQL: 000 as published, and a register against figures that differ in every way.</summary>
public sealed class ReconciliationTests : AssetsFixture
{
    private static readonly CallerIdentity AccountsService = new("accounts-service", ["service"]);

    [Fact]
    public async Task ImportDisclosure_000_EightVersusThirteenVehiclesIsAFinding()
    {
        var document = Document("000_bb240cb5f2680099.json");
        var accounts = await Accounts.ImportDisclosureAsync(new AccountsImport { Transcription = ByteString.CopyFrom(document), FileName = "000.json" }, As(Admin));
        Assert.Equal(Bureau, accounts.DepartmentUnitId);
        var assets = await Assets.ImportDisclosureAsync(new AssetsImport { Transcription = ByteString.CopyFrom(document), FileName = "000.json" }, As(Admin));
        Assert.Equal(("PUBLICATION", "29135700", "13", "3042300"),
            (assets.Inventory.Source, assets.Inventory.Figures.FixedAssetsTotal, assets.Inventory.Figures.VehiclesTotal, assets.Inventory.Figures.VehiclesValue));
        Assert.Equal((9, 4), (assets.Inventory.Figures.Vehicles["ENFORCEMENT"], assets.Inventory.Figures.Vehicles["OTHER"]));
        var fleet = Assert.Single(assets.Findings.Findings_);
        Assert.Equal(("ASSET-FLEET", "Z07[FLEET_COUNT,FINAL]", "13", "8"), (fleet.Code, fleet.Cell, fleet.Expected, fleet.Actual));

        // The accounts service shows it beside its own warnings, and it needs an explanation like them.
        var report = await Accounts.ValidateReturnAsync(new ReturnRef { UnitId = Bureau, FiscalYear = 2022 }, As(CityReviewer));
        var shown = Assert.Single(report.Findings, f => f.RuleId == "ASSET-FLEET");
        Assert.Equal(("warning", "Z07[FLEET_COUNT]", false), (shown.Severity, shown.ExplainAt, shown.Explained));
        Assert.Contains(report.Findings, f => f.RuleId == "Z07-005");

        var findings = await Assets.GetFindingsAsync(new InventoryRef { UnitId = Bureau, FiscalYear = 2022 }, As(CityReviewer));
        Assert.True(findings.Reconciled);
        Assert.Equal("ASSET-FLEET", Assert.Single(findings.Findings_).Code);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            Assets.GetFindingsAsync(new InventoryRef { UnitId = Bureau, FiscalYear = 2022 }, As(ChangjiReviewer)).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            Assets.ImportDisclosureAsync(new AssetsImport { Transcription = ByteString.CopyFrom(document) }, As(ChangjiAdmin)).ResponseAsync)).StatusCode);
    }

    [Fact]
    public async Task SubmitReturn_RegisterDiffers_RefusedUntilEachDifferenceIsExplained()
    {
        // Two enforcement vehicles in the register since 2021; the return states three vehicles (2 enforcement, 1 other).
        foreach (var plate in new[] { "新A70001", "新A70002" })
        {
            await Assets.AcquireVehicleAsync(new AcquireVehicleRequest { UnitId = Seismic, Plate = plate, Category = "执法执勤用车", AcquiredOn = "2021-05-01", OriginalValue = "150000" }, As(Clerk));
        }
        var opened = await Accounts.OpenReturnAsync(new OpenReturnRequest { UnitId = Seismic, FiscalYear = 2022 }, As(Clerk));
        var save = new SaveDraftRequest { Ref = new ReturnRef { UnitId = Seismic, FiscalYear = 2022 }, Revision = opened.Revision };
        save.Cells.AddRange(Platform.Testing.Accounts.SampleReturns.Consistent2022.Select(c => new CellValue { Cell = c.Cell, Value = c.Value }));
        var draft = await Accounts.SaveDraftAsync(save, As(Clerk));

        var refused = await Assert.ThrowsAsync<RpcException>(() => Accounts.SubmitReturnAsync(new SubmitReturnRequest { Ref = save.Ref, Revision = draft.Revision }, As(Clerk)).ResponseAsync);
        var unexplained = Violations(refused).Where(v => v.Description.StartsWith("ASSET-", StringComparison.Ordinal)).Select(v => v.Field).Order(StringComparer.Ordinal).ToList();
        // 保有量 3 against 2 held; 国有资产占用情况 computes 3 vehicles (2 + 1 other) against 2 and 0 other, and leaves the
        // vehicles' value blank — the disclosure would print 0 — beside the 300,000 registered.
        Assert.Equal(["explanations[F03[VEHICLES]]", "explanations[F03[VEHICLES_VALUE]]", "explanations[F03[VEH_OTHER]]", "explanations[Z07[FLEET_COUNT]]"], unexplained);

        var explain = new SaveDraftRequest { Ref = save.Ref, Revision = draft.Revision };
        explain.Explanations.Add(new Explanation { Target = "Z07[FLEET_COUNT]", Text = "一辆其他用车为借用车辆，未入本单位资产账" });
        explain.Explanations.Add(new Explanation { Target = "F03[VEH_OTHER]", Text = "同上：借用车辆" });
        explain.Explanations.Add(new Explanation { Target = "F03[VEHICLES]", Text = "同上" });
        explain.Explanations.Add(new Explanation { Target = "F03[VEHICLES_VALUE]", Text = "车辆价值并入固定资产原值填报" });
        var explained = await Accounts.SaveDraftAsync(explain, As(Clerk));
        var submitted = await Accounts.SubmitReturnAsync(new SubmitReturnRequest { Ref = save.Ref, Revision = explained.Revision }, As(Clerk));
        Assert.Equal("SUBMITTED", submitted.State);
    }

    [Fact]
    public async Task ReportInventory_AfterApprovalContradictsTheReturn_TheOfficeSeesItUntilItIsResolved()
    {
        // Seismic's 2022 return approved with its vehicle differences explained: nothing for the office to weigh again.
        foreach (var plate in new[] { "新A71001", "新A71002" })
        {
            await Assets.AcquireVehicleAsync(new AcquireVehicleRequest { UnitId = Seismic, Plate = plate, Category = "执法执勤用车", AcquiredOn = "2021-05-01", OriginalValue = "150000" }, As(Clerk));
        }
        var returnRef = new ReturnRef { UnitId = Seismic, FiscalYear = 2022 };
        var opened = await Accounts.OpenReturnAsync(new OpenReturnRequest { UnitId = Seismic, FiscalYear = 2022 }, As(Clerk));
        var save = new SaveDraftRequest { Ref = returnRef, Revision = opened.Revision };
        save.Cells.AddRange(Platform.Testing.Accounts.SampleReturns.Consistent2022.Select(c => new CellValue { Cell = c.Cell, Value = c.Value }));
        foreach (var target in new[] { "Z07[FLEET_COUNT]", "F03[VEH_OTHER]", "F03[VEHICLES]", "F03[VEHICLES_VALUE]" })
        {
            save.Explanations.Add(new Explanation { Target = target, Text = "一辆其他用车为借用车辆，未入本单位资产账" });
        }
        var draft = await Accounts.SaveDraftAsync(save, As(Clerk));
        await Accounts.SubmitReturnAsync(new SubmitReturnRequest { Ref = returnRef, Revision = draft.Revision }, As(Clerk));
        await Accounts.ReviewReturnAsync(new ReviewReturnRequest { Ref = returnRef, Decision = ReviewReturnRequest.Types.Decision.Approve }, As(CityReviewer));

        // Afterwards the unit files an inventory of 4,000,000 元 of fixed assets; the approved return states 5,000,000.
        async Task<Progress> ProgressAsync() =>
            await Consolidation.GetProgressAsync(new GetProgressRequest { RegionCode = "650100", FiscalYear = 2022 }, As(CityReviewer));
        var inventory = new ReportInventoryRequest
        {
            Ref = new InventoryRef { UnitId = Seismic, FiscalYear = 2022 },
            Figures = new Assets.V1.InventoryFigures { FixedAssets = { ["GENERAL_EQUIPMENT"] = "4000000" } },
        };
        await Assets.ReportInventoryAsync(inventory, As(Clerk));
        var raised = await Polling.UntilAsync(ProgressAsync, p => p.LateFindings.Count > 0, "the late finding in the city's progress");
        var late = Assert.Single(raised.LateFindings);
        Assert.Equal((Seismic, "乌鲁木齐市地震监测中心", 1), (late.UnitId, late.Name, late.ReturnVersion));
        Assert.Equal(("ASSET-F03-TOTALS", "F03[FIXED_ASSETS,AMT]", "F03[FIXED_ASSETS]", "4000000", "5000000", false),
            (late.Finding.RuleId, late.Finding.Location, late.Finding.ExplainAt, late.Finding.Expected, late.Finding.Actual, late.Finding.Explained));
        Assert.Equal("APPROVED", Assert.Single(raised.States, s => s.Units > 0 && s.State != "NOT_STARTED").State);

        // The other office does not see it; a corrected inventory makes it go away.
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => Consolidation.GetProgressAsync(
            new GetProgressRequest { RegionCode = "650100", FiscalYear = 2022 }, As(ChangjiReviewer)).ResponseAsync)).StatusCode);
        inventory.Figures.FixedAssets["GENERAL_EQUIPMENT"] = "5000000";
        await Assets.ReportInventoryAsync(inventory, As(Clerk));
        await Polling.UntilAsync(ProgressAsync, p => p.LateFindings.Count == 0, "the resolved late finding to leave the progress view");
    }

    [Fact]
    public async Task Reconcile_RegisterAgainstTheReturn_PurchasesQuotaOperatingCostAndTotals()
    {
        // Ten enforcement vehicles against the illustrative quota of nine (reference-data/quotas.json).
        for (var i = 0; i < 10; i++)
        {
            await Assets.AcquireVehicleAsync(new AcquireVehicleRequest
            {
                UnitId = Bureau, Plate = $"新A{10000 + i}", Category = "执法执勤用车", AcquiredOn = "2022-04-01", OriginalValue = "150000", Reason = "购置",
            }, As(BureauClerk));
        }
        // Five other units of Urumqi report 10,000 元 of operating cost per vehicle.
        var n = 100;
        for (var i = 1; i <= 5; i++)
        {
            var id = $"peer-{i}";
            await Registry.RegisterUnitAsync(new RegisterUnitRequest
            {
                Id = id, CreditCode = CreditCode.Complete($"12650100MB{++n:0000000}").Value, Name = $"对照单位{i}", RegionCode = "650100", ParentId = Bureau, Nature = "事业单位", FromYear = 2020,
            }, As(RegistryAdmin));
            await Assets.ReconcileAsync(new ReconcileRequest { Ref = new InventoryRef { UnitId = id, FiscalYear = 2022 }, FleetCount = "2", VehicleOperation = "20000" }, As(AccountsService));
        }
        await Assets.ReportInventoryAsync(new ReportInventoryRequest
        {
            Ref = new InventoryRef { UnitId = Bureau, FiscalYear = 2022 },
            Figures = new Assets.V1.InventoryFigures { FixedAssets = { ["GENERAL_EQUIPMENT"] = "1000000", ["SPECIAL_EQUIPMENT"] = "2000000" } },
        }, As(BureauClerk));

        var request = new ReconcileRequest
        {
            Ref = new InventoryRef { UnitId = Bureau, FiscalYear = 2022 },
            FleetCount = "10", PurchasedCount = "9", VehiclePurchase = "1350000", VehicleOperation = "500000",
            FixedAssets = "3100000", Vehicles = "10", VehiclesValue = "1500000", VehiclesByRow = { ["VEH_ENFORCEMENT"] = 10 },
        };
        var findings = await Assets.ReconcileAsync(request, As(AccountsService));
        Assert.Equal(["ASSET-F03-TOTALS", "ASSET-OPERATING-COST", "ASSET-PURCHASE-COST", "ASSET-PURCHASED-COUNT", "ASSET-QUOTA"],
            findings.Findings_.Select(f => f.Code).Order(StringComparer.Ordinal));
        var cost = findings.Findings_.Single(f => f.Code == "ASSET-OPERATING-COST");
        Assert.Equal(("10000", "50000"), (cost.Expected, cost.Actual));
        var quota = findings.Findings_.Single(f => f.Code == "ASSET-QUOTA");
        Assert.Equal(("F03[VEH_ENFORCEMENT,AMT]", "9", "10"), (quota.Cell, quota.Expected, quota.Actual));
        Assert.Equal(("F03[FIXED_ASSETS,AMT]", "3000000", "3100000"), (findings.Findings_.Single(f => f.Code == "ASSET-F03-TOTALS").Cell,
            findings.Findings_.Single(f => f.Code == "ASSET-F03-TOTALS").Expected, findings.Findings_.Single(f => f.Code == "ASSET-F03-TOTALS").Actual));

        // The same figures agreeing with the register: no finding but the operating cost and the quota.
        request.PurchasedCount = "10";
        request.VehiclePurchase = "1500000";
        request.FixedAssets = "3000000";
        var agreed = await Assets.ReconcileAsync(request, As(AccountsService));
        Assert.Equal(["ASSET-OPERATING-COST", "ASSET-QUOTA"], agreed.Findings_.Select(f => f.Code).Order(StringComparer.Ordinal));

        var bad = await Assert.ThrowsAsync<RpcException>(() => Assets.ReconcileAsync(new ReconcileRequest { Ref = request.Ref, FleetCount = "eight", VehicleOperation = "x" }, As(AccountsService)).ResponseAsync);
        Assert.Equal(["fleet_count", "vehicle_operation"], Violations(bad).Select(v => v.Field).Order(StringComparer.Ordinal));
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => Assets.ReconcileAsync(request, As(ChangjiReviewer)).ResponseAsync)).StatusCode);
    }

    [Fact]
    public async Task ReportInventory_EquipmentWithoutPrice_OnlyThePriceRequiredNoTotalMadeOfIt()
    {
        // The register's total is not known while a price is blank: it is compared with nothing (a blank price stood in as
        // 1,000,000 and came back as "单价 100 万元及以上设备的原值合计（元）为 1000000", more than the 300,000 typed).
        var figures = new Assets.V1.InventoryFigures { FixedAssetsTotal = "300000", Equipment = { new Equipment { Name = "地震仪", Quantity = 1 } } };

        var ex = await Assert.ThrowsAsync<RpcException>(() => Assets.ReportInventoryAsync(new ReportInventoryRequest { Ref = new InventoryRef { UnitId = Seismic, FiscalYear = 2022 }, Figures = figures }, As(Clerk)).ResponseAsync);

        Assert.Equal(("figures.equipment[0].unit_price", "必须填写"), (Assert.Single(Violations(ex)).Field, Violations(ex)[0].Description));
    }

    [Fact]
    public async Task ReportInventory_BadFigures_EveryFieldNamedAndNothingSaved()
    {
        var figures = new Assets.V1.InventoryFigures
        {
            FixedAssets = { ["GENERAL_EQUIPMENT"] = "-1", ["SPACESHIPS"] = "5", ["SPECIAL_EQUIPMENT"] = "10.001" },
            BuildingsArea = "abc",
            Equipment = { new Equipment { Name = "地震仪", UnitPrice = "999999.99", Quantity = 1 }, new Equipment { Name = "未填单价的设备", Quantity = 1 } },
        };
        var ex = await Assert.ThrowsAsync<RpcException>(() => Assets.ReportInventoryAsync(new ReportInventoryRequest { Ref = new InventoryRef { UnitId = Seismic, FiscalYear = 2022 }, Figures = figures }, As(Clerk)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(["figures.buildings_area", "figures.equipment[0].unit_price", "figures.equipment[1].unit_price", "figures.fixed_assets[GENERAL_EQUIPMENT]", "figures.fixed_assets[SPACESHIPS]", "figures.fixed_assets[SPECIAL_EQUIPMENT]"],
            Violations(ex).Select(v => v.Field).Distinct().Order(StringComparer.Ordinal));
        // A blank price is required, said once (it was read as 0 and refused as "单价 0 元低于 100 万元").
        Assert.Equal("必须填写", Assert.Single(Violations(ex), v => v.Field == "figures.equipment[1].unit_price").Description);
        var inventory = await Assets.GetInventoryAsync(new InventoryRef { UnitId = Seismic, FiscalYear = 2022 }, As(Clerk));
        Assert.Equal(0, inventory.Revision);
        // Checked only: the same problems, and nothing stored either way; not for an outsider.
        var check = await Assert.ThrowsAsync<RpcException>(() => Assets.ReportInventoryAsync(
            new ReportInventoryRequest { Ref = new InventoryRef { UnitId = Seismic, FiscalYear = 2022 }, Figures = figures, ValidateOnly = true }, As(Clerk)).ResponseAsync);
        Assert.Equal(Violations(ex).Select(v => (v.Field, v.Description)), Violations(check).Select(v => (v.Field, v.Description)));
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => Assets.ReportInventoryAsync(
            new ReportInventoryRequest { Ref = new InventoryRef { UnitId = Seismic, FiscalYear = 2022 }, Figures = figures, ValidateOnly = true }, As(BureauClerk)).ResponseAsync)).StatusCode);

        var good = new Assets.V1.InventoryFigures
        {
            FixedAssets = { ["通用设备"] = "150000.50", ["SPECIAL_EQUIPMENT"] = "2500000" }, BuildingsArea = "120.5", BuildingsValue = "0",
            Equipment = { new Equipment { Name = "强震动观测仪", UnitPrice = "1250000", Quantity = 2, AcquiredOn = "2021-07-01" } },
        };
        var checkedOnly = await Assets.ReportInventoryAsync(new ReportInventoryRequest { Ref = new InventoryRef { UnitId = Seismic, FiscalYear = 2022 }, Figures = good, ValidateOnly = true }, As(Clerk));
        Assert.Equal((0L, null), (checkedOnly.Revision, checkedOnly.Figures));
        Assert.Equal(0, (await Assets.GetInventoryAsync(new InventoryRef { UnitId = Seismic, FiscalYear = 2022 }, As(Clerk))).Revision);
        var stored = await Assets.ReportInventoryAsync(new ReportInventoryRequest { Ref = new InventoryRef { UnitId = Seismic, FiscalYear = 2022 }, Figures = good }, As(Clerk));
        Assert.Equal((1L, "FILED", "150000.5"), (stored.Revision, stored.Source, stored.Figures.FixedAssets["GENERAL_EQUIPMENT"]));
        var again = await Assets.ReportInventoryAsync(new ReportInventoryRequest { Ref = new InventoryRef { UnitId = Seismic, FiscalYear = 2022 }, Figures = good }, As(Clerk));
        Assert.Equal(2, again.Revision);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            Assets.ReportInventoryAsync(new ReportInventoryRequest { Ref = new InventoryRef { UnitId = Seismic, FiscalYear = 2022 }, Figures = good }, As(CityReviewer)).ResponseAsync)).StatusCode);
    }
}
