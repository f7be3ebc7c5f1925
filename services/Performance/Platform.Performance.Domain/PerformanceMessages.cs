using Platform.Domain;
using Platform.Performance.Domain.Evaluations;
using Platform.Performance.Domain.Values;

namespace Platform.Performance.Domain;

/// <summary>
/// The catalogue of what a clerk or a reviewer reads from the performance service (zh-CN): field errors of forms and
/// imports, refusals of the workflow, what is wrong with a printed target or actual, the findings of the audit and the
/// explanations of the scores. The domain and the host word their messages here, nowhere else. Field paths, codes
/// (<c>REQUIRED</c>, <c>UNIT_MISSING</c>, …) and logs stay English, as do the errors of loading the shipped reference data
/// (an operator reads those in the start-up log). A value someone typed is quoted with <see cref="Quoting.Quote"/>,
/// never whole; no message names the caller.
/// </summary>
public static class PerformanceMessages
{
    // ---- Figures and texts typed into a form -------------------------------------------------------------------

    public static string NotANumber(string text) => $"{Q(text)} 不是数字";

    public static string BadGrouping(string number) => $"{Q(number)} 不是有效的数字（“,”只能作千位分隔，每三位一组）";

    public static string Negative(string text) => $"{Q(text)} 是负数，此处不能为负";

    public static string TooPrecise(string text, int scale) => $"{Q(text)} 超过 {scale} 位小数";

    public static string TooLong(int length, int max) => $"长度 {length} 个字符，超过上限 {max} 个字符";

    public static string ScoreAboveWeight(decimal score, decimal weight) => $"得分 {F(score)} 超过分值 {F(weight)}";

    public static string WeightAbove100(decimal weight) => $"分值 {F(weight)} 超过 100";

    public static string ActualRepeatsTarget(string printed) =>
        $"实际完成值照录年度指标值 “{printed}”，视为按计划完成；平台不为此项计分，以自评得分为准";

    public static string Descriptive(string printed, bool placeholder, bool scoredByActual) =>
        (placeholder ? $"“{printed}” 是占位符，视同未填" : $"“{printed}” 是文字描述，既非数值也非可识别的等级")
        + (scoredByActual ? "；此项按实际完成值的表述计分" : "；平台不为此项计分，以自评得分为准");

    public const string NoGradePartialCopy = "抄录不完整：只含已抄录的各项，不评等级";

    public const string NoGradeUnfilled = "未填写自评，不评等级";

    public const string NoGradeWeights = "分值合计不为 100，不评等级";

    public const string NoGradeNothingScored = "平台无法对任何指标计分（如未填写年度指标值），各指标沿用自评得分，不评等级";

    public const string NoGradeOver100 = "总分超过 100，不评等级";

    public static string Unfilled(int rows) => $"{rows} 项指标的实际完成值与自评得分均未填写：该表未完成自评，无从核对";

    public const string NoWeightsPrinted = "表中未列示各指标分值（此格式无分值栏）：分值合计无法核对，各项以自评得分为准";

    // A scoring policy file (reference-data/policies, or one `score --fit` wrote) that does not read: the field and why.
    public static string PolicyRequired(string what) => $"必须填写（{what}）";

    public static string PolicyNotOneOf(string word, IEnumerable<string> choices) => $"“{word}” 不是以下取值之一：{string.Join("、", choices)}";

    public const string PolicyGradesFromZero = "须有一个从 0 分起的等级区间，使每个总分都有等级";

    public const string PolicyRoundingDigits = "小数位数须为 0 到 4";

    public static string PolicyWithin(decimal value, decimal high) =>
        high == 1 ? $"{F(value)} 不在 0 到 1 之间（占分值的份额，1 为全部分值）" : $"{F(value)} 不在 0 到 {F(high)} 之间";

    public const string PolicyEqualTolerance = "须为不小于 0 的数，按年度指标值的单位计";

    public static string PolicyYearsReversed(int from, int to) => $"截止年度 {to} 早于起始年度 {from}";

    public static string PolicyFloorBelowFull(decimal floor, decimal full) => $"起点 {F(floor)}% 须低于满分点 {F(full)}%";

