using Platform.Assets.Domain.Inventory;
using Platform.Assets.Domain.Vehicles;
using Platform.Domain;

namespace Platform.Assets.Domain;

/// <summary>
/// The catalogue of what a clerk or a reviewer reads from the assets service (zh-CN): field errors of the register, the
/// inventories and the imports, refusals, what is wrong with a plate, and the reconciliation's findings. The domain and
/// the host word their messages here, nowhere else. Field paths, codes (<c>PLATE</c>, <c>ASSET-FLEET</c>, …) and logs
/// stay English, as do the errors of loading the shipped reference data (an operator reads those in the start-up log).
/// A value someone typed is quoted with <see cref="Quoting.Quote"/>, never whole; no message names the caller.
/// </summary>
public static class AssetsMessages
{
    // ---- Figures, dates and texts typed in ---------------------------------------------------------------------

    public static string NotANumber(string text) => $"{Q(text)} 不是数字";

    public static string NotACount(string text) => $"{Q(text)} 不是不小于 0 的整数";

    public static string NotAnAmount(string text) => $"{Q(text)} 不是金额";

    public const string DateRequired = "必须填写日期（如 2025-06-30 或 2025年6月30日）";

    public static string NotADate(string text) => $"{Q(text)} 不是有效的日期（年在前，如 2025-06-30、2025/6/30 或 2025年6月30日）";

    public static string NoSuchDay(string text) => $"{Q(text)} 不是日历上的日期：没有这个月份，或该月没有这一天";

    public static string YearOutOfRange(string text) => $"{Q(text)} 的年份超出范围：日期应在 {PrintedDate.FirstYear} 至 {PrintedDate.LastYear} 年之间";

    /// <summary>Why a typed text is not a day, as the person is told.</summary>
    public static string DateNotRead(string? text, DateProblem problem) => problem switch
    {
        Platform.Domain.DateProblem.Blank => DateRequired,
        Platform.Domain.DateProblem.NoSuchDay => NoSuchDay(text!),
        Platform.Domain.DateProblem.YearOutOfRange => YearOutOfRange(text!),
        _ => NotADate(text ?? ""),
    };

    public static string Negative(decimal value) => $"{F(value)} 是负数，不能为负";

    public const string MustNotBeNegative = "不能为负数";

    public static string FinerThanTwoDecimals(decimal value) => $"{F(value)} 超过两位小数";

    public static string FinerThanAFen(decimal value) => $"{F(value)} 超过两位小数：金额以元为单位，精确到分";

    public static string NotSumOfCategories(decimal total, decimal sum) => $"{F(total)} 不等于各分类之和（{F(sum)}）";

    public static string PartAboveCategories(string what, decimal part, string categories, decimal bound) =>
        $"{what}为 {F(part)}，超过{categories}合计 {F(bound)}：其中的一部分不能大于全部，请核对";

    public static string AcquiredAfterYearEnd(DateOnly on, int fiscalYear) =>
        $"购置日期 {D(on)} 晚于 {fiscalYear} 年 12 月 31 日：{fiscalYear} 年末的盘点不含此后购置的设备";

    public static string PartAboveFixedAssets(string what, decimal part, decimal all) =>
        $"{what}为 {F(part)}，超过固定资产原值合计 {F(all)}：其中的一部分不能大于全部，请核对";

    public static string BelowEquipmentThreshold(decimal unitPrice) =>
        $"单价 {F(unitPrice)} 元低于 100 万元：这里只登记单价 100 万元及以上的设备";

    public const string QuantityAtLeastOne = "数量至少为 1";

    public const string OriginalValueRequired = "必须填写原值（元）";

    public static string InFuture(DateOnly on) => $"{D(on)} 晚于今天，不能填写将来的日期";

    public const string DisposalReasonRequired = "必须填写处置事由（报废、拍卖等）";

    // ---- Categories of a fiscal year (asked for by a request) --------------------------------------------------

    public static string NoVehicleCategories(int fiscalYear) => $"没有适用于 {fiscalYear} 年度的车辆分类（reference-data/categories.json）";

    public static string NoAssetCategories(int fiscalYear) => $"没有适用于 {fiscalYear} 年度的资产分类（reference-data/categories.json）";

    public static string UnknownVehicleCategory(string text, int fiscalYear, IEnumerable<string> known) =>
        $"{Q(text)} 不是 {fiscalYear} 年度的车辆类别（可选：{J(known)}）";

