namespace Platform.Portal;

/// <summary>What the portal says about the platform's codes, in one place (zh-CN).</summary>
internal static class PortalText
{
    /// <summary>A portal form refused before its page ran (its antiforgery token stale or missing).</summary>
    public static readonly string FormExpiredPage = Platform.ServiceDefaults.MessagePage.Html("页面已过期",
        "提交的页面已过期（例如页面打开期间平台重启过，或页面来自其他网站），本次提交没有保存。请返回后刷新页面，再重新提交。", ("返回工作台", "/portal"));

    /// <summary>The roles a user may be given, by their token's name, as people call them (the identity service's words).</summary>
    public static readonly IReadOnlyList<(string Role, string Name)> Roles =
        [("clerk", "填报员"), ("unit-head", "单位负责人"), ("reviewer", "财政审核人员"), ("admin", "系统管理员")];

    /// <summary>A role by its token's name (clerk, unit-head, reviewer, admin); "未分配角色" for none.</summary>
    public static string Role(string role) => Roles.FirstOrDefault(r => r.Role == role).Name ?? (role.Length == 0 ? "未分配角色" : role);

    /// <summary>Whether a role works for one unit (its user must be given the unit).</summary>
    public static bool IsUnitRole(string role) => role is "clerk" or "unit-head";

    public static string ReturnState(string state) => state switch
    {
        "NOT_STARTED" => "未开始",
        "DRAFT" => "填报中",
        "SUBMITTED" => "已报送，待审核",
        "RETURNED" => "已退回，待修改",
        "APPROVED" => "已审核通过",
        "PUBLISHED" => "已公开",
        "COVERED" => "由部门公开文件涵盖",
        _ => state,
    };

    /// <summary>
    /// For a unit listed in an office's progress though the year's directory no longer has it there (merged, split or
    /// dissolved after it filed): "（单位已被合并，不再单独填报）", so a reviewer deciding on its return knows; "" otherwise.
    /// </summary>
    public static string Reorganized(Platform.Accounts.V1.UnitProgress unit) =>
        unit.UnitStatus.Length == 0 ? "" : $"（单位{Platform.Domain.Messages.UnitStatus(unit.UnitStatus)}，不再单独填报）";

    /// <summary>
    /// A table's caption as the printed form heads it: "Z02 收入决算表（财决03表，单位：元）"; a table the forms do not number
    /// has no 财决 number ("F01 机关运行经费（单位：元）"), and one that also holds counts or areas says the unit is its
    /// amounts' ("金额单位：元": its rows name their own, 辆 and 平方米).
    /// </summary>
    public static string Caption(Platform.Accounts.V1.TableTemplate table)
    {
        var mixed = table.Rows.Any(r => r.Type is "count" or "area") || table.Columns.Any(c => c.Type is "count" or "area");
        var unit = mixed ? "金额单位：元" : "单位：元";
        return $"{table.Code} {table.Title}（{(table.Form.Length > 0 ? table.Form + "，" : "")}{unit}）";
    }

    /// <summary>
    /// Who did something, as a reviewer reads it: "王芳（clerk.urumqi-seismic）" — the name the person signed in with at
    /// the time, and the login that stays the same; the login alone when no name was kept (older entries, the CLI).
    /// </summary>
    public static string Person(string name, string login) => name.Length == 0 || name == login ? login : $"{name}（{login}）";

    /// <summary>A time the API gives (RFC 3339) as people here read it: China time to the second; "" stays "".</summary>
    public static string Moment(string at) =>
        DateTimeOffset.TryParse(at, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var t)
            ? t.ToOffset(Platform.Domain.ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)
            : at;

    /// <summary>Today in China (<see cref="Platform.Domain.ChinaTime"/>), as the accounts service counts days overdue.</summary>
    public static DateOnly Today() => Platform.Domain.ChinaTime.DateOf(DateTimeOffset.UtcNow);

