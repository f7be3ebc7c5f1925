using Grpc.Core;
using Google.Protobuf;
using Platform.Grpc;
using Platform.Performance.V1;

namespace Platform.Performance.FunctionalTests.Import;

/// <summary>xlsx import of project forms (one per sheet) on PostgreSQL: errors named by sheet cell, all or nothing.</summary>
public sealed class FormWorkbookTests : PerformanceFixture
{
    /// <summary>The printed form's layout: labels in column A (see FormWorkbook).</summary>
    private static string[][] Sheet(string project, string weight = "20", string level1 = "产出指标", string executed = "9.5") =>
    [
        ["项目名称", project],
        ["主管部门", "乌鲁木齐市应急管理局"],
        ["实施单位", "乌鲁木齐市地震监测中心"],
        ["资金", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "10", "10", executed, "10", "95%", "9.5"],
        ["当年财政拨款", "10", "10", executed],
        ["年度总体目标", "保障监测台网运行"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"],
        [level1, "数量指标", "培训人次", "≥28人次", "26人次", weight, "18.57", "两人因病缺训"],
        ["", "质量指标", "台网运行率", "≥95%", "98%", "30", "30"],
        ["", "时效指标", "完成时间", "2022年12月前", "2022年11月前", "10", "10"],
        ["效益指标", "社会效益指标", "监测能力", "有效提升", "有效提升", "20", "20"],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", "10", "10"],
        ["总分", "", "", "", "", "100", "98.07"],
    ];

    private Task<ImportWorkbookResponse> ImportAsync(byte[] workbook, Platform.Grpc.Security.CallerIdentity? caller = null) =>
        Performance.ImportWorkbookAsync(new ImportWorkbookRequest { UnitId = Seismic, FiscalYear = 2022, Workbook = ByteString.CopyFrom(workbook) }, As(caller ?? Clerk)).ResponseAsync;

    [Fact]
    public async Task ImportWorkbook_TwoSheets_DraftsScoredAndReimportSaves()
    {
        var response = await ImportAsync(Workbook(("项目1", Sheet("地震监测设备运维")), ("项目2", Sheet("台网巡检"))));
        Assert.Equal(["台网巡检", "地震监测设备运维"], response.Evaluations.Select(e => e.Ref.Project).Order(StringComparer.Ordinal));
        var first = response.Evaluations.Single(e => e.Ref.Project == "地震监测设备运维");
        Assert.Equal((EvaluationState.Draft, 1L, "98.07", 5), (first.State, first.Revision, first.Score.ComputedTotal, first.ProjectForm.Indicators.Count));
        // A blank 一级指标 under a merged cell carries the row above's.
        Assert.Equal("产出指标", first.ProjectForm.Indicators[1].Level1);

        var again = await ImportAsync(Workbook(("项目1", Sheet("地震监测设备运维", executed: "10"))));
        Assert.Equal(2, Assert.Single(again.Evaluations).Revision);
        Assert.Equal("10", (await Performance.GetEvaluationAsync(new EvaluationRef { UnitId = Seismic, FiscalYear = 2022, Project = "地震监测设备运维" }, As(Clerk))).ProjectForm.Funds.Total.Executed);
    }

    [Fact]
    public async Task ImportWorkbook_BadCells_ErrorsNameSheetCellsAndNothingSaved()
    {
        var bad = Workbook(
            ("项目1", Sheet("地震监测设备运维", weight: "-5")),
            ("项目2", Sheet("台网巡检", level1: "产量指标", executed: "9.1234567")),
            ("说明", [["本表为填报说明"]]));
        var ex = await Assert.ThrowsAsync<RpcException>(() => ImportAsync(bad));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var fields = Violations(ex).Select(v => v.Field).ToList();
        Assert.Contains("项目1!F9", fields);
        Assert.Contains("项目2!A9", fields);
        Assert.Contains("项目2!D5", fields);
        Assert.Contains("项目2!D6", fields);
        Assert.Contains(Violations(ex), v => v.Field == "说明!A1" && v.Description.Contains("项目名称", StringComparison.Ordinal));
        Assert.Contains(Violations(ex), v => v.Field == "项目1!F9" && v.Description.Contains("indicators[0].weight", StringComparison.Ordinal));
        var listed = await Performance.ListUnitEvaluationsAsync(new ListUnitEvaluationsRequest { UnitId = Seismic, FiscalYear = 2022 }, As(Clerk));
        Assert.Empty(listed.Evaluations);

        var notXlsx = await Assert.ThrowsAsync<RpcException>(() => ImportAsync("PK not really"u8.ToArray()));
        Assert.Equal("workbook", Assert.Single(Violations(notXlsx)).Field);
        var duplicate = await Assert.ThrowsAsync<RpcException>(() => ImportAsync(Workbook(("a", Sheet("同一项目")), ("b", Sheet("同一项目")))));
        Assert.Equal("a, b", Assert.Single(Violations(duplicate)).Field);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            ImportAsync(Workbook(("项目1", Sheet("地震监测设备运维"))), BureauClerk))).StatusCode);
    }

    private static byte[] Workbook(params (string Name, string[][] Rows)[] sheets) => Platform.Testing.Xlsx.Workbook(sheets);
}
