using System.Globalization;
using System.Text.Json;
using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Domain.Rules;
using Platform.Accounts.Domain.Templates;
using Platform.Domain;

namespace Platform.Accounts.Domain.Publications;

/// <summary>Something the reader noticed in a transcription that is not a figure (an unknown name, an unreadable number).</summary>
public sealed record Observation(string Field, Severity Severity, string Message);

public sealed record PublishedUnit(string Seq, string Name, string Nature);

/// <summary>
/// A published disclosure read into return cells: this year's figures as printed (万元 converted exactly to 元),
/// last year's where the text states a change (prior = this year ∓ the change), the publisher's reasons as
/// explanations, and what could not be read.
/// </summary>
public sealed record PublishedReturn(
    string Source,
    int FiscalYear,
    string DepartmentName,
    IReadOnlyList<string?> RegionPath,
    IReadOnlyList<PublishedUnit> UnitsInScope,
    IReadOnlyDictionary<CellKey, decimal> Cells,
    IReadOnlyDictionary<CellKey, decimal> PriorCells,
    IReadOnlyList<(Location Target, string Text)> Explanations,
    IReadOnlyList<Observation> Observations,
    JsonElement Root)
{
    /// <summary>
    /// The year-on-year rate (%, unsigned) the publication prints beside a change, by the cell the change is of: where figures
    /// come from a publication, its printed rate is the truth (a rate computed from rounded amounts can differ in the last digit).
    /// </summary>
    public IReadOnlyDictionary<CellKey, decimal> PrintedChangeRates { get; init; } = new Dictionary<CellKey, decimal>();

    /// <summary>"完成预算 90%": the share of its budget a figure reached, as the publication prints it (by the figure's cell).</summary>
    public IReadOnlyDictionary<CellKey, decimal> PrintedCompletionRates { get; init; } = new Dictionary<CellKey, decimal>();

    /// <summary>
    /// The publication prints a rate it cannot give as not comparable ("--(基数为0,不可比)") rather than "增长 100%" over
    /// nothing: its convention for a change from zero.
    /// </summary>
    public bool PrintsNotComparable { get; init; }

    /// <summary>
    /// Changes a publication prints against an earlier year than the last ("比2019年(疫情前)决算数减少24.87万元,降低28.6%",
    /// transcribed as change_vs_2019 beside change_vs_prior_year), by the figure's cell: written as printed.
    /// </summary>
    public IReadOnlyDictionary<CellKey, IReadOnlyList<EarlierChange>> EarlierChanges { get; init; } = new Dictionary<CellKey, IReadOnlyList<EarlierChange>>();

    public CellSet CurrentCellSet() => new(Cells, false, AccountsReturn.PublicationRoundingUnit,
        PriorCells.Count > 0 ? new CellSet(PriorCells, false, AccountsReturn.PublicationRoundingUnit) : null);
}

/// <summary>
/// Reads the disclosure transcription format (../shared/domain/disclosure-transcription-format.md). Figures are
/// kept exactly as printed; nothing is corrected. Unknown keys are ignored, as the format asks.
/// </summary>
public static class DisclosureReader
{
    private const decimal TenThousand = 10_000m;

    private static readonly Dictionary<string, string> IncomeRows = new()
    {
        ["财政拨款收入"] = "INC_FISCAL", ["上级补助收入"] = "INC_SUPERIOR", ["事业收入"] = "INC_OPERATING",
        ["经营收入"] = "INC_BUSINESS", ["附属单位上缴收入"] = "INC_AFFILIATE", ["其他收入"] = "INC_OTHER",
    };

    /// <summary>
    /// The lines of 财政拨款收入 a newer layout prints in its place, one per budget (一般公共预算 / 政府性基金预算 / 国有资本经营预算):
    /// read as the parts of INC_FISCAL, added up (their shares too), each name said nowhere as unknown.
    /// </summary>
    /// <summary>The parts of 财政拨款收入 printed by budget, and the fiscal appropriation table's (Z04) row of each.</summary>
    private static readonly Dictionary<string, string> FiscalPartRows = new(StringComparer.Ordinal)
    {
        ["一般公共预算财政拨款收入"] = "INC_GENERAL", ["政府性基金预算财政拨款收入"] = "INC_FUND", ["国有资本经营预算财政拨款收入"] = "INC_CAPITAL",
    };

    private static readonly Dictionary<string, string> ExpenditureRows = new()
    {
        ["基本支出"] = "EXP_BASIC", ["项目支出"] = "EXP_PROJECT", ["上缴上级支出"] = "EXP_REMIT",
        ["经营支出"] = "EXP_BUSINESS", ["对附属单位补助支出"] = "EXP_AFFILIATE",
    };

    private static readonly Dictionary<string, string> VehicleRows = new()
    {
        ["副部(省)级及以上领导用车"] = "VEH_LEADER", ["主要领导干部用车"] = "VEH_PRINCIPAL", ["主要负责人用车"] = "VEH_PRINCIPAL",
        ["机要通信用车"] = "VEH_CONFIDENTIAL", ["应急保障用车"] = "VEH_EMERGENCY", ["执法执勤用车"] = "VEH_ENFORCEMENT",
        ["特种专业技术用车"] = "VEH_SPECIAL", ["离退休干部用车"] = "VEH_RETIRED", ["离退休干部服务用车"] = "VEH_RETIRED", ["其他用车"] = "VEH_OTHER",
    };