    /// <summary>
    /// A return's deadline as its clerk reads it: "2023-05-31（已逾期 40 天，尚未报送）" while a return not opened, a draft or a
    /// sent-back return stays past it (the office's progress counts it overdue from the day after, in China's calendar as
    /// the service does), "（逾期报送）" once submitted late; "" when the return carries none.
    /// </summary>
    public static string Due(string dueDate, bool late, string state, DateOnly today) =>
        dueDate.Length == 0 ? ""
        // Still with the unit past the day (not even opened, or sent back after a late submission): overdue, as the office counts it.
        : state is "NOT_STARTED" or "DRAFT" or "RETURNED" && DateOnly.TryParseExact(dueDate, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var due) && today > due
            ? $"{dueDate}（已逾期 {today.DayNumber - due.DayNumber} 天，尚未报送）"
        : late ? $"{dueDate}（逾期报送）"
            : dueDate;

    /// <summary>An evaluation's state; a draft the office sent back (it carries the office's comment) is said so, as a return's is.</summary>
    public static string EvaluationState(Platform.Performance.V1.Evaluation e) => e.State switch
    {
        Platform.Performance.V1.EvaluationState.Draft when e.ReturnComment.Length > 0 => "已退回，待修改",
        _ => EvaluationState(e.State),
    };

    /// <summary>A unit's inventory of a year as its page and the office's home name its state.</summary>
    public static string InventoryState(Platform.Assets.V1.Inventory i) => InventoryState(i.Source, i.State);

    public static string InventoryState(string source, Platform.Assets.V1.InventoryState state) => (source, state) switch
    {
        ("PUBLICATION", _) => "已公开（导入）",
        (_, Platform.Assets.V1.InventoryState.Reported) => "已报送，待审核",
        (_, Platform.Assets.V1.InventoryState.Accepted) => "已审核通过",
        (_, Platform.Assets.V1.InventoryState.Returned) => "已退回，待修改",
        _ => "尚未报送",
    };

    public static string EvaluationState(Platform.Performance.V1.EvaluationState state) => state switch
    {
        Platform.Performance.V1.EvaluationState.Draft => "填报中",
        Platform.Performance.V1.EvaluationState.Submitted => "已报送",
        Platform.Performance.V1.EvaluationState.Accepted => "已审核通过",
        Platform.Performance.V1.EvaluationState.Published => "已公开（导入）",
        _ => "未开始",
    };

    /// <summary>
    /// Who a region's consolidated totals leave out, by name and state ("辖区本年度共 4 个单位，2 个尚未审核通过、未计入汇总：
    /// 甲（填报中）、乙（未开始）"); the first ten named, the rest counted. Units covered by their department's imported
    /// disclosure are in the totals through it, and said so (not "均已审核通过": none of them was approved).
    /// </summary>
    public static string Coverage(int units, IReadOnlyList<(string Name, string State)> outstanding, int covered = 0)
    {
        if (units == 0)
        {
            return "辖区本年度没有在册单位。";
        }
        var throughDepartments = $"{covered} 个由所属部门导入的公开文件涵盖";
        if (outstanding.Count == 0)
        {
            return covered == 0 ? $"辖区本年度共 {units} 个单位，均已审核通过、计入汇总。" : $"辖区本年度共 {units} 个单位，均已计入汇总（其中 {throughDepartments}）。";
        }
        const int Named = 10;
        var names = string.Join("、", outstanding.Take(Named).Select(u => $"{u.Name}（{u.State}）"));
        return $"辖区本年度共 {units} 个单位，{outstanding.Count} 个尚未审核通过、未计入汇总：{names}" + (outstanding.Count > Named ? $" 等 {outstanding.Count} 个" : "")
            + (covered > 0 ? $"；{throughDepartments}" : "") + "。";
    }

