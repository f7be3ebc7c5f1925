using Platform.Domain;

namespace Platform.Registry.Domain;

/// <summary>
/// The catalogue of what the registry tells a person (zh-CN): why a region, a unit, a reorganization, a staffing report, a
/// scope or an import file was refused, and the notes a reorganization leaves. The domain, the host and its import use
/// it; messages every service shares (not found, required, jurisdiction) are <see cref="Messages"/>. Unit ids, codes and
/// values are named (values quoted with <see cref="Quoting.Quote"/>); codes, field paths and logs stay English.
/// </summary>
public static class RegistryMessages
{
    // ------------------------------------------------------------ names

    /// <summary>A unit's status as a sentence ends: 单位 “x” 在 2023 年度已撤销.</summary>
    public static string StatusName(UnitStatus status) => Messages.UnitStatus(status.ToString());

    public static string KindName(RegionKind kind) => kind switch
    {
        RegionKind.AutonomousRegion => "自治区",
        RegionKind.Prefecture => "地区（自治州）",
        RegionKind.City => "市",
        RegionKind.County => "县",
        RegionKind.District => "市辖区",
        _ => "开发区",
    };

    private static string Unit(string id) => $"单位 {Quoting.Quote(id)}";

    // ------------------------------------------------------------ fiscal years

    public static string NotAFiscalYear(int year) => $"{year} 不是有效的年度（应在 1949 至 2200 之间）";

    public static string YearClosed(int year, int closedThrough) =>
        $"{year} 年度已关闭（{closedThrough} 年度及以前各年度均已关闭），变更须自 {closedThrough + 1} 年度或以后生效";

    public static string YearsCannotReopen(int closedThrough) => $"{closedThrough} 年度及以前各年度已关闭，已关闭的年度不能重新开启";

    public static string YearNotEnded(int year, DateOnly today) =>
        $"{year} 年度尚未结束（今天是 {today.Year} 年 {today.Month} 月 {today.Day} 日）：只能关闭已经结束的年度，最晚为 {today.Year - 1} 年度；关闭后不能重新开启";

    public const string CloseYearsNeedsRegionAdmin = "只有自治区一级的单位名录管理员（registry-admin）可以关闭年度";

    // ------------------------------------------------------------ regions

    public static string InvalidDivisionCode(string value) => $"应为 6 位数字的行政区划代码，实际为 {Quoting.Quote(value)}";

    public static string NoProvinceInDivisionCode(string value) => $"行政区划代码 {Quoting.Quote(value)} 的前两位（“{value[..2]}”）不是任何省级区划（GB/T 2260）";

    public static string RegionNotRegistered(string? code) => $"行政区划 {Quoting.Quote(code)} 尚未登记";

    public static string RegionAlreadyRegistered(string code) => $"行政区划 {Quoting.Quote(code)} 已登记，不能重复登记";

    public const string AutonomousRegionIsProvinceLevel = "自治区应为省级区划代码（形如 xx0000），且不填上级区划";

    public static string ParentRegionRequired(RegionKind kind) => $"{KindName(kind)}须填写上级行政区划";

    public static string CodeBelongsElsewhere(string code, string structuralParent, string parent) =>
        $"区划代码 {code} 按编码规则应隶属于 {structuralParent}，不能列在 {parent} 之下";

    // ------------------------------------------------------------ unit identity

    public static string CreditCodeLength(int length) => $"统一社会信用代码应为 18 位，实际为 {length} 位";

    /// <summary>The character at <paramref name="index"/> (0-based; both halves of a surrogate pair) is not in the alphabet.</summary>
    public static string CreditCodeCharacter(string code, int index) =>
        $"统一社会信用代码第 {index + 1} 位的字符 {Quoting.Quote(char.IsHighSurrogate(code[index]) && index + 1 < code.Length ? code.Substring(index, 2) : code[index].ToString())} 不允许使用（只能是数字和除 I、O、Z、S、V 以外的大写英文字母）";

    public static string CreditCodeCheckCharacter(char expected, char found) =>
        $"统一社会信用代码的校验位有误：应为 {Quoting.Quote(expected.ToString())}，实际为 {Quoting.Quote(found.ToString())}，请核对各位字符";

    public static string CreditCodeDivision(string found) => $"统一社会信用代码第 3 至 8 位应为 6 位数字的行政区划代码，实际为 {Quoting.Quote(found)}";

    public static string CreditCodeTaken(string code, string ownerId) => $"统一社会信用代码 {code} 已登记给{Unit(ownerId)}";

    public static string CreditCodeTwice(string code) => $"统一社会信用代码 {code} 在本次提交中出现了两次";

    public static string UnitIdTaken(string id) => $"单位编码 {Quoting.Quote(id)} 已被使用";

    public static string UnitIdInOtherRow(string id, int otherRow) => $"单位编码 {Quoting.Quote(id)} 与 rows[{otherRow}] 重复";

    public static string InvalidNature(string? text) =>
        $"单位性质 {Quoting.Quote(text)} 无效，应为“行政单位”“参照公务员法管理事业单位”或“事业单位”";

    // ------------------------------------------------------------ units in a year

    public static string UnitNotInYear(string id, int year) => $"{Unit(id)}在 {year} 年度不存在";

