using Platform.Accounts.Domain.Returns;

namespace Platform.Accounts.Domain.Consolidation;

/// <summary>
/// One side pairing of an elimination: a cell of the child unit and the parent's cell it flows from or to.
/// Row "*" matches every row of the child's table and names the same row on the parent's side.
/// </summary>
public sealed record EliminationSide(CellKey Child, CellKey Parent)
{
    public const string SameRow = "*";

    public bool Matches(CellKey cell) =>
        cell.Table == Child.Table && cell.Column == Child.Column && (Child.Row == SameRow || cell.Row == Child.Row);

    public CellKey ParentOf(CellKey childCell) => Child.Row == SameRow ? Parent with { Row = childCell.Row } : Parent;
}

/// <summary>
/// A flow inside a consolidation scope that is eliminated (configured in reference-data/consolidation): 上级补助收入 ↔
/// 对附属单位补助支出, 附属单位上缴收入 ↔ 上缴上级支出. The child's stated amount is removed from both sides when the
/// child's parent is inside the scope.
/// </summary>
public sealed record EliminationPair(string Id, string Label, IReadOnlyList<EliminationSide> Sides, int FromYear, int? ToYear)
{
    public bool Covers(int fiscalYear) => fiscalYear >= FromYear && (ToYear is null || fiscalYear <= ToYear);
}

/// <summary>One eliminated amount, kept as its own line so a reviewer can follow it: which pair, whose cell, how much.</summary>
public sealed record EliminationLine(string PairId, string UnitId, string CounterpartId, CellKey Cell, decimal Amount);