    public const string PolicyRegions = "须为区划代码前缀（字符串）的非空列表；适用于所有地区时写 [\"\"] 或省略";

    public const string PolicyLowerIsBetter = "须为指标名称片段（非空字符串）的列表";

    public static string PartialCopy(decimal copiedWeights) =>
        $"抄录件不完整（表格未抄全，已抄录的分值合计 {F(copiedWeights)}）：分值合计是否为 100、总分是否等于各项得分之和无法核对";

    /// <summary>A finding on a row whose cells the copy could not assign (Indicator.UncertainCells), kept as information.</summary>
    public static string UncertainCells(bool wasError, string detail) =>
        $"抄录存疑（本行各值所在栏次无法确认，可能是抄录而非原表的问题；否则为{(wasError ? "错误" : "警告")}）：{detail}";

    /// <summary>Appended to a bare target's explanation where the policy reads it as a cap (quantity.lowerIsBetter).</summary>
    public const string ReadAsCap = "（目标值未写比较符；此类指标越低越好，按“≤”计分）";

    public const string ExecutionRateOutOfRange = "执行率按百分比填写，超过 1000% 不是有效的执行率";

    public const string FundingSourceRequired = "必须填写资金来源（合计、基本支出、项目支出、中央、自治区等）";

    public const string IndicatorNameRequired = "必须填写三级指标名称";

    public const string WeightRequired = "必须填写分值";

    public static string Level1Required(IEnumerable<string> known) => $"必须填写一级指标（可选：{J(known)}）";

    public static string Level2Required(IEnumerable<string> known) => $"必须填写二级指标（可选：{J(known)}）";

    public static string UnknownLevel1(string level1, int frameworkYear, IEnumerable<string> known) =>
        $"{Q(level1)} 不是 {frameworkYear} 年版指标体系中的一级指标（可选：{J(known)}）";

    public static string UnknownLevel2(string level2, string level1, IEnumerable<string> known) =>
        $"{Q(level2)} 不是“{level1}”下的二级指标（可选：{J(known)}）";

    public const string FullYearBudgetRequiredToSubmit = "提交前必须填写全年预算数（执行率据此计算）";

    public const string ExecutedRequiredToSubmit = "提交前必须填写全年执行数";

    public const string FundsWeightRequiredToSubmit = "提交前必须填写资金执行率的分值（通常为 10）";

    public const string IndicatorRequiredToSubmit = "提交前至少要填写一项绩效指标";

    /// <summary>A funding row of an overall form printed without its source: its place instead.</summary>
    public static string UnnamedFundingRow(int number) => $"第 {number} 行";

    /// <summary>A project an overall form lists without a name: its place instead.</summary>
    public static string UnnamedListedProject(int number) => $"所列第 {number} 个项目";

    /// <summary>A project self-evaluation form printed without its project's name: by its place in the file.</summary>
    public static string UnnamedProject(int number) => $"第 {number} 张项目支出绩效自评表（未写项目名称）";

    public const string OverallFormName = "部门整体支出绩效自评表";

    // ---- The evaluation's workflow ---------------------------------------------------------------------------

    /// <summary>How a message names an evaluation: the unit, the year and the project (or the overall form).</summary>
    public static string EvaluationName(EvaluationKey key) => key.Project.Length == 0
        ? $"单位 {key.UnitId} {key.FiscalYear} 年度的部门整体支出绩效自评表"
        : $"单位 {key.UnitId} {key.FiscalYear} 年度项目 {Q(key.Project)} 的绩效自评表";

    /// <summary>An evaluation's key as a "not found" quotes it: unit/year/project, the overall form named in words.</summary>
    public static string EvaluationKeyText(EvaluationKey key) => $"{key.UnitId}/{key.FiscalYear}/{(key.Project.Length == 0 ? "部门整体支出" : key.Project)}";

    public static string StateName(EvaluationState state) => state switch
    {
        EvaluationState.Draft => "草稿",
        EvaluationState.Submitted => "已报送",
        EvaluationState.Accepted => "已审核通过",
        _ => "由公开文件导入（只读）",
    };

    public static string OnlyDraftEdited(EvaluationKey key, EvaluationState state) =>
        $"{EvaluationName(key)}当前状态为“{StateName(state)}”：只有草稿可以修改（已报送或已审核通过的自评表需由财政部门退回后才能修改）";