    /// <summary>A scored form's findings as a reviewer reads them: errors first, then warnings, then information, each in the service's order.</summary>
    public static IEnumerable<Platform.Performance.V1.Finding> BySeverity(IEnumerable<Platform.Performance.V1.Finding> findings) =>
        findings.OrderBy(f => f.Severity switch { "error" => 0, "warning" => 1, _ => 2 });

    /// <summary>
    /// A self-evaluation's finding: a warning there is a figure to check or a shortfall to give a reason for (in the form's
    /// 偏差原因), not a written explanation as on a return — so no "需说明".
    /// </summary>
    public static string FormSeverity(string severity) => severity == "warning" ? "提示" : Severity(severity);

    /// <summary>A scored form's findings counted by severity ("错误 2 处，提示 1 处，信息 3 条"), "无" when there are none.</summary>
    public static string FindingCounts(Platform.Performance.V1.Score score)
    {
        int Of(string severity) => score.Findings.Count(f => f.Severity == severity);
        var (errors, warnings, notes) = (Of("error"), Of("warning"), Of("info"));
        return errors + warnings + notes == 0 ? "无"
            : string.Join("，", new[] { errors > 0 ? $"错误 {errors} 处" : null, warnings > 0 ? $"提示 {warnings} 处" : null, notes > 0 ? $"信息 {notes} 条" : null }.OfType<string>());
    }

    /// <summary>Said beside 保存并报送 when the stored score has errors: findings do not block, the clerk decides knowingly.</summary>
    public static string? SubmitWithErrors(Platform.Performance.V1.Score? score)
    {
        if (score is null)
        {
            return null;
        }
        // Values the platform cannot read (a figure gone wrong, in Chinese numerals, with an unknown unit) stop the submission
        // itself; said here, before the clerk presses 报送 (the save listed them as warnings like any other).
        static bool Unreadable(Platform.Performance.V1.Finding f) => f.Type is "MALFORMED_VALUE" or "LABEL_AS_VALUE";
        var unreadable = score.Findings.Count(Unreadable);
        var errors = score.Findings.Count(f => f.Severity == "error" && !Unreadable(f));
        var said = new List<string>();
        if (unreadable > 0)
        {
            said.Add($"有 {unreadable} 处指标值平台无法识别（见上方平台审核发现），须改正后才能报送");
        }
        if (errors > 0)
        {
            said.Add($"本表仍有 {errors} 处错误（见上方平台审核发现）：可先改正再报送；照此报送，财政部门审核时会看到这些错误");
        }
        return said.Count == 0 ? null : string.Join("。", said) + "。";
    }

    /// <summary>A computed total's grade, or why it has none ("分值合计不为 100，不评等级").</summary>
    public static string Grade(Platform.Performance.V1.Score score) => score.Grade.Length > 0 ? score.Grade : score.GradeWithheld;

    public static string Severity(string severity) => severity switch
    {
        "error" => "错误",
        "warning" => "提示，需说明",
        "info" => "信息",
        _ => severity,
    };

    /// <summary>An entry of a return's audit trail (the accounts domain's action names).</summary>
    public static string AuditAction(string action) => action switch
    {
        "opened" => "开始填报",
        "imported" => "自公开文件导入",
        "cell" => "修改数字",
        "explanation" => "填写说明",
        "submitted" => "报送",
        "comment" => "审核意见",
        "returned" => "退回",
        "approved" => "审核通过",
        "correction-opened" => "开启更正",
        "region-moved" => "单位所在地区变更",
        _ => action,
    };

    public const string Unavailable = "暂时无法读取，请稍后再试";

    /// <summary>Why a consolidated table has blank cells: some of what it adds up are imported publications.</summary>
    public static string PublishedContributions(int count) =>
        $"其中 {count} 个单位的决算数据由公开文件导入，只含公开列示的数字，其余栏目按列示数汇总。汇总表中的“—”表示合计为 0 或这些文件均未列示该栏目（汇总只保存不为 0 的数，两者无从区分），不作校验；点开可查看各单位的构成。";
}
