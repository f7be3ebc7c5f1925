using static Platform.Publication.Domain.Rendering.Wording;

namespace Platform.Publication.Domain.Rendering;

/// <summary>A section of 第二部分 部门决算情况说明: its heading and its paragraphs.</summary>
public sealed record Section(string Number, string Title, IReadOnlyList<string> Paragraphs);

/// <summary>
/// Writes 第二部分 部门决算情况说明 (sections 一 to 十) in the formulaic prose of the model disclosure (000), every amount
/// and rate computed from the return's figures, the reasons the unit's own. A table that is empty gets the sentence the
/// disclosures use for it; a change with no known prior figure is left out rather than guessed.
/// </summary>
public static class ExplanationWriter
{
    /// <param name="nature">The unit's nature as the registry states it (行政单位, 参照公务员法管理事业单位, 事业单位): an 事业单位's
    /// own document reports its 公用经费, not a 机关运行经费 it does not have.</param>
    public static IReadOnlyList<Section> Write(DisclosureFigures f, string nature = UnitNatures.Administrative) =>
    [
        Overall(f), Income(f), Expenditure(f), FiscalOverall(f), GeneralPublic(f), Basic(f), ThreePublic(f),
        EmptyOrNot(f, "八", "政府性基金预算财政拨款收入支出决算情况说明", "Z08", "政府性基金预算财政拨款", "FUND"),
        EmptyOrNot(f, "九", "国有资本经营预算财政拨款收入支出决算情况说明", "Z09", "国有资本经营预算财政拨款", "CAPITAL"),
        Other(f, nature),
    ];

    /// <summary>
    /// "{what}与上年相比，…": last year's figure of the row, or of <paramref name="sameAs"/> — 收入总计 and 支出总计 are equal
    /// by the accounting identity, so a return that states one prior total states both. The expenditure sentence takes the
    /// expenditure's own reason where one is given (a document that prints it apart: `expenditure_reason`); where only the
    /// income's is known it says "主要原因同上" — the section's one reason covers both ("收、支总计各减少…，主要变动原因是…",
    /// 101), but its words are the income's: 000 prints "本年收入比上年减少了…" for income and "本年支出比上年减少了…" for
    /// expenditure, and repeating the first under 支出总计 would misquote the unit.
    /// </summary>
    private static string Compared(DisclosureFigures f, string what, string table, string row, string reasonRow, string? sameAs = null) =>
        f.Change(table, row, before: f.Before(table, row) ?? (sameAs is null ? null : f.Before(table, sameAs))) is { } change
            ? $"{what}与上年相比，{change}{(reasonRow == row || f.Reason(table, reasonRow) is not { Length: > 0 } ? Because(f.Reason(table, reasonRow)) : SameAsAbove)}"
            : "";

    /// <summary>The expenditure sentence's reason where the unit gave one reason for both totals (see <see cref="Compared"/>).</summary>
    private const string SameAsAbove = "，主要原因同上。";

    private static Section Overall(DisclosureFigures f)
    {
        var y = f.FiscalYear;
        return new("一", "收入支出决算总体情况说明",
        [
            $"{y} 年度收入总计 {f.Amount("Z01", "INC_TOTAL")}，其中：本年收入合计 {f.Amount("Z01", "INC_CURRENT")}，使用非财政拨款结余 " +
            $"{f.Amount("Z01", "USE_NONFISCAL_BALANCE")}，年初结转和结余 {f.Amount("Z01", "OPENING")}。" + Compared(f, "收入总计", "Z01", "INC_TOTAL", "INC_TOTAL"),
            $"本年支出总计 {f.Amount("Z01", "EXP_TOTAL")}，其中：本年支出合计 {f.Amount("Z01", "EXP_CURRENT")}，结余分配 " +
            $"{f.Amount("Z01", "BALANCE_DISTRIBUTION")}，年末结转和结余 {f.Amount("Z01", "CLOSING")}{CurrentChange(f, "CLOSING")}。" +
            Compared(f, "支出总计", "Z01", "EXP_TOTAL", f.Reason("Z01", "EXP_TOTAL") is null ? "INC_TOTAL" : "EXP_TOTAL", sameAs: "INC_TOTAL"),
        ]);
    }