    public static string CategoryRequired(IEnumerable<string> known) => $"必须选择车辆类别（可选：{J(known)}）";

    public static string UnknownVehicleCategory(string text, int fiscalYear) => $"{Q(text)} 不是 {fiscalYear} 年度的车辆类别";

    public static string UnknownAssetCategory(string text, int fiscalYear, IEnumerable<string> known) =>
        $"{Q(text)} 不是 {fiscalYear} 年度的资产分类（可选：{J(known)}）";

    public static string UnknownAssetRow(string text, int fiscalYear, IEnumerable<string> known) =>
        $"{Q(text)} 既不是 {fiscalYear} 年度的资产分类（{J(known)}），也不是“固定资产合计”“房屋面积”“房屋价值”";

    // ---- Plates --------------------------------------------------------------------------------------------------

    public static string PlateProvince(string text, char first) => $"{Q(text)}：车牌应以省、自治区、直辖市的简称开头（如新、京、沪），而不是“{first}”";

    public static string PlateOffice(string text) => $"{Q(text)}：第二位应为发牌机关代号（A–Z 中除 I、O 以外的字母）";

    public static string PlateIO(string text) => $"{Q(text)}：车牌不使用字母 I 和 O（易与 1 和 0 混淆）";

    public static string PlateEmergency(string text) => $"{Q(text)}：应急车牌为发牌机关代号、5 位字母或数字加“应急”（如 新A12345应急）";

    public static string PlateSpecial(string text, string suffix) =>
        $"{Q(text)}：“{suffix}”字车牌在“{suffix}”前为 4 位字母或数字（如 新A1234{suffix}）";

    public static string PlateNewEnergy(string text, string energyLetters) =>
        $"{Q(text)}：新能源车牌的序号为能源类型字母（{J(energyLetters.Select(c => c.ToString()))}）加 1 位字母或数字和 4 位数字（如 新AD12345），或 5 位数字加 D 或 F（如 新A12345D）";

    public static string PlateSerial(string text) => $"{Q(text)}：序号中有既不是字母也不是数字的字符";

    public static string PlateLength(string text, int length) =>
        $"{Q(text)} 共 {length} 个字符：车牌应为 7 位（如 新A12345），新能源车牌为 8 位（如 新AD12345）";

    // ---- The register ------------------------------------------------------------------------------------------

    public static string PlateTwiceInFile(Plate plate) => $"车牌 {plate} 在本文件中出现了两次";

    public static string PlateInService(Plate plate) => $"车牌 {plate} 已有在用车辆登记（应办理该车辆的调拨或处置，而不是重新登记）";

    public const string PlateRegisteredConcurrently = "该车牌已有在用车辆（另一请求同时完成了登记）";

    public static string AlreadyHeldBy(string unitId) => $"该车辆已在单位 {unitId} 名下";

    public static string Disposed(Plate plate, DateOnly on) => $"车辆 {plate} 已于 {D(on)} 处置，不能再办理变动";

    public static string BeforeLastMovement(DateOnly on, MovementKind kind, DateOnly lastOn) =>
        $"{D(on)} 早于该车辆最近一次变动（{D(lastOn)} {MovementName(kind)}）";

    public static string InClosedYear(string what, DateOnly on, int closedThrough) =>
        $"{what} {D(on)} 属于 {on.Year} 年度，该年度已结账（{closedThrough} 年度及以前的数据已定稿）";

    public static string InventoryYearClosed(int fiscalYear, int closedThrough) =>
        $"{fiscalYear} 年度已结账（{closedThrough} 年度及以前的数据已定稿），不能再修改该年度的资产盘点";

    public static string InventoryAccepted(int fiscalYear) =>
        $"{fiscalYear} 年度的资产盘点已由财政部门审核通过，不能再修改：如需更正，请联系财政部门退回。";

    public const string FixedAssetsRequired = "必须填写固定资产原值合计（没有固定资产的填 0），或按类别填写原值";

    public static string FiledNotOverwritten(string state) =>
        $"该资产盘点由单位自行填报（当前状态为“{state}”），不能用公开文件导入覆盖";

    public static string ReviewYearClosed(int fiscalYear, int closedThrough) =>
        $"{fiscalYear} 年度已结账（{closedThrough} 年度及以前的数据已定稿），不能再审核通过或退回该年度的资产盘点";

