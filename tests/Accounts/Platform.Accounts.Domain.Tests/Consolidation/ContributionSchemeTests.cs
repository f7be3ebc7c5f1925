using Platform.Accounts.Domain.Consolidation;
using Platform.Accounts.Domain.ReferenceData;
using Platform.Accounts.Domain.Returns;

namespace Platform.Accounts.Domain.Tests.Consolidation;

public sealed class ContributionSchemeTests
{
    private static readonly ReferenceDataSet Reference = ReferenceDataSet.LoadShipped();
    private static readonly UnitPlacement Child = new("a1", "dept-a", "dept-a", ["650100", "650000"]);
    private static readonly UnitPlacement Department = new("dept-a", "dept-a", null, ["650100", "650000"]);

    private static Dictionary<CellKey, decimal> Cells(params (string Cell, decimal Value)[] cells) =>
        cells.ToDictionary(c => CellKey.Parse(c.Cell, "cell"), c => c.Value);

    private static string Show(IReadOnlyDictionary<CellKey, decimal> cells) =>
        string.Join(" ", cells.OrderBy(c => c.Key.ToString(), StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"));

    [Fact]
    public void Of_SubordinateWithFlowsToAndFromItsParent_BothSidesEliminatedAsLines()
    {
        var contribution = Reference.ConsolidationFor(2022).Of("a1", 1, Child, Cells(
            ("Z01[INC_FISCAL,AMT]", 100m), ("Z01[INC_SUPERIOR,AMT]", 200m), ("Z01[EXP_BASIC,AMT]", 270m), ("Z01[EXP_REMIT,AMT]", 30m)));

        // The child's 200 received and 30 remitted leave the child's cells and the parent's counterpart cells alike.
        Assert.Equal("Z01[EXP_AFFILIATE,AMT]=-200 Z01[EXP_BASIC,AMT]=270 Z01[INC_AFFILIATE,AMT]=-30 Z01[INC_FISCAL,AMT]=100", Show(contribution.Cells));
        Assert.Equal(
            ["ELIM-REMIT a1 Z01[EXP_REMIT,AMT] 30", "ELIM-REMIT dept-a Z01[INC_AFFILIATE,AMT] 30", "ELIM-SUBSIDY a1 Z01[INC_SUPERIOR,AMT] 200", "ELIM-SUBSIDY dept-a Z01[EXP_AFFILIATE,AMT] 200"],
            contribution.Eliminations.Select(l => $"{l.PairId} {l.UnitId} {l.Cell} {l.Amount}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Of_Department_FlowFromAboveKept()
    {
        var contribution = Reference.ConsolidationFor(2022).Of("dept-a", 1, Department, Cells(("Z01[INC_SUPERIOR,AMT]", 50m), ("Z01[EXP_AFFILIATE,AMT]", 300m)));

        Assert.Equal("Z01[EXP_AFFILIATE,AMT]=300 Z01[INC_SUPERIOR,AMT]=50", Show(contribution.Cells));
        Assert.Empty(contribution.Eliminations);
    }

    [Fact]
    public void Of_ComputedPercentAndZeroCells_NotAdded()
    {
        var contribution = Reference.ConsolidationFor(2022).Of("dept-a", 1, Department, Cells(
            ("Z01[INC_FISCAL,AMT]", 100m), ("Z01[INC_TOTAL,AMT]", 100m), ("D01[SHARE_INC_FISCAL,PCT]", 100m), ("Z01[INC_OTHER,AMT]", 0m)));

        // Totals are recomputed from the sums and percentages are never summed.
        Assert.Equal("Z01[INC_FISCAL,AMT]=100", Show(contribution.Cells));
    }

    [Fact]
    public void Rebuild_FromTheStoredLines_EqualsWhatWasApplied()
    {
        var inputs = Cells(("Z01[INC_FISCAL,AMT]", 100m), ("Z01[INC_SUPERIOR,AMT]", 200m), ("Z02[2240101,SUPERIOR]", 200m), ("Z01[EXP_REMIT,AMT]", 30m));
        var applied = Reference.ConsolidationFor(2022).Of("a1", 3, Child, inputs);

        // A scheme without any elimination (as if the year's configuration had changed since): the stored lines, not
        // today's configuration, decide what was taken out, so the difference a later version makes stays exact.
        var withoutEliminations = new ContributionScheme(2022, Reference.TemplateFor(2022), Reference.CodesFor(2022), []);
        var rebuilt = withoutEliminations.Rebuild("a1", 3, Child, inputs, applied.Eliminations);

        Assert.Equal(Show(applied.Cells), Show(rebuilt.Cells));
        Assert.NotEqual(Show(applied.Cells), Show(withoutEliminations.Of("a1", 3, Child, inputs).Cells));
    }

    [Fact]
    public void Delta_NewVersion_EveryAncestorChangesByTheDifference()
    {
        var scheme = Reference.ConsolidationFor(2022);
        var v1 = scheme.Of("a1", 1, Child, Cells(("Z01[INC_FISCAL,AMT]", 100m), ("Z01[EXP_BASIC,AMT]", 100m)));
        var v2 = scheme.Of("a1", 2, Child, Cells(("Z01[INC_FISCAL,AMT]", 160m), ("Z01[EXP_BASIC,AMT]", 100m)));

        var delta = Contribution.Delta(v1, v2);

        Assert.Equal(["department:dept-a", "region:650000", "region:650100"], delta.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal));
        Assert.All(delta.Values, cells => Assert.Equal("Z01[INC_FISCAL,AMT]=60", Show(cells)));
    }
    // What a publication prints: 本年收入合计 without the 一般公共预算 row it sums, and a 项's total without its 基本/项目 split.
    private static readonly Dictionary<CellKey, decimal> Printed = Cells(
        ("Z04[INC_CURRENT,AMT]", 500m), ("Z04[INC_FUND,AMT]", 100m), ("Z05[2240101,TOTAL]", 300m), ("Z05[224,TOTAL]", 300m));

    [Fact]
    public void Consolidated_PublicationAlone_ItsPrintedTotalsNotReDerivedFromTheFewInputsItPrinted()
    {
        var scheme = Reference.ConsolidationFor(2022);
        var contribution = scheme.Of("dept-a", 1, Department, Printed);

        var cells = scheme.Consolidated(contribution.Cells, [Printed]);

        Assert.Equal((500m, 100m, 300m, 300m, 300m), (cells.Get(Key("Z04[INC_CURRENT,AMT]")), cells.Get(Key("Z04[INC_FUND,AMT]")),
            cells.Get(Key("Z05[22401,TOTAL]")), cells.Get(Key("Z05[224,TOTAL]")), cells.Get(Key("Z05[TOTAL,TOTAL]"))));
        // Not printed, not derivable from printed figures alone (收入总计 needs the 年初结转 it did not print): blank, so
        // the rules that need them stay silent (as on the publication itself).
        Assert.Equal((null, null, null, null), (cells.Get(Key("Z04[INC_GENERAL,AMT]")), cells.Get(Key("Z05[2240101,BASIC]")), cells.Get(Key("Z02[TOTAL,TOTAL]")),
            cells.Get(Key("Z04[INC_TOTAL,AMT]"))));
        Assert.False(cells.BlanksAreZero);
        // Before: only the printed inputs were summed, 本年收入合计 re-derived as 100 and 类 224 as 0.
        Assert.Equal(100m, ReturnCalculator.Compute(Reference.TemplateFor(2022), Reference.CodesFor(2022), new CellSet(Cells(("Z04[INC_FUND,AMT]", 100m)), true, 1m)).Get(Key("Z04[INC_CURRENT,AMT]")));
    }

    [Fact]
    public void Consolidated_PublicationAndFiledReturn_ExactSumWhereBothKnowTheCell()
    {
        var scheme = Reference.ConsolidationFor(2022);
        var filed = Cells(("Z04[INC_GENERAL,AMT]", 1000m), ("Z05[2240101,BASIC]", 600m), ("Z05[2240101,PROJECT]", 400m));
        var stored = Contribution.Delta(null, scheme.Of("dept-a", 1, Department, Printed)).Values.First();
        foreach (var (key, value) in scheme.Of("dept-b", 1, Department with { UnitId = "dept-b", DepartmentId = "dept-b" }, filed).Cells)
        {
            stored[key] = stored.GetValueOrDefault(key) + value;
        }

        var cells = scheme.Consolidated(stored, [Printed]);

        Assert.Equal((1500m, 1300m, 1300m), (cells.Get(Key("Z04[INC_CURRENT,AMT]")), cells.Get(Key("Z05[2240101,TOTAL]")), cells.Get(Key("Z05[224,TOTAL]"))));
        // 一般公共预算 and the 基本 split: the publication did not print them, so the region's figure is not known.
        Assert.Equal((null, null), (cells.Get(Key("Z04[INC_GENERAL,AMT]")), cells.Get(Key("Z05[2240101,BASIC]"))));
    }

    [Fact]
    public void Consolidated_FiledReturnsOnly_ThePlainComputationBlanksAreZero()
    {
        var scheme = Reference.ConsolidationFor(2022);
        var filed = Cells(("Z04[INC_GENERAL,AMT]", 1000m), ("Z05[2240101,BASIC]", 600m));

        var cells = scheme.Consolidated(scheme.Of("dept-b", 1, Department, filed).Cells);

        Assert.Equal(Show(ReturnCalculator.Compute(Reference.TemplateFor(2022), Reference.CodesFor(2022), new CellSet(filed, true, AccountsReturn.FiledRoundingUnit)).Values), Show(cells.Values));
        Assert.True(cells.BlanksAreZero);
    }

    [Fact]
    public void Consolidated_PublicationPrintingAClassInPart_ItsTotalFromItsItemsOnce()
    {
        // 类 224's 基本支出 printed, its 合计 not; its one 项 printed with its 合计: 224's 合计 is the 项's 300, not 300 from
        // its own 基本 plus 300 from the 项 below.
        var printed = Cells(("Z05[224,BASIC]", 300m), ("Z05[2240101,TOTAL]", 300m), ("Z05[2240101,BASIC]", 300m));
        var scheme = Reference.ConsolidationFor(2022);

        var cells = scheme.Consolidated(scheme.Of("dept-a", 1, Department, printed).Cells, [printed]);

        Assert.Equal((300m, 300m, 300m), (cells.Get(Key("Z05[224,TOTAL]")), cells.Get(Key("Z05[224,BASIC]")), cells.Get(Key("Z05[TOTAL,TOTAL]"))));
    }

    private static CellKey Key(string cell) => CellKey.Parse(cell, "cell");
}
