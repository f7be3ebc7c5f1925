using System.Runtime.CompilerServices;
using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Domain.Templates;

namespace Platform.Accounts.Domain.Consolidation;

/// <summary>Where a unit sits in a fiscal year (from the registry, as of that year).</summary>
/// <param name="DepartmentId">The top-level unit of the unit's tree (the unit itself for a department).</param>
/// <param name="ParentId">The unit's parent, null for a department.</param>
/// <param name="RegionPath">
/// The department's region and every region above it, nearest first (652301, 652300, 650000): a region's total is its
/// departments' totals, so a unit counts where its department is.
/// </param>
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

    internal static void Add(Dictionary<CellKey, decimal> cells, CellKey key, decimal amount)
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

/// <summary>
/// How a fiscal year turns a return version into its contribution: which cells add up (the template's input cells,
/// never percentages: those are recomputed from the sums) and which flows inside the scope are eliminated. Each
/// distinct cell is resolved against the template once and remembered, so a recompute over thousands of returns
/// does not resolve the same cell thousands of times. Safe to share between threads.
/// </summary>
public sealed class ContributionScheme(int fiscalYear, ReturnTemplate template, ClassificationSet codes, IReadOnlyList<EliminationPair> eliminations)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<CellKey, bool> _additive = new();

    public int FiscalYear => fiscalYear;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool IsAdditive(CellKey key) =>
        _additive.GetOrAdd(key, k => template.Resolve(k.Table, k.Row, k.Column, codes, out _) is { IsInput: true, Type: not CellType.Percent });

    /// <summary>
    /// The contribution of a return version: its additive cells, less what flows between it and its parent (both
    /// sides, each as its own line). A publication's printed totals are re-derived from its items, as for every
    /// consolidated return.
    /// </summary>
    // Fully optimized from the first call: a recompute runs this for every return of a region right after a start.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Contribution Of(string unitId, int version, UnitPlacement placement, IEnumerable<KeyValuePair<CellKey, decimal>> inputs)
    {
        var cells = new Dictionary<CellKey, decimal>();
        foreach (var (key, value) in inputs)
        {
            if (value != 0 && IsAdditive(key))
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
                        Contribution.Add(cells, key, -amount);
                        Contribution.Add(cells, parentCell, -amount);
                        lines.Add(new EliminationLine(pair.Id, unitId, parent, key, amount));
                        lines.Add(new EliminationLine(pair.Id, parent, unitId, parentCell, amount));
                    }
                }
            }
        }
        return new Contribution(unitId, fiscalYear, version, placement, cells, lines);
    }

    /// <summary>
    /// A contribution as it was applied, from the return version's inputs (approved versions are never changed) and
    /// the elimination lines stored when it was applied. Eliminations are not re-derived from today's configuration,
    /// so the difference a later version makes is taken from exactly what was added.
    /// </summary>
    public Contribution Rebuild(string unitId, int version, UnitPlacement placement, IEnumerable<KeyValuePair<CellKey, decimal>> inputs, IReadOnlyList<EliminationLine> lines)
    {
        var cells = new Dictionary<CellKey, decimal>();
        foreach (var (key, value) in inputs)
        {
            if (value != 0 && IsAdditive(key))
            {
                cells[key] = value;
            }
        }
        foreach (var line in lines)
        {
            Contribution.Add(cells, line.Cell, -line.Amount);
        }
        return new Contribution(unitId, fiscalYear, version, placement, cells, lines);
    }
}