    public static string OnlyDraftSubmitted(EvaluationKey key, EvaluationState state) =>
        $"{EvaluationName(key)}当前状态为“{StateName(state)}”：只有草稿可以提交";

    public static string OnlySubmittedSentBack(EvaluationKey key, EvaluationState state) =>
        $"{EvaluationName(key)}当前状态为“{StateName(state)}”：只有已报送或已审核通过的自评表可以退回";

    public static string OnlySubmittedAccepted(EvaluationKey key, EvaluationState state) =>
        $"{EvaluationName(key)}当前状态为“{StateName(state)}”：只有已报送的自评表可以审核通过";

    public static string FiledNotOverwritten(EvaluationKey key, EvaluationState state) =>
        $"{EvaluationName(key)}由单位自行填报（当前状态为“{StateName(state)}”），不能用公开文件导入覆盖";

    public static string NotAFiledState(string state) =>
        $"不是财政部门收到的自评表所处的状态：{state}（可选 SUBMITTED 已报送待审核、ACCEPTED 已审核通过、PUBLISHED 由公开文件导入）";

    public const string RevisionRead = "必须填写您审核时读取的自评表版本号（revision）：审核通过的是您读过的内容";

    public const string ReturnCommentRequired = "必须填写退回意见，说明单位需要修改的内容";

    public const string OneFormRequired = "必须且只能提交 project_form 或 overall_form 其中之一";

    public const string OverallNeedsOverallForm = "项目名称为空表示部门整体支出绩效自评表：请提交 overall_form，或填写项目名称";

    public static string ProjectNameFixed(string project) =>
        $"必须是本自评表所属的项目 {Q(project)}：已报送过的自评表不能改名（从未报送的草稿可以改名）";

    /// <summary>A rename or deletion of a form the finance office has had: the office's copy of the record stays whole.</summary>
    public static string FiledNotWithdrawn(EvaluationKey key, string action) =>
        $"{EvaluationName(key)}已报送过财政部门，不能{action}（只有从未报送的草稿可以{action}；如该项目确实不需自评，请与财政部门联系）";

    public static string NameTaken(EvaluationKey key) => $"{EvaluationName(key)}已存在：请换一个项目名称，或打开该表修改";

    public const string OverallNotRenamed = "部门整体支出绩效自评表没有项目名称，不能改名";

    public static string StaleRevision(EvaluationKey key, long current, long sent) =>
        $"{EvaluationName(key)}在您读取之后已被修改（当前版本 {current}，您提交的是版本 {sent}），请重新读取后再试";

    public static string NotCreatedYet(EvaluationKey key, long revision) =>
        $"{EvaluationName(key)}尚不存在：新建自评表时版本号应为 0，而不是 {revision}";

    public const string CreatedConcurrently = "另一请求同时创建了这份绩效自评表，请重新读取后再试";

    public static string OfficeOnly(string regionCode) =>
        $"无权查看：只有管辖行政区划 {regionCode} 的审核人员或绩效管理员可以查看";

    public static string RescoreAdminOnly(string regionCode, string role) =>
        $"无权重新评分：需要管辖行政区划 {regionCode} 的绩效管理员（{role}）";

    public static string ImportAdminOnly(string regionCode, string role) =>
        $"无权导入公开文件：需要管辖行政区划 {regionCode} 的绩效管理员（{role}）";

    // ---- Reference data asked for by a request -----------------------------------------------------------------

    public static string UnknownPolicy(string id, IEnumerable<string> known) => $"{Q(id)} 不是评分办法（可选：{J(known)}）";

    public static string NoPolicyAssigned(string regionCode, int fiscalYear) =>
        $"行政区划 {regionCode} 的 {fiscalYear} 年度尚未指定评分办法（reference-data/assignments.json），请联系绩效管理员";

    public static string NoFramework(int fiscalYear) => $"没有适用于 {fiscalYear} 年度的绩效指标体系（reference-data/indicator-tree.json）";

    // ---- A printed target or actual that is not a value --------------------------------------------------------

    public const string NoValue = "未填写";

    public static string NotAPeriod(string text) => $"{Q(text)} 不是有效的月份区间（月份应为 1–12，结束月份不能早于开始月份）";

