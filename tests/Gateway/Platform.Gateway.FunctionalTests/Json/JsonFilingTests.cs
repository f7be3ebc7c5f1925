using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Platform.Gateway.FunctionalTests.Authorization;
using Platform.Spreadsheets;
using Platform.Testing.Accounts;
using Platform.Testing.Performance;
using CreditCode = Platform.Registry.Domain.CreditCode;

namespace Platform.Gateway.FunctionalTests.Json;

/// <summary>
/// A year filed entirely as JSON through the gateway with bearer tokens — no gRPC client anywhere: an administrator
/// registers a department and a unit; the unit's clerk files the asset inventory and the vehicle register, opens the
/// return, fills it (a bad cell is named), validates it
/// (findings at their cells, the asset register's among them), explains the warnings, submits; the city's reviewer
/// returns it with a comment and then approves it; the clerk files the performance self-evaluation; the reviewer reads the
/// department's consolidated return, drills a cell through to the unit, downloads the return as a workbook. The services
/// are the real ones, composed as `platform run` composes them.
/// </summary>
public sealed class JsonFilingTests(PlatformBehindGateway platform) : IClassFixture<PlatformBehindGateway>
{
    private const int Year = 2022;
    private static readonly string Admin = GatewayHost.Token("admin-xj", ["admin"], "650000");
    private static readonly string Reviewer = GatewayHost.Token("reviewer-urumqi", ["reviewer"], "650100");

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default);

    private Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string token, object? body = null) =>
        platform.SendJsonAsync(method, path, token, body);

    private async Task<JsonElement> OkAsync(HttpMethod method, string path, string token, object? body = null)
    {
        var (status, json) = await SendAsync(method, path, token, body);
        Assert.True(status == HttpStatusCode.OK, $"{method} {path}: {(int)status} {json}");
        return json;
    }

    private static string Cell(JsonElement cells, string cell) =>
        cells.EnumerateArray().Single(c => c.GetProperty("cell").GetString() == cell).GetProperty("value").GetString()!;

    [Fact]
    public async Task FilingYear_AllAsJsonThroughTheGateway_OpenFillExplainSubmitReturnApproveConsolidate()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var department = $"json-bureau-{suffix}";
        var unit = $"json-station-{suffix}";
        var clerk = GatewayHost.Token($"clerk-{suffix}", ["clerk"], "650100", unit);

        // An administrator registers the department and its unit (the registry's JSON routes).
        await OkAsync(HttpMethod.Post, "/api/city/v1/units", Admin, new
        {
            id = department, creditCode = CreditCode.Complete($"11650100MB{Random.Shared.Next(1_000_000, 9_999_999)}").Value,
            name = $"测试局{suffix}", regionCode = "650100", nature = "行政单位", fromYear = Year,
        });
        await OkAsync(HttpMethod.Post, "/api/city/v1/units", Admin, new
        {
            id = unit, creditCode = CreditCode.Complete($"12650100MB{Random.Shared.Next(1_000_000, 9_999_999)}").Value,
            name = $"测试中心{suffix}", regionCode = "650100", parentId = department, nature = "事业单位", fromYear = Year,
        });

        // The clerk opens the year's return and learns its tables from the template.
        var template = await OkAsync(HttpMethod.Get, $"/api/city/v1/templates/{Year}", clerk);
        Assert.Contains(template.GetProperty("tables").EnumerateArray(), t => t.GetProperty("code").GetString() == "Z01");
        var opened = await OkAsync(HttpMethod.Post, "/api/city/v1/returns", clerk, new { unitId = unit, fiscalYear = Year });
        Assert.Equal("DRAFT", opened.GetProperty("state").GetString());
        var returnPath = $"/api/city/v1/returns/{unit}/{Year}";

        // A bad cell is refused with its field; nothing is saved.
        var (badStatus, bad) = await SendAsync(HttpMethod.Patch, returnPath, clerk, new
        {
            @ref = new { unitId = unit, fiscalYear = Year }, revision = opened.GetProperty("revision").GetString(),
            cells = new[] { new { cell = "Z01[INC_FISCAL,AMT]", value = "一百万" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        var violation = bad.GetProperty("details")[0].GetProperty("fieldViolations")[0];
        Assert.Equal("cells[0].value", violation.GetProperty("field").GetString());

        // Filled from the ledger.
        var draft = await OkAsync(HttpMethod.Patch, returnPath, clerk, new
        {
            @ref = new { unitId = unit, fiscalYear = Year }, revision = opened.GetProperty("revision").GetString(), why = "由账簿录入",
            cells = SampleReturns.Consistent2022.Select(c => new { cell = c.Cell, value = c.Value }).ToArray(),
        });
        Assert.Equal("1800000", Cell(draft.GetProperty("computed"), "Z01[INC_CURRENT,AMT]"));

        // The asset inventory and the vehicle register (one vehicle: the return will state three).
        await OkAsync(HttpMethod.Post, "/api/city/v1/vehicles", clerk, new
        {
            unitId = unit, plate = $"新A{Random.Shared.Next(10000, 99999)}", category = "执法执勤用车", acquiredOn = $"{Year}-03-01", originalValue = "180000.00", reason = "购置",
        });
        var inventory = await OkAsync(HttpMethod.Put, $"/api/city/v1/inventories/{unit}/{Year}", clerk, new
        {
            @ref = new { unitId = unit, fiscalYear = Year },
            figures = new { fixedAssetsTotal = "5000000", buildingsArea = "1200", buildingsValue = "3000000" },
        });
        Assert.Equal("FILED", inventory.GetProperty("source").GetString());
        var vehicles = await OkAsync(HttpMethod.Get, $"/api/city/v1/vehicles?unit_id={unit}&fiscal_year={Year}", Reviewer);
        Assert.Equal(1, vehicles.GetProperty("held").GetInt32());

        // Validation: every finding says where it is; the asset register's warnings need explanations before submission.
        var report = await OkAsync(HttpMethod.Get, $"{returnPath}/validation", clerk);
        var findings = report.GetProperty("findings").EnumerateArray().ToList();
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Matches(@"^[A-Z][0-9]{2}\[[^\]]+\]$", f.GetProperty("location").GetString()!));
        var unexplained = findings.Where(f => f.GetProperty("severity").GetString() == "warning" && !f.GetProperty("explained").GetBoolean()).ToList();
        Assert.NotEmpty(unexplained);
        Assert.False(report.GetProperty("canSubmit").GetBoolean());
        var (refusedStatus, _) = await SendAsync(HttpMethod.Post, $"{returnPath}/submit", clerk,
            new { @ref = new { unitId = unit, fiscalYear = Year }, revision = draft.GetProperty("revision").GetString() });
        Assert.Equal(HttpStatusCode.BadRequest, refusedStatus);

        var explained = await OkAsync(HttpMethod.Patch, returnPath, clerk, new
        {
            @ref = new { unitId = unit, fiscalYear = Year }, revision = draft.GetProperty("revision").GetString(),
            explanations = unexplained.Select(f => f.GetProperty("explainAt").GetString()).Distinct()
                .Select(target => new { target, text = "车辆由上级调拨，年末尚未在资产系统登记。" }).ToArray(),
        });
        Assert.True((await OkAsync(HttpMethod.Get, $"{returnPath}/validation", clerk)).GetProperty("canSubmit").GetBoolean());
        var submitted = await OkAsync(HttpMethod.Post, $"{returnPath}/submit", clerk,
            new { @ref = new { unitId = unit, fiscalYear = Year }, revision = explained.GetProperty("revision").GetString() });
        Assert.Equal("SUBMITTED", submitted.GetProperty("state").GetString());

        // The city's reviewer sends it back with a comment at a cell, the clerk resubmits, the reviewer approves.
        var returned = await OkAsync(HttpMethod.Post, $"{returnPath}/review", Reviewer, new
        {
            @ref = new { unitId = unit, fiscalYear = Year }, decision = "RETURN",
            comments = new[] { new { target = "Z07[FLEET_COUNT,FINAL]", text = "请与资产卡片核对车辆数" } },
        });
        Assert.Equal("RETURNED", returned.GetProperty("state").GetString());
        var seenByClerk = await OkAsync(HttpMethod.Get, returnPath, clerk);
        Assert.Equal("Z07[FLEET_COUNT,FINAL]", seenByClerk.GetProperty("comments")[0].GetProperty("target").GetString());
        await OkAsync(HttpMethod.Post, $"{returnPath}/submit", clerk,
            new { @ref = new { unitId = unit, fiscalYear = Year }, revision = returned.GetProperty("revision").GetString() });
        var approved = await OkAsync(HttpMethod.Post, $"{returnPath}/review", Reviewer, new { @ref = new { unitId = unit, fiscalYear = Year }, decision = "APPROVE" });
        Assert.Equal("APPROVED", approved.GetProperty("state").GetString());
        var audit = await OkAsync(HttpMethod.Get, $"{returnPath}/audit-trail", Reviewer);
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("target").GetString() == "Z01[INC_FISCAL,AMT]");

        // The return as the workbook clerks fill, for the reviewer too.
        using (var http = platform.Gateway.Http())
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"{returnPath}/workbook"))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Reviewer);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
            var sheets = XlsxReader.Read(await response.Content.ReadAsByteArrayAsync());
            var z01 = sheets.Single(s => s.Name.StartsWith("Z01 ", StringComparison.Ordinal));
            var column = z01.Rows[0].Cells.Single(c => c.Value == "AMT").Key;
            Assert.Equal("1700000", z01.Rows.Single(r => r["A"] == "INC_FISCAL")[column]);
        }

        // The department's consolidated return holds the unit's figures, and drills through to it.
        var consolidatedPath = $"/api/city/v1/consolidated/department/{department}/{Year}";
        JsonElement consolidated = default;
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); ; await Task.Delay(100))
        {
            var (status, body) = await SendAsync(HttpMethod.Get, consolidatedPath, Reviewer);
            // Counted and summed: seen once (2026-12-06) counting the unit before its cells were in the answer.
            if (status == HttpStatusCode.OK && body.GetProperty("contributingUnits").GetInt32() > 0
                && body.GetProperty("cells").EnumerateArray().Any(c => c.GetProperty("cell").GetString() == "Z01[INC_FISCAL,AMT]"))
            {
                consolidated = body;
                break;
            }
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"the consolidated return never counted the unit: {(int)status} {body}");
        }
        Assert.Equal("1700000", Cell(consolidated.GetProperty("cells"), "Z01[INC_FISCAL,AMT]").Split('.')[0]);
        var drill = await OkAsync(HttpMethod.Get, $"{consolidatedPath}/drill-through?cell={Uri.EscapeDataString("Z01[INC_FISCAL,AMT]")}", Reviewer);
        var contributor = Assert.Single(drill.GetProperty("contributors").EnumerateArray(), c => c.GetProperty("id").GetString() == unit);
        Assert.Equal("1700000", contributor.GetProperty("amount").GetString()!.Split('.')[0]);
        var progress = await OkAsync(HttpMethod.Get, $"/api/city/v1/progress/650100/{Year}", Reviewer);
        Assert.NotEqual(JsonValueKind.Undefined, progress.ValueKind);

        // The performance self-evaluation: saved, then submitted and scored.
        var form = JsonDocument.Parse(Formatter.Format(SampleEvaluations.ProjectForm())).RootElement;
        var evaluationPath = $"/api/city/v1/evaluations/{unit}/{Year}/form";
        var evaluationRef = new { unitId = unit, fiscalYear = Year, project = "地震监测设备运维" };
        var saved = await OkAsync(HttpMethod.Put, evaluationPath, clerk, new { @ref = evaluationRef, projectForm = form });
        var scored = await OkAsync(HttpMethod.Post, $"{evaluationPath}/submit", clerk, new { @ref = evaluationRef, revision = saved.GetProperty("revision").GetString() });
        Assert.Equal("SUBMITTED", scored.GetProperty("state").GetString());
        var read = await OkAsync(HttpMethod.Get, $"{evaluationPath}?project={Uri.EscapeDataString("地震监测设备运维")}", Reviewer);
        Assert.Equal("98.07", read.GetProperty("score").GetProperty("computedTotal").GetString());

    }
}