    private static readonly (string Row, string Name)[] IncomeRows =
    [
        ("INC_FISCAL", "财政拨款收入"), ("INC_SUPERIOR", "上级补助收入"), ("INC_OPERATING", "事业收入"), ("INC_BUSINESS", "经营收入"),
        ("INC_AFFILIATE", "附属单位上缴收入"), ("INC_OTHER", "其他收入"),
    ];

    private static readonly (string Row, string Name)[] ExpenditureRows =
    [
        ("EXP_BASIC", "基本支出"), ("EXP_PROJECT", "项目支出"), ("EXP_REMIT", "上缴上级支出"), ("EXP_BUSINESS", "经营支出"), ("EXP_AFFILIATE", "对附属单位补助支出"),
    ];

    /// <summary>
    /// Each line with its share; and, where the unit explained a line's change (a document of 梧州 prints one per source),
    /// that change and its reason. Lines nobody explained stay as the model disclosure prints them: no clause per line.
    /// </summary>
    private static string Parts(DisclosureFigures f, string table, (string Row, string Name)[] rows, string wholeRow) =>
        // The share a publication printed (D01[SHARE_INC_FISCAL,PCT]) is its truth; computed where none is printed, and not
        // at all for a line the publication does not print ("占 0%" of a figure nobody printed would be made up).
        string.Join("；", rows.Select(r => $"{r.Name} {f.Amount(table, r.Row)}" +
            (f.Printed("D01", "SHARE_" + r.Row, "PCT") is { } printed ? $"，占 {f.Style.Percent(printed)}"
                : f.Has(table, r.Row) && f.Has(table, wholeRow) ? $"，占 {f.Style.Percent(Share(f.Now(table, r.Row), f.Now(table, wholeRow)))}" : "") +
            (f.Reason(table, r.Row) is { Length: > 0 } why && f.Change(table, r.Row) is { } change
                ? $"，比上年{change}，主要原因是：{why.TrimEnd('。')}"
                : "")));

    /// <summary>
    /// "，比上年增加 … 万元，增长 …%，主要原因是：…" for 本年收入合计 / 本年支出合计 where the year's own change is known apart from
    /// the totals' (a publication printing it, 重庆's 2.收入情况; a return with last year's) and the unit gave its reason —
    /// as 五 and 七 say a change only with its reason — or the publication printed it; nothing otherwise, as the model prints it.
    /// </summary>
    private static string CurrentChange(DisclosureFigures f, string row) =>
        f.Change("Z01", row) is not { } change ? ""
        : f.Reason("Z01", row) is { Length: > 0 } why ? $"，比上年{change}，主要原因是：{why.TrimEnd('。')}"
        // A change the publication printed without a reason of its own (朝阳's 本年收入合计 "比上年增加1,446.43万元，增长17.79%") is still its figure.
        : f.PrintedChangeRates.ContainsKey($"Z01[{row},AMT]") ? $"，比上年{change}" : "";

    private static Section Income(DisclosureFigures f)
    {
        return new("二", "收入决算情况说明", [$"{f.FiscalYear} 年度本年收入 {f.Amount("Z01", "INC_CURRENT")}{CurrentChange(f, "INC_CURRENT")}，其中：{Parts(f, "Z01", IncomeRows, "INC_CURRENT")}。"]);
    }

    private static Section Expenditure(DisclosureFigures f)
    {
        return new("三", "支出决算情况说明", [$"{f.FiscalYear} 年度本年支出 {f.Amount("Z01", "EXP_CURRENT")}{CurrentChange(f, "EXP_CURRENT")}，其中：{Parts(f, "Z01", ExpenditureRows, "EXP_CURRENT")}。"]);
    }

