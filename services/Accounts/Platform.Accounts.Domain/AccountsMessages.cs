using Platform.Accounts.Domain.Consolidation;
using Platform.Accounts.Domain.Returns;
using Platform.Domain;

namespace Platform.Accounts.Domain;

/// <summary>
/// The catalogue of what the accounts service says to a person (zh-CN): why a cell, an explanation, a comment, a workbook
/// or a transcription is refused, why a return cannot change now, the findings of an import, and the audit trail's own
/// notes. The domain and the host word these here and nowhere else, so one situation reads the same everywhere. What a
/// person typed is quoted with <see cref="Quoting.Quote"/> (bounded); codes (COMPUTED_CELL), cell addresses
/// (Z01[INC_TOTAL,AMT]) and field paths (cells[3].value) stay as they are. Logs, programmer errors and failures while
/// loading the shipped reference data (an operator reads those) stay English and are not here.
/// The messages every service shares (not signed in, outside the jurisdiction, required, …) are <see cref="Messages"/>.
/// </summary>
public static class AccountsMessages
{
    // ---- Addresses of cells and locations -------------------------------------------------------------------------

    public static string NotACell(string text) =>
        $"{Quoting.Quote(text)} 不是单元格地址：应写成“表[行,列]”，如 Z01[INC_TOTAL,AMT]";

    public static string NotALocation(string text) =>
        $"{Quoting.Quote(text)} 不是有效的位置：应写成“表”“表[行]”或“表[行,列]”，如 Z05[2240101]";

    /// <summary>A reason about one cell, prefixed by the cell as the caller wrote it ("Z01[NOPE,AMT]：…").</summary>
    public static string AtCell(string cell, string reason) => $"{Quoting.Truncate(cell, 64)}：{reason}";

    public static string NoTable(string templateTitle, string table, IEnumerable<string> tables) =>
        $"{templateTitle}中没有表 {Quoting.Quote(table)}（可用的表：{string.Join("、", tables)}）";

    public static string NoColumn(string table, string column, IEnumerable<string> columns) =>
        $"表 {table} 没有列 {Quoting.Quote(column)}（可用的列：{string.Join("、", columns)}）";

    public static string NoRow(string table, string row, IEnumerable<string> rows) =>
        $"表 {table} 没有行 {Quoting.Quote(row)}（可用的行：{string.Join("、", rows)}）";

    /// <summary>A row of a classification table that is not a code of the year's list at a level the table takes.</summary>
    public static string NotACodeForTable(string row, int fiscalYear, string listTitle, string table) =>
        $"{Quoting.Quote(row)} 不是 {fiscalYear} 年度“{listTitle}”中可在表 {table} 填写的科目编码";

    /// <summary>A comment's or an explanation's row that is neither a code of the year's list nor a fixed row.</summary>
    public static string NoSuchCodeRow(string table, string row, int fiscalYear, string listTitle) =>
        $"表 {table} 没有行 {Quoting.Quote(row)}：它不是 {fiscalYear} 年度“{listTitle}”的科目编码，也不是表中的固定行";

    public static string NoTemplate(int fiscalYear, IEnumerable<string> yearRanges) =>
        $"没有 {fiscalYear} 年度的决算报表模板（现有模板适用的年度：{string.Join("、", yearRanges)}）";

    /// <summary>The key of a code list that is missing for a year (read as 未找到分类科目 “functional（2022 年度）”).</summary>
    public static string ClassificationKey(string kind, int fiscalYear) => $"{kind}（{fiscalYear} 年度）";

    // ---- What a clerk types into a cell ---------------------------------------------------------------------------

    public static string NotANumber(string? text) => $"{Quoting.Quote(text)} 不是数字";

    public static string BadGrouping(string? text) => $"{Quoting.Quote(text)} 不是数字（数字中的“,”或空格只能作千位分隔，每三位一组）";

    public static string OutOfRange(string? text) => $"{Quoting.Quote(text)} 超出可填写的范围";