    public static string OnlyReportedAccepted(InventoryState state) =>
        $"该资产盘点当前状态为“{StateName(state)}”：只有已报送、等待审核的资产盘点可以审核通过";

    public const string AlreadyReturned = "该资产盘点已退回单位修改：单位重新报送后才能再审核";

    public const string PublicationNotReviewed = "该资产盘点来自已公开的文件（按原文登记），不由财政部门审核";

    public const string ReturnCommentRequired = "必须填写退回意见，说明单位需要修改的内容";

    public const string RevisionRead = "必须填写您审核时读取的资产盘点版本号（revision）：审核的是您读过的内容";

    public static string StaleInventory(int fiscalYear, long current, long sent) =>
        $"{fiscalYear} 年度的资产盘点在您读取之后已有变动（当前版本 {current}，您读取的是版本 {sent}），请重新打开后再审核";

    public static string StateName(InventoryState state) => state switch
    {
        InventoryState.Reported => "已报送，待审核",
        InventoryState.Accepted => "已审核通过",
        InventoryState.Returned => "已退回，待修改",
        _ => state.ToString(),
    };

    public static string StaleVehicle(Plate plate, long current, long sent) =>
        $"车辆 {plate} 在您读取之后已有变动（当前版本 {current}，您提交的是版本 {sent}），请重新读取后再试";

    public static string FiguresStoredConcurrently(string unitId, int fiscalYear) =>
        $"单位 {unitId} {fiscalYear} 年度的决算数据正由另一请求同时保存，请重新提交";

    /// <summary>The reason of the transfer a merge in the registry makes.</summary>
    public static string MergedInto(string unitId, string? note) =>
        $"单位合并，车辆转入 {unitId}" + (string.IsNullOrWhiteSpace(note) ? "" : $"（{note.Trim()}）");

    public static string InactiveForAcquisition(string unitId, string status, int fiscalYear) =>
        $"单位 {unitId} 在 {fiscalYear} 年度{StatusName(status)}，不能登记车辆";

    public static string InactiveForTransfer(string unitId, string status, int fiscalYear) =>
        $"单位 {unitId} 在 {fiscalYear} 年度{StatusName(status)}：车辆只能调拨给存续的单位";

    // ---- Who may ----------------------------------------------------------------------------------------------

    public static string KeeperOnly(string unitId, string regionCode) =>
        $"无权办理：只有单位 {unitId} 的人员或管辖行政区划 {regionCode} 的资产管理员可以办理车辆和资产登记";

    public const string ReviewerOnly =
        "无权审核：只有管辖该单位的财政部门审核人员可以审核通过或退回资产盘点";

    public static string OfficeOnly(string regionCode) =>
        $"无权查看：只有管辖行政区划 {regionCode} 的审核人员或资产管理员可以查看该辖区的资产盘点";

    public static string NotAListedState(string state) =>
        $"不是资产盘点的状态：{state}（可选 REPORTED 已报送、待审核，ACCEPTED 已审核通过，RETURNED 已退回、待修改；不填为全部）";

    public static string ImportAdminOnly(string regionCode, string role) =>
        $"无权导入公开文件：需要管辖行政区划 {regionCode} 的资产管理员（{role}）";

    // ---- Imports (a publication's transcription, a workbook) ---------------------------------------------------

    public const string Empty = "内容为空";

    public const string TranscriptionYearRequired = "必须填写（2000–2100 之间的年度）";

    public const string NoAssetSection = "缺失：该公开文件没有国有资产占用情况部分";

    public const string DepartmentNameRequired = "必须填写部门名称（或提供 department_unit_id）";

    public static string UnknownDepartment(string name, int fiscalYear) =>
        $"单位名录中没有 {fiscalYear} 年度名为 {Q(name)} 的单位：请先在单位名录中登记，或提供其单位编码（department_unit_id）";

    public static string WorkbookUnreadable(string detail) => $"无法读取该工作簿：{detail}";

    public static string UnknownSheet(string sheet) => $"工作表 {Q(sheet)} 不是“车辆”“资产”或“设备”";

    public const string NoFilledSheet = "“车辆”“资产”“设备”工作表都没有填写";

    public static string MissingColumn(IReadOnlyList<string> headers) => $"第 1 行缺少“{headers[0]}”列（可用的表头：{string.Join(" / ", headers)}）";