    private static Section FiscalOverall(DisclosureFigures f)
    {
        var budget = f.Now("Z04", "BUDGET_INITIAL");
        var reason = Because(f.Reason("Z04", "BUDGET_INITIAL"));
        return new("四", "财政拨款收入支出决算总体情况说明",
        [
            $"{f.FiscalYear} 年度财政拨款收入总计 {f.Amount("Z04", "INC_TOTAL")}，其中：年初财政拨款结转和结余 {f.Amount("Z04", "OPENING")}，" +
            $"财政拨款本年收入 {f.Amount("Z04", "INC_CURRENT")}。" + Compared(f, "财政拨款收入总计", "Z04", "INC_TOTAL", "INC_TOTAL"),
            $"财政拨款支出总计 {f.Amount("Z04", "EXP_TOTAL")}，其中：年末财政拨款结转和结余 {f.Amount("Z04", "CLOSING")}，" +
            $"财政拨款本年支出 {f.Amount("Z04", "EXP_CURRENT")}。" + Compared(f, "财政拨款支出总计", "Z04", "EXP_TOTAL", f.Reason("Z04", "EXP_TOTAL") is null ? "INC_TOTAL" : "EXP_TOTAL", sameAs: "INC_TOTAL"),
            .. budget == 0 && f.Now("Z04", "INC_TOTAL") != 0
                // A variance against no budget is no figure: "0%" would say the year went exactly as budgeted (nothing
                // against nothing is 0%, as 000 prints it for 出国).
                ? (string[])["与年初预算数相比情况：年初预算数未列示或为 0，不计算预决算差异率。"]
                :
                [
                    $"与年初预算数相比情况：财政拨款收入总计年初预算数 {f.Style.Wan(budget)} 万元，决算数 {f.Amount("Z04", "INC_TOTAL")}，预决算差异率 " +
                    $"{f.Style.Variance(f.Now("Z04", "INC_TOTAL"), budget)}{reason}",
                    $"财政拨款支出总计年初预算数 {f.Style.Wan(budget)} 万元，决算数 {f.Amount("Z04", "EXP_TOTAL")}，预决算差异率 {f.Style.Variance(f.Now("Z04", "EXP_TOTAL"), budget)}{reason}",
                ],
        ]);
    }

    private static Section GeneralPublic(DisclosureFigures f)
    {
        var total = f.Now("Z05", "TOTAL", "TOTAL");
        var current = f.Now("Z01", "EXP_CURRENT");
        var paragraphs = new List<string>
        {
            "（一）一般公共预算财政拨款支出决算总体情况",
            $"{f.FiscalYear} 年度一般公共预算财政拨款支出 {f.Amount("Z05", "TOTAL", "TOTAL")}" +
                (f.Has("Z05", "TOTAL", "TOTAL") && f.Has("Z01", "EXP_CURRENT") ? $"，占本年支出合计的 {f.Style.Percent(Share(total, current))}" : "") +
                (f.Change("Z05", "TOTAL", "TOTAL") is { } change ? $"，与上年相比，{change}{Because(f.Reason("Z05", "TOTAL"))}" : "。"),
            "（二）一般公共预算财政拨款支出决算结构情况",
        };
        // Classes (类, three digits) with a figure this year, by code.
        var classes = f.Rows("Z05", "TOTAL").Where(c => c.Length == 3 && f.Now("Z05", c, "TOTAL") != 0).ToList();
        // A class's change only where the unit explained it or the publication printed it (as 二/三 say a line's change):
        // the model prints none, and an approved return knows every class's last-year figure.
        paragraphs.AddRange(classes.Select((c, i) => $"{i + 1}.{Name(f, c)}（类）{f.Amount("Z05", c, "TOTAL")}" +
            (f.Has("Z05", "TOTAL", "TOTAL") ? $"，占 {f.Style.Percent(Share(f.Now("Z05", c, "TOTAL"), total))}" : "") +
            ((f.Reason("Z05", c) is { Length: > 0 } || f.BlankIsUnprinted) && f.Change("Z05", c, "TOTAL") is { } change
                ? $"，比上年{change}{(f.Reason("Z05", c) is { Length: > 0 } why ? $"，主要原因是：{why.TrimEnd('。')}" : "")}"
                : "") + "。"));
        paragraphs.Add("（三）一般公共预算财政拨款支出决算具体情况");
        // Items (项, seven digits) with a figure this year or last: this year's first, then those that fell to nothing.
        var items = f.Rows("Z05", "TOTAL").Where(c => c.Length == 7).ToList();
        var ordered = items.Where(c => f.Now("Z05", c, "TOTAL") != 0).Concat(items.Where(c => f.Now("Z05", c, "TOTAL") == 0)).ToList();
        paragraphs.AddRange(ordered.Select((c, i) =>
            $"{i + 1}.{Name(f, c[..3])}(类){Name(f, c[..5])}(款){Name(f, c)}(项): 支出决算数为 {f.Amount("Z05", c, "TOTAL")}" +
            (f.Change("Z05", c, "TOTAL") is { } change ? $"，比上年决算{change}{Because(f.Reason("Z05", c))}" : "。")));
        return new("五", "一般公共预算财政拨款支出决算情况说明", paragraphs);
    }