    public static string NotAMonth(int month, string text) => $"{Q(text)} 中的 {month} 月不是有效月份（应为 1–12）";

    /// <summary><paramref name="position"/> is 0-based in the printed string; people count from 1.</summary>
    public static string SecondDecimalPoint(string number, int position) => $"{Q(number)} 有两个小数点（所填内容第 {position + 1} 个字符）";

    public static string DigitsAfterSpace(string number, int position) => $"{Q(number)} 的数字中间有空格（所填内容第 {position + 1} 个字符）";

    public static string UnknownUnit(string text, string number) => $"{number} 后面的 {Q(text)} 不是可识别的计量单位";

    public static string NotAUnit(string text, string qualifier, string symbol) => $"{Q(text)} 不是计量单位：“{symbol}”后面多了 {Q(qualifier)}";

    public static string UnknownPerUnit(string part, string text) => $"{Q(text)} 中的 {Q(part)} 不是可识别的计量单位";

    public static string NotAMonthOfYear(string text, string number) => $"{Q(text)}：{number}月 不是一年中的月份（表示时长请写“个月”）";

    public static string LabelNotValue(string text) => $"{Q(text)} 是指标名称，不是指标值";

    public static string Unrecognized(string text) =>
        $"无法识别 {Q(text)}：它既不是带单位的数值、月份区间或完成期限，也不是可识别的定性表述";

    // ---- Units of a target and its actual ----------------------------------------------------------------------

    public static string ActualWithoutUnit(string targetUnit, string actual) => $"年度指标值以“{targetUnit}”计，实际完成值 {Q(actual)} 没有写单位";

    public static string TargetWithoutUnit(string actualUnit, string target) => $"实际完成值以“{actualUnit}”计，年度指标值 {Q(target)} 没有写单位";

    public static string UnitDiffers(string targetUnit, string actualUnit) => $"年度指标值以“{targetUnit}”计，实际完成值以“{actualUnit}”计";

    public static string UnitMismatch(string targetUnit, string actualUnit) =>
        $"年度指标值以“{targetUnit}”计，实际完成值以“{actualUnit}”计，二者不是同一种计量";

    public const string UnitInIndicatorName = "（指标名称中已注明单位）";

    // ---- Findings of the audit of a form -----------------------------------------------------------------------

    public static string WeightsNot100(decimal indicators, decimal execution, decimal sum) =>
        $"各指标分值 {F(indicators)} + 执行率分值 {F(execution)} = {F(sum)}，不等于 100";

    public static string TotalNotSum(decimal total, decimal indicators, decimal execution, decimal sum) =>
        $"填报总分 {F(total)} 不等于各项得分之和：指标得分 {F(indicators)} + 执行率得分 {F(execution)} = {F(sum)}";

    public static string TotalNotSum(decimal total, decimal sum) => $"填报总分 {F(total)} 不等于各项得分之和 {F(sum)}";

    public static string MissedWithoutReason(decimal computed, decimal weight) =>
        $"按年度指标值与实际完成值计算得分 {F(computed)}（分值 {F(weight)}），目标未完全实现，但没有填写偏差原因";

    public static string ShortfallWithoutReason(decimal score, decimal weight) => $"分值 {F(weight)}，自评得分 {F(score)}，但没有填写偏差原因";

    public static string FullMarksWithoutSpending(decimal score, decimal weight) => $"项目预算执行数为零，该指标却得了满分（{F(score)}/{F(weight)}）";

    public static string FundsNotSumOfSources(string column, decimal stated, IEnumerable<decimal> sources, decimal sum, string unit) =>
        sources.Count() == 1
            ? $"年度资金总额的{ColumnName(column)} {F(stated)} {unit}不等于唯一填列的资金来源 {F(sum)} {unit}"
            : $"年度资金总额的{ColumnName(column)} {F(stated)} {unit}不等于各资金来源之和（{Sum(sources)} = {F(sum)} {unit}）";

    public static string FundsTotalRowUnfilled(IEnumerable<(string Column, decimal Sum)> sources, string unit) =>
        $"年度资金总额一行填为 0，而资金来源列示了金额（{unit}）：{string.Join("，", sources.Select(s => $"{ColumnName(s.Column)} {F(s.Sum)}"))}；执行率与得分应按资金来源计算";