    /// <param name="lastClosedYear">
    /// The last fiscal year whose accounts can be closed (the year before today's): a later one cannot have a final account,
    /// and the reference data's open-ended years ("to": null, in force until replaced) would otherwise read 2099 as 2022.
    /// </param>
    public static PublishedReturn Read(Stream json, string source, ClassificationSetProvider codesFor, int? lastClosedYear = null)
    {
        using var buffer = new MemoryStream();
        json.CopyTo(buffer);
        var document = TranscriptionJson.Parse(buffer.ToArray(), "file");
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ValidationException("file", JsonKinds.Expected("一个 JSON 对象（{…}，抄录格式见 disclosure-transcription-format.md）", root.ValueKind), "INVALID_JSON");
        }
        var kind = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("document_kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        if (kind is not null && kind != FinalAccountsKind)
        {
            // Said first: a self-evaluation's year or amount unit is not what is wrong with it here.
            throw new ValidationException("document_kind", AccountsMessages.NotFinalAccounts(kind), "NOT_FINAL_ACCOUNTS");
        }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("fiscal_year", out var yearElement) || yearElement.ValueKind != JsonValueKind.Number || !yearElement.TryGetInt32(out var year))
        {
            throw new ValidationException("fiscal_year", AccountsMessages.FiscalYearRequired, "REQUIRED");
        }
        if (year > lastClosedYear)
        {
            throw new ValidationException("fiscal_year", AccountsMessages.YearNotClosed(year, lastClosedYear.Value), "UNSUPPORTED_YEAR");
        }
        if (root.TryGetProperty("amount_unit", out var unit) && unit.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            throw new ValidationException("amount_unit", JsonKinds.Expected("字符串（如“万元”）", unit.ValueKind), "INVALID");
        }
        if (unit.ValueKind == JsonValueKind.String && unit.GetString() is { } u && u != "万元")
        {
            throw new ValidationException("amount_unit", AccountsMessages.AmountUnitUnsupported(u), "UNSUPPORTED");
        }
        if (!FinalAccountsSections.Any(section => root.TryGetProperty(section, out _)))
        {
            // Declared final accounts yet holding no table: "0 figures read, 0 errors" with exit code 0 would read as a clean document.
            throw kind is null
                ? new ValidationException("document_kind", AccountsMessages.NotFinalAccounts(null), "NOT_FINAL_ACCOUNTS")
                : new ValidationException("file", AccountsMessages.NoFinalAccountsSection, "NO_TABLES");
        }
        ClassificationSet codes;
        try
        {
            codes = codesFor(year);
            _ = codes.Get("functional");  // the list the reader needs: a year without it is one the platform does not serve
        }
        catch (NotFoundException)
        {
            // A year the reference data does not cover (no code list, no template): said, not an unhandled failure.
            throw new ValidationException("fiscal_year", AccountsMessages.YearNotServed(year), "UNSUPPORTED_YEAR");
        }
        var reader = new Reader(year, codes);
        reader.ReadAll(root);
        var department = root.TryGetProperty("department", out var d) ? d : default;
        return new PublishedReturn(
            source,
            year,
            Str(department, "name") ?? "",
            [.. List(department, "department.region_path").Select(p => p.ValueKind == JsonValueKind.String ? p.GetString() : null)],
            [.. List(department, "department.units_in_scope").Select(x => new PublishedUnit(Str(x, "seq") ?? "", Str(x, "name") ?? "", Str(x, "nature") ?? ""))],
            reader.Cells, reader.Prior, reader.Explanations, reader.Observations, root.Clone())
        {
            PrintedChangeRates = reader.PrintedChangeRates,
            PrintedCompletionRates = reader.PrintedCompletionRates,
            PrintsNotComparable = reader.PrintsNotComparable,
            EarlierChanges = reader.EarlierChanges.ToDictionary(e => e.Key, e => (IReadOnlyList<EarlierChange>)e.Value),
        };
    }

    public delegate ClassificationSet ClassificationSetProvider(int fiscalYear);

    /// <summary>The format's kind of a final-accounts disclosure (document_kind).</summary>
    public const string FinalAccountsKind = "department_final_accounts_disclosure";

    /// <summary>
    /// The sections of 第二部分 (the statutory tables). A performance self-evaluation (or anything else) read as final accounts
    /// would read "0 figures" and pass every rule: it is refused instead, saying what it is — by its declared document_kind,
    /// or, without one, because it holds none of these sections.
    /// </summary>
    private static readonly string[] FinalAccountsSections =
    [
        "income_expenditure_summary", "income_by_source", "expenditure_by_type", "fiscal_appropriation_summary",
        "general_public_budget_expenditure", "basic_expenditure", "three_public_expenses", "government_fund_budget",
        "state_capital_budget", "agency_operating_expenses", "government_procurement", "state_assets",
    ];

    /// <summary>The elements of a list field of <paramref name="parent"/> (none when absent or null); any other kind is refused naming it.</summary>
    private static JsonElement.ArrayEnumerator List(JsonElement parent, string field)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(field[(field.LastIndexOf('.') + 1)..], out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return default;
        }
        return list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : throw new ValidationException(field, JsonKinds.Expected("数组（[…]）", list.ValueKind), "INVALID");
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private sealed class Reader(int year, ClassificationSet codes)
    {
        public Dictionary<CellKey, decimal> Cells { get; } = [];
        public Dictionary<CellKey, decimal> Prior { get; } = [];

        public Dictionary<CellKey, decimal> PrintedChangeRates { get; } = [];

        public Dictionary<CellKey, decimal> PrintedCompletionRates { get; } = [];
        public bool PrintsNotComparable { get; private set; }
        public Dictionary<CellKey, List<EarlierChange>> EarlierChanges { get; } = [];
        public List<(Location, string)> Explanations { get; } = [];
        public List<Observation> Observations { get; } = [];

        public void ReadAll(JsonElement root)
        {
            if (Enter("income_expenditure_summary") && Section(root, "income_expenditure_summary") is { } s)
            {
                Amount(s, "income_total", "Z01", "INC_TOTAL", "AMT");
                Amount(s, "current_year_income", "Z01", "INC_CURRENT", "AMT");
                Amount(s, "use_of_non_fiscal_balance", "Z01", "USE_NONFISCAL_BALANCE", "AMT");
                Amount(s, "opening_carryover_and_balance", "Z01", "OPENING", "AMT");
                Amount(s, "expenditure_total", "Z01", "EXP_TOTAL", "AMT");
                Amount(s, "current_year_expenditure", "Z01", "EXP_CURRENT", "AMT");
                Amount(s, "balance_distribution", "Z01", "BALANCE_DISTRIBUTION", "AMT");
                Amount(s, "closing_carryover_and_balance", "Z01", "CLOSING", "AMT");
                Change(s, "income_expenditure_summary", new CellKey("Z01", "INC_TOTAL", "AMT"), "YOY_INC_TOTAL");
                // Each change and each reason to its own slot, wherever the document prints it (issue 21): a separate
                // expenditure change (收入总计 and 支出总计 differ where the document does not balance), the current year's.
                Change(s, "income_expenditure_summary", new CellKey("Z01", "EXP_TOTAL", "AMT"), null, "expenditure_change_vs_prior_year");
                Change(s, "income_expenditure_summary", new CellKey("Z01", "INC_CURRENT", "AMT"), null, "current_year_income_change_vs_prior_year");
                Change(s, "income_expenditure_summary", new CellKey("Z01", "EXP_CURRENT", "AMT"), null, "current_year_expenditure_change_vs_prior_year");
                Change(s, "income_expenditure_summary", new CellKey("Z01", "CLOSING", "AMT"), null, "closing_carryover_change_vs_prior_year");
                Reason(s, "closing_carryover_reason", new Location("Z01", "CLOSING"));
                Reason(s, "reason", new Location("Z01", "INC_TOTAL"));
                Reason(s, "expenditure_reason", new Location("Z01", "EXP_TOTAL"));
                // The year's own income and expenditure, where printed apart from the totals' (重庆, 梧州): their own reasons.
                Reason(s, "current_year_income_reason", new Location("Z01", "INC_CURRENT"));
                Reason(s, "current_year_expenditure_reason", new Location("Z01", "EXP_CURRENT"));
                NestedReason(s, "current_year_income_change_vs_prior_year", new Location("Z01", "INC_CURRENT"));
                NestedReason(s, "current_year_expenditure_change_vs_prior_year", new Location("Z01", "EXP_CURRENT"));
                NestedReason(s, "change_vs_prior_year", new Location("Z01", "INC_TOTAL"));
                NestedReason(s, "expenditure_change_vs_prior_year", new Location("Z01", "EXP_TOTAL"));
            }
            // Where 财政拨款收入 is printed itself, its parts by budget beside it are not added again.
            var fiscalPrinted = Items(root, "income_by_source").Any(x => Str(x.Item, "name") == "财政拨款收入");
            foreach (var (item, i) in Items(root, "income_by_source"))
            {
                if (FiscalPartRows.ContainsKey(Str(item, "name") ?? ""))
                {
                    if (!fiscalPrinted)
                    {
                        FiscalPart(item, $"income_by_source[{i}]");
                    }
                }
                else
                {
                    Named(item, $"income_by_source[{i}]", IncomeRows, "Z01", "SHARE_INC_");
                }
            }
            foreach (var (item, i) in Items(root, "expenditure_by_type"))
            {
                Named(item, $"expenditure_by_type[{i}]", ExpenditureRows, "Z01", "SHARE_EXP_");
            }
            if (Enter("fiscal_appropriation_summary") && Section(root, "fiscal_appropriation_summary") is { } f)
            {
                Amount(f, "income_total", "Z04", "INC_TOTAL", "AMT");
                Amount(f, "opening_carryover", "Z04", "OPENING", "AMT");
                Amount(f, "current_year_income", "Z04", "INC_CURRENT", "AMT");
                Amount(f, "expenditure_total", "Z04", "EXP_TOTAL", "AMT");
                Amount(f, "closing_carryover", "Z04", "CLOSING", "AMT");
                Amount(f, "current_year_expenditure", "Z04", "EXP_CURRENT", "AMT");
                Amount(f, "initial_budget", "Z04", "BUDGET_INITIAL", "AMT");
                // By budget, where the summary prints them (extension keys of the format; see disclosure-transcription-format.md).
                Amount(f, "general_public_budget_income", "Z04", "INC_GENERAL", "AMT");
                Amount(f, "government_fund_income", "Z04", "INC_FUND", "AMT");
                Amount(f, "state_capital_income", "Z04", "INC_CAPITAL", "AMT");
                Amount(f, "general_public_budget_expenditure", "Z04", "EXP_GENERAL", "AMT");
                Amount(f, "government_fund_expenditure", "Z04", "EXP_FUND", "AMT");
                Amount(f, "state_capital_expenditure", "Z04", "EXP_CAPITAL", "AMT");
                Percent(f, "budget_final_variance_pct", "VARIANCE_FISCAL_BUDGET", "fiscal_appropriation_summary");
                Change(f, "fiscal_appropriation_summary", new CellKey("Z04", "INC_TOTAL", "AMT"), "YOY_FISCAL_TOTAL");
                Change(f, "fiscal_appropriation_summary", new CellKey("Z04", "EXP_TOTAL", "AMT"), null, "expenditure_change_vs_prior_year");
                var yearOnYear = NestedReason(f, "change_vs_prior_year", new Location("Z04", "INC_TOTAL"));
                NestedReason(f, "expenditure_change_vs_prior_year", new Location("Z04", "EXP_TOTAL"));
                Reason(f, "expenditure_reason", new Location("Z04", "EXP_TOTAL"));
                Reason(f, "budget_variance_reason", new Location("Z04", "BUDGET_INITIAL"));
                // The section's bare "reason" explains what the section prints: the budget variance where one is printed
                // and the year-on-year change has its own reason (000), the year-on-year change where no variance is printed
                // (a document that states only the change and its reason). Bound to the variance, a year-on-year reason
                // "explained" the wrong warning and left the right one unexplained.
                var variancePrinted = Cells.ContainsKey(new CellKey("Z04", "BUDGET_INITIAL", "AMT")) || Cells.ContainsKey(new CellKey("D01", "VARIANCE_FISCAL_BUDGET", "PCT"));
                var changePrinted = f.TryGetProperty("change_vs_prior_year", out var c) && c.ValueKind == JsonValueKind.Object;
                Reason(f, "reason", !variancePrinted && changePrinted && !yearOnYear ? new Location("Z04", "INC_TOTAL") : new Location("Z04", "BUDGET_INITIAL"));
            }
            if (Enter("general_public_budget_expenditure") && Section(root, "general_public_budget_expenditure") is { } g)
            {
                Amount(g, "total", "Z05", "TOTAL", "TOTAL");
                Amount(g, "total", "Z04", "EXP_GENERAL", "AMT");
                Percent(g, "share_of_current_year_expenditure", "SHARE_GPB_OF_EXP", "general_public_budget_expenditure");
                Change(g, "general_public_budget_expenditure", new CellKey("Z05", "TOTAL", "TOTAL"), "YOY_GPB");
                Reason(g, "reason", new Location("Z05", "TOTAL"));
                ReadClasses(g);
                ReadItems(g);
            }
            // "has_data": false is the publication's statement that the table is empty (八, 九 in 000): zeros, stated.
            foreach (var (section, table, income, expenditure) in new[] { ("government_fund_budget", "Z08", "INC_FUND", "EXP_FUND"), ("state_capital_budget", "Z09", "INC_CAPITAL", "EXP_CAPITAL") })
            {
                // A section with figures (八, 九 of a unit that has such funds): its year's income and expenditure, and a word
                // for anything else printed there, so that a section is never silently not read.
                if (Enter(section) && Section(root, section) is { } printed && !(printed.TryGetProperty("has_data", out var empty) && empty.ValueKind == JsonValueKind.False))
                {
                    Amount(printed, "income", "Z04", income, "AMT");
                    Amount(printed, "current_year_income", "Z04", income, "AMT");
                    Amount(printed, "expenditure", "Z04", expenditure, "AMT");
                    Amount(printed, "current_year_expenditure", "Z04", expenditure, "AMT");
                    foreach (var other in printed.EnumerateObject().Where(p => p.Name is not ("has_data" or "income" or "current_year_income" or "expenditure" or "current_year_expenditure" or "reason")
                        && p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Object or JsonValueKind.Array))
                    {
                        Observe($"{section}.{other.Name}", Severity.Info, AccountsMessages.FieldNotRead(other.Name));
                    }
                }
                if (Section(root, section) is { } fund && fund.TryGetProperty("has_data", out var hasData) && hasData.ValueKind == JsonValueKind.False)
                {
                    foreach (var row in new[] { income, expenditure })
                    {
                        // "No such funds" beside a figure printed elsewhere (among the incomes, in the fiscal summary): the figure
                        // stands and the contradiction is said.
                        if (!Cells.TryAdd(new CellKey("Z04", row, "AMT"), 0m) && Cells[new CellKey("Z04", row, "AMT")] != 0)
                        {
                            Observe($"{section}.has_data", Severity.Warning, AccountsMessages.EmptyFundContradicted(Cells[new CellKey("Z04", row, "AMT")] / TenThousand));
                        }
                    }
                    foreach (var column in new[] { "OPENING", "INCOME", "EXPENDITURE", "CLOSING" })
                    {
                        Cells[new CellKey(table, "TOTAL", column)] = 0m;
                    }
                }
            }
            if (Enter("basic_expenditure") && Section(root, "basic_expenditure") is { } b)
            {
                Amount(b, "total", "Z06", "TOTAL", "AMT");
                Amount(b, "personnel", "Z06", "PERSONNEL", "AMT");
                Amount(b, "public", "Z06", "PUBLIC", "AMT");
            }
            if (Enter("three_public_expenses") && Section(root, "three_public_expenses") is { } t)
            {
                ReadThreePublic(t);
            }
            foreach (var (item, i) in Items(root, "agency_operating_expenses"))
            {
                var scope = Str(item, "scope");
                var row = scope switch
                {
                    "行政单位和参照公务员法管理事业单位" or "行政单位" => "ADMIN",
                    "事业单位" => "INSTITUTION",
                    // One 机关运行经费 line without a scope (a bureau's own document, 101): the term is the administrative
                    // units' (事业单位 report 公用经费), so that is its scope — said, not silently assumed.
                    null or "" when Items(root, "agency_operating_expenses").Count == 1 => "ADMIN",
                    _ => null,
                };
                if (row == "ADMIN" && string.IsNullOrEmpty(scope))
                {
                    Observe($"agency_operating_expenses[{i}].scope", Severity.Info, AccountsMessages.ScopeTakenAsAdministrative);
                }
                if (row is null)
                {
                    Observe($"agency_operating_expenses[{i}].scope", Severity.Warning, AccountsMessages.UnknownScope(scope));
                    continue;
                }
                Amount(item, "amount", "F01", row, "AMT", $"agency_operating_expenses[{i}]");
                Change(item, $"agency_operating_expenses[{i}]", new CellKey("F01", row, "AMT"), null);
                Reason(item, "reason", new Location("F01", row));
            }
            if (Enter("government_procurement") && Section(root, "government_procurement") is { } p)
            {
                Amount(p, "total", "F02", "TOTAL", "AMT");
                Amount(p, "goods", "F02", "GOODS", "AMT");
                Amount(p, "works", "F02", "WORKS", "AMT");
                Amount(p, "services", "F02", "SERVICES", "AMT");
                Amount(p, "sme_amount", "F02", "SME", "AMT");
                Amount(p, "micro_small_amount", "F02", "MICRO_SMALL", "AMT");
                Percent(p, "sme_share", "SHARE_SME", "government_procurement");
                Percent(p, "micro_small_share", "SHARE_MICRO_SMALL", "government_procurement");
            }
            if (Enter("state_assets") && Section(root, "state_assets") is { } a)
            {
                Amount(a, "fixed_assets_original_value", "F03", "FIXED_ASSETS", "AMT");
                Number(a, "buildings_m2", "F03", "BUILDINGS_AREA", "state_assets", 1m);
                Amount(a, "buildings_value", "F03", "BUILDINGS_VALUE", "AMT");
                Number(a, "vehicles_count", "F03", "VEHICLES", "state_assets", 1m);
                Amount(a, "vehicles_value", "F03", "VEHICLES_VALUE", "AMT");
                Number(a, "equipment_over_1m_units", "F03", "EQUIPMENT_1M", "state_assets", 1m);
                if (a.TryGetProperty("vehicles_by_category", out var categories) && categories.ValueKind == JsonValueKind.Object)
                {
                    foreach (var category in categories.EnumerateObject())
                    {
                        if (VehicleRows.TryGetValue(category.Name, out var row))
                        {
                            Number(categories, category.Name, "F03", row, "state_assets.vehicles_by_category", 1m);
                        }
                        else
                        {
                            Observe($"state_assets.vehicles_by_category.{category.Name}", Severity.Warning, AccountsMessages.UnknownVehicleCategory(category.Name));
                        }
                    }
                }
            }
        }

        private void ReadClasses(JsonElement g)
        {
            var functional = codes.Get("functional");
            foreach (var (item, i) in Items(g, "by_class"))
            {
                var field = $"general_public_budget_expenditure.by_class[{i}]";
                if (Match(functional, Str(item, "class"), null, $"{field}.class") is not { } code)
                {
                    Observe($"{field}.class", Severity.Warning, AccountsMessages.NotAClass(Str(item, "class") ?? "", year));
                    continue;
                }
                Amount(item, "amount", "Z05", code, "TOTAL", field);
                if (Value(item, "share", $"{field}.share", percent: true) is { } share)
                {
                    Cells[new CellKey("D02", code, "SHARE")] = share;
                }
                // A class's own year-on-year change and its reason, where the document prints them in 五(二) (issue 21:
                // per-item clauses wherever the data carries them; they were not read and not said).
                Change(item, field, new CellKey("Z05", code, "TOTAL"), null);
                Reason(item, "reason", new Location("Z05", code));
            }
        }

        /// <summary>
        /// An item by its printed code when the year's list has it; else by its names (类, then 款 under it, then 项), each by
        /// its official name or the list's declared similarity — a similar spelling is read and said (both spellings), an item
        /// found by neither is said by name. Nothing is dropped silently: a total whose items were not all read says so.
        /// </summary>
        private void ReadItems(JsonElement g)
        {
            var functional = codes.Get("functional");
            foreach (var (item, i) in Items(g, "items"))
            {
                var field = $"general_public_budget_expenditure.items[{i}]";
                var code = Str(item, "code");
                if (code is not null && functional.Name(code) is null)
                {
                    Observe($"{field}.code", Severity.Warning, AccountsMessages.NotAFunctionalCode(code, year));
                    code = null;
                }
                if (code is null)
                {
                    var cls = Match(functional, Str(item, "class"), null, $"{field}.class");
                    var kuan = cls is null ? null : Match(functional, Str(item, "kuan"), cls, $"{field}.kuan");
                    code = kuan is null ? null : Match(functional, Str(item, "xiang"), kuan, $"{field}.xiang");
                    if (code is null)
                    {
                        Observe(field, Severity.Warning, AccountsMessages.NotAnItem(Str(item, "class"), Str(item, "kuan"), Str(item, "xiang"), year));
                        continue;
                    }
                }
                Amount(item, "amount", "Z05", code, "TOTAL", field);
                Change(item, field, new CellKey("Z05", code, "TOTAL"), null);
                Reason(item, "reason", new Location("Z05", code));
            }
        }

        /// <summary>A printed name's code under <paramref name="parent"/>; a similar (not exact) spelling is read and said.</summary>
        private string? Match(ClassificationList list, string? printed, string? parent, string field)
        {
            if (printed is null || list.Match(printed, parent) is not { } match)
            {
                return null;
            }
            if (!match.Exact)
            {
                Observe(field, Severity.Warning, AccountsMessages.ReadBySimilarName(printed, list.Name(match.Code)!, match.Code));
            }
            return match.Code;
        }

        private void ReadThreePublic(JsonElement t)
        {
            Amount(t, "total", "Z07", "TOTAL", "FINAL");
            Change(t, "three_public_expenses", new CellKey("Z07", "TOTAL", "FINAL"), "YOY_THREE_PUBLIC");
            Reason(t, "reason", new Location("Z07", "TOTAL"));
            if (Section(t, "overseas", "three_public_expenses.overseas") is { } o)
            {
                Amount(o, "amount", "Z07", "OVERSEAS", "FINAL", "three_public_expenses.overseas");
                Change(o, "three_public_expenses.overseas", new CellKey("Z07", "OVERSEAS", "FINAL"), null);
                Reason(o, "reason", new Location("Z07", "OVERSEAS"));
                Percent(o, "share", "SHARE_3P_OVERSEAS", "three_public_expenses.overseas");
                Completion(o, "three_public_expenses.overseas", new CellKey("Z07", "OVERSEAS", "FINAL"));
                Number(o, "groups", "Z07", "OVERSEAS_GROUPS", "three_public_expenses.overseas", 1m, "FINAL");
                Number(o, "person_times", "Z07", "OVERSEAS_PERSONS", "three_public_expenses.overseas", 1m, "FINAL");
            }
            if (Section(t, "vehicles", "three_public_expenses.vehicles") is { } v)
            {
                Amount(v, "amount", "Z07", "VEHICLE", "FINAL", "three_public_expenses.vehicles");
                Change(v, "three_public_expenses.vehicles", new CellKey("Z07", "VEHICLE", "FINAL"), null);
                Reason(v, "reason", new Location("Z07", "VEHICLE"));
                Amount(v, "purchase", "Z07", "VEHICLE_PURCHASE", "FINAL", "three_public_expenses.vehicles");
                Amount(v, "operation", "Z07", "VEHICLE_OPERATION", "FINAL", "three_public_expenses.vehicles");
                Percent(v, "share", "SHARE_3P_VEHICLE", "three_public_expenses.vehicles");
                Completion(v, "three_public_expenses.vehicles", new CellKey("Z07", "VEHICLE", "FINAL"));
                Number(v, "purchased_count", "Z07", "PURCHASED_COUNT", "three_public_expenses.vehicles", 1m, "FINAL");
                Number(v, "fleet_count", "Z07", "FLEET_COUNT", "three_public_expenses.vehicles", 1m, "FINAL");
            }
            if (Section(t, "reception", "three_public_expenses.reception") is { } r)
            {
                Amount(r, "amount", "Z07", "RECEPTION", "FINAL", "three_public_expenses.reception");
                Change(r, "three_public_expenses.reception", new CellKey("Z07", "RECEPTION", "FINAL"), null);
                Reason(r, "reason", new Location("Z07", "RECEPTION"));
                Percent(r, "share", "SHARE_3P_RECEPTION", "three_public_expenses.reception");
                Completion(r, "three_public_expenses.reception", new CellKey("Z07", "RECEPTION", "FINAL"));
                Number(r, "batches", "Z07", "RECEPTION_BATCHES", "three_public_expenses.reception", 1m, "FINAL");
                Number(r, "person_times", "Z07", "RECEPTION_PERSONS", "three_public_expenses.reception", 1m, "FINAL");
            }
            if (Section(t, "budget", "three_public_expenses.budget") is { } b)
            {
                Amount(b, "total", "Z07", "TOTAL", "BUDGET", "three_public_expenses.budget");
                Amount(b, "overseas", "Z07", "OVERSEAS", "BUDGET", "three_public_expenses.budget");
                Amount(b, "vehicle_purchase", "Z07", "VEHICLE_PURCHASE", "BUDGET", "three_public_expenses.budget");
                Amount(b, "vehicle_operation", "Z07", "VEHICLE_OPERATION", "BUDGET", "three_public_expenses.budget");
                Amount(b, "reception", "Z07", "RECEPTION", "BUDGET", "three_public_expenses.budget");
                Percent(b, "variance_pct", "VARIANCE_THREE_PUBLIC", "three_public_expenses.budget");
                // The whole's "完成预算的48.82%" (transcribed as budget.completion_pct, or budget_completion as beside an item),
                // said when the budget and final it compares do not give it.
                foreach (var key in new[] { "completion_pct", "budget_completion" })
                {
                    if (Value(b, key, $"three_public_expenses.budget.{key}", percent: true) is { } completion)
                    {
                        var whole = new CellKey("Z07", "TOTAL", "FINAL");
                        PrintedCompletionRates[whole] = completion;
                        if (Cells.TryGetValue(new CellKey("Z07", "TOTAL", "BUDGET"), out var budget) && budget > 0 && Cells.TryGetValue(whole, out var spent)
                            && Math.Round(spent / budget * 100m, 2) is var computed && Math.Abs(computed - completion) > Math.Max(0.1m, PrintedNumber.HalfUnit(completion)))
                        {
                            Observe($"three_public_expenses.budget.{key}", Severity.Warning, AccountsMessages.PrintedCompletionDiffers(completion, computed));
                        }
                    }
                }
                if (Value(b, "final", "three_public_expenses.budget.final", percent: false) is { } final
                    && Cells.TryGetValue(new CellKey("Z07", "TOTAL", "FINAL"), out var total) && final * TenThousand != total)
                {
                    Observe("three_public_expenses.budget.final", Severity.Error, AccountsMessages.ThreePublicFinalDiffers(final, total / TenThousand));
                }
            }
        }

        private void Named(JsonElement item, string field, Dictionary<string, string> rows, string table, string sharePrefix)
        {
            var name = Str(item, "name") ?? "";
            if (!rows.TryGetValue(name, out var row))
            {
                Observe($"{field}.name", Severity.Warning, AccountsMessages.UnknownName(name));
                return;
            }
            Amount(item, "amount", table, row, "AMT", field);
            Percent(item, "share", sharePrefix + row[4..], field);
            // A source's or a type's own change and reason, where the document prints them (a document of 梧州, 2021).
            Change(item, field, new CellKey(table, row, "AMT"), null);
            Reason(item, "reason", new Location(table, row));
        }

        /// <summary>A line of 财政拨款收入 by budget: added into INC_FISCAL and its share (a line printed blank adds nothing).</summary>
        private void FiscalPart(JsonElement item, string field)
        {
            if (Value(item, "amount", $"{field}.amount", percent: false) is { } amount)
            {
                var key = new CellKey("Z01", "INC_FISCAL", "AMT");
                Cells[key] = Cells.GetValueOrDefault(key) + amount * TenThousand;
                // The same figure is the fiscal appropriation's income of that budget (财决 Z04), which 八 and 九 speak of.
                Cells.TryAdd(new CellKey("Z04", FiscalPartRows[Str(item, "name")!], "AMT"), amount * TenThousand);
            }
            if (Value(item, "share", $"{field}.share", percent: true) is { } share)
            {
                var key = new CellKey("D01", "SHARE_INC_FISCAL", "PCT");
                Cells[key] = Cells.GetValueOrDefault(key) + share;
            }
        }

        private string _section = "";

        private void Amount(JsonElement section, string property, string table, string row, string column, string? field = null) =>
            Number(section, property, table, row, field ?? _section, TenThousand, column);

        private void Number(JsonElement section, string property, string table, string row, string field, decimal scale, string column = "AMT")
        {
            if (Value(section, property, $"{field}.{property}", percent: false) is { } value)
            {
                Cells[new CellKey(table, row, column)] = value * scale;
            }
        }

        private void Percent(JsonElement section, string property, string row, string field)
        {
            if (Value(section, property, $"{field}.{property}", percent: true) is { } value)
            {
                Cells[new CellKey("D01", row, "PCT")] = value;
            }
        }

        /// <summary>Year-on-year change: prior = this year − signed change; the printed % goes to D01 (signed) when asked.</summary>
        private void Change(JsonElement section, string field, CellKey current, string? pctRow, string property = "change_vs_prior_year")
        {
            if (property == "change_vs_prior_year")
            {
                Earlier(section, field, current);
            }
            if (!section.TryGetProperty(property, out var change) || change.ValueKind != JsonValueKind.Object)
            {
                return;
            }
            var sign = Direction(Str(change, "direction")) ?? Invalid(Str(change, "direction"));
            if (sign is null)
            {
                return;
            }
            decimal? prior = null;
            if (Value(change, "amount", $"{field}.{property}.amount", percent: false) is { } amount && Cells.TryGetValue(current, out var now))
            {
                Prior[current] = (prior = now - sign.Value * amount * TenThousand).Value;
            }
            if (Value(change, "pct", $"{field}.{property}.pct", percent: true) is { } pct)
            {
                PrintedChangeRates[current] = Math.Abs(pct);
                // Rendered as printed (the publication's figure is the truth), but not unchecked: a rate its own amounts
                // cannot give, beyond what rounding the amounts explains, is said. The amounts are printed to 0.01 万元: the
                // change is known within half of that, last year's figure (this year's less the change) within a whole —
                // over a small base that is a wide range (广东's 公务接待 20.63 over 1.96 is 1049.8 %–1055.5 %).
                // A rate with a row of its own (D01) is checked by that row's rule: said once, as the rule's finding.
                if (pctRow is null && prior is > 0 && OutsideRounding(Math.Abs(Cells[current] - prior.Value), prior.Value, Math.Abs(pct)) is { } computed)
                {
                    Observe($"{field}.{property}.pct", Severity.Warning, AccountsMessages.PrintedRateDiffers(Math.Abs(pct), computed));
                }
                if (pctRow is not null)
                {
                    Cells[new CellKey("D01", pctRow, "PCT")] = sign.Value * pct;
                }
            }

            decimal? Invalid(string? direction)
            {
                Observe($"{field}.{property}.direction", Severity.Warning, AccountsMessages.UnknownDirection(direction));
                return null;
            }
        }

        /// <summary>"完成预算 90%" as printed beside a figure ("budget_completion"): how its publication compares it with the budget.</summary>
        private void Completion(JsonElement section, string field, CellKey of)
        {
            if (Value(section, "budget_completion", $"{field}.budget_completion", percent: true) is { } rate)
            {
                PrintedCompletionRates[of] = rate;
            }
        }

        /// <summary>
        /// The rate (%) a change of <paramref name="delta"/> over <paramref name="prior"/> gives, when the printed rate lies outside
        /// every rate the amounts, each rounded to 0.01 万元, allow (and 0.1 point more); null when it lies inside.
        /// </summary>
        private static decimal? OutsideRounding(decimal delta, decimal prior, decimal printed)
        {
            const decimal half = AccountsReturn.PublicationRoundingUnit / 2;
            var lowest = Math.Max(0m, delta - half) / (prior + 2 * half) * 100m;
            var highest = prior > 2 * half ? (delta + half) / (prior - 2 * half) * 100m : decimal.MaxValue;
            return printed < lowest - 0.1m || printed > highest + 0.1m ? Math.Round(delta / prior * 100m, 2) : null;
        }

        /// <summary>A change's printed direction as a sign; null for words that say none.</summary>
        private static decimal? Direction(string? words) => words switch
        {
            "增加" or "增长" or "上升" => 1m,
            "减少" or "下降" or "降低" => -1m,
            "持平" => 0m,
            _ => null,
        };

        /// <summary>The changes against earlier years a section prints beside its figure's change from last year (change_vs_2019).</summary>
        private void Earlier(JsonElement section, string field, CellKey current)
        {
            foreach (var property in section.EnumerateObject())
            {
                if (property.Name.Length != "change_vs_0000".Length || !property.Name.StartsWith("change_vs_", StringComparison.Ordinal) || property.Value.ValueKind != JsonValueKind.Object
                    || !int.TryParse(property.Name.AsSpan("change_vs_".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var earlier))
                {
                    continue;
                }
                var at = $"{field}.{property.Name}";
                var sign = Direction(Str(property.Value, "direction"));
                if (earlier >= year - 1)
                {
                    continue;  // last year's change has its own slot (change_vs_prior_year)
                }
                if (sign is null)
                {
                    Observe($"{at}.direction", Severity.Warning, AccountsMessages.UnknownDirection(Str(property.Value, "direction")));
                    continue;
                }
                if (Value(property.Value, "amount", $"{at}.amount", percent: false) is { } amount)
                {
                    var list = EarlierChanges.TryGetValue(current, out var l) ? l : EarlierChanges[current] = [];
                    list.Add(new EarlierChange(earlier, sign.Value * amount * TenThousand, Value(property.Value, "pct", $"{at}.pct", percent: true) is { } pct ? Math.Abs(pct) : null));
                }
            }
        }

        /// <summary>A reason printed inside a change ("change_vs_prior_year": {…, "reason": …}); true when there was one.</summary>
        private bool NestedReason(JsonElement section, string change, Location target)
        {
            if (section.TryGetProperty(change, out var c) && c.ValueKind == JsonValueKind.Object && Str(c, "reason") is { Length: > 0 } text)
            {
                Explanations.Add((target, text));
                return true;
            }
            return false;
        }

        private void Reason(JsonElement section, string property, Location target)
        {
            if (Str(section, property) is { Length: > 0 } text)
            {
                Explanations.Add((target, text));
            }
        }

        /// <summary>A printed figure: "2,269.08", "21.50%", "21.50 %", "０.５"; null when blank; an observation when unreadable (PrintedNumber).</summary>
        public decimal? Value(JsonElement section, string property, string field, bool percent)
        {
            if (section.ValueKind != JsonValueKind.Object || !section.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            if (element.ValueKind is not (JsonValueKind.Number or JsonValueKind.String))
            {
                Observe(field, Severity.Error, JsonKinds.Expected("数字或印出的数字文字", element.ValueKind));
                return null;
            }
            var text = element.ValueKind == JsonValueKind.Number ? element.GetRawText() : element.GetString() ?? "";
            // A change's rate printed as a dash or "不可比" (广东's "--(基数为0,不可比)" over nothing): no rate, said; and the
            // document's way with a change from nothing. (Before the blank test: a lone "—" is a blank anywhere else.)
            if (percent && field.Contains(".change_vs_", StringComparison.Ordinal) && NotComparable(text))
            {
                Observe(field, Severity.Info, AccountsMessages.RateNotComparable(text));
                PrintsNotComparable = true;
                return null;
            }
            var read = PrintedNumber.Read(text);
            if (read.Problem == NumberProblem.Blank)
            {
                return null;  // a blank cell: nothing printed
            }
            if (read.Ok && percent && !read.Percent)
            {
                Observe(field, Severity.Warning, AccountsMessages.NotAPercentage(text));
                return null;
            }
            if (!read.Ok || read.Percent != percent)
            {
                Observe(field, Severity.Error, AccountsMessages.NotAPrintedNumber(text));
                return null;
            }
            return read.Value;
        }

        /// <summary>Dashes alone ("--", "—", "－－%") or the words 不可比 / 无法比较: a rate the publication says it cannot give.</summary>
        private static bool NotComparable(string text)
        {
            return PrintedNumber.IsDashOnly(text.Trim().TrimEnd('%', '％'), asciiHyphens: true, slashes: false)
                || text.Contains("不可比", StringComparison.Ordinal) || text.Contains("无法比较", StringComparison.Ordinal);
        }

        private bool Enter(string section)
        {
            _section = section;
            return true;
        }

        private void Observe(string field, Severity severity, string message) => Observations.Add(new Observation(field, severity, message));

        /// <summary>An object field (a section); one of another kind is an error naming it, not a section silently not read.</summary>
        private JsonElement? Section(JsonElement parent, string name, string? field = null)
        {
            if (!parent.TryGetProperty(name, out var s) || s.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            if (s.ValueKind == JsonValueKind.Object)
            {
                return s;
            }
            WrongKind(field ?? name, "对象（{…}）", s.ValueKind);
            return null;
        }

        /// <summary>The objects of a list field; the list or an element of another kind is an error naming it.</summary>
        private List<(JsonElement Item, int Index)> Items(JsonElement root, string name)
        {
            if (!root.TryGetProperty(name, out var s) || s.ValueKind == JsonValueKind.Null)
            {
                return [];
            }
            if (s.ValueKind != JsonValueKind.Array)
            {
                WrongKind(name, "数组（[…]）", s.ValueKind);
                return [];
            }
            var items = new List<(JsonElement, int)>();
            foreach (var (element, i) in s.EnumerateArray().Select((e, i) => (e, i)))
            {
                if (element.ValueKind == JsonValueKind.Object)
                {
                    items.Add((element, i));
                }
                else
                {
                    WrongKind($"{name}[{i}]", "对象（{…}）", element.ValueKind);
                }
            }
            return items;
        }

        // A field read twice (a section's first and second pass) is said once.
        private void WrongKind(string field, string expected, JsonValueKind kind)
        {
            var message = JsonKinds.Expected(expected, kind);
            if (!Observations.Any(o => o.Field == field && o.Message == message))
            {
                Observe(field, Severity.Error, message);
            }
        }
    }
}