    private static string Name(DisclosureFigures f, string code) => f.CodeNames.TryGetValue(code, out var name) ? name : code;

    private static Section Basic(DisclosureFigures f) => new("六", "一般公共预算财政拨款基本支出决算情况说明",
    [
        $"{f.FiscalYear} 年度一般公共预算财政拨款基本支出 {f.Amount("Z06", "TOTAL")}，其中：",
        $"人员经费 {f.Amount("Z06", "PERSONNEL")}。",
        $"公用经费 {f.Amount("Z06", "PUBLIC")}。",
    ]);

    private static Section ThreePublic(DisclosureFigures f)
    {
        decimal Final(string row) => f.Now("Z07", row, "FINAL");
        decimal Budget(string row) => f.Now("Z07", row, "BUDGET");
        string Compare(string row, string because) =>
            f.Change("Z07", row, "FINAL") is { } change ? $"，比上年{change}{because}" : "";
        string[] partRows = ["OVERSEAS", "VEHICLE", "RECEPTION"];
        // The total, or — where a publication prints its parts without it — their sum (出国 + 公务用车 + 公务接待); not
        // known where neither is printed whole (a copy holding 公务接待 alone).
        decimal? total = f.Has("Z07", "TOTAL", "FINAL") && Final("TOTAL") != 0 ? Final("TOTAL")
            : partRows.All(r => f.Has("Z07", r, "FINAL")) ? partRows.Sum(Final) : null;
        string Total() => total is { } t ? $"{f.Style.Wan(t)} 万元" : DisclosureFigures.Unprinted;
        // A share the publication printed (D01[SHARE_3P_RECEPTION,PCT]) as printed; computed where none is.
        string ShareOf(string row) => f.Printed("D01", "SHARE_3P_" + row, "PCT") is { } printedShare ? $"，占 {f.Style.Percent(printedShare)}"
            : total is { } t && f.Has("Z07", row, "FINAL") ? $"，占 {f.Style.Percent(Share(Final(row), t))}" : "";
        var parts = new[] { ("OVERSEAS", "因公出国（境）费"), ("VEHICLE", "公务用车购置及运行维护费"), ("RECEPTION", "公务接待费") }
            .Select(p => $"{p.Item2}支出 {f.Amount("Z07", p.Item1, "FINAL")}{ShareOf(p.Item1)}" +
                (f.PrintedCompletionRates.TryGetValue($"Z07[{p.Item1},FINAL]", out var completion) ? $"，完成预算 {f.Style.Percent(completion)}" : "") +
                Compare(p.Item1, f.Reason("Z07", p.Item1) is { Length: > 0 } why ? $"，主要原因是：{why.TrimEnd('。')}" : ""));
        // A variance needs both figures: "无预算数" only where the budget is stated as none, not where it is not printed.
        string Variance(decimal? final, string budgetRow) =>
            final is not { } fin || !f.Has("Z07", budgetRow, "BUDGET") ? "不计算预决算差异率"
            : Budget(budgetRow) == 0 && fin != 0 ? "无预算数，不计算预决算差异率" : $"预决算差异率 {f.Style.Variance(fin, Budget(budgetRow))}";
        string Line(string row, string name) => $"{name}全年预算数 {f.Amount("Z07", row, "BUDGET")}，决算数 {f.Amount("Z07", row, "FINAL")}，" +
            Variance(f.Has("Z07", row, "FINAL") ? Final(row) : null, row);
        return new("七", "财政拨款“三公”经费支出决算情况说明",
        [
            $"{f.FiscalYear} 年度财政拨款“三公”经费支出决算 {Total()}" +
                (total is { } t && f.Change("Z07", "TOTAL", "FINAL", now: t) is { } change ? $"，比上年{change}{Because(f.Reason("Z07", "TOTAL")).TrimEnd('。')}。" : "。") +
                $"其中：{string.Join("；", parts)}。",
            $"因公出国（境）费支出 {f.Amount("Z07", "OVERSEAS", "FINAL")}。单位全年安排的因公出国（境）团组 {f.Counted("Z07", "OVERSEAS_GROUPS", "FINAL", unit: "个")}，因公出国（境）{f.Counted("Z07", "OVERSEAS_PERSONS", "FINAL", unit: "人次")}。",
            $"公务用车购置及运行维护费 {f.Amount("Z07", "VEHICLE", "FINAL")}，其中：公务用车购置费 {f.Amount("Z07", "VEHICLE_PURCHASE", "FINAL")}，公务用车运行维护费 {f.Amount("Z07", "VEHICLE_OPERATION", "FINAL")}。" +
                $"公务用车购置数 {f.Counted("Z07", "PURCHASED_COUNT", "FINAL", unit: "辆")}，公务用车保有量 {f.Counted("Z07", "FLEET_COUNT", "FINAL", unit: "辆")}。",
            $"公务接待费 {f.Amount("Z07", "RECEPTION", "FINAL")}。单位全年安排的国内公务接待 {f.Counted("Z07", "RECEPTION_BATCHES", "FINAL", unit: "批次")}，{f.Counted("Z07", "RECEPTION_PERSONS", "FINAL", unit: "人次")}。",
            $"与全年预算数相比情况：“三公”经费支出全年预算数 {f.Amount("Z07", "TOTAL", "BUDGET")}，决算数 {Total()}，" +
                (f.PrintedCompletionRates.TryGetValue("Z07[TOTAL,FINAL]", out var whole) ? $"完成预算 {f.Style.Percent(whole)}，" : "") + Variance(total, "TOTAL") + "。其中：" +
                string.Join("；", new[] { Line("OVERSEAS", "因公出国（境）费"), Line("VEHICLE_PURCHASE", "公务用车购置费"), Line("VEHICLE_OPERATION", "公务用车运行费"), Line("RECEPTION", "公务接待费") }) + "。",
        ]);
    }

