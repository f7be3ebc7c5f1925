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
    private const int MaxRoundings = 10;

    private enum Role
    {
        Additive,   // an input amount, count or area: summed
        Carried,    // a computed amount: recomputed from the sums, plus what publications printed there beyond their inputs
        Other,      // percentages (recomputed), cells the template does not have
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<CellKey, Role> _roles = new();

    public int FiscalYear => fiscalYear;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Role RoleOf(CellKey key) => _roles.GetOrAdd(key, k => template.Resolve(k.Table, k.Row, k.Column, codes, out _) switch
    {
        { Type: CellType.Percent } or null => Role.Other,
        { IsInput: true } => Role.Additive,
        _ => Role.Carried,
    });

    public bool IsAdditive(CellKey key) => RoleOf(key) == Role.Additive;

    /// <summary>
    /// A consolidated return's figures from its stored sums: the template computes every total from the summed inputs,
    /// then what imported publications printed at computed cells beyond their own inputs is added there (see
    /// <see cref="Adding"/>). For returns that were all filed the second part is empty: a plain computation.
    /// </summary>
    /// <param name="publications">
    /// The inputs of every contribution to it that was imported from a publication. A publication prints what it prints:
    /// a cell one of them neither printed nor derives from what it printed (its 收入决算表, the 基本/项目 split of a 项) is
    /// not known for the whole, so it is left blank and the rules that need it stay silent — as they do on the
    /// publication itself — instead of reporting the sum of the others as an error.
    /// </param>
    public CellSet Consolidated(IReadOnlyDictionary<CellKey, decimal> stored, IReadOnlyList<IReadOnlyDictionary<CellKey, decimal>>? publications = null) =>
        Consolidated(stored, Known(publications), publications?.Count ?? 0);

    /// <summary>
    /// The same, given what <see cref="Known"/> found for the <paramref name="publicationCount"/> publications (a caller that
    /// needs the known cells too works them out once: each publication's figures are a computation of the template).
    /// </summary>
    public CellSet Consolidated(IReadOnlyDictionary<CellKey, decimal> stored, IReadOnlySet<CellKey>? known, int publicationCount)
    {
        var sums = Summed(stored);
        if (known is null)
        {
            return sums;
        }
        // Each publication's identities hold within its printed rounding (0.01 万元); a sum of them within the sum of those —
        // capped at ten publications' (0.1 万元), so that many imports never hide a real difference of the filed part.
        return new CellSet(sums.Values.Where(c => known.Contains(c.Key)), false, AccountsReturn.PublicationRoundingUnit * Math.Min(publicationCount, MaxRoundings));
    }

    /// <summary>
    /// The cells known for a whole that holds these publications: those every one of them printed or derives from what it
    /// printed (null when there is none: every cell is known — a filed return's blank is a zero). Outside it a figure is
    /// "not printed", not zero: a drill-through or a listing says so instead of the sum of the others.
    /// </summary>
    public IReadOnlySet<CellKey>? Known(IReadOnlyList<IReadOnlyDictionary<CellKey, decimal>>? publications)
    {
        if (publications is not { Count: > 0 })
        {
            return null;
        }
        var known = new HashSet<CellKey>(AsPrinted(publications[0]).Keys);
        foreach (var publication in publications.Skip(1))
        {
            known.IntersectWith(AsPrinted(publication).Keys);
        }
        return known;
    }

    /// <summary>
    /// A publication's figures: what it printed, and what the template derives from printed figures only (a total whose
    /// parts it did not all print is not known: blanks are "not printed" here), its printed totals kept.
    /// </summary>
    private IReadOnlyDictionary<CellKey, decimal> AsPrinted(IReadOnlyDictionary<CellKey, decimal> printed) =>
        ReturnCalculator.Compute(template, codes, new CellSet(printed, false, AccountsReturn.FiledRoundingUnit),
            printed.Keys.Where(k => RoleOf(k) == Role.Carried).ToHashSet()).Values;

    private CellSet Summed(IReadOnlyDictionary<CellKey, decimal> stored)
    {
        var inputs = new Dictionary<CellKey, decimal>();
        List<KeyValuePair<CellKey, decimal>>? carried = null;
        foreach (var cell in stored)
        {
            switch (RoleOf(cell.Key))
            {
                case Role.Additive:
                    inputs.Add(cell.Key, cell.Value);
                    break;
                case Role.Carried:
                    (carried ??= []).Add(cell);
                    break;
            }
        }
        var computed = ReturnCalculator.Compute(template, codes, new CellSet(inputs, true, AccountsReturn.FiledRoundingUnit));
        if (carried is null)
        {
            return computed;
        }
        var values = new Dictionary<CellKey, decimal>(computed.Values);
        foreach (var (key, extra) in carried)
        {
            values[key] = values.GetValueOrDefault(key) + extra;
        }
        return new CellSet(values, true, AccountsReturn.FiledRoundingUnit);
    }

    /// <summary>
    /// What a return version adds up: its additive inputs; and, where it holds a computed cell's figure itself — a return
    /// imported from a publication prints 本年收入合计 without every row it sums, a 类 or 项 total without its 基本/项目
    /// split —, what that figure holds beyond what the version's own inputs compute to. Without it a publication's
    /// totals were re-derived from the few inputs it printed: a region of one imported department showed 0 of its 2143.92
    /// 万元 of 财政拨款 and nine false errors. Every part is linear, so a region is still the exact sum of its units.
    /// </summary>
    private Dictionary<CellKey, decimal> Adding(IEnumerable<KeyValuePair<CellKey, decimal>> inputs)
    {
        var cells = new Dictionary<CellKey, decimal>();
        Dictionary<CellKey, decimal>? printed = null;
        foreach (var (key, value) in inputs)
        {
            switch (RoleOf(key))
            {
                case Role.Additive when value != 0:
                    cells[key] = value;
                    break;
                case Role.Carried:
                    (printed ??= [])[key] = value;
                    break;
            }
        }
        if (printed is null)
        {
            return cells;
        }
        var given = new Dictionary<CellKey, decimal>(cells);
        foreach (var (key, value) in printed)
        {
            given[key] = value;
        }
        var plain = ReturnCalculator.Compute(template, codes, new CellSet(cells, true, AccountsReturn.FiledRoundingUnit)).Values;
        var whole = ReturnCalculator.Compute(template, codes, new CellSet(given, true, AccountsReturn.FiledRoundingUnit), printed.Keys.ToHashSet()).Values;
        foreach (var (key, value) in whole)
        {
            if (RoleOf(key) == Role.Carried && value - plain.GetValueOrDefault(key) is var extra && extra != 0)
            {
                cells[key] = extra;
            }
        }
        return cells;
    }

    /// <summary>
    /// The contribution of a return version: its additive cells (<see cref="Adding"/>), less what flows between it and its
    /// parent (both sides, each as its own line).
    /// </summary>
    // Fully optimized from the first call: a recompute runs this for every return of a region right after a start.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Contribution Of(string unitId, int version, UnitPlacement placement, IEnumerable<KeyValuePair<CellKey, decimal>> inputs)
    {
        var cells = Adding(inputs);
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
        var cells = Adding(inputs);
        foreach (var line in lines)
        {
            Contribution.Add(cells, line.Cell, -line.Amount);
        }
        return new Contribution(unitId, fiscalYear, version, placement, cells, lines);
    }
}
