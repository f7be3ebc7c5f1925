using Platform.Accounts.Domain.ReferenceData;
using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Domain.Rules;
using Platform.Domain;
using Platform.Testing.Accounts;

namespace Platform.Accounts.Domain.Tests.ReferenceData;

/// <summary>
/// Every shipped rule, passing and failing: a consistent filed return (computed by the platform) breaks no rule;
/// the same figures as a publication, with one figure changed, break the rule the change is about.
/// </summary>
public sealed class ShippedRulesTests
{
    internal static readonly ReferenceDataSet Reference = ReferenceDataSet.LoadShipped();

    internal static readonly (string Cell, string Value)[] ConsistentInputs = SampleReturns.Consistent2022;

    private static readonly Actor Clerk = new("clerk-1", [AccountsRoles.Clerk], null, "unit-1");

    /// <summary>The consistent return's cells, computed by the platform.</summary>
    internal static CellSet ConsistentCells()
    {
        var template = Reference.TemplateFor(2022);
        var codes = Reference.CodesFor(2022);
        var draft = AccountsReturn.Open("unit-1", 2022, "650100", template, null, Clerk, DateTimeOffset.UnixEpoch);
        draft.Save(template, codes, ConsistentInputs.Select(i => new CellInput(i.Cell, i.Value)).ToList(), [], 1, Clerk, DateTimeOffset.UnixEpoch, null);
        return draft.Cells(template, codes, null);
    }

    /// <summary>The same figures as a publication would print them, with the ratios a disclosure prints (2 decimals).</summary>
    private static Dictionary<CellKey, decimal> AsPublication(CellSet cells)
    {
        var values = new Dictionary<CellKey, decimal>(cells.Values);
        // A publication prints every column of the classification rows it lists, zeros included.
        foreach (var table in Reference.TemplateFor(2022).Tables.Where(t => t.RowsFrom is not null && !t.PublicationOnly))
        {
            foreach (var row in cells.Rows(table.Code))
            {
                foreach (var column in table.Columns)
                {
                    values.TryAdd(new CellKey(table.Code, row, column.Code), 0m);
                }
            }
        }
        // A publication prints every line of its fixed tables, zeros included.
        foreach (var table in Reference.TemplateFor(2022).Tables.Where(t => t.RowsFrom is null && !t.PublicationOnly))
        {
            foreach (var row in table.Rows)
            {
                foreach (var column in table.Columns)
                {
                    values.TryAdd(new CellKey(table.Code, row.Code, column.Code), 0m);
                }
            }
        }
        decimal Get(string t, string r, string c) => cells.Get(t, r, c) ?? 0m;
        void Pct(string row, decimal part, decimal whole) => values[new CellKey("D01", row, "PCT")] = Math.Round(part / whole * 100m, 2);
        Pct("SHARE_INC_FISCAL", Get("Z01", "INC_FISCAL", "AMT"), Get("Z01", "INC_CURRENT", "AMT"));
        Pct("SHARE_INC_OTHER", Get("Z01", "INC_OTHER", "AMT"), Get("Z01", "INC_CURRENT", "AMT"));
        Pct("SHARE_EXP_BASIC", Get("Z01", "EXP_BASIC", "AMT"), Get("Z01", "EXP_CURRENT", "AMT"));
        Pct("SHARE_EXP_PROJECT", Get("Z01", "EXP_PROJECT", "AMT"), Get("Z01", "EXP_CURRENT", "AMT"));
        Pct("VARIANCE_FISCAL_BUDGET", Get("Z04", "INC_TOTAL", "AMT") - Get("Z04", "BUDGET_INITIAL", "AMT"), Get("Z04", "BUDGET_INITIAL", "AMT"));
        Pct("SHARE_GPB_OF_EXP", Get("Z05", "TOTAL", "TOTAL"), Get("Z01", "EXP_CURRENT", "AMT"));
        Pct("VARIANCE_THREE_PUBLIC", Get("Z07", "TOTAL", "FINAL") - Get("Z07", "TOTAL", "BUDGET"), Get("Z07", "TOTAL", "BUDGET"));
        Pct("SHARE_3P_VEHICLE", Get("Z07", "VEHICLE", "FINAL"), Get("Z07", "TOTAL", "FINAL"));
        Pct("SHARE_3P_RECEPTION", Get("Z07", "RECEPTION", "FINAL"), Get("Z07", "TOTAL", "FINAL"));
        Pct("SHARE_SME", Get("F02", "SME", "AMT"), Get("F02", "TOTAL", "AMT"));
        Pct("SHARE_MICRO_SMALL", Get("F02", "MICRO_SMALL", "AMT"), Get("F02", "TOTAL", "AMT"));
        foreach (var yoy in new[] { "YOY_INC_TOTAL", "YOY_FISCAL_TOTAL", "YOY_GPB", "YOY_THREE_PUBLIC" })
        {
            values[new CellKey("D01", yoy, "PCT")] = 0m;
        }
        foreach (var cls in new[] { "224", "208", "201" })
        {
            values[new CellKey("D02", cls, "SHARE")] = Math.Round(Get("Z05", cls, "TOTAL") / Get("Z05", "TOTAL", "TOTAL") * 100m, 2);
        }
        return values;
    }