    /// <summary>十一、预算绩效情况说明: how many projects were self-evaluated, their full-year budget and execution (the model: 000).</summary>
    public static Section Performance(int fiscalYear, IReadOnlyList<Documents.EvaluationSummary> evaluations, NumberStyle? style = null)
    {
        if (evaluations.Count == 0)
        {
            return new("十一", "预算绩效情况说明", [$"{fiscalYear} 年度本部门未开展项目支出绩效自评。"]);
        }
        var budget = evaluations.Sum(e => e.FullYearBudget);
        var executed = evaluations.Sum(e => e.Executed);
        var numbers = style ?? NumberStyle.Default;
        // Spaced around figures as the other sections are (the platform's own print, not 000's).
        return new("十一", "预算绩效情况说明",
        [
            $"{fiscalYear} 年度开展预算绩效评价项目 {evaluations.Count} 个，全年预算数 {numbers.Wan(budget)} 万元，全年执行数 {numbers.Wan(executed)} 万元，" +
            $"执行率 {numbers.Percent(Share(executed, budget))}。具体项目自评情况附项目支出绩效自评表。",
        ]);
    }

    /// <summary>
    /// 八 and 九: the fund's income and expenditure from its own table, or, where that table has no figures, from the fiscal
    /// appropriation table's row of that budget (Z04 INC_FUND, EXP_FUND): a document that prints a government-fund income
    /// of 605.99 万元 only among its incomes has such funds. The empty-table sentence only when both say nothing.
    /// </summary>
    private static Section EmptyOrNot(DisclosureFigures f, string number, string title, string table, string what, string budget)
    {
        var own = f.Current.Any(c => c.Key.StartsWith(table + "[", StringComparison.Ordinal) && c.Value != 0);
        var (income, expenditure) = own
            ? (f.Rows(table, "INCOME").Sum(r => f.Now(table, r, "INCOME")), f.Rows(table, "EXPENDITURE").Sum(r => f.Now(table, r, "EXPENDITURE")))
            : (f.Now("Z04", "INC_" + budget), f.Now("Z04", "EXP_" + budget));
        return new(number, title,
        [
            own || income != 0 || expenditure != 0
                ? own
                    ? $"{f.FiscalYear} 年度{what}收入 {f.Style.Wan(income)} 万元，支出 {f.Style.Wan(expenditure)} 万元。"
                    : $"{f.FiscalYear} 年度{what}收入 {f.Amount("Z04", "INC_" + budget)}，支出 {f.Amount("Z04", "EXP_" + budget)}。"
                : $"我单位本年度无{what}收入、支出及结转和结余，{what}收入支出决算表为空表。",
        ]);
    }

