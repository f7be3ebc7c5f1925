using Platform.Accounts.Domain.Consolidation;
using Platform.Accounts.Domain.ReferenceData;
using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Host.Consolidation;
using Platform.Accounts.Host.Persistence;
using Platform.Accounts.Host.Units;
using Platform.Accounts.V1;
using Platform.Domain;
using Platform.Grpc;

namespace Platform.Accounts.Host.Grpc;

/// <summary>
/// platform.accounts.v1.Consolidation: reviewers and administrators whose region covers the consolidated return
/// read it (a department's own staff read their department's); administrators recompute.
/// </summary>
internal sealed class ConsolidationHandler(ReferenceDataSet reference, ConsolidationStore store, IUnitDirectory units)
{
    public async Task<ConsolidatedReturn> GetConsolidated(GetConsolidatedRequest request, ServerCallContext context)
    {
        var (node, year) = await AuthorizeReadAsync(request.Node, context);
        var row = await store.FindNodeAsync(node, year, context.CancellationToken);
        var inputs = row is null ? [] : CellJson.Read(row.Cells);
        var template = reference.TemplateFor(year);
        var codes = reference.CodesFor(year);
        // Consolidated sums of 分-exact returns are themselves exact: validated at the filed rounding unit.
        var cells = ReturnCalculator.Compute(template, codes, new CellSet(inputs, true, AccountsReturn.FiledRoundingUnit));
        var response = new ConsolidatedReturn { Node = request.Node, Revision = row?.Revision ?? 0 };
        response.Inputs.AddRange(inputs.OrderBy(p => p.Key.ToString(), StringComparer.Ordinal).Select(p => new CellValue { Cell = p.Key.ToString(), Value = CellSet.Format(p.Value) }));
        response.Cells.AddRange(cells.Values.OrderBy(p => p.Key.ToString(), StringComparer.Ordinal).Select(p => new CellValue { Cell = p.Key.ToString(), Value = CellSet.Format(p.Value) }));
        // The same rules as a unit's return (no prior year here, so the year-on-year rules stay silent).
        response.Findings.AddRange(reference.RulesFor(year, node.Kind == NodeKind.Region ? node.Id : "").Evaluate(cells)
            .Select(f => ProtoMapping.ToProto(f, false, null)));
        await foreach (var contribution in store.ContributionsUnder(node, year).WithCancellation(context.CancellationToken))
        {
            response.ContributingUnits++;
            if (node.Kind == NodeKind.Department)
            {
                response.Eliminations.AddRange(contribution.ToDomain().Eliminations.Select(l => new V1.EliminationLine
                {
                    PairId = l.PairId, UnitId = l.UnitId, CounterpartId = l.CounterpartId, Cell = l.Cell.ToString(), Amount = CellSet.Format(l.Amount),
                }));
            }
        }
        var (lastViewed, changed) = await store.ChangesSinceViewedAsync(context.Caller.Subject, node, year, response.Revision, request.MarkViewed, context.CancellationToken);
        response.LastViewedRevision = lastViewed;
        response.ChangedSinceLastViewed.AddRange(changed);
        return response;
    }

    public async Task<DrillThroughResponse> DrillThrough(DrillThroughRequest request, ServerCallContext context)
    {
        var (node, year) = await AuthorizeReadAsync(request.Node, context);
        var cell = CellKey.Parse(request.Cell, "cell");
        var byContributor = new SortedDictionary<(string Kind, string Id), (decimal Amount, int Version)>();
        await foreach (var row in store.ContributionsUnder(node, year).WithCancellation(context.CancellationToken))
        {
            var contribution = row.ToDomain();
            if (!contribution.Cells.TryGetValue(cell, out var amount))
            {
                continue;
            }
            // A department lists its units; a region its own departments and the sub-regions one level down.
            var path = contribution.Placement.RegionPath;
            var key = node.Kind == NodeKind.Department ? ("unit", row.UnitId)
                : path[0] == node.Id ? ("department", contribution.Placement.DepartmentId)
                : ("region", path[path.ToList().IndexOf(node.Id) - 1]);
            var current = byContributor.GetValueOrDefault(key);
            byContributor[key] = (current.Amount + amount, key.Item1 == "unit" ? row.ReturnVersion : 0);
        }
        var response = new DrillThroughResponse { Cell = cell.ToString(), Total = CellSet.Format(byContributor.Values.Sum(v => v.Amount)) };
        response.Contributors.AddRange(byContributor.Select(p => new Contributor { Kind = p.Key.Kind, Id = p.Key.Id, Amount = CellSet.Format(p.Value.Amount), ReturnVersion = p.Value.Version }));
        return response;
    }

    public async Task<RecomputeResponse> Recompute(RecomputeRequest request, ServerCallContext context)
    {
        var actor = ProtoMapping.Actor(context);
        reference.TemplateFor(request.FiscalYear);
        foreach (var root in await store.RootsAsync(request.FiscalYear, context.CancellationToken))
        {
            if (!ReturnAccess.IsAdminOver(actor, root))
            {
                throw new ForbiddenException($"'{actor.Subject}' needs the {AccountsRoles.Admin} role over region {root} to recompute {request.FiscalYear}.");
            }
        }
        var result = await store.RecomputeAsync(request.FiscalYear, context.CancellationToken);
        var response = new RecomputeResponse { Contributions = result.Contributions, Nodes = result.Nodes };
        response.Differences.AddRange(result.Differences.Select(d => new V1.RecomputeDifference
        {
            Node = d.Node.ToString(), Cell = d.Cell.ToString(), Stored = CellSet.Format(d.Stored), Recomputed = CellSet.Format(d.Recomputed),
        }));
        response.UnplacedUnitIds.AddRange(result.Unplaced);
        return response;
    }

    private async Task<(NodeKey Node, int Year)> AuthorizeReadAsync(NodeRef node, ServerCallContext context)
    {
        var actor = ProtoMapping.Actor(context);
        reference.TemplateFor(node.FiscalYear, "node.fiscal_year");
        NodeKey key;
        string region;
        switch (node.Kind)
        {
            case "department":
                var unit = await units.GetAsync(node.Id, node.FiscalYear, context.CancellationToken);
                if (unit.ParentId is not null)
                {
                    throw new ValidationException("node.id", $"{node.Id} is not a department in {node.FiscalYear} (its parent is {unit.ParentId})", "NOT_A_DEPARTMENT");
                }
                key = NodeKey.Department(unit.Id);
                region = unit.RegionCode;
                if (ReturnAccess.IsMemberOf(actor, unit.Id))
                {
                    return (key, node.FiscalYear);
                }
                break;
            case "region":
                if (await units.RegionNameAsync(node.Id, context.CancellationToken) is null)
                {
                    throw new ValidationException("node.id", $"region {node.Id} is not registered", "UNKNOWN_REGION");
                }
                key = NodeKey.Region(node.Id);
                region = node.Id;
                break;
            default:
                throw new ValidationException("node.kind", $"'{node.Kind}' is not department or region", "NODE_KIND");
        }
        if (!ReturnAccess.IsReviewerOf(actor, key.Id, region) && !ReturnAccess.IsAdminOver(actor, region))
        {
            throw new ForbiddenException($"'{actor.Subject}' has no jurisdiction over {key}.");
        }
        return (key, node.FiscalYear);
    }
}