    public static string TooPrecise(string? text, int decimals, string rule) => $"{Quoting.Quote(text)} 有 {decimals} 位小数；{rule}";

    public const string CountIsWhole = "数量须为整数";
    public const string AmountDecimals = "金额以元为单位，最多保留 2 位小数（分）";
    public const string AreaDecimals = "面积最多保留 2 位小数";
    public const string PercentDecimals = "百分比最多保留 2 位小数";

    public static string Negative(string? text, string rowLabel, string columnLabel) =>
        $"{Quoting.Quote(text)} 为负数；{rowLabel}（{columnLabel}）不能为负";

    public static string ComputedCell(string cell, string rowLabel, string columnLabel) =>
        $"{cell}（{rowLabel} / {columnLabel}）是计算单元格，由公式自动得出，不能填写；请填写构成它的各项数字";

    public static string PublicationOnly(string table, string title) =>
        $"表 {table}（{title}）只收录从公开文件导入的数字，不能填写";

    public static string DuplicateCell(string cell) => $"{cell} 在本次保存中出现了两次，请只保留一个";

    public static string TooLong(int length, int max) => $"长度 {length} 个字符，超过上限 {max} 个字符";

    // ---- Submitting, reviewing, correcting -----------------------------------------------------------------------

    public static string RuleError(string ruleId, string message) => $"{ruleId}：{message}";

    public static string UnexplainedWarning(string ruleId, string message, string explainAt) =>
        $"{ruleId}：{message}——提交前须在 {explainAt} 填写书面说明";

    public const string CommentRequired = "退回决算报表时至少要写一条审核意见，说明需要修改什么";

    public const string CorrectionReasonRequired = "发起更正必须填写更正原因";

    public const string DecisionRequired = "审核结论须为 APPROVE（审核通过）或 RETURN（退回修改）";

    /// <summary>The actions <see cref="WrongState"/> names.</summary>
    public const string SendBackAction = "退回";
    public const string ApproveAction = "审核通过";

    public static string StateName(ReturnState state) => state switch
    {
        ReturnState.Draft => "草稿",
        ReturnState.Submitted => "已报送待审核",
        ReturnState.Returned => "已退回修改",
        ReturnState.Approved => "已审核通过",
        ReturnState.Published => "公开数据（只读）",
        _ => state.ToString(),
    };

    public static string WrongState(string key, string action, ReturnState state, ReturnState expected) =>
        $"不能{action}决算报表 {key}：它的状态是“{StateName(state)}”，只有“{StateName(expected)}”的决算报表才能{action}";

    public static string OnlyApprovedIsCorrected(string key, ReturnState state) =>
        $"决算报表 {key} 的状态是“{StateName(state)}”：只有已审核通过的决算报表才需要发起更正（草稿直接修改即可）";

    public static string ApprovedNotEditable(string key) =>
        $"决算报表 {key} 已审核通过，不能再修改；如需修改，请发起更正（填写原因，生成新版本）";

    public static string SubmittedNotEditable(string key) =>
        $"决算报表 {key} 已报送，正在等待审核；只有被财政部门退回后才能再次修改";

    public static string PublishedNotEditable(string key, string? sourceDocument) =>
        $"决算报表 {key} 的数字是从公开文件 {Quoting.Quote(sourceDocument)} 导入的，只能查看，不能修改";

    public static string NotEditable(string key, ReturnState state) =>
        $"决算报表 {key} 的状态是“{StateName(state)}”，不能修改";

    public static string StaleRevision(string key, long revision, long expected) =>
        $"决算报表 {key} 已被他人修改（现为第 {revision} 次修订，您读取的是第 {expected} 次）：请重新读取，再填入您的修改后保存";

    // ---- The audit trail's own notes ---------------------------------------------------------------------------