    public static string FundingTotalNotSum(string column, decimal stated, IEnumerable<decimal> rows, decimal sum) =>
        $"合计行的{ColumnName(column)} {F(stated)} 不等于其余各行之和（{Sum(rows)} = {F(sum)}）";

    public static string ExecutionRateNotComputed(decimal executed, decimal budget, decimal computed, decimal printed) =>
        $"全年执行数 {F(executed)} / 全年预算数 {F(budget)} = {F(computed)}%，表中填报 {F(printed)}%";

    public static string AdjustedBudgetNotSum(decimal initial, decimal adjustment, decimal printed) =>
        $"年初预算数 {F(initial)} + 调整 {F(adjustment)} = {F(initial + adjustment)}，表中填报调整后预算数 {F(printed)}";

    public static string AdjustmentRateNotComputed(decimal adjustment, decimal initial, decimal computed, decimal printed) =>
        $"调整率应为 {F(computed)}%（调整 {F(adjustment)} / 年初预算数 {F(initial)}），表中填报 {F(printed)}%";

    public static string ListedProjectsNotProjectSpending(IEnumerable<decimal> executed, decimal sum, decimal stated, bool withinRounding) =>
        $"所列项目执行数 {Sum(executed)} = {F(sum)}，“项目支出”行填报 {F(stated)}" + (withinRounding ? "（在舍入误差以内）" : "");

    public static string ImpliedExecutionWeight(decimal indicatorWeights, decimal implied) =>
        $"未填写执行率分值，按各指标分值合计 {F(indicatorWeights)} 推算为 {F(implied)}";

    public static string ExecutionRateAsRatio(decimal ratio, decimal percent) =>
        $"执行率填报为比值 {F(ratio)}（全年执行数 / 全年预算数），按 {F(percent)}% 计";

    public static string CompletionRateNotComputed(string target, string actual, decimal computed, decimal printed) =>
        $"年度指标值 {Q(target)}、实际完成值 {Q(actual)} 的完成率应为 {F(computed)}%，表中填报 {F(printed)}%";

    public static string CompletionRateOver100(string target, string actual, decimal computed, decimal printed) =>
        $"年度指标值 {Q(target)}、实际完成值 {Q(actual)} 的完成率为 {F(computed)}%，表中填报 {F(printed)}%（均超过 100%，不影响得分）";

    public static string NotAnObject(System.Text.Json.JsonValueKind kind) => JsonKinds.Expected(" JSON 对象（{…}）", kind);

    public const string TargetMissing = "未填写年度指标值，无法据此评价实际完成值";

    public static string NoTargetAtAll(int rows) => $"{rows} 项指标均未填写年度指标值：无法据此评价完成情况，平台只能沿用自评得分";

    public static string ScoreOverWeight(decimal score, decimal weight) => $"得分 {F(score)} 超过分值 {F(weight)}";

    public const string ZeroWeight = "分值为 0：该指标不计分，请核对是否漏填分值";

    public static string CostsOverExecuted(decimal costs, decimal executed) =>
        $"成本指标的实际值合计 {F(costs)}，超过项目全年执行数 {F(executed)}（均按资金表的金额单位）";

    public static string YetScored(string problem, decimal score) => $"{problem}，却得了 {F(score)} 分";

    // ---- Explanations of the scores ----------------------------------------------------------------------------

    public const string NoWeight = "未填写分值";

    public const string ActualNotAValue = "实际完成值无法识别，沿用自评得分";

    public const string NoReadableTarget = "没有可识别的年度指标值，沿用自评得分";

    public static string LevelScored(QualitativeLevel level, string printed, decimal share, decimal weight, decimal score) =>
        $"{Q(printed)} 按{LevelName(level)}计：{F(share)} × {F(weight)} = {F(score)}";

    public static string LevelWithinRange(QualitativeLevel level, string printed, decimal low, decimal high, decimal weight, decimal self) =>
        $"{Q(printed)} 按{LevelName(level)}计，得分区间 {F(low)}–{F(high)} × {F(weight)}，自评 {F(self)} 在区间内（由评分人酌定）";

