using Grpc.Core;
using Platform.Accounts.V1;
using Platform.Portal.Gateway;
using Platform.Portal.Security;

namespace Platform.Portal.Work;

/// <summary>One of a unit's tasks for a fiscal year: what it is, its state, its deadline, what is still missing, where to work on it.</summary>
internal sealed record UnitTask(string Title, string State, string? Due, string Missing, string? Link);

/// <summary>
/// A unit's tasks for a fiscal year, as its clerk sees them on the portal's home page: the final-accounts return, the
/// performance self-evaluations, the asset and vehicle inventory and the public disclosure they end in — each read from
/// its service through the gateway.
/// </summary>
internal sealed class UnitTasks(PortalApi api)
{
    public async Task<IReadOnlyList<UnitTask>> LoadAsync(PortalUser user, int year)
    {
        var unit = user.UnitId!;
        var options = await api.AsSignedInAsync();
        var (returnTask, returnState) = await ReturnTaskAsync(unit, year, options);
        var tasks = new List<UnitTask> { returnTask };
        tasks.AddRange(await EvaluationTasksAsync(unit, year, options));
        tasks.Add(await InventoryTaskAsync(unit, year, options));
        tasks.Add(await DisclosureTaskAsync(unit, year, returnState, options));
        if (user.Roles.Contains("unit-head"))
        {
            // The head reads the department's consolidated figures (its own office and the units under it); the page was
            // reachable only by typing its address.
            tasks.Add(new UnitTask("部门汇总报表", "可查看", null, "本部门及所属单位的汇总数，随各单位审核通过更新",
                $"/portal/consolidated/department/{Uri.EscapeDataString(unit)}/{year}"));
        }
        return tasks;
    }

    /// <summary>
    /// The year's public disclosure (公开说明), which the publication service assembles once the return is approved and the
    /// other parts are in: what it still waits for, by when, or that it is out (the return's own state stays 已审核通过 —
    /// the accounts service approves; publishing is the publication service's).
    /// </summary>
    private async Task<UnitTask> DisclosureTaskAsync(string unit, int year, string returnState, CallOptions options)
    {
        const string title = "部门决算公开说明";
        try
        {
            var status = await api.Publications.GetStatusAsync(new Platform.Publication.V1.GetStatusRequest { UnitId = unit, FiscalYear = year }, options);
            var due = status.DueDate.Length == 0 ? null : status.Overdue && status.State == "WAITING" ? $"{status.DueDate}（已逾期）" : status.DueDate;
            return status.State == "PUBLISHED"
                ? new UnitTask(title, status.PublishedVersions > 1 ? $"已公开（第 {status.PublishedVersions} 版）" : "已公开", due, "无", PublicLink(unit, year))
                // Each part as the service names it, without its code ("ASSET_INVENTORY 国有资产占用情况（资产盘点）").
                : new UnitTask(title, "等待材料", due, "尚缺：" + string.Join("、", status.Missing.Select(m => m[(m.IndexOf(' ') + 1)..])), null);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            // No file (the publication service opens one at the approval): by the return's state — imported from a
            // publication, approved a moment ago (the event on its way), or not approved yet. The file is asked first: a
            // correction in draft stands beside a disclosure that is out.
            return returnState switch
            {
                "PUBLISHED" => new UnitTask(title, "已公开（导入）", null, "无", PublicLink(unit, year)),
                "APPROVED" => new UnitTask(title, "正在生成", null, "无", null),
                "COVERED" => new UnitTask(title, PortalText.ReturnState("COVERED"), null, "本单位的数字包含在上级部门已公开的决算中", null),
                _ => new UnitTask(title, "未公开", null, "部门决算审核通过后，平台自动生成公开说明", null),
            };
        }
        catch (RpcException ex) when (ex.StatusCode is not (StatusCode.PermissionDenied or StatusCode.Unauthenticated))
        {
            // The publication service not answering takes this row, not the clerk's whole list of tasks.
            return new UnitTask(title, "暂不可查", null, PortalErrors.Describe(ex), null);
        }
    }