    /// <summary>"2025 年度，按“部门决算报表”模板（2021 年度起适用）" — the template by its title, not its id.</summary>
    public static string AuditOpened(int fiscalYear, string templateTitle, int fromYear, int? toYear) =>
        $"{fiscalYear} 年度，按“{templateTitle}”模板（{(toYear is { } to ? $"{fromYear}—{to} 年度适用" : $"{fromYear} 年度起适用")}）";

    public static string AuditCells(int count) => $"{count} 个单元格";

    public static string AuditFromPublication(string sourceDocument) => $"导入自公开文件 {sourceDocument}";

    public static string AuditLate(DateOnly due) => $"逾期报送：截止日期 {due:yyyy-MM-dd}";

    public static string AuditComments(int count) => $"{count} 条审核意见";

    public const string AuditFromWorkbook = "从 Excel 工作簿导入";

    // ---- Consolidated returns ------------------------------------------------------------------------------------

    public static string PageSize(int max) => $"每页条数须在 1 到 {max} 之间";

    public const string BadPageToken = "分页标记无效：请使用上一页返回的 next_page_token";

    public static string NotANodeKindOrEmpty(string kind) =>
        $"{Quoting.Quote(kind)} 不是有效的类型：应为 department（部门）、region（行政区划）或留空";

    public static string NotANodeKind(string kind) =>
        $"{Quoting.Quote(kind)} 不是有效的类型：应为 department（部门）或 region（行政区划）";

    public const string NodeRequired = "必须填写汇总对象（kind、id、fiscal_year）";

    public static string NotARegionCode(string code) => $"{Quoting.Quote(code)} 不是六位行政区划代码";

    public static string UnknownRegion(string code) => $"行政区划 {Quoting.Quote(code)} 尚未登记，请核对行政区划代码";

    public static string NotADepartment(string unitId, int fiscalYear, string parentId) =>
        $"{unitId} 在 {fiscalYear} 年度不是部门（一级单位）：它的上级单位是 {parentId}";

    /// <summary>What <see cref="Messages.OutsideJurisdiction"/> names for a consolidated return.</summary>
    public static string Node(NodeKey node) => node.Kind == NodeKind.Department ? $"部门 {Quoting.Quote(node.Id)} " : $"行政区划 {Quoting.Quote(node.Id)} ";

    /// <summary>
    /// A jurisdiction's consolidation or progress asked for by someone inside it without the office's role: the role is the
    /// reason, not the region ("不在您的管辖范围内" was said to a clerk of that very region).
    /// </summary>
    public static string OfficeViewOnly(string what) => $"无权查看：{what}的汇总和报送进度只有管辖它的财政部门审核人员或决算管理员可以查看";

    /// <summary>A unit that no longer exists on its own in the year (merged, split, dissolved) files no return of it.</summary>
    public static string UnitNotFiling(string unitId, string status, int fiscalYear) =>
        $"单位 {unitId} 在 {fiscalYear} 年度{Messages.UnitStatus(status)}，不再单独填报该年度决算：请由承接其职能的单位填报，或联系单位名录管理员核实";

    /// <summary>What <see cref="Messages.OutsideJurisdiction"/> names for a region.</summary>
    public static string Region(string code) => $"行政区划 {Quoting.Quote(code)} ";

    public static string Region(string code, string name) => $"{name}所在的行政区划 {Quoting.Quote(code)} ";

    public static string RecomputeNeedsAdmin(int fiscalYear, string region, string role) =>
        $"无权重新汇总 {fiscalYear} 年度：需要管辖行政区划 {region} 的决算管理员（{role}）角色";

    // ---- Units from the registry ---------------------------------------------------------------------------------

    public static string UnknownUnit(string unitId, int fiscalYear) => $"单位名录中没有 {fiscalYear} 年度的单位 {Quoting.Quote(unitId)}";

    public static string RegistryRefused(string detail) => $"登记单位需要单位名录的登记权限：{detail}";

    /// <summary>A reason about one unit, prefixed by its name ("乌鲁木齐市…中心：…").</summary>
    public static string AtUnit(string name, string reason) => $"{Quoting.Truncate(name, 64)}：{reason}";

