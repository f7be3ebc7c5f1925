using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Domain.Templates;

namespace Platform.Accounts.Domain.Consolidation;

/// <summary>Where a unit sits in a fiscal year (from the registry, as of that year).</summary>
/// <param name="DepartmentId">The top-level unit of the unit's tree (the unit itself for a department).</param>
/// <param name="ParentId">The unit's parent, null for a department.</param>
/// <param name="RegionPath">The unit's region and every region above it, nearest first (652301, 652300, 650000).</param>
public sealed record UnitPlacement(string UnitId, string DepartmentId, string? ParentId, IReadOnlyList<string> RegionPath);

/// <summary>A consolidated return: one department (its own office and its units) or one region (its departments and sub-regions).</summary>
public readonly record struct NodeKey(NodeKind Kind, string Id)
{
    public override string ToString() => $"{(Kind == NodeKind.Department ? "department" : "region")}:{Id}";

    public static NodeKey Department(string unitId) => new(NodeKind.Department, unitId);

    public static NodeKey Region(string code) => new(NodeKind.Region, code);
}

public enum NodeKind
{
    Department,
    Region,
}

/// <summary>
/// What one approved return version adds to every consolidated return above it: its additive input cells (amounts,
/// counts, areas; percentages are recomputed, never summed) with the eliminations its parent relation implies.
/// Everything is linear in the unit's own figures, so an ancestor's total is exactly the sum of its contributions and
/// a new version changes it by (new − old): that is what makes incremental updates equal a full recompute.
/// </summary>
public sealed record Contribution(
    string UnitId,
    int FiscalYear,
    int Version,
    UnitPlacement Placement,
    IReadOnlyDictionary<CellKey, decimal> Cells,
    IReadOnlyList<EliminationLine> Eliminations)
{
    /// <summary>The consolidated returns this contribution is part of: its department, then its regions upwards.</summary>
    public IEnumerable<NodeKey> Nodes()
    {
        yield return NodeKey.Department(Placement.DepartmentId);
        foreach (var region in Placement.RegionPath)
        {
            yield return NodeKey.Region(region);
        }
    }

    /// <summary>
    /// The contribution of a return version. Only the template's input cells count (a publication's printed totals
    /// are re-derived from its items, as for every consolidated return).
    /// </summary>
    public static Contribution Of(
        string unitId, int fiscalYear, int version, UnitPlacement placement, IReadOnlyDictionary<CellKey, decimal> inputs,
        ReturnTemplate template, ClassificationSet codes, IReadOnlyList<EliminationPair> eliminations)
    {
        var cells = new Dictionary<CellKey, decimal>();
        foreach (var (key, value) in inputs)
        {
            if (value != 0 && template.Resolve(key.Table, key.Row, key.Column, codes, out _) is { IsInput: true, Type: not CellType.Percent })
            {
                cells[key] = value;
            }
        }
        var lines = new List<EliminationLine>();
        if (placement.ParentId is { } parent)
        {
            foreach (var pair in eliminations.Where(p => p.Covers(fiscalYear)))
            {
                foreach (var side in pair.Sides)
                {
                    foreach (var (key, amount) in cells.Where(c => side.Matches(c.Key)).OrderBy(c => c.Key.ToString(), StringComparer.Ordinal).ToList())
                    {
                        var parentCell = side.ParentOf(key);
                        Add(cells, key, -amount);
                        Add(cells, parentCell, -amount);
                        lines.Add(new EliminationLine(pair.Id, unitId, parent, key, amount));
                        lines.Add(new EliminationLine(pair.Id, parent, unitId, parentCell, amount));
                    }
                }
            }
        }
        return new Contribution(unitId, fiscalYear, version, placement, cells, lines);
    }

    private static void Add(Dictionary<CellKey, decimal> cells, CellKey key, decimal amount)
    {
        var value = cells.GetValueOrDefault(key) + amount;
        if (value == 0)
        {
            cells.Remove(key);
        }
        else
        {
            cells[key] = value;
        }
    }

    /// <summary>What replacing <paramref name="old"/> by <paramref name="next"/> changes, per consolidated return and cell.</summary>
    public static Dictionary<NodeKey, Dictionary<CellKey, decimal>> Delta(Contribution? old, Contribution? next)
    {
        var delta = new Dictionary<NodeKey, Dictionary<CellKey, decimal>>();
        if (old is not null)
        {
            foreach (var node in old.Nodes())
            {
                var cells = delta.TryGetValue(node, out var c) ? c : delta[node] = [];
                foreach (var (key, value) in old.Cells)
                {
                    Add(cells, key, -value);
                }
            }
        }
        if (next is not null)
        {
            foreach (var node in next.Nodes())
            {
                var cells = delta.TryGetValue(node, out var c) ? c : delta[node] = [];
                foreach (var (key, value) in next.Cells)
                {
                    Add(cells, key, value);
                }
            }
        }
        foreach (var empty in delta.Where(d => d.Value.Count == 0).Select(d => d.Key).ToList())
        {
            delta.Remove(empty);
        }
        return delta;
    }
}