    public static string UnitNotYetInYear(string id, int year, int firstYear) => $"{Unit(id)}在 {year} 年度尚不存在（自 {firstYear} 年度起登记）";

    public static string UnitNotActive(string id, UnitStatus status, int year) => $"{Unit(id)}在 {year} 年度{StatusName(status)}";

    public static string LaterChangeExists(string id, int laterYear, int year) =>
        $"{Unit(id)}已有自 {laterYear} 年度起的变更，不能再登记自 {year} 年度起的变更（那会改写其后的历史）";

    public static string ParentInOtherRegion(string parentId, string parentRegion, string region) =>
        $"上级{Unit(parentId)}属于行政区划 {parentRegion}，不属于 {region}：请在上级单位所在的区划登记该单位，或办理划转";

    // ------------------------------------------------------------ reorganizations

    public const string OwnParent = "单位不能作为自己的上级单位";

    public static string MoveMakesCycle(string parentId, string unitId) => $"{Unit(parentId)}是{Unit(unitId)}的下级单位，这样调整会形成循环";

    public static string RowsFormCycle(string? id, string? parentId) => $"{Unit(id ?? "")}与{Unit(parentId ?? "")}互为上级，形成循环";

    public static string ParentInOtherRegionOnTransfer(string parentId, string parentRegion, string region) =>
        $"上级{Unit(parentId)}属于行政区划 {parentRegion}，而该单位将属于 {region}：请同时把该单位划转到 {parentRegion}";

    public const string TransferChangesNothing = "此次划转既没有改变上级单位，也没有改变行政区划";

    public const string MergeIntoItself = "单位不能合并到自身";

    public static string MergeTargetNotActive(string targetId, UnitStatus status, int year) =>
        $"{UnitNotActive(targetId, status, year)}，只能合并到正常存续的单位";

    public static string MergeTargetBelowSource(string targetId, string sourceId) =>
        $"{Unit(targetId)}是{Unit(sourceId)}的下级单位；请反过来，把下级单位合并到上级单位";

    public const string SplitNeedsTwoParts = "分立须至少分出两个新单位";

    public static string SplitSourceHasSubordinates(string sourceId, int year) => $"{Unit(sourceId)}在 {year} 年度仍有下级单位，请先将下级单位划转";

    public static string DissolveHasSubordinates(string unitId, int count, int year, IEnumerable<string> someIds) =>
        $"{Unit(unitId)}在 {year} 年度仍有 {count} 个下级单位（{string.Join("、", someIds)}），请先将其划转或合并";

    public static string TransferNote(string? oldParent, string? newParent, string oldRegion, string newRegion) =>
        $"上级单位 {oldParent ?? "无"} → {newParent ?? "无"}，行政区划 {oldRegion} → {newRegion}";

    public static string SplitNote(string name, int parts) => $"{name} 分立为 {parts} 个单位";

    // ------------------------------------------------------------ staffing and scopes

    public static string NotNegative(int value) => $"不能为负数，实际为 {value}";

    public const string StaffingSplitTogether = "在职、离休、退休人数须同时填写，或都不填写";

    public static string StaffingSumMismatch(int total, int inService, int lixiu, int retired, int sum) =>
        $"实有人数 {total} ≠ 在职 {inService} + 离休 {lixiu} + 退休 {retired} = {sum}";

    public static string ScopeUnitTwice(string id) => $"{Unit(id)}重复列出";

    public static string ScopeUnitNotActive(string id, int year) => $"{Unit(id)}在 {year} 年度不是正常存续的单位";

    public static string ScopeUnitOutsideDepartment(string id, string departmentId, int year) =>
        $"{Unit(id)}在 {year} 年度既不是部门 {Quoting.Quote(departmentId)} 本身，也不是其下级单位";

    public const string ScopeEmpty = "决算编制范围中没有列出任何单位";

    // ------------------------------------------------------------ requests

    public const string RootRequired = "须填写 unit_id 或 region_code 之一";

    public const string ChangeRequired = "须给出 merge、split、rename、transfer、dissolve（合并、分立、更名、划转、撤销）中的一项";

    public static string PageSizeRange(int max) => $"应在 1 至 {max} 之间";

    public const string PageTokenNotIssued = "不是本服务给出的分页标记，请使用上一页返回的 next_page_token";

    // ------------------------------------------------------------ import files

    public const string ImportFormatRequired = "文件格式（format）须为 CSV 或 XLSX";

    public static string FileUnreadable(string format, string reason) => $"无法按 {format} 格式读取该文件：{reason}";

    public static string FileEmpty(IEnumerable<string> columns) => $"文件为空：第一行应为表头 {string.Join(",", columns)}";

    public static string ColumnMissing(string column) => $"表头缺少必填列 “{column}”";

    public static string ColumnUnknown(string column, IEnumerable<string> columns) =>
        $"表头中的 {Quoting.Quote(column)} 不是可识别的列，可用的列为 {string.Join(", ", columns)}";

    public const string NoDataRows = "文件只有表头，没有数据行";

    public static string QuoteNeverClosed(int line) => $"有一个以双引号开头的字段直到第 {line} 行（文件末尾）都没有结束的双引号";

    public const string NoSheet = "工作簿中没有工作表";
}