    // ---- Importing a publication (a transcription) and a workbook -------------------------------------------------

    public const string TranscriptionEmpty = "抄录文件为空：请上传公开文件的抄录 JSON";

    public const string FiscalYearRequired = "抄录文件必须有数字形式的 fiscal_year（决算年度）";

    public static string AmountUnitUnsupported(string unit) => $"不支持金额单位 {Quoting.Quote(unit)}：抄录文件中的金额须以万元为单位";

    public static string AlreadyFiled(string unitId, int fiscalYear, ReturnSource source, string? sourceDocument) =>
        $"单位 {unitId} 已有 {fiscalYear} 年度的决算报表（"
        + (source == ReturnSource.Publication ? $"导入自公开文件 {Quoting.Quote(sourceDocument)}" : "单位填报")
        + "），公开文件不会替换它";

    /// <summary>The source document of the prior-year baseline a publication's stated changes give.</summary>
    public static string PriorYearSource(string source) => $"{source}（上年数，由其所述增减变化推算）";

    public static string IdentityTwice(string name) => $"{Quoting.Quote(name)} 重复填写了两次";

    public static string IdentityNotInScope(string name, string source) =>
        $"{Quoting.Quote(name)} 既不是公开文件 {Quoting.Quote(source)} 的部门，也不是其决算编制范围内的单位";

    public static string DepartmentRegionDiffers(string departmentId, string region, string requested) =>
        $"部门 {departmentId} 属于行政区划 {region}，其下属单位也登记在该行政区划，而不是 {Quoting.Quote(requested)}";

    public static string IdentityRequired(string where, string name, int fiscalYear) =>
        $"{where} {Quoting.Quote(name)} 不在 {fiscalYear} 年度的单位名录中，而公开文件不印统一社会信用代码：请在 identities 中提供它的 name（名称）、credit_code（统一社会信用代码）和 nature（单位性质）";

    public const string CreditCodeRequired = "登记该单位必须填写统一社会信用代码";

    public const string NatureRequired = "登记该单位必须填写单位性质（行政单位、参照公务员法管理事业单位或事业单位）";

    public static string RegionCodeRequired(string? printed) =>
        "登记单位名录中没有的单位，必须填写行政区划代码"
        + (string.IsNullOrWhiteSpace(printed) ? "" : $"（公开文件所列的行政区划为 {Quoting.Quote(printed)}）");

    public static string RegionMismatch(string code, string name, string printed) =>
        $"行政区划 {code} 是{name}，而公开文件所列的行政区划为{printed}";

    /// <summary>One line of what the reader noticed, as the import answer lists it ("field：message").</summary>
    public static string Observation(string field, string message) => $"{field}：{message}";

    public const string WorkbookEmpty = "工作簿文件为空：请上传 Excel 工作簿（.xlsx）";

    public const string NotAWorkbook = "文件不是 Excel 工作簿（.xlsx），无法读取";

    public static string UnknownSheet(string sheet, string yearRange, IEnumerable<string> tables) =>
        $"工作表 {Quoting.Quote(sheet)} 不是 {yearRange} 年度模板中的表（工作表请以表号命名：{string.Join("、", tables)}）";

    public const string NoColumnCode = "此单元格有数值，但第 1 行在它上方没有列代码";

    // ---- What the reader of a transcription notices (printed by `platform disclosure check`) ----------------------

    public static string UnknownScope(string? scope) => $"无法识别的适用范围 {Quoting.Quote(scope)}，该项未读取";

    public static string UnknownVehicleCategory(string category) => $"无法识别的车辆类别 {Quoting.Quote(category)}，该项未读取";

    public static string NotAClass(string name, int fiscalYear) => $"{Quoting.Quote(name)} 不是 {fiscalYear} 年度支出功能分类中的类，其数字未读取";