    private static Section Other(DisclosureFigures f, string nature)
    {
        var y = f.FiscalYear;
        string Running(string row, string who, string what) =>
            $"{y} 年度{f.Department}（{who}）{what} {f.Amount("F01", row)}" +
            (f.Change("F01", row) is { } change ? $"，比上年{change}{Because(f.Reason("F01", row))}" : "。");
        var procurement = f.Now("F02", "TOTAL");
        // A share only of figures printed: "占 0%" of a total nobody printed would be made up.
        string OfProcurement(string row) =>
            f.Has("F02", row) && f.Has("F02", "TOTAL") ? $"，占政府采购支出总额的 {f.Style.Percent(Share(f.Now("F02", row), procurement))}" : "";
        var vehicles = new[]
        {
            ("VEH_LEADER", "副部(省)级及以上领导用车"), ("VEH_PRINCIPAL", "主要领导干部用车"), ("VEH_CONFIDENTIAL", "机要通信用车"), ("VEH_EMERGENCY", "应急保障用车"),
            ("VEH_ENFORCEMENT", "执法执勤用车"), ("VEH_SPECIAL", "特种专业技术用车"), ("VEH_RETIRED", "离退休干部用车"), ("VEH_OTHER", "其他用车"),
        };
        return new("十", "其他重要事项的情况说明",
        [
            nature == UnitNatures.Institution ? "（一）公用经费支出情况" : "（一）机关运行经费支出情况",
            .. nature == UnitNatures.Institution
                // An 事业单位's own document: its 公用经费 is the one 六 reports (一般公共预算财政拨款基本支出的公用经费), one
                // source for both sentences; the department-level 机关运行经费 table has no line for it.
                ? new[] { $"{y} 年度{f.Department}公用经费支出 {f.Amount("Z06", "PUBLIC")}" +
                    (f.Change("Z06", "PUBLIC") is { } change ? $"，比上年{change}{Because(f.Reason("Z06", "PUBLIC"))}" : "。") }
                : [Running("ADMIN", "行政单位和参照公务员法管理事业单位", "机关运行经费支出"), Running("INSTITUTION", "事业单位", "公用经费支出")],
            "（二）政府采购情况",
            $"{y} 年度政府采购支出总额 {f.Amount("F02", "TOTAL")}，其中：政府采购货物支出 {f.Amount("F02", "GOODS")}、政府采购工程支出 {f.Amount("F02", "WORKS")}、" +
                $"政府采购服务支出 {f.Amount("F02", "SERVICES")}。",
            $"授予中小企业合同金额 {f.Amount("F02", "SME")}{OfProcurement("SME")}，其中：授予小微企业合同金额 {f.Amount("F02", "MICRO_SMALL")}{OfProcurement("MICRO_SMALL")}。",
            "（三）国有资产占用情况说明",
            $"截至 {y} 年 12 月 31 日，固定资产原值 {f.Amount("F03", "FIXED_ASSETS")}，房屋 {f.Counted("F03", "BUILDINGS_AREA", unit: "平方米")}，价值 {f.Amount("F03", "BUILDINGS_VALUE")}。" +
                $"车辆 {f.Counted("F03", "VEHICLES", unit: "辆")}，价值 {f.Amount("F03", "VEHICLES_VALUE")}，其中：" +
                string.Join("、", vehicles.Select(v => $"{v.Item2} {f.Counted("F03", v.Item1, unit: "辆")}")) +
                $"；单价 100 万元(含)以上设备(不含车辆) {f.Counted("F03", "EQUIPMENT_1M", unit: "台(套)")}。",
        ]);
    }
}

/// <summary>A unit's nature as the registry writes it (单位性质).</summary>
public static class UnitNatures
{
    public const string Administrative = "行政单位";
    public const string CivilServiceManaged = "参照公务员法管理事业单位";
    public const string Institution = "事业单位";
}