    // ---- Request fields of the rpcs ----------------------------------------------------------------------------

    public static string NotAFiscalYear(int year) => $"{year} 不是有效的年度（应为 2000–2100）";

    // ---- Reconciliation findings (the register or the inventory against the return) ----------------------------

    public const string FromRegister = "车辆登记";

    public static string FromInventory(InventorySource? source) => source switch
    {
        InventorySource.Publication => "资产盘点（公开文件）",
        InventorySource.Filed => "资产盘点（单位填报）",
        _ => "资产盘点",
    };

    public static string NothingToCompare(int claimed, int fiscalYear) =>
        $"决算报 {claimed} 辆公务用车，但 {fiscalYear} 年度既没有车辆登记，也没有资产盘点数据可供核对：请先登记车辆或填报资产盘点，或说明原因";

    public static string FleetDiffers(string source, int held, int fiscalYear, int fleet) =>
        $"{source}显示 {fiscalYear} 年 12 月 31 日有 {held} 辆车；“三公”经费表填报公务用车保有量 {fleet} 辆";

    public static string PurchasedDiffers(int acquired, int fiscalYear, int purchased) =>
        $"车辆登记显示 {fiscalYear} 年度购置 {acquired} 辆车；“三公”经费表填报购置数 {purchased} 辆";

    public static string PurchaseCostDiffers(int fiscalYear, decimal acquiredValue, decimal cost) =>
        $"{fiscalYear} 年度购置车辆的原值合计 {F(acquiredValue)} 元；公务用车购置费为 {F(cost)} 元";

    public static string OperatingCostApart(decimal perVehicle, int units, decimal median, decimal factor) =>
        $"每辆车的运行维护费为 {F(perVehicle)} 元，辖区内 {units} 个单位的中位数为 {F(median)} 元（相差超过 {F(factor)} 倍）";

    public static string AboveQuota(int count, string category, int limit, int fromYear) =>
        $"{category}实有 {count} 辆，超过编制数 {limit} 辆（编制自 {fromYear} 年起执行）";

    public static string VehiclesDiffer(string source, int held, int printed) =>
        $"{source}显示有 {held} 辆车；国有资产占用情况表填报 {printed} 辆";

    public static string CategoryDiffers(string source, int held, string category, int printed) =>
        $"{source}显示{category} {held} 辆；国有资产占用情况表填报 {printed} 辆";

    public const string FixedAssetsValue = "固定资产原值（元）";

    public const string BuildingsValue = "房屋价值（元）";

    /// <summary>The inventory's own name of the figure (its form's label): a refusal of the unit's figure says it so.</summary>
    public const string BuildingsOriginalValue = "房屋原值（元）";

    public static string InventoryFigureDiffers(string what, decimal ours, decimal? printed) =>
        $"资产盘点的{what}为 {F(ours)}；{Printed(printed, "")}";

    public static string BuildingsAreaDiffers(decimal area, decimal? printed) =>
        $"资产盘点的房屋面积为 {F(area)} 平方米；{Printed(printed, " 平方米")}";

    public static string EquipmentDiffers(int registered, int? printed) =>
        $"资产盘点登记单价 100 万元及以上的设备 {registered} 台（套）；{Printed(printed, " 台（套）")}";

    public static string VehiclesValueDiffers(decimal held, decimal? printed) =>
        $"车辆登记中在用车辆的原值合计 {F(held)} 元；{Printed(printed, " 元")}";

    /// <summary>What the return's 国有资产占用情况 says of a figure: its figure, or that it left it blank — which the disclosure prints as 0.</summary>
    private static string Printed(decimal? printed, string unit) =>
        printed is { } p ? $"国有资产占用情况表填报 {F(p)}{unit}" : "国有资产占用情况表未填写（公开说明中列为 0）";

    // ---- Words ---------------------------------------------------------------------------------------------------

    private static string MovementName(MovementKind kind) => kind switch
    {
        MovementKind.Acquisition => "取得",
        MovementKind.Transfer => "调拨",
        _ => "处置",
    };

    private static string StatusName(string status) => Messages.UnitStatus(status);

    private static string Q(string text) => Quoting.Quote(text);

    private static string F(decimal value) => DecimalText.Canonical(value);

    private static string D(DateOnly on) => on.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string J(IEnumerable<string> items) => string.Join("、", items);
}
