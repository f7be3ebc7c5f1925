using Platform.Accounts.Domain.Rules;
using Platform.Domain;

namespace Platform.Accounts.Domain.Tests.Rules;

/// <summary>An in-memory return for unit tests of the pure rule engine.</summary>
internal sealed class Cells(IReturnCells? prior = null) : IReturnCells
{
    private readonly Dictionary<(string, string, string), decimal?> _values = [];
    private readonly Dictionary<string, List<string>> _rows = [];

    public IReturnCells? Prior { get; } = prior;

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
        Assert.Equal((1678.90m, 1678.89m, -0.01m), (finding.Expected!.Value, finding.Actual!.Value, finding.Difference!.Value));
        Assert.Equal("类 1678.89 ≠ Σ项 1678.90 (-0.01)", finding.Message);
    }

    [Fact]
    public void FleetVersusVehiclesHeld_8Versus13_ReportedWithDifference()
    {
        var finding = Assert.Single(Run(Document000(),
            new ValidationRule("X-701", Severity.Warning, "Z07[fleet_count,C1] = A03[vehicles_count,C1]", 0m, "公务用车保有量 {actual} vs 国有资产车辆 {expected}", 2020)));
        Assert.Equal((Severity.Warning, 13m, 8m, -5m), (finding.Severity, finding.Expected!.Value, finding.Actual!.Value, finding.Difference!.Value));
    }

    [Fact]
    public void PriorYear_LargeChange_NeedsExplanation_AndNoPriorMeansNotApplicable()
    {
        // 000: 收入总计 decreased by 621.65 万元 (21.50%) from 2890.73.
        var prior = new Cells().Set("Z01", "income_total", "C1", 2890.73m);
        var rule = new ValidationRule("YOY-001", Severity.Warning, "ABS(Z01[income_total,C1] - PRIOR(Z01[income_total,C1])) <= 0.3 * PRIOR(Z01[income_total,C1])", 0m, "change {actual} exceeds {expected}", 2020);
        Assert.Empty(Run(Document000(prior), rule));
        var strict = rule with { Expression = "ABS(Z01[income_total,C1] - PRIOR(Z01[income_total,C1])) <= 0.1 * PRIOR(Z01[income_total,C1])" };
        var finding = Assert.Single(Run(Document000(prior), strict));
        Assert.Equal(621.65m, finding.Actual);
        Assert.Empty(Run(Document000(prior: null), strict));
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
}