    private static string PublicLink(string unit, int year) => $"/public/v1/disclosures/{Uri.EscapeDataString(unit)}-{year}.html";

    private async Task<(UnitTask Task, string State)> ReturnTaskAsync(string unit, int year, CallOptions options)
    {
        const string title = "部门决算报表";
        var link = $"/portal/returns/{Uri.EscapeDataString(unit)}/{year}";
        Return found;
        try
        {
            found = await api.Accounts.GetReturnAsync(new ReturnRef { UnitId = unit, FiscalYear = year }, options);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            // Not opened yet, but its day is known (the region's deadline): the clerk sees it before starting, overdue too —
            // unless the department's published disclosure covers the unit that year, as the office's progress says.
            var deadline = await api.DeadlineAsync(unit, year, options);
            if (deadline.CoveredBy.Length > 0)
            {
                return (new UnitTask(title, PortalText.ReturnState("COVERED"), null, "本年度决算已由上级部门的公开文件涵盖，本单位无需单独填报", link), "COVERED");
            }
            return (new UnitTask(title, PortalText.ReturnState("NOT_STARTED"), deadline.DueDate.Length > 0 ? PortalText.Due(deadline.DueDate, false, "NOT_STARTED", PortalText.Today()) : null, "尚未开始填报", link), "NOT_STARTED");
        }
        var missing = "无";
        if (found.State is "DRAFT" or "RETURNED")
        {
            var report = await api.Accounts.ValidateReturnAsync(new ReturnRef { UnitId = unit, FiscalYear = year }, options);
            missing = report.CanSubmit
                ? "审核规则均已通过，可以报送"
                : $"{report.Errors} 处错误，{report.UnexplainedWarnings} 处提示尚未说明";
        }
        var due = found.DueDate is { Length: > 0 } d ? PortalText.Due(d, found.Late, found.State, PortalText.Today()) : null;
        return (new UnitTask(title, PortalText.ReturnState(found.State), due, missing, link), found.State);
    }

    private async Task<IEnumerable<UnitTask>> EvaluationTasksAsync(string unit, int year, CallOptions options)
    {
        var list = await api.Performance.ListUnitEvaluationsAsync(new Platform.Performance.V1.ListUnitEvaluationsRequest { UnitId = unit, FiscalYear = year }, options);
        var all = $"/portal/evaluations/{Uri.EscapeDataString(unit)}/{year}";
        if (list.Evaluations.Count == 0)
        {
            return [new UnitTask("绩效自评", "未开始", null, "尚无项目自评表", all)];
        }
        return list.Evaluations.Select(e => new UnitTask(
            e.Ref.Project is { Length: > 0 } project ? $"项目绩效自评：{project}" : "部门整体绩效自评",
            PortalText.EvaluationState(e),
            null,
            e.ReturnComment is { Length: > 0 } comment ? "审核意见：" + comment : e.Score is { ComputedTotal.Length: > 0 } score ? $"平台评分 {score.ComputedTotal}（{PortalText.Grade(score)}）" : "无",
            e.Ref.Project is { Length: > 0 } name ? $"{all}?project={Uri.EscapeDataString(name)}" : all + "/overall"));
    }

    private async Task<UnitTask> InventoryTaskAsync(string unit, int year, CallOptions options)
    {
        const string title = "资产与车辆盘点";
        var link = $"/portal/inventory/{Uri.EscapeDataString(unit)}/{year}";
        try
        {
            var inventory = await api.Assets.GetInventoryAsync(new Platform.Assets.V1.InventoryRef { UnitId = unit, FiscalYear = year }, options);
            // The answer always carries the vehicle register; figures only once the unit has reported.
            if (inventory.Figures is not null)
            {
                return new UnitTask(title, PortalText.InventoryState(inventory), null,
                    inventory.ReturnComment is { Length: > 0 } comment ? "审核意见：" + comment : "无", link);
            }
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
        }
        return new UnitTask(title, "未报送", null, "尚未报送年末资产盘点数", link);
    }
}
