using Grpc.Core;
using Grpc.Net.Client;
using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Google.Protobuf;
using Google.Rpc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Accounts.Host;
using Platform.Accounts.Host.Persistence;
using Platform.Accounts.V1;
using Platform.Grpc;
using Platform.Grpc.Security;
using Platform.Registry.Client;
using Platform.Registry.Host;
using Platform.Registry.V1;
using Platform.Testing;
using Platform.Testing.Accounts;
using CellValue = Platform.Accounts.V1.CellValue;
using Cell = DocumentFormat.OpenXml.Spreadsheet.Cell;

namespace Platform.Accounts.FunctionalTests;

/// <summary>
/// The accounts service with the registry, on a real Kestrel port and PostgreSQL: templates, rules catalogue, the
/// whole workflow with roles, concurrency, corrections, audit, events in the outbox, xlsx import with errors, and
/// import-disclosure of 000.
/// </summary>
public sealed class FinalAccountsFunctionalTests : IAsyncLifetime
{
    private const string Bureau = "urumqi-emergency";
    private const string Seismic = "urumqi-seismic";
    private static readonly CallerIdentity RegistryAdmin = new("admin-xj", ["registry-admin"], "650000");
    private static readonly CallerIdentity Clerk = new("clerk-seismic", ["clerk"], "650100", Seismic, "王芳");
    private static readonly CallerIdentity OtherClerk = new("clerk-bureau", ["clerk"], "650100", Bureau);
    private static readonly CallerIdentity CityReviewer = new("reviewer-urumqi", ["reviewer"], "650100");
    private static readonly CallerIdentity ChangjiReviewer = new("reviewer-changji", ["reviewer"], "652300");
    private static readonly CallerIdentity Importer = new("importer", ["accounts-admin"], "650000");
    private static readonly CallerIdentity ImporterAndRegistrar = new("importer", ["accounts-admin", "registry-admin"], "650000");