    /// <summary>For each rule, one change (this year's figure, or last year's with "PRIOR:") that must break it; null removes the figure.</summary>
    public static TheoryData<string, string, string?> Breakers() => new()
    {
        { "Z01-000", "Z01[INC_FISCAL,AMT];Z01[INC_SUPERIOR,AMT];Z01[INC_OPERATING,AMT];Z01[INC_BUSINESS,AMT];Z01[INC_AFFILIATE,AMT];Z01[INC_OTHER,AMT];Z01[USE_NONFISCAL_BALANCE,AMT];Z01[OPENING,AMT]", null },
        { "Z01-000E", "Z01[EXP_BASIC,AMT];Z01[EXP_PROJECT,AMT];Z01[EXP_REMIT,AMT];Z01[EXP_BUSINESS,AMT];Z01[EXP_AFFILIATE,AMT];Z01[BALANCE_DISTRIBUTION,AMT];Z01[CLOSING,AMT]", null },
        { "Z01-001", "Z01[INC_CURRENT,AMT]", "1800500" }, { "Z01-002", "Z01[INC_TOTAL,AMT]", "1950500" },
        { "Z01-003", "Z01[EXP_CURRENT,AMT]", "1760500" }, { "Z01-004", "Z01[EXP_TOTAL,AMT]", "1950500" },
        { "Z01-005", "Z01[EXP_TOTAL,AMT]", "1950001" },
        { "Z02-001", "Z02[2240101,TOTAL]", "1800500" }, { "Z02-002", "Z02[TOTAL,TOTAL]", "1800500" }, { "Z02-003", "Z02[TOTAL,FISCAL]", "1700500" },
        { "Z03-001", "Z03[2240106,TOTAL]", "300500" }, { "Z03-002", "Z03[TOTAL,TOTAL]", "1760500" },
        { "Z03-003", "Z03[TOTAL,BASIC]", "1260500" }, { "Z03-004", "Z03[TOTAL,PROJECT]", "500500" },
        { "Z04-001", "Z04[INC_CURRENT,AMT]", "1700500" }, { "Z04-002", "Z04[INC_TOTAL,AMT]", "1800500" },
        { "Z04-003", "Z04[EXP_CURRENT,AMT]", "1660500" }, { "Z04-004", "Z04[EXP_TOTAL,AMT]", "1800500" },
        { "Z04-005", "Z04[EXP_TOTAL,AMT]", "1800001" }, { "Z04-006", "Z01[INC_FISCAL,AMT]", "1700500" },
        { "Z04-007", "Z04[EXP_GENERAL,AMT]", "1660500" }, { "Z04-008", "Z04[EXP_FUND,AMT]", "500" },
        { "Z04-009", "Z04[EXP_CAPITAL,AMT]", "500" }, { "Z04-010", "Z04[BUDGET_INITIAL,AMT]", "1000000" },
        { "Z05-001", "Z05[2240101,TOTAL]", "1200500" }, { "Z05-002", "Z05[224,TOTAL]", "1500500" },
        { "Z05-003", "Z05[22401,TOTAL]", "1500500" }, { "Z05-004", "Z05[208,TOTAL]", "150500" },
        { "Z05-005", "Z05[TOTAL,TOTAL]", "1660500" }, { "Z05-006", "Z05[2013699,TOTAL]", "10500" },
        { "Z05-007", "Z06[TOTAL,AMT]", "1160500" }, { "Z05-008", "Z05[201,TOTAL]", null },
        { "Z06-001", "Z06[TOTAL,AMT]", "1160500" }, { "Z06-002", "Z06[PERSONNEL,AMT]", "1000500" },
        { "Z06-003", "Z06[PUBLIC,AMT]", "160500" }, { "Z06-004", "Z06[301,AMT]", "950500" },
        { "Z06-005", "Z06[30217,AMT]", "20000" },
        { "Z07-001", "Z07[TOTAL,FINAL]", "60500" }, { "Z07-002", "Z07[TOTAL,BUDGET]", "75500" },
        { "Z07-003", "Z07[VEHICLE,FINAL]", "50500" }, { "Z07-004", "Z07[VEHICLE_PURCHASE,FINAL]", "100000" },
        { "Z07-005", "Z07[FLEET_COUNT,FINAL]", "4" }, { "Z07-006", "Z07[TOTAL,FINAL]", "80000" },
        { "Z08-001", "Z08[2290402,CLOSING]", "10500" }, { "Z09-001", "Z09[2290402,CLOSING]", "5500" },
        { "F01-001", "F01[TOTAL,AMT]", "120500" }, { "F01-002", "F01[TOTAL,AMT]", "200000" },
        { "F02-001", "F02[TOTAL,AMT]", "100500" }, { "F02-002", "F02[SME,AMT]", "100001" }, { "F02-003", "F02[MICRO_SMALL,AMT]", "80001" },
        { "F03-001", "F03[VEHICLES,AMT]", "4" },
        { "D01-001", "D01[SHARE_INC_FISCAL,PCT]", "95" }, { "D01-002", "D01[SHARE_INC_OTHER,PCT]", "7" },
        { "D01-003", "D01[SHARE_EXP_BASIC,PCT]", "70" }, { "D01-004", "D01[SHARE_EXP_PROJECT,PCT]", "30" },
        { "D01-005", "D01[YOY_INC_TOTAL,PCT]", "1" }, { "D01-006", "D01[YOY_FISCAL_TOTAL,PCT]", "1" },
        { "D01-007", "D01[VARIANCE_FISCAL_BUDGET,PCT]", "4" }, { "D01-008", "D01[SHARE_GPB_OF_EXP,PCT]", "90" },
        { "D01-009", "D01[YOY_GPB,PCT]", "1" }, { "D01-010", "D01[YOY_THREE_PUBLIC,PCT]", "1" },
        { "D01-011", "D01[VARIANCE_THREE_PUBLIC,PCT]", "1" }, { "D01-012", "D01[SHARE_3P_VEHICLE,PCT]", "80" },
        { "D01-013", "D01[SHARE_3P_RECEPTION,PCT]", "20" }, { "D01-014", "D01[SHARE_SME,PCT]", "70" },
        { "D01-015", "D01[SHARE_MICRO_SMALL,PCT]", "40" }, { "D02-001", "D02[224,SHARE]", "50" },
        { "YOY-001", "PRIOR:Z01[INC_TOTAL,AMT]", "1000000" }, { "YOY-002", "PRIOR:Z04[INC_TOTAL,AMT]", "1000000" },
        { "YOY-003", "PRIOR:Z05[TOTAL,TOTAL]", "1000000" }, { "YOY-004", "PRIOR:Z05[2240101,TOTAL]", "100000" },
        { "YOY-005", "PRIOR:Z05[2240106,TOTAL]", "0" }, { "YOY-006", "PRIOR:Z07[TOTAL,FINAL]", "10000" },
        { "YOY-007", "PRIOR:F01[ADMIN,AMT]", "50000" },
    };

