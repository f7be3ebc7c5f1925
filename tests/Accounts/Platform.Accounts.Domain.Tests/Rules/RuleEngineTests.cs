using Platform.Accounts.Domain.Rules;
using Platform.Domain;

namespace Platform.Accounts.Domain.Tests.Rules;

/// <summary>An in-memory return for unit tests of the pure rule engine (filed semantics: blanks are zero).</summary>
internal sealed class Cells(IReturnCells? prior = null) : IReturnCells
{
    private readonly Dictionary<(string, string, string), decimal?> _values = [];
    private readonly Dictionary<string, List<string>> _rows = [];

    public IReturnCells? Prior { get; } = prior;

    public bool BlanksAreZero { get; init; } = true;

    public decimal RoundingUnit { get; init; } = 0.01m;

    public Cells Set(string table, string row, string column, decimal? value)
    {
        _values[(table, row, column)] = value;
        if (!_rows.TryGetValue(table, out var rows))
        {
            _rows[table] = rows = [];
        }
        if (!rows.Contains(row))
        {
            rows.Add(row);
        }
        return this;
    }

    public decimal? Get(string table, string row, string column) => _values.GetValueOrDefault((table, row, column));

    public IReadOnlyList<string> Rows(string table) => _rows.GetValueOrDefault(table) ?? [];
}

public sealed class RuleEngineTests
{
    /// <summary>Figures of disclosure 000 (乌鲁木齐市应急管理局 2022, 万元), as published.</summary>
    private static Cells Document000(IReturnCells? prior = null)
    {
        var cells = new Cells(prior)
            // 收入支出决算总表 (Z01): 收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余
            .Set("Z01", "income_total", "C1", 2269.08m)
            .Set("Z01", "current_income", "C1", 2143.92m)
            .Set("Z01", "non_fiscal_balance_used", "C1", 0m)
            .Set("Z01", "opening_balance", "C1", 125.16m)
            .Set("Z01", "expenditure_total", "C1", 2269.08m)
            .Set("Z01", "current_expenditure", "C1", 2089.49m)
            .Set("Z01", "balance_distribution", "C1", null)
            .Set("Z01", "closing_balance", "C1", 179.59m)
            // 一般公共预算财政拨款支出 (Z05): class 224 printed as 1678.89, its 项 add up to 1678.90 (000 notes).
            .Set("Z05", "224", "C1", 1678.89m);
        // Item amounts as printed in 五(三); the codes are 224 项 codes from the primer, assigned here for the test.
        var items = new (string Code, decimal Amount)[]
        {
            ("2240101", 1322.90m), ("2240102", 21.79m), ("2240104", 10.00m), ("2240106", 118.17m), ("2240108", 8.46m),
            ("2240150", 100.67m), ("2240401", 67.84m), ("2240404", 6.24m), ("2240405", 22.83m),
        };
        foreach (var (code, amount) in items)
        {
            cells.Set("Z05", code, "C1", amount);
        }
        // 三公 fleet (七) vs vehicles held (十(三)): 8 vs 13.
        cells.Set("Z07", "fleet_count", "C1", 8m).Set("A03", "vehicles_count", "C1", 13m);
        return cells;
    }

    private static List<Finding> Run(Cells cells, params ValidationRule[] rules) =>
        CompiledRuleSet.Compile(rules, 2022, "650100").Evaluate(cells);

    [Fact]
    public void Identities_Document000IncomeAndExpenditureTotals_Hold()
    {
        var findings = Run(Document000(),
            new ValidationRule("Z01-001", Severity.Error, "Z01[income_total,C1] = Z01[current_income,C1] + Z01[non_fiscal_balance_used,C1] + Z01[opening_balance,C1]", 0.01m, "收入总计 {actual} ≠ {expected}", 2020),
            new ValidationRule("Z01-002", Severity.Error, "Z01[expenditure_total,C1] = Z01[current_expenditure,C1] + Z01[balance_distribution,C1] + Z01[closing_balance,C1]", 0.01m, "支出总计 {actual} ≠ {expected}", 2020),
            new ValidationRule("Z01-003", Severity.Error, "Z01[income_total,C1] = Z01[expenditure_total,C1]", 0m, "收入总计 {actual} ≠ 支出总计 {expected}", 2020));
        Assert.Empty(findings);
    }