    private TestHost _host = null!;
    private GrpcChannel _channel = null!;
    private FinalAccounts.FinalAccountsClient Accounts { get; set; } = null!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:registry"] = await TestServers.CreatePostgresDatabaseAsync("registry"),
            ["ConnectionStrings:accounts"] = await TestServers.CreatePostgresDatabaseAsync("accounts"),
        };
        _host = await TestHost.StartAsync(
            configureBuilder: b => { b.AddRegistryService(); b.AddAccountsService(); },
            configureApp: app => { app.MapRegistryService(); app.MapAccountsService(); },
            settings: settings);
        _channel = GrpcChannel.ForAddress(_host.Address);
        Accounts = new FinalAccounts.FinalAccountsClient(_channel);
        var registry = new UnitRegistry.UnitRegistryClient(_channel);
        await registry.AddRegionAsync(new AddRegionRequest { Code = "650000", Name = "新疆维吾尔自治区", Kind = RegionKind.AutonomousRegion }, As(RegistryAdmin));
        await registry.AddRegionAsync(new AddRegionRequest { Code = "650100", Name = "乌鲁木齐市", Kind = RegionKind.City, ParentCode = "650000" }, As(RegistryAdmin));
        await registry.AddRegionAsync(new AddRegionRequest { Code = "652300", Name = "昌吉回族自治州", Kind = RegionKind.Prefecture, ParentCode = "650000" }, As(RegistryAdmin));
        await registry.RegisterUnitAsync(new RegisterUnitRequest
        {
            Id = Bureau, CreditCode = "11650100MB00000016", Name = "乌鲁木齐市应急管理局（市矿山安全监督管理局）", RegionCode = "650100", Nature = "行政单位", FromYear = 2020,
        }, As(RegistryAdmin));
        await registry.RegisterUnitAsync(new RegisterUnitRequest
        {
            Id = Seismic, CreditCode = "12650100MB0000004C", Name = "乌鲁木齐市地震监测中心", RegionCode = "650100", ParentId = Bureau, Nature = "事业单位", FromYear = 2020,
        }, As(RegistryAdmin));
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _host.DisposeAsync();
    }

    private static CallOptions As(CallerIdentity caller) => TestHost.As(caller);


    private static ReturnRef Ref(int version = 0) => new() { UnitId = Seismic, FiscalYear = 2022, Version = version };

    private async Task<Platform.Accounts.V1.Return> FilledDraftAsync()
    {
        var opened = await Accounts.OpenReturnAsync(new OpenReturnRequest { UnitId = Seismic, FiscalYear = 2022 }, As(Clerk));
        var save = new SaveDraftRequest { Ref = Ref(), Revision = opened.Revision, Why = "entered from the ledger" };
        save.Cells.AddRange(SampleReturns.Consistent2022.Select(c => new CellValue { Cell = c.Cell, Value = c.Value }));
        return await Accounts.SaveDraftAsync(save, As(Clerk));
    }

    private static List<(string Field, string Description)> Violations(RpcException ex) =>
        ex.FieldViolations().Select(v => (v.Field, v.Description)).ToList();

    [Fact]
    public async Task GetTemplateAndRules_Catalogue_IdsSeveritiesTextYears()
    {
        var template = await Accounts.GetTemplateAsync(new GetTemplateRequest { FiscalYear = 2022 }, As(Clerk));
        Assert.Equal(["Z01", "Z02", "Z03", "Z04", "Z05", "Z06", "Z07", "Z08", "Z09"], template.Tables.Where(t => !t.Supplementary).Select(t => t.Code));
        Assert.Equal("functional", template.Tables.Single(t => t.Code == "Z05").RowsFromClassification);
        var rules = await Accounts.ListRulesAsync(new ListRulesRequest { FiscalYear = 2022, RegionCode = "650100" }, As(Clerk));
        var fleet = rules.Rules.Single(r => r.Id == "Z07-005");
        Assert.Equal(("warning", 2021, "Z07[FLEET_COUNT]"), (fleet.Severity, fleet.FromYear, fleet.ExplainAt));
        Assert.Contains("公务用车保有量", fleet.Text);
        var noTemplate = await Assert.ThrowsAsync<RpcException>(() => Accounts.GetTemplateAsync(new GetTemplateRequest { FiscalYear = 2019 }, As(Clerk)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, noTemplate.StatusCode);
        Assert.Equal("fiscal_year", Violations(noTemplate).Single().Field);
    }

    [Fact]
    public async Task Workflow_DraftSubmitReturnApproveCorrect_WithRolesAuditAndEvents()
    {
        var draft = await FilledDraftAsync();
        Assert.Equal("DRAFT", draft.State);
        Assert.Equal("1800000", draft.Computed.Single(c => c.Cell == "Z01[INC_CURRENT,AMT]").Value);

        // Only the unit's own clerk submits; only the superior office reviews.
        var outsider = await Assert.ThrowsAsync<RpcException>(() => Accounts.SubmitReturnAsync(new SubmitReturnRequest { Ref = Ref(), Revision = draft.Revision }, As(OtherClerk)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, outsider.StatusCode);
        var submitted = await Accounts.SubmitReturnAsync(new SubmitReturnRequest { Ref = Ref(), Revision = draft.Revision }, As(Clerk));
        var again = await Accounts.SubmitReturnAsync(new SubmitReturnRequest { Ref = Ref(), Revision = draft.Revision }, As(Clerk));
        Assert.Equal(("SUBMITTED", submitted.Revision), (again.State, again.Revision));

        var wrongOffice = await Assert.ThrowsAsync<RpcException>(() => Accounts.ReviewReturnAsync(
            new ReviewReturnRequest { Ref = Ref(), Decision = ReviewReturnRequest.Types.Decision.Approve }, As(ChangjiReviewer)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, wrongOffice.StatusCode);
        var review = new ReviewReturnRequest { Ref = Ref(), Decision = ReviewReturnRequest.Types.Decision.Return };
        review.Comments.Add(new Platform.Accounts.V1.ReviewComment { Target = "Z07[FLEET_COUNT,FINAL]", Text = "请与资产卡片核对车辆数" });
        var returned = await Accounts.ReviewReturnAsync(review, As(CityReviewer));
        Assert.Equal(("RETURNED", "Z07[FLEET_COUNT,FINAL]"), (returned.State, returned.Comments.Single().Target));

        var resubmitted = await Accounts.SubmitReturnAsync(new SubmitReturnRequest { Ref = Ref(), Revision = returned.Revision }, As(Clerk));
        var approved = await Accounts.ReviewReturnAsync(new ReviewReturnRequest { Ref = Ref(), Decision = ReviewReturnRequest.Types.Decision.Approve }, As(CityReviewer));
        Assert.Equal(("APPROVED", "reviewer-urumqi"), (approved.State, approved.ApprovedBy));

        // Approved is frozen; a correction is a new version with a reason.
        var edit = new SaveDraftRequest { Ref = Ref(), Revision = approved.Revision };
        edit.Cells.Add(new CellValue { Cell = "Z01[INC_OTHER,AMT]", Value = "1" });
        Assert.Equal(StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<RpcException>(() => Accounts.SaveDraftAsync(edit, As(Clerk)).ResponseAsync)).StatusCode);
        var v2 = await Accounts.OpenCorrectionAsync(new OpenCorrectionRequest { UnitId = Seismic, FiscalYear = 2022, Reason = "审计调整" }, As(Clerk));
        Assert.Equal((2, "DRAFT", 1, "审计调整"), (v2.Version, v2.State, v2.CorrectionOf, v2.CorrectionReason));
        Assert.Equal("APPROVED", (await Accounts.GetReturnAsync(Ref(1), As(CityReviewer))).State);

        var audit = await Accounts.GetAuditTrailAsync(Ref(), As(CityReviewer));
        Assert.Equal(["opened", "submitted", "comment", "returned", "submitted", "approved", "correction-opened"],
            audit.Entries.Where(e => e.Action != "cell").Select(e => e.Action));
        var cell = audit.Entries.First(e => e.Action == "cell" && e.Target == "Z01[INC_FISCAL,AMT]");
        Assert.Equal(("clerk-seismic", "王芳", "", "1700000", "entered from the ledger"), (cell.Actor, cell.ActorName, cell.OldValue, cell.NewValue, cell.Why));
        // Who acted is kept by name as the sign-in gave it at the time; a caller without one (this reviewer) keeps none.
        Assert.Equal("", audit.Entries.Single(e => e.Action == "approved").ActorName);

        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        var types = await db.OutboxMessages.Select(m => m.Type).ToListAsync();
        Assert.Equal(2, types.Count(t => t.EndsWith(".ReturnSubmitted", StringComparison.Ordinal)));
        Assert.Single(types, t => t.EndsWith(".ReturnReturned", StringComparison.Ordinal));
        Assert.Single(types, t => t.EndsWith(".ReturnApproved", StringComparison.Ordinal));
        Assert.Single(types, t => t.EndsWith(".ReturnCorrected", StringComparison.Ordinal));
        _ = resubmitted;
    }

    [Fact]
    public async Task GetDeadline_BeforeTheReturnIsOpened_TheRegionsDayForItsReadersOnly()
    {
        // The shipped deadlines: region 65, fiscal year 2022, due 2023-03-31 — known before anything is filed.
        Assert.Equal("2023-03-31", (await Accounts.GetDeadlineAsync(Ref(), As(Clerk))).DueDate);
        Assert.Equal("2023-03-31", (await Accounts.GetDeadlineAsync(Ref(), As(CityReviewer))).DueDate);
        Assert.Equal("", (await Accounts.GetDeadlineAsync(new ReturnRef { UnitId = Seismic, FiscalYear = 2040 }, As(Clerk))).DueDate);
        // Another unit's clerk and an office of another prefecture are refused, as for the return itself.
        foreach (var other in new[] { OtherClerk, ChangjiReviewer })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => Accounts.GetDeadlineAsync(Ref(), As(other)).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        }
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => Accounts.GetReturnAsync(Ref(), As(Clerk)).ResponseAsync)).StatusCode);
    }

    [Fact]
    public async Task SaveDraft_TwoClerksSameRevision_SecondGetsAbortedNotOverwrite()
    {
        var draft = await FilledDraftAsync();
        var first = new SaveDraftRequest { Ref = Ref(), Revision = draft.Revision };
        first.Cells.Add(new CellValue { Cell = "Z01[INC_OTHER,AMT]", Value = "200000" });
        var second = new SaveDraftRequest { Ref = Ref(), Revision = draft.Revision };
        second.Cells.Add(new CellValue { Cell = "Z01[INC_OTHER,AMT]", Value = "300000" });
        await Accounts.SaveDraftAsync(first, As(Clerk));
        var conflict = await Assert.ThrowsAsync<RpcException>(() => Accounts.SaveDraftAsync(second, As(Clerk)).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, conflict.StatusCode);
        Assert.Equal("200000", (await Accounts.GetReturnAsync(Ref(), As(Clerk))).Inputs.Single(c => c.Cell == "Z01[INC_OTHER,AMT]").Value);
    }

    [Fact]
    public async Task SaveDraft_BadInput_FieldErrorsAndNothingSaved()
    {
        var draft = await FilledDraftAsync();
        var bad = new SaveDraftRequest { Ref = Ref(), Revision = draft.Revision };
        bad.Cells.Add(new CellValue { Cell = "Z01[INC_OTHER,AMT]", Value = "5" });
        bad.Cells.Add(new CellValue { Cell = "Z01[INC_FISCAL,AMT]", Value = "12.345" });
        bad.Cells.Add(new CellValue { Cell = "Z99[X,Y]", Value = "1" });
        bad.Cells.Add(new CellValue { Cell = "Z07[FLEET_COUNT,FINAL]", Value = "-1" });
        var ex = await Assert.ThrowsAsync<RpcException>(() => Accounts.SaveDraftAsync(bad, As(Clerk)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(["cells[1].value", "cells[2].cell", "cells[3].value"], Violations(ex).Select(v => v.Field));
        Assert.All(Violations(ex), v => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", v.Description));
        var after = await Accounts.GetReturnAsync(Ref(), As(Clerk));
        Assert.Equal((draft.Revision, "100000"), (after.Revision, after.Inputs.Single(c => c.Cell == "Z01[INC_OTHER,AMT]").Value));
    }

    [Fact]
    public async Task Submit_UnexplainedWarning_RefusedWithTheRuleThenAcceptedOnceExplained()
    {
        var draft = await FilledDraftAsync();
        var change = new SaveDraftRequest { Ref = Ref(), Revision = draft.Revision };
        change.Cells.Add(new CellValue { Cell = "Z07[FLEET_COUNT,FINAL]", Value = "4" });
        draft = await Accounts.SaveDraftAsync(change, As(Clerk));
        var report = await Accounts.ValidateReturnAsync(Ref(), As(Clerk));
        Assert.False(report.CanSubmit);
        Assert.Equal(("Z07-005", "warning", "4", "3", "1"), report.Findings.Select(f => (f.RuleId, f.Severity, f.Actual, f.Expected, f.Difference)).Single());
        var refused = await Assert.ThrowsAsync<RpcException>(() => Accounts.SubmitReturnAsync(new SubmitReturnRequest { Ref = Ref(), Revision = draft.Revision }, As(Clerk)).ResponseAsync);
        Assert.Equal("explanations[Z07[FLEET_COUNT]]", Violations(refused).Single().Field);
        var explain = new SaveDraftRequest { Ref = Ref(), Revision = draft.Revision };
        explain.Explanations.Add(new Platform.Accounts.V1.Explanation { Target = "Z07[FLEET_COUNT]", Text = "一辆应急车辆由上级调拨，年末尚未办理资产入账。" });
        draft = await Accounts.SaveDraftAsync(explain, As(Clerk));
        Assert.True((await Accounts.ValidateReturnAsync(Ref(), As(Clerk))).CanSubmit);
        Assert.Equal("SUBMITTED", (await Accounts.SubmitReturnAsync(new SubmitReturnRequest { Ref = Ref(), Revision = draft.Revision }, As(Clerk))).State);
    }

    [Fact]
    public async Task ExportWorkbook_FilledDraft_ImportsBackToTheSameFigures()
    {
        var draft = await FilledDraftAsync();
        var workbook = await Accounts.ExportWorkbookAsync(Ref(), As(Clerk));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", workbook.ContentType);
        var sheets = Platform.Spreadsheets.XlsxReader.Read(workbook.Data.Memory);
        // One sheet per table the clerk files, named by code and title; row 2 names the columns, column B the rows.
        Assert.Contains(sheets, s => s.Name.StartsWith("Z05 ", StringComparison.Ordinal));
        var z05 = sheets.Single(s => s.Name.StartsWith("Z05 ", StringComparison.Ordinal));
        Assert.Contains(z05.Rows, r => r["A"] == "2240101" && r["B"].Length > 0);

        var reimported = await Accounts.ImportWorkbookAsync(
            new ImportWorkbookRequest { Ref = Ref(), Revision = draft.Revision, Workbook = workbook.Data }, As(Clerk));
        Assert.Equal(
            draft.Inputs.Select(c => (c.Cell, decimal.Parse(c.Value, CultureInfo.InvariantCulture))).Order(),
            reimported.Inputs.Select(c => (c.Cell, decimal.Parse(c.Value, CultureInfo.InvariantCulture))).Order());
        var outsider = await Assert.ThrowsAsync<RpcException>(() => Accounts.ExportWorkbookAsync(Ref(), As(OtherClerk)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, outsider.StatusCode);
    }

    [Fact]
    public async Task ImportWorkbook_CellErrorsNameTheSheetCell_ThenValidWorkbookSaves()
    {
        var opened = await Accounts.OpenReturnAsync(new OpenReturnRequest { UnitId = Seismic, FiscalYear = 2022 }, As(Clerk));
        var bad = Workbook(("Z01", ["AMT"], [["INC_FISCAL", "1700000"], ["INC_OTHER", "12.345"], ["NOPE", "1"]]));
        var ex = await Assert.ThrowsAsync<RpcException>(() => Accounts.ImportWorkbookAsync(
            new ImportWorkbookRequest { Ref = Ref(), Revision = opened.Revision, Workbook = ByteString.CopyFrom(bad) }, As(Clerk)).ResponseAsync);
        var violations = Violations(ex);
        Assert.Equal(["Z01!B3", "Z01!B4"], violations.Select(v => v.Field));
        Assert.Contains("有 3 位小数", violations[0].Description);
        Assert.Empty((await Accounts.GetReturnAsync(Ref(), As(Clerk))).Inputs);

        var good = Workbook(("Z01 收入支出决算总表", ["AMT"], [["INC_FISCAL", "1,700,000.00"], ["INC_OTHER", "100000"]]),
            ("Z07", ["BUDGET", "FINAL"], [["FLEET_COUNT", "", "3"]]));
        var saved = await Accounts.ImportWorkbookAsync(new ImportWorkbookRequest { Ref = Ref(), Revision = opened.Revision, Workbook = ByteString.CopyFrom(good) }, As(Clerk));
        Assert.Equal(["Z01[INC_FISCAL,AMT]=1700000", "Z01[INC_OTHER,AMT]=100000", "Z07[FLEET_COUNT,FINAL]=3"], saved.Inputs.Select(c => $"{c.Cell}={c.Value}"));
    }

    [Fact]
    public async Task ImportDisclosure_000_ReadOnlyReturnPriorBaselineAndTheRealFindings()
    {
        var path = Path.Combine(RepoRoot(), "services/Demo/disclosures/000_bb240cb5f2680099.json");
        var request = new ImportDisclosureRequest { Transcription = ByteString.CopyFrom(await File.ReadAllBytesAsync(path)), FileName = Path.GetFileName(path) };
        var denied = await Assert.ThrowsAsync<RpcException>(() => Accounts.ImportDisclosureAsync(request, As(Clerk)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", denied.Status.Detail);
        Assert.DoesNotContain(Clerk.Subject, denied.Status.Detail, StringComparison.Ordinal);

        // Two of its units in scope are not in the registry: the publication prints no credit code, so the import
        // names them and writes nothing until it is given their identities.
        var missing = await Assert.ThrowsAsync<RpcException>(() => Accounts.ImportDisclosureAsync(request, As(Importer)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, missing.StatusCode);
        var named = Violations(missing);
        Assert.All(named, v => Assert.Equal("identities", v.Field));
        Assert.Collection(named,
            v => Assert.Contains("乌鲁木齐市应急管理综合行政执法支队", v.Description),
            v => Assert.Contains("乌鲁木齐市应急管理事务服务中心", v.Description));
        var absent = await Assert.ThrowsAsync<RpcException>(() => Accounts.GetReturnAsync(new ReturnRef { UnitId = Bureau, FiscalYear = 2022 }, As(Importer)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, absent.StatusCode);

        request.Identities.Add(new UnitIdentity { Name = "乌鲁木齐市应急管理综合行政执法支队", CreditCode = Code("12650100MB0000011"), Nature = "参照公务员法管理事业单位", UnitId = "urumqi-enforcement" });
        request.Identities.Add(new UnitIdentity { Name = "乌鲁木齐市应急管理事务服务中心", CreditCode = Code("12650100MB0000012"), Nature = "事业单位" });
        var response = await Accounts.ImportDisclosureAsync(request, As(ImporterAndRegistrar));
        Assert.Equal(Bureau, response.DepartmentUnitId);
        var serviceCentre = "cc-" + Code("12650100MB0000012").ToLowerInvariant();
        Assert.Equal(["urumqi-enforcement", serviceCentre], response.RegisteredUnitIds);
        Assert.Equal([Bureau, "urumqi-enforcement", serviceCentre, Seismic], response.UnitIds);
        var registry = new UnitRegistry.UnitRegistryClient(_channel);
        var enforcement = await registry.GetUnitAsync(new GetUnitRequest { UnitId = "urumqi-enforcement", AsOfYear = 2022 }, As(RegistryAdmin));
        Assert.Equal((Bureau, "650100", "乌鲁木齐市应急管理综合行政执法支队"), (enforcement.ParentId, enforcement.RegionCode, enforcement.Name));
        Assert.Equal(("PUBLISHED", "PUBLICATION", "000_bb240cb5f2680099.json"), (response.Imported.State, response.Imported.Source, response.Imported.SourceDocument));
        Assert.Equal("22690800", response.Imported.Inputs.Single(c => c.Cell == "Z01[INC_TOTAL,AMT]").Value);
        Assert.True(response.PriorYearCells > 20);
        Assert.Equal(["Z05-008", "Z07-005"], response.Findings.Where(f => f.Severity == "warning" && !f.Explained).Select(f => f.RuleId).Order());
        Assert.DoesNotContain(response.Findings, f => f.Severity == "error");

        // Its workbook holds every printed figure, totals too (a published return is read-only: nothing is recomputed).
        var sheets = Platform.Spreadsheets.XlsxReader.Read((await Accounts.ExportWorkbookAsync(new ReturnRef { UnitId = Bureau, FiscalYear = 2022 }, As(Importer))).Data.Memory);
        Assert.Equal("22690800", sheets.Single(s => s.Name.StartsWith("Z01 ", StringComparison.Ordinal)).Rows.Single(r => r["A"] == "INC_TOTAL")["C"]);
        var z05 = sheets.Single(s => s.Name.StartsWith("Z05 ", StringComparison.Ordinal));
        Assert.All(z05.Rows.Skip(2), r => Assert.NotEqual("", string.Concat(r.Cells.Where(c => c.Key is not ("A" or "B")).Select(c => c.Value))));

        var prior = await Accounts.GetReturnAsync(new ReturnRef { UnitId = Bureau, FiscalYear = 2021 }, As(Importer));
        Assert.Equal("28907300", prior.Inputs.Single(c => c.Cell == "Z01[INC_TOTAL,AMT]").Value);
        var again = await Accounts.ImportDisclosureAsync(request, As(Importer));
        Assert.Equal(response.Imported.Revision, again.Imported.Revision);
        Assert.Empty(again.RegisteredUnitIds);

        var edit = new SaveDraftRequest { Ref = new ReturnRef { UnitId = Bureau, FiscalYear = 2022 }, Revision = 1 };
        edit.Cells.Add(new CellValue { Cell = "Z01[INC_OTHER,AMT]", Value = "1" });
        var readOnly = await Assert.ThrowsAsync<RpcException>(() => Accounts.SaveDraftAsync(edit, As(OtherClerk)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, readOnly.StatusCode);
    }

    [Fact]
    public async Task ImportDisclosure_UnknownDepartment_RegisteredInTheNamedRegionAllOrNothing()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "services/Demo/disclosures/000_bb240cb5f2680099.json")))!;
        json["department"]!["name"] = "乌鲁木齐市测试管理局";
        json["department"]!["units_in_scope"] = new System.Text.Json.Nodes.JsonArray(
            new System.Text.Json.Nodes.JsonObject { ["seq"] = "1", ["name"] = "乌鲁木齐市测试管理局本级", ["nature"] = "一级单位" },
            new System.Text.Json.Nodes.JsonObject { ["seq"] = "2", ["name"] = "乌鲁木齐市测试中心（站）", ["nature"] = "二级单位" });
        var request = new ImportDisclosureRequest { Transcription = ByteString.CopyFromUtf8(json.ToJsonString()), FileName = "renamed-000.json" };
        request.Identities.Add(new UnitIdentity { Name = "乌鲁木齐市测试管理局", CreditCode = Code("11650100MB0000013"), Nature = "行政单位", UnitId = "test-bureau" });
        request.Identities.Add(new UnitIdentity { Name = "乌鲁木齐市测试中心(站)", CreditCode = "12650100MB0000014X", Nature = "事业单位", UnitId = "test-centre" });
        request.Identities.Add(new UnitIdentity { Name = "乌鲁木齐市不存在的单位", CreditCode = Code("12650100MB0000015"), Nature = "事业单位" });

        var noRegion = Violations(await Assert.ThrowsAsync<RpcException>(() => Accounts.ImportDisclosureAsync(request, As(ImporterAndRegistrar)).ResponseAsync));
        Assert.Contains(noRegion, v => v.Field == "region_code" && v.Description.Contains("乌鲁木齐市"));
        Assert.Contains(noRegion, v => v.Field == "identities[2].name" && v.Description.Contains("乌鲁木齐市不存在的单位"));

        request.Identities.RemoveAt(2);
        request.RegionCode = "652300";
        var wrongRegion = Violations(await Assert.ThrowsAsync<RpcException>(() => Accounts.ImportDisclosureAsync(request, As(ImporterAndRegistrar)).ResponseAsync));
        Assert.Equal([("region_code", "行政区划 652300 是昌吉回族自治州，而公开文件所列的行政区划为乌鲁木齐市")], wrongRegion);

        // The registry rejects the second unit's check character: neither unit is registered.
        request.RegionCode = "650100";
        var rejected = Violations(await Assert.ThrowsAsync<RpcException>(() => Accounts.ImportDisclosureAsync(request, As(ImporterAndRegistrar)).ResponseAsync));
        Assert.Equal("identities[1].credit_code", Assert.Single(rejected).Field);
        var registry = new UnitRegistry.UnitRegistryClient(_channel);
        var search = await registry.SearchUnitsAsync(new SearchUnitsRequest { Query = "测试", AsOfYear = 2022, PageSize = 10 }, As(RegistryAdmin));
        Assert.Empty(search.Units);

        var denied = await Assert.ThrowsAsync<RpcException>(() => Accounts.ImportDisclosureAsync(request, As(ChangjiAdmin)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);

        request.Identities[1].CreditCode = Code("12650100MB0000014");
        var response = await Accounts.ImportDisclosureAsync(request, As(ImporterAndRegistrar));
        Assert.Equal("test-bureau", response.DepartmentUnitId);
        Assert.Equal(["test-bureau", "test-centre"], response.RegisteredUnitIds);
        var centre = await registry.GetUnitAsync(new GetUnitRequest { UnitId = "test-centre", AsOfYear = 2022 }, As(RegistryAdmin));
        var bureau = await registry.GetUnitAsync(new GetUnitRequest { UnitId = "test-bureau", AsOfYear = 2022 }, As(RegistryAdmin));
        Assert.Equal(("test-bureau", "650100", "事业单位"), (centre.ParentId, centre.RegionCode, centre.Nature));
        Assert.Equal(("", "650100", "行政单位"), (bureau.ParentId, bureau.RegionCode, bureau.Nature));
        Assert.Equal("22690800", response.Imported.Inputs.Single(c => c.Cell == "Z01[INC_TOTAL,AMT]").Value);
    }

    private static readonly CallerIdentity ChangjiAdmin = new("admin-changji", ["accounts-admin", "registry-admin"], "652300");

    private static string Code(string first17) => Platform.Registry.Domain.CreditCode.Complete(first17).Value;

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
        {
            dir = dir.Parent;
        }
        return dir!.FullName;
    }

    /// <summary>An xlsx with one sheet per (name, column codes, rows of [row code, values...]).</summary>
    private static byte[] Workbook(params (string Name, string[] Columns, string[][] Rows)[] sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            uint id = 1;
            foreach (var (name, columns, rows) in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                data.Append(Row(1, ["code", .. columns]));
                for (var i = 0; i < rows.Length; i++)
                {
                    data.Append(Row((uint)(i + 2), rows[i]));
                }
                part.Worksheet = new Worksheet(data);
                workbook.Workbook.Sheets!.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = name });
            }
        }
        return stream.ToArray();

        static Row Row(uint index, string[] values)
        {
            var row = new Row { RowIndex = index };
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i].Length > 0)
                {
                    row.Append(new Cell
                    {
                        CellReference = $"{(char)('A' + i)}{index.ToString(CultureInfo.InvariantCulture)}",
                        DataType = CellValues.InlineString,
                        InlineString = new InlineString(new Text(values[i])),
                    });
                }
            }
            return row;
        }
    }
}