    [Fact]
    public void Breakers_CoverEveryShippedRule()
    {
        var covered = Breakers().Select(row => (string)row[0]).ToHashSet();
        Assert.DoesNotContain(Reference.Rules, r => !covered.Contains(r.Id));
    }

    [Fact]
    public void Evaluate_ConsistentFiledReturn_NoFindings()
    {
        var cells = ConsistentCells();
        Assert.Empty(Reference.RulesFor(2022, "650100").Evaluate(cells.WithPrior(cells)));
    }

    [Fact]
    public void Evaluate_ConsistentPublication_NoFindings()
    {
        var publication = AsPublication(ConsistentCells());
        var cells = new CellSet(publication, false, 0.01m, new CellSet(publication, false, 0.01m));
        Assert.Empty(Reference.RulesFor(2022, "650100").Evaluate(cells));
    }

    [Theory]
    [MemberData(nameof(Breakers))]
    public void Evaluate_OneFigureChanged_RuleFails(string ruleId, string cell, string? value)
    {
        var current = AsPublication(ConsistentCells());
        var prior = new Dictionary<CellKey, decimal>(current);
        var target = cell.StartsWith("PRIOR:", StringComparison.Ordinal) ? prior : current;
        // Several cells ("A;B;C") take the same change: a rule about a whole side of a table breaks only when all go.
        foreach (var one in cell.Replace("PRIOR:", "", StringComparison.Ordinal).Split(';'))
        {
            var key = CellKey.Parse(one, "cell");
            if (value is null)
            {
                target.Remove(key);
            }
            else
            {
                target[key] = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        // A rule of what a clerk must fill runs on filed returns only (blanks are zeros there); the others on the publication.
        var filed = Reference.Rules.Single(r => r.Id == ruleId).FiledOnly;
        var cells = new CellSet(current, filed, 0.01m, new CellSet(prior, filed, 0.01m));
        var findings = Reference.RulesFor(2022, "650100").Evaluate(cells);
        Assert.Contains(findings, f => f.RuleId == ruleId);
    }

    [Fact]
    public void Evaluate_ConsolidatedWithoutIncomeLines_NotAskedToFillThem()
    {
        // Units that approved 0 income and 0 expenditure: the consolidation keeps no zeros, so their region's total has
        // no income line at all. What a clerk must fill is asked of the clerk's return, not of the sum (an outside look).
        var cells = new CellSet([], blanksAreZero: true, 0.01m);

        var filed = Reference.RulesFor(2022, "650100").Evaluate(cells);
        var consolidated = Reference.RulesFor(2022, "650100").Evaluate(cells, consolidated: true);

        Assert.Contains(filed, f => f.RuleId == "Z01-000");
        Assert.DoesNotContain(consolidated, f => f.RuleId is "Z01-000" or "Z01-000E");
    }

    [Fact]
    public void TemplateFor_YearWithoutTemplate_FieldErrorNamingTheYears()
    {
        var error = Assert.Single(Assert.Throws<ValidationException>(() => Reference.TemplateFor(2019)).Errors);
        Assert.Equal("fiscal_year", error.Field);
        Assert.Equal("NO_TEMPLATE", error.Code);
        Assert.Contains("没有 2019 年度的决算报表模板", error.Reason);
        Assert.Contains("2021–", error.Reason);
    }

    [Fact]
    public void Load_FormulaNamingAnUnknownRow_FailsNamingTheFile()
    {
        var files = new Dictionary<string, string>
        {
            ["templates/t.json"] = """{"id":"t","title":"t","fiscalYears":{"from":2030},"tables":[{"code":"Z01","title":"x","columns":[{"code":"AMT","label":"a","type":"amount"}],"rows":[{"code":"A","label":"a"},{"code":"T","label":"t","computed":"Z01[B,$]"}]}]}""",
        };
        var ex = Assert.Throws<ValidationException>(() => ReferenceDataSet.Load(files.Select(f => (f.Key, (Stream)new MemoryStream(System.Text.Encoding.UTF8.GetBytes(f.Value))))));
        Assert.Contains(ex.Errors, e => e.Reason.Contains("table Z01 has no row B", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MessageNamingAnUnknownRow_FailsNamingTheRulesMessage()
    {
        var files = new Dictionary<string, string>
        {
            ["templates/t.json"] = """{"id":"t","title":"t","fiscalYears":{"from":2030},"tables":[{"code":"Z01","title":"x","columns":[{"code":"AMT","label":"a","type":"amount"}],"rows":[{"code":"A","label":"a"}]}]}""",
            ["rules/r.json"] = """{"ruleSet":"r","rules":[{"id":"R-1","severity":"error","unit":"amount","tolerance":"0","toleranceUnit":"absolute","text":"t","fiscalYears":{"from":2030},"expression":"Z01[A,AMT] >= 0","message":"A 为 {Z01[B,AMT]}"}]}""",
        };
        var ex = Assert.Throws<ValidationException>(() => ReferenceDataSet.Load(files.Select(f => (f.Key, (Stream)new MemoryStream(System.Text.Encoding.UTF8.GetBytes(f.Value))))));
        Assert.Contains(ex.Errors, e => e.Field == "rules[R-1].message" && e.Reason.Contains("table Z01 has no row B", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_AddingAYear_IsAFileNotCode()
    {
        var shipped = typeof(ReferenceDataSet).Assembly;
        var files = shipped.GetManifestResourceNames().Where(n => n.StartsWith("reference-data/", StringComparison.Ordinal))
            .Select(n => (n["reference-data/".Length..], shipped.GetManifestResourceStream(n)!)).ToList();
        var template = new StreamReader(shipped.GetManifestResourceStream("reference-data/templates/final-accounts-2021.json")!).ReadToEnd()
            .Replace("\"fiscalYears\": { \"from\": 2021, \"to\": null }", "\"fiscalYears\": { \"from\": 2021, \"to\": 2025 }", StringComparison.Ordinal);
        var next = template.Replace("\"fiscalYears\": { \"from\": 2021, \"to\": 2025 }", "\"fiscalYears\": { \"from\": 2026, \"to\": null }", StringComparison.Ordinal)
            .Replace("{ \"code\": \"EQUIPMENT_1M\"", "{ \"code\": \"LAND_AREA\", \"label\": \"土地面积（平方米）\", \"type\": \"area\" },\n        { \"code\": \"EQUIPMENT_1M\"", StringComparison.Ordinal);
        files.RemoveAll(f => f.Item1 == "templates/final-accounts-2021.json");
        files.Add(("templates/final-accounts-2021.json", new MemoryStream(System.Text.Encoding.UTF8.GetBytes(template))));
        files.Add(("templates/final-accounts-2026.json", new MemoryStream(System.Text.Encoding.UTF8.GetBytes(next))));
        var reference = ReferenceDataSet.Load(files);
        var codes = reference.CodesFor(2026);
        Assert.NotNull(reference.TemplateFor(2026).Resolve("F03", "LAND_AREA", "AMT", codes, out _));
        Assert.Null(reference.TemplateFor(2025).Resolve("F03", "LAND_AREA", "AMT", reference.CodesFor(2025), out var reason));
        Assert.Contains("表 F03 没有行 “LAND_AREA”", reason);
    }
}