    [Fact]
    public void ClassEqualsSumOfItems_RoundingTolerance_001IsNotAnError()
    {
        var withTolerance = new ValidationRule("Z05-101", Severity.Error, "Z05[224,C1] = SUM(Z05[224????,C1])", 0.01m, "类 {actual} ≠ Σ项 {expected} ({difference})", 2020);
        Assert.Empty(Run(Document000(), withTolerance));

        var exact = withTolerance with { Tolerance = 0m };
        var finding = Assert.Single(Run(Document000(), exact));
        Assert.Equal((1678.90m, 1678.89m, -0.01m), (finding.Expected, finding.Actual, finding.Difference));
        Assert.Equal("类 1,678.89 元 ≠ Σ项 1,678.90 元 (-0.01 元)", finding.Message);   // grouped as the form shows amounts
    }

    [Fact]
    public void FleetVersusVehiclesHeld_8Versus13_ReportedWithDifference()
    {
        var finding = Assert.Single(Run(Document000(),
            new ValidationRule("X-701", Severity.Warning, "Z07[fleet_count,C1] = A03[vehicles_count,C1]", 0m, "公务用车保有量 {actual} vs 国有资产车辆 {expected}", 2020, Unit: RuleUnit.Count, Explain: "Z07[fleet_count]")));
        Assert.Equal((Severity.Warning, 13m, 8m, -5m), (finding.Severity, finding.Expected, finding.Actual, finding.Difference));
        Assert.Equal("公务用车保有量 8 vs 国有资产车辆 13", finding.Message);
        Assert.Equal("Z07[fleet_count]", finding.ExplainAt.ToString());
    }

    [Fact]
    public void PriorYear_LargeChange_NeedsExplanation_AndNoPriorMeansNotApplicable()
    {
        // 000: 收入总计 decreased by 621.65 万元 (21.50%) from 2890.73.
        var prior = new Cells().Set("Z01", "income_total", "C1", 2890.73m);
        var rule = new ValidationRule("YOY-001", Severity.Warning, "ABS(Z01[income_total,C1] - PRIOR(Z01[income_total,C1])) <= 0.3 * PRIOR(Z01[income_total,C1])", 0m, "change {actual} exceeds {expected}", 2020, Explain: "Z01[income_total]");
        Assert.Empty(Run(Document000(prior), rule));
        var strict = rule with { Expression = "ABS(Z01[income_total,C1] - PRIOR(Z01[income_total,C1])) <= 0.1 * PRIOR(Z01[income_total,C1])" };
        var finding = Assert.Single(Run(Document000(prior), strict));
        Assert.Equal((621.65m, "<="), (finding.Actual, finding.Comparison));   // the expected figure is a limit, not a value
        Assert.Empty(Run(Document000(prior: null), strict));
    }

    [Fact]
    public void Message_FigurePlaceholders_NameTheTwoFiguresAnAbsoluteChangeCompares()
    {
        // ABS(a − b) has the change as its one side: the message names a and b by their expressions.
        var prior = new Cells().Set("Z01", "income_total", "C1", 2890.73m);
        var rule = new ValidationRule("YOY-001", Severity.Warning, "ABS(Z01[income_total,C1] - PRIOR(Z01[income_total,C1])) <= 0.1 * PRIOR(Z01[income_total,C1])", 0m,
            "收入总计 {Z01[income_total,C1]} 较上年 {PRIOR(Z01[income_total,C1])} 变动 {actual}（上限 {expected}）", 2020, Explain: "Z01[income_total]");

        var finding = Assert.Single(Run(Document000(prior), rule));

        Assert.Equal("收入总计 2,269.08 元 较上年 2,890.73 元 变动 621.65 元（上限 289.07 元）", finding.Message);
    }

    [Fact]
    public void Message_FigurePlaceholderInAPerRowRule_IsTheRowsFigure_AndAnUnstatedOneIsSaidSo()
    {
        var rule = new ValidationRule("Z05-101", Severity.Error, "Z05[$,C1] = SUM(Z05[$????,C1])", 0m, "{row} 类 {Z05[$,C1]}，其下 2240101 为 {Z05[2240101,C2]}", 2020, ForEach: "Z05[???]");
        var publication = Document000();
        var filed = Run(publication, rule);
        Assert.Equal("224 类 1,678.89 元，其下 2240101 为 0.00 元", Assert.Single(filed).Message);   // a filed blank is 0

        var printed = new Cells { BlanksAreZero = false, RoundingUnit = 100m }.Set("Z05", "224", "C1", 16_788_900m).Set("Z05", "2240101", "C1", 13_229_000m);
        Assert.Equal("224 类 1,678.89 万元，其下 2240101 为 （未列示）", Assert.Single(Run(printed, rule)).Message);
    }

