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
}
