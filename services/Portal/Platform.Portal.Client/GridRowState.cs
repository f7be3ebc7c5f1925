namespace Platform.Portal.Client;

/// <summary>
/// What one row of the grid shows: per column the value, whether it is typed into (an input) or shown (a computed or
/// read-only cell), the findings at the cell; and the findings of the row itself. Compared with the row as last rendered,
/// so that a keystroke re-renders only the rows whose content it changed (the typed row, the totals it moves, the rows that
/// gain or lose a finding) instead of the whole table: on a full return that re-render was most of a keystroke's time.
/// </summary>
public sealed class GridRowState(string[] values, bool[] typed, IReadOnlyList<GridFinding>[] findings, IReadOnlyList<GridFinding> rowFindings)
{
    public string[] Values { get; } = values;

    public bool[] Typed { get; } = typed;

    public IReadOnlyList<GridFinding>[] Findings { get; } = findings;

    public IReadOnlyList<GridFinding> RowFindings { get; } = rowFindings;

    /// <summary>True when a render of <paramref name="other"/> would show the same as this one (findings compare by value).</summary>
    public bool SameAs(GridRowState? other)
    {
        if (other is null || other.Values.Length != Values.Length || !other.RowFindings.SequenceEqual(RowFindings))
        {
            return false;
        }
        for (var i = 0; i < Values.Length; i++)
        {
            if (other.Typed[i] != Typed[i] || !string.Equals(other.Values[i], Values[i], StringComparison.Ordinal) || !other.Findings[i].SequenceEqual(Findings[i]))
            {
                return false;
            }
        }
        return true;
    }
}