    [Theory]
    [InlineData("本年 {Z05[$,C1]}", null, "'$' needs a per-row rule")]
    [InlineData("本年 {Z05[224,C1] +}", null, "")]
    [InlineData("本年 {PRIOR(Z05[224,C1])}", null, null)]
    public void Compile_AMessagesFigurePlaceholder_IsAnExpressionOfTheRuleLanguage(string message, string? forEach, string? refused)
    {
        var rule = new ValidationRule("M", Severity.Error, "1 = 1", 0m, message, 2020, ForEach: forEach);

        var error = Record.Exception(() => CompiledRuleSet.Compile([rule], 2022, ""));

        if (refused is null)
        {
            Assert.Null(error);
        }
        else
        {
            var field = Assert.Single(Assert.IsType<ValidationException>(error).Errors);
            Assert.Equal("rules[M].message", field.Field);
            Assert.Contains(refused, field.Reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("增加 {gap}", null, null)]
    [InlineData("增加 {gapp}", null, "'{gapp}' is not a placeholder")]
    [InlineData("{row} 行", null, "'{row}' needs a per-row rule")]
    [InlineData("{row} 行", "Z05[???]", null)]
    public void Compile_AMessagesPlaceholders_OnlyThoseFilledIn(string message, string? forEach, string? refused)
    {
        var rule = new ValidationRule("M", Severity.Error, "1 = 1", 0m, message, 2020, ForEach: forEach);

        var error = Record.Exception(() => CompiledRuleSet.Compile([rule], 2022, ""));

        if (refused is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains(refused, Assert.Single(Assert.IsType<ValidationException>(error).Errors).Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Compile_YearsAndRegions_OnlyApplicableRulesCompiled()
    {
        var rules = new[]
        {
            new ValidationRule("A", Severity.Info, "1 = 1", 0m, "", 2020, 2021),
            new ValidationRule("B", Severity.Info, "1 = 1", 0m, "", 2022),
            new ValidationRule("C", Severity.Info, "1 = 1", 0m, "", 2020, RegionPrefixes: ["6523"]),
        };
        Assert.Equal(1, CompiledRuleSet.Compile(rules, 2022, "650100").Count);
        Assert.Equal(2, CompiledRuleSet.Compile(rules, 2022, "652301").Count);
    }

    [Theory]
    [InlineData("Z01[L1 C1] = 1", "expected ','")]
    [InlineData("Z01[L1,C1] 1", "expected a comparison")]
    [InlineData("MAX(Z01[L1,C1]) = 1", "unknown function 'MAX'")]
    [InlineData("Z05[224??,C1] = 1", "needs SUM")]
    [InlineData("Z01[L1,C1] = 1 WHEN", "expected a number")]
    [InlineData("PRESENT(Z05[2??,C1]) = 1", "one cell")]
    [InlineData("Z01[L1,C1] = 1.2.3", "is not a number")]
    public void Compile_SyntaxError_FieldErrorWithPosition(string expression, string reason)
    {
        var ex = Assert.Throws<ValidationException>(() => CompiledRuleSet.Compile(
            [new ValidationRule("R-1", Severity.Error, expression, 0m, "", 2020)], 2022, "650100"));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("rules[R-1].expression", error.Field);
        Assert.Contains(reason, error.Reason);
        Assert.Contains("at position", error.Reason);
    }

    [Fact]
    public void Evaluate_ManyReturns_CompiledOnce()
    {
        var set = CompiledRuleSet.Compile([new ValidationRule("Z05-101", Severity.Error, "Z05[224,C1] = SUM(Z05[224????,C1])", 0.01m, "", 2020)], 2022, "650100");
        var cells = Document000();
        for (var i = 0; i < 1000; i++)
        {
            Assert.Empty(set.Evaluate(cells));
        }
        cells.Set("Z05", "2240101", "C1", 1322.95m);
        Assert.Equal(-0.06m, Assert.Single(set.Evaluate(cells)).Difference);
    }

    [Fact]
    public void ForEach_ClassEqualsSumOfItems_OneFindingPerBrokenRowWithLocation()
    {
        var cells = new Cells()
            .Set("Z05", "224", "T", 30m).Set("Z05", "2240101", "T", 10m).Set("Z05", "2240102", "T", 20m)
            .Set("Z05", "208", "T", 5m).Set("Z05", "2080501", "T", 4m)
            .Set("Z05", "TOTAL", "T", 35m);
        var rule = new ValidationRule("Z05-004", Severity.Error, "Z05[$,T] = SUM(Z05[$????,T])", 0m, "{row}: {actual} vs {expected}", 2020, ForEach: "Z05[???]");
        var finding = Assert.Single(Run(cells, rule));
        Assert.Equal("Z05[208,T]", finding.Location.ToString());
        Assert.Equal("208: 5.00 元 vs 4.00 元", finding.Message);
    }

    [Fact]
    public void Evaluate_RuleOnNamedCells_FindingLocatedAtTheFirstCellItNames()
    {
        // "A = B + C" is about A, the figure that does not add up: a form puts the message beside it. A pattern
        // (SUM over Z05[224????]) names no one cell and is passed over.
        var sum = new ValidationRule("Z01-001", Severity.Error, "Z01[TOTAL,AMT] = Z01[A,AMT] + Z01[B,AMT]", 0m, "", 2020);
        var cells = new Cells().Set("Z01", "TOTAL", "AMT", 10m).Set("Z01", "A", "AMT", 3m).Set("Z01", "B", "AMT", 4m);
        Assert.Equal("Z01[TOTAL,AMT]", Assert.Single(Run(cells, sum)).Location.ToString());
        var pattern = new ValidationRule("Z05-101", Severity.Error, "SUM(Z05[224????,C1]) = Z05[224,C1]", 0m, "", 2020);
        var classes = new Cells().Set("Z05", "224", "C1", 5m).Set("Z05", "2240101", "C1", 4m);
        Assert.Equal("Z05[224,C1]", Assert.Single(Run(classes, pattern)).Location.ToString());
    }

    [Fact]
    public void When_ConditionFalse_RuleDoesNotApply()
    {
        var rule = new ValidationRule("Z07-004", Severity.Error, "Z07[COUNT,F] >= 1 WHEN Z07[PURCHASE,F] > 0 AND Z07[PURCHASE,F] < 1000000", 0m, "", 2020, Unit: RuleUnit.Count);
        Assert.Empty(Run(new Cells().Set("Z07", "PURCHASE", "F", 0m), rule));
        Assert.Single(Run(new Cells().Set("Z07", "PURCHASE", "F", 250000m), rule));
        Assert.Empty(Run(new Cells().Set("Z07", "PURCHASE", "F", 250000m).Set("Z07", "COUNT", "F", 1m), rule));
        Assert.Empty(Run(new Cells().Set("Z07", "PURCHASE", "F", 2000000m), rule));
    }

    [Fact]
    public void PresentAndPrefix_ItemWhoseClassIsNotListed_Found()
    {
        var cells = new Cells { BlanksAreZero = false }.Set("Z05", "224", "T", 1m).Set("Z05", "2240101", "T", 1m).Set("Z05", "2220511", "T", 0m);
        var rule = new ValidationRule("Z05-008", Severity.Warning, "PRESENT(Z05[$3,T]) = 1", 0m, "{row}", 2020, Unit: RuleUnit.Count, ForEach: "Z05[???????]", Explain: "Z05[$3]");
        var finding = Assert.Single(Run(cells, rule));
        Assert.Equal(("Z05[2220511]", "Z05[222]"), (finding.Location.ToString(), finding.ExplainAt.ToString()));
    }

    [Fact]
    public void NotStated_PublicationBlank_RuleDoesNotApply_FiledBlankIsZero()
    {
        var rule = new ValidationRule("R", Severity.Error, "Z01[A,C] = Z01[B,C] + Z01[C,C]", 0m, "", 2020);
        Assert.Empty(Run(new Cells { BlanksAreZero = false }.Set("Z01", "A", "C", 5m).Set("Z01", "B", "C", 3m), rule));
        Assert.Single(Run(new Cells().Set("Z01", "A", "C", 5m).Set("Z01", "B", "C", 3m), rule));
    }

    [Fact]
    public void RoundingTolerance_ScalesWithTheReturnsRoundingUnit()
    {
        var rule = new ValidationRule("R", Severity.Error, "Z01[A,C] = Z01[B,C]", 1m, "", 2020, ToleranceUnit: ToleranceUnit.Rounding);
        // Publication: one rounding unit is 0.01 万元 = 100 元.
        Assert.Empty(Run(new Cells { RoundingUnit = 100m }.Set("Z01", "A", "C", 16789000m).Set("Z01", "B", "C", 16789100m), rule));
        // Filed in 元: one rounding unit is 1 分; 100 元 is a real difference.
        Assert.Single(Run(new Cells().Set("Z01", "A", "C", 16789000m).Set("Z01", "B", "C", 16789100m), rule));
    }
}
