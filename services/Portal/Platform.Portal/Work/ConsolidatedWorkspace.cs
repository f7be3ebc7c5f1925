using Grpc.Core;
using Platform.Accounts.V1;
using Platform.Portal.Gateway;

namespace Platform.Portal.Work;

/// <summary>A consolidated (汇总) return's table as the page shows it, with the drill-through of one cell when asked.</summary>
internal sealed class ConsolidatedView
{
    public required NodeRef Node { get; init; }
    public required Template Template { get; init; }
    public required TableTemplate Table { get; init; }
    public required ConsolidatedReturn Return { get; init; }
    public required IReadOnlyList<GridRow> Rows { get; init; }
    public required IReadOnlyDictionary<string, string> Values { get; init; }
    /// <summary>Cells changed since the person last looked (then marked as seen).</summary>
    public required IReadOnlySet<string> Changed { get; init; }
    public DrillThroughResponse? Drill { get; init; }
    /// <summary>The departments consolidated under a region (ListConsolidated), for a region's page.</summary>
    public IReadOnlyList<ConsolidatedFigures> Departments { get; init; } = [];
    /// <summary>Names of the units of the jurisdiction by id, for contributors and departments.</summary>
    public IReadOnlyDictionary<string, string> Names { get; init; } = new Dictionary<string, string>();

    public string Name(string id) => Names.TryGetValue(id, out var name) ? name : id;

    /// <summary>A region's units in scope for the year (registry), or null on a department's page or where the office's progress is not the reader's.</summary>
    public int? UnitsInScope { get; init; }

    /// <summary>A region's units whose return is not (yet) approved: not in its totals.</summary>
    public IReadOnlyList<UnitProgress> Outstanding { get; init; } = [];

    /// <summary>Units with no return of their own, covered by their department's imported disclosure (in the totals through it).</summary>
    public int Covered { get; init; }
}

/// <summary>
/// The consolidated returns of a finance office's jurisdiction — its region and each department under it — as the accounts
/// service keeps them while approvals arrive, and the drill-through from a cell to what each contributor adds.
/// </summary>
internal sealed class ConsolidatedWorkspace(PortalApi api)
{
    public async Task<ConsolidatedView> LoadAsync(string kind, string id, int year, string? tableCode, string? cell, string jurisdiction)
    {
        var options = await api.AsSignedInAsync();
        var node = new NodeRef { Kind = kind, Id = id, FiscalYear = year };
        var template = await api.Accounts.GetTemplateAsync(new GetTemplateRequest { FiscalYear = year }, options);
        var table = ReturnWorkspace.TableOf(template, tableCode);
        // Read without marking: the changed cells stay marked on every table and drill-through until the person says
        // they have seen them (MarkViewedAsync).
        var consolidated = await api.Consolidation.GetConsolidatedAsync(new GetConsolidatedRequest { Node = node }, options);
        var values = consolidated.Cells.ToDictionary(c => c.Cell, c => c.Value, StringComparer.Ordinal);
        var inputs = consolidated.Inputs.Select(c => c.Cell).ToHashSet(StringComparer.Ordinal);
        var computed = values.Keys.Where(c => !inputs.Contains(c)).ToHashSet(StringComparer.Ordinal);
        DrillThroughResponse? drill = null;
        if (!string.IsNullOrEmpty(cell))
        {
            drill = await api.Consolidation.DrillThroughAsync(new DrillThroughRequest { Node = node, Cell = cell }, options);
        }
        IReadOnlyList<ConsolidatedFigures> departments = [];
        if (kind == "region")
        {
            departments = (await api.Consolidation.ListConsolidatedAsync(new ListConsolidatedRequest { RegionCode = id, FiscalYear = year, PageSize = 500 }, options)).Items
                .Where(i => !(i.Node.Kind == "region" && i.Node.Id == id)).ToList();
        }
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        int? units = null;
        IReadOnlyList<UnitProgress> outstanding = [];
        var covered = 0;
        try
        {
            // A region's own progress: the totals cover its approved returns only, and a reviewer must see who is not in them.
            var progress = await api.Consolidation.GetProgressAsync(new GetProgressRequest { RegionCode = kind == "region" ? id : jurisdiction, FiscalYear = year }, options);
            foreach (var unit in progress.UnitStates)
            {
                names[unit.UnitId] = unit.Name;
            }
            if (kind == "region")
            {
                units = progress.Units;
                // A unit covered by its department's published return is in the totals through that return; one no longer
                // in the year's directory (reorganized after it filed) is not among the units in scope the page counts.
                outstanding = progress.UnitStates.Where(u => u.UnitStatus.Length == 0 && u.State is not ("APPROVED" or "PUBLISHED" or "COVERED")).ToList();
                covered = progress.UnitStates.Count(u => u.State == "COVERED");
            }
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.PermissionDenied)
        {
            // A unit's own staff may read their department's totals but not the office's progress: ids stand for names.
        }
        return new ConsolidatedView
        {
            Node = node,
            Template = template,
            Table = table,
            Return = consolidated,
            Rows = ReturnWorkspace.RowsOf(table, values.Keys, computed),
            Values = values,
            Changed = consolidated.ChangedSinceLastViewed.ToHashSet(StringComparer.Ordinal),
            Drill = drill,
            Departments = departments,
            Names = names,
            UnitsInScope = units,
            Outstanding = outstanding,
            Covered = covered,
        };
    }

    /// <summary>Records the node's current revision as seen by the person: its changed cells are no longer marked.</summary>
    public async Task MarkViewedAsync(string kind, string id, int year) =>
        await api.Consolidation.GetConsolidatedAsync(new GetConsolidatedRequest { Node = new NodeRef { Kind = kind, Id = id, FiscalYear = year }, MarkViewed = true }, await api.AsSignedInAsync());
}