    public static string NotAnItem(string? cls, string? kuan, string? xiang, int fiscalYear) =>
        $"{Quoting.Quote($"{cls} / {kuan} / {xiang}")} 不是 {fiscalYear} 年度支出功能分类中的类 / 款 / 项，该项未读取";

    public static string NotAFunctionalCode(string code, int fiscalYear) => $"{Quoting.Quote(code)} 不是 {fiscalYear} 年度支出功能分类的科目编码，改按所印名称读取";

    public static string ReadBySimilarName(string printed, string official, string code) =>
        $"所印名称 {Quoting.Quote(printed)} 与官方科目名称不完全一致，按相近的 {Quoting.Quote(official)}（{code}）读取";

    public static string ThreePublicFinalDiffers(decimal final, decimal total) =>
        $"预算表旁所列的决算数（{final} 万元）与“三公”经费合计（{total} 万元）不一致";

    public static string UnknownName(string name) => $"无法识别的名称 {Quoting.Quote(name)}，该项未读取";

    public static string PrintedRateDiffers(decimal printed, decimal computed) =>
        $"列示的变动率 {printed.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}% 与按列示金额计算的 {computed.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}% 相差超过 0.1 个百分点：生成说明时仍照录列示的变动率，请核对";

    public static string RateNotComparable(string text) => $"比率列示为 {Quoting.Quote(text)}（不可比，如上年或预算为 0），未读取为数值";

    public static string PrintedCompletionDiffers(decimal printed, decimal computed) =>
        $"列示的完成预算比例 {printed.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}% 与按列示的决算数、预算数计算的 {computed.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}% 不一致：生成说明时仍照录列示的比例，请核对";

    public static string UnknownDirection(string? direction) => $"{Quoting.Quote(direction)} 不是“增加”或“减少”，增减变化未读取";

    public static string NotAPercentage(string text) => $"{Quoting.Quote(text)} 不是百分数";

    public const string ScopeTakenAsAdministrative = "机关运行经费未注明适用范围，按行政单位和参照公务员法管理事业单位读取（事业单位列示的是公用经费）";

    public static string EmptyFundContradicted(decimal wan) =>
        $"本部分称无此项资金，但文件其他处列示了 {wan:0.00} 万元；以列示的金额为准，请核对";

    public static string FieldNotRead(string name) => $"本部分的 {Quoting.Quote(name)} 未读取（只读取本年收入和支出），请对照公开文件核对";

    public static string YearNotServed(int year) =>
        $"{year} 年度不在平台参考数据（报表模板、政府收支分类科目）覆盖的年度内，无法读取该年度的决算数据";

    public static string YearNotClosed(int year, int last) =>
        $"{year} 年度尚未结束或刚结束：决算在年度终了后编制，最近可有决算的是 {last} 年度";

    public static string NotFinalAccounts(string? kind) =>
        "该文件不是部门决算公开说明" + (kind switch
        {
            "department_overall_performance_self_evaluation" => "（是部门整体支出绩效自评报告）",
            "project_performance_self_evaluations" => "（是项目支出绩效自评表）",
            null => "（未注明文件类型，且没有任何决算报表部分）",
            _ => $"（文件类型为 {Quoting.Quote(kind)}；部门决算公开说明的 document_kind 为 department_final_accounts_disclosure）",
        }) + "，其中没有决算报表的数据";

    public const string NoFinalAccountsSection =
        "文件注明为部门决算公开说明，但没有任何决算报表部分（如 income_expenditure_summary、general_public_budget_expenditure），没有可审核的数字";

    public static string NotAPrintedNumber(string text) => $"{Quoting.Quote(text)} 不是有效的数字";

    // ---- The asset inventory beside a return ---------------------------------------------------------------------

    /// <summary>A finding of the assets service, marked as such among the return's own.</summary>
    public static string AssetFinding(string message) => $"资产盘点：{message}";

    public static string AssetsUnavailable(string status) =>
        $"暂时无法与资产盘点数据核对（{status}）：请稍后重新审核，或填写说明，解释这些数字为何成立";
}