    public static string LevelOutsideRange(QualitativeLevel level, string printed, decimal low, decimal high, decimal weight, decimal score) =>
        $"{Q(printed)} 按{LevelName(level)}计，得分区间 {F(low)}–{F(high)} × {F(weight)}，按区间内最接近的 {F(score)} 计";

    public static string NotBeyond(decimal actual, string bound, decimal target) =>
        $"{F(actual)} 等于界限 {F(target)}，未达到“{bound}{F(target)}”，得 0 分";

    public static string CostNeverIncurred(string target) =>
        $"成本指标 {Q(target)} 的实际值为 0：相关支出未发生（工作未开展），不因未做而得分，得 0 分";

    public static string CompletionRateAboveValues(string byRate, decimal byValues, string why) =>
        $"{byRate}；但按年度指标值与实际完成值只得 {F(byValues)}（{why}），取 {F(byValues)}";

    public static string ByCompletionRate(decimal rate, decimal weight, decimal score) => rate < 0
        ? $"按表中完成率计分：完成率 {F(rate)}% 低于 0，得 0 分"
        : $"按表中完成率计分：{CappedRate("完成率", rate, 100m)} × {F(weight)} = {F(score)}";

    /// <summary>
    /// A rate that counts up to a cap, in words a clerk reads ("执行率 95%", "执行率 110%（超过 100% 按 100% 计）") — the
    /// formula's <c>min(r, cap)</c> was the only Latin a clerk met on the form.
    /// </summary>
    public static string CappedRate(string what, decimal rate, decimal cap) => rate <= cap
        ? $"{what} {F(rate)}%"
        : $"{what} {F(rate)}%（超过 {F(cap)}% 按 {F(cap)}% 计）";

    public static string MetInFull(string comparison, decimal full) => $"{comparison}，得满分 {F(full)}";

    public static string ShortOf(decimal actual, decimal target) => $"{F(actual)} 未达到 {F(target)}，得 0 分";

    public static string Exceeds(decimal actual, decimal target) => $"{F(actual)} 超过 {F(target)}，得 0 分";

    public static string NotEqual(decimal actual, decimal target) => $"{F(actual)} ≠ {F(target)}，得 0 分";

    public static string NotSameMeasure(string targetUnit, string actualUnit) => $"“{targetUnit}”与“{actualUnit}”不是同一种计量，无法比较";

    public static string CannotCompare(IndicatorValue target, IndicatorValue actual) =>
        $"年度指标值是{KindName(target)}，实际完成值是{KindName(actual)}，二者无法相互比较评分";

    public static string DoneIn(YearMonth actual, YearMonth target) => $"完成于 {actual}，目标 {target}";

    public static string DoneBefore(YearMonth actual, YearMonth target) => $"{actual} 前完成，目标 {target} 前";

    public static string DoneInAgainstBefore(YearMonth actual, YearMonth target) => $"完成于 {actual}，目标 {target} 前";

    public static string DoneInMonth(int actual, int target) => $"{actual} 月完成，目标 {target} 月";

    public static string InTime(string what, decimal score) => $"{what}：按时完成，得满分 {F(score)}";

    public static string Late(string what, decimal share, decimal weight, decimal score) => $"{what}：逾期，{F(share)} × {F(weight)} = {F(score)}";

    public const string NoFundsWeight = "未填写资金执行率的分值";

    /// <summary>Before the scored rate, when the printed one was set aside: "按资金数计算执行率（表中填报 100% 与资金数不符）：".</summary>
    public static string RateFromFigures(decimal printed) => $"按资金数计算执行率（表中填报 {F(printed)}% 与资金数不符）：";

    public const string NoExecutionRate = "没有执行率：表中未填写，也无法由资金数算出";

    public static string LinearExecution(decimal rate, decimal floor, decimal full) => rate <= floor
        ? $"执行率 {F(rate)}%（不高于 {F(floor)}% 不得分）"
        : rate >= full
            ? $"执行率 {F(rate)}%（达到 {F(full)}% 得全部分值）"
            : $"执行率 {F(rate)}%（{F(floor)}% 至 {F(full)}% 之间按比例：({F(rate)}% − {F(floor)}%) / ({F(full)}% − {F(floor)}%)）";

