using Platform.Accounts.Domain.Consolidation;
using Platform.Accounts.Domain.Returns;

namespace Platform.Accounts.Host.Consolidation;

/// <summary>
/// A contribution imported from a publication, with where it is placed: read once for a listing or a drill-through and
/// split by node in memory (one query, not one per listed node).
/// </summary>
internal sealed record PlacedPublication(string UnitId, string DepartmentId, string RegionPath, IReadOnlyDictionary<CellKey, decimal> Inputs)
{
    /// <summary>Whether it adds up to <paramref name="node"/>: its department, or a region on its path (652301/652300/650000).</summary>
    public bool IsUnder(NodeKey node) => node.Kind == NodeKind.Department
        ? DepartmentId == node.Id
        : ("/" + RegionPath + "/").Contains("/" + node.Id + "/", StringComparison.Ordinal);

    /// <summary>The printed inputs of those under <paramref name="node"/>.</summary>
    public static List<IReadOnlyDictionary<CellKey, decimal>> Under(IEnumerable<PlacedPublication> publications, NodeKey node) =>
        [.. publications.Where(p => p.IsUnder(node)).Select(p => p.Inputs)];
}