    /// <summary>The step a rate falls in, by its lower bound (none: below every step, nothing).</summary>
    public static string SteppedExecution(decimal rate, decimal? atLeast, decimal share) => atLeast is { } bound
        ? $"执行率 {F(rate)}%（不低于 {F(bound)}% 的一档，得分比例 {F(share * 100)}%）"
        : $"执行率 {F(rate)}%（低于各档，不得分）";

    public static string SelfScoreDiffers(decimal self, string explanation) => $"自评得分 {F(self)}，计算得分：{explanation}";

    public static string TargetStatedInReason(string corrected, string? explanation) =>
        $"偏差原因中说明年度指标值应为 {Q(corrected)}" + (explanation is null ? "" : $"；按此计算：{explanation}");

    public static string EqualMissedYetFull(string target, string actual) =>
        $"年度指标值 {Q(target)} 未达到（实际完成值 {Q(actual)}），却得了满分：该指标值可能本应是上限或下限（≤ 或 ≥）";

    public static string CostWithEqual(string target) => $"成本指标 {Q(target)} 使用了“=”：成本指标通常应设上限（≤）";

    // ---- Imports (a publication's transcription, a workbook) ---------------------------------------------------

    public const string Empty = "内容为空";

    public const string TranscriptionYearRequired = "必须填写（2000–2100 之间的年度）";

    public const string NoForms = "既没有 project_evaluations（项目支出绩效自评表），也没有 overall_performance_evaluation（部门整体支出绩效自评表）";

    public static string ProjectPrintedTwice(string project) => $"项目 {Q(project)} 重复出现";

    public const string DepartmentNameRequired = "必须填写部门名称（或提供 department_unit_id）";

    public static string UnknownDepartment(string name, int fiscalYear) =>
        $"单位名录中没有 {fiscalYear} 年度名为 {Q(name)} 的单位：请先在单位名录中登记（ImportUnits，或用 import-disclosure --register-in 导入其决算公开文件），或提供 department_unit_id";

    public static string WorkbookUnreadable(string detail) => $"无法读取该工作簿：{detail}";

    public const string NoFilledSheet = "没有已填写的工作表（每个工作表填写一个项目的自评表）";

    public const string NoProjectNameRow = "缺少“项目名称”行：A 列写“项目名称”，B 列写项目名称";

    public const string NoIndicatorTable = "没有绩效指标：指标表须以 A 列为“一级指标”的表头行开始";

    public static string ProjectOnSeveralSheets(string project) => $"项目 {Q(project)} 出现在多个工作表中";

    public static string OnSheet(string sheet, string message) => $"工作表 {Q(sheet)}：{message}";

    // ---- Request fields of the rpcs ----------------------------------------------------------------------------

    public static string NotAFiscalYear(int year) => $"{year} 不是有效的年度（应为 2000–2100）";

    public static string YearsReversed(int from, int to) => $"起始年度 {from} 晚于截止年度 {to}";

    public static string UnknownSeverity(string text) => $"{Q(text)} 不是可选的严重程度（error、warning、info）";

    // ---- Words ---------------------------------------------------------------------------------------------------

    private static string LevelName(QualitativeLevel level) => level switch
    {
        QualitativeLevel.Achieved => "达成",
        QualitativeLevel.Partial => "部分达成",
        _ => "未达成",
    };

    private static string KindName(IndicatorValue value) => value switch
    {
        Quantity => "数值",
        Period => "月份区间",
        Deadline => "完成期限",
        MonthOfYear => "月份",
        YesNo => "是否判断",
        _ => "定性表述",
    };

    /// <summary>A funds column of a form (年初预算数, 全年预算数, 全年执行数).</summary>
    private static string ColumnName(string column) => column switch
    {
        "initial_budget" => "年初预算数",
        "full_year_budget" => "全年预算数",
        "executed" => "全年执行数",
        _ => column,
    };

    private static string Q(string text) => Quoting.Quote(text);

    private static string F(decimal value) => DecimalText.Canonical(value);

    private static string J(IEnumerable<string> items) => string.Join("、", items);

    private static string Sum(IEnumerable<decimal> terms) => string.Join(" + ", terms.Select(F));
}
