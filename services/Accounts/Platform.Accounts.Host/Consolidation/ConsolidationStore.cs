using Microsoft.EntityFrameworkCore;
using Platform.Accounts.Domain.Consolidation;
using Platform.Accounts.Domain.ReferenceData;
using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Host.Persistence;
using Platform.Accounts.Host.Units;
using Platform.Events.V1;
using Platform.Messaging;

namespace Platform.Accounts.Host.Consolidation;

/// <summary>
/// Consolidated returns kept exact as approvals arrive. Each unit contributes its latest approved version once; an
/// approval replaces the unit's contribution and changes every consolidated return above it by the difference
/// (<see cref="Contribution.Delta"/>). A full recompute rebuilds the same sums from the returns and reports any
/// difference it finds, which must be none.
/// </summary>
internal sealed class ConsolidationStore(AccountsDbContext db, ReferenceDataSet reference, IUnitDirectory units, TimeProvider time)
{
    private static readonly string[] Final = [nameof(ReturnState.Approved), nameof(ReturnState.Published)];

    /// <summary>
    /// Applies an approved version inside the caller's transaction (the inbox consumer's). A version not newer than
    /// the one applied is ignored: duplicates and late deliveries of older versions change nothing.
    /// </summary>
    public async Task<bool> ApplyAsync(string unitId, int fiscalYear, int version, CancellationToken token)
    {
        var row = await db.Returns.AsNoTracking().FirstOrDefaultAsync(r => r.UnitId == unitId && r.FiscalYear == fiscalYear && r.ReturnVersion == version, token)
            ?? throw new InvalidOperationException($"Return {unitId}/{fiscalYear}/v{version} is not stored (yet); the delivery will be retried.");
        if (!Final.Contains(row.State))
        {
            throw new InvalidOperationException($"Return {unitId}/{fiscalYear}/v{version} is {row.State}, not approved.");
        }
        var placement = await units.PlacementAsync(unitId, fiscalYear, token);
        if (db.Database.IsNpgsql())
        {
            // Row locks in one order (the contribution, then nodes by key) so concurrent approvals of siblings queue
            // on the shared ancestors instead of deadlocking; the row versions still catch anything else.
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM consolidation_contributions WHERE unit_id = {unitId} AND fiscal_year = {fiscalYear} FOR UPDATE", token);
        }
        var existing = await db.Contributions.FirstOrDefaultAsync(c => c.UnitId == unitId && c.FiscalYear == fiscalYear, token);
        if (existing is not null && existing.ReturnVersion >= version)
        {
            return false;
        }
        var next = Contribution.Of(unitId, fiscalYear, version, placement, row.ToSnapshot().Inputs,
            reference.TemplateFor(fiscalYear), reference.CodesFor(fiscalYear), reference.EliminationsFor(fiscalYear));
        var delta = Contribution.Delta(existing?.ToDomain(), next);
        var now = time.GetUtcNow();
        var revisions = await ApplyDeltaAsync(delta, fiscalYear, unitId, version, now, token);
        if (existing is null)
        {
            existing = new ContributionRow();
            db.Contributions.Add(existing);
        }
        existing.CopyFrom(next);
        existing.AppliedAt = now;
        db.AddEvent(new ConsolidationUpdated(fiscalYear, unitId, version, revisions.Select(r => r.Node.ToString()).ToList(), revisions.Select(r => r.Revision).ToList(), now), now);
        return true;
    }

    private async Task<List<(NodeKey Node, long Revision)>> ApplyDeltaAsync(
        Dictionary<NodeKey, Dictionary<CellKey, decimal>> delta, int fiscalYear, string unitId, int version, DateTimeOffset now, CancellationToken token)
    {
        var result = new List<(NodeKey, long)>();
        foreach (var (node, cells) in delta.OrderBy(d => d.Key.ToString(), StringComparer.Ordinal))
        {
            var kind = node.Kind.ToString();
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlInterpolatedAsync(
                    $"SELECT 1 FROM consolidated_nodes WHERE kind = {kind} AND node_id = {node.Id} AND fiscal_year = {fiscalYear} FOR UPDATE", token);
            }
            var row = await db.ConsolidatedNodes.FirstOrDefaultAsync(n => n.Kind == kind && n.NodeId == node.Id && n.FiscalYear == fiscalYear, token);
            if (row is null)
            {
                row = new ConsolidatedNodeRow { Kind = kind, NodeId = node.Id, FiscalYear = fiscalYear };
                db.ConsolidatedNodes.Add(row);
            }
            var sums = CellJson.Read(row.Cells);
            foreach (var (key, amount) in cells)
            {
                var value = sums.GetValueOrDefault(key) + amount;
                if (value == 0)
                {
                    sums.Remove(key);
                }
                else
                {
                    sums[key] = value;
                }
            }
            row.Cells = CellJson.Write(sums);
            row.Revision++;
            row.UpdatedAt = now;
            db.NodeChanges.Add(new NodeChangeRow
            {
                Kind = kind, NodeId = node.Id, FiscalYear = fiscalYear, Revision = row.Revision, UnitId = unitId, ReturnVersion = version,
                Deltas = CellJson.Write(cells), At = now,
            });
            result.Add((node, row.Revision));
        }
        return result;
    }

    /// <summary>
    /// Rebuilds every contribution and consolidated return of a fiscal year from the latest approved versions and the
    /// registry as of that year, streaming the returns (memory grows with the number of consolidated returns, not
    /// with the returns). Returns what differed from the stored sums: node, cell, stored, recomputed.
    /// </summary>
    public async Task<RecomputeResult> RecomputeAsync(int fiscalYear, CancellationToken token)
    {
        var template = reference.TemplateFor(fiscalYear);
        var codes = reference.CodesFor(fiscalYear);
        var eliminations = reference.EliminationsFor(fiscalYear);
        var roots = await RootsAsync(fiscalYear, token);
        var placements = new Dictionary<string, UnitPlacement>(StringComparer.Ordinal);
        foreach (var root in roots)
        {
            await foreach (var placement in units.PlacementsAsync(root, fiscalYear, token))
            {
                placements[placement.UnitId] = placement;
            }
        }

        var now = time.GetUtcNow();
        var sums = new Dictionary<NodeKey, Dictionary<CellKey, decimal>>();
        var unplaced = new List<string>();
        var contributions = 0;
        var nodes = 0;
        var strategy = db.Database.CreateExecutionStrategy();
        var differences = new List<RecomputeDifference>();
        await strategy.ExecuteAsync(async () =>
        {
            sums.Clear();
            unplaced.Clear();
            differences.Clear();
            contributions = 0;
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            await db.Contributions.Where(c => c.FiscalYear == fiscalYear).ExecuteDeleteAsync(token);
            var batch = new List<ContributionRow>();
            string? lastUnit = null;
            // Newest version first per unit: the first row of each unit is its latest approved version.
            await foreach (var row in db.Returns.AsNoTracking().Where(r => r.FiscalYear == fiscalYear && Final.Contains(r.State))
                .OrderBy(r => r.UnitId).ThenByDescending(r => r.ReturnVersion).AsAsyncEnumerable().WithCancellation(token))
            {
                if (row.UnitId == lastUnit)
                {
                    continue;
                }
                lastUnit = row.UnitId;
                if (!placements.TryGetValue(row.UnitId, out var placement))
                {
                    unplaced.Add(row.UnitId);
                    continue;
                }
                var contribution = Contribution.Of(row.UnitId, fiscalYear, row.ReturnVersion, placement, row.ToSnapshot().Inputs, template, codes, eliminations);
                foreach (var node in contribution.Nodes())
                {
                    var cells = sums.TryGetValue(node, out var c) ? c : sums[node] = [];
                    foreach (var (key, value) in contribution.Cells)
                    {
                        cells[key] = cells.GetValueOrDefault(key) + value;
                    }
                }
                var stored = new ContributionRow { AppliedAt = now };
                stored.CopyFrom(contribution);
                batch.Add(stored);
                contributions++;
                if (batch.Count == 500)
                {
                    await FlushAsync(batch, token);
                }
            }
            await FlushAsync(batch, token);

            var existing = await db.ConsolidatedNodes.Where(n => n.FiscalYear == fiscalYear).ToListAsync(token);
            foreach (var row in existing)
            {
                var recomputed = sums.Remove(row.Key, out var s) ? s.Where(p => p.Value != 0).ToDictionary() : [];
                var stored = CellJson.Read(row.Cells);
                var changed = Compare(row.Key, stored, recomputed, differences);
                if (changed.Count > 0)
                {
                    row.Cells = CellJson.Write(recomputed);
                    row.Revision++;
                    row.UpdatedAt = now;
                    db.NodeChanges.Add(new NodeChangeRow
                    {
                        Kind = row.Kind, NodeId = row.NodeId, FiscalYear = fiscalYear, Revision = row.Revision, UnitId = "", ReturnVersion = 0,
                        Deltas = CellJson.Write(changed), At = now,
                    });
                }
            }
            foreach (var (node, cells) in sums)
            {
                var recomputed = cells.Where(p => p.Value != 0).ToDictionary();
                var changed = Compare(node, [], recomputed, differences);
                db.ConsolidatedNodes.Add(new ConsolidatedNodeRow { Kind = node.Kind.ToString(), NodeId = node.Id, FiscalYear = fiscalYear, Cells = CellJson.Write(recomputed), Revision = 1, UpdatedAt = now });
                db.NodeChanges.Add(new NodeChangeRow
                {
                    Kind = node.Kind.ToString(), NodeId = node.Id, FiscalYear = fiscalYear, Revision = 1, UnitId = "", ReturnVersion = 0, Deltas = CellJson.Write(changed), At = now,
                });
            }
            nodes = existing.Count + sums.Count;
            await db.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
        });
        return new RecomputeResult(contributions, nodes, differences, unplaced);
    }

    /// <summary>The top regions of the units with approved returns in a fiscal year (what a recompute covers).</summary>
    public async Task<IReadOnlySet<string>> RootsAsync(int fiscalYear, CancellationToken token)
    {
        var roots = new HashSet<string>(StringComparer.Ordinal);
        foreach (var region in await db.Returns.AsNoTracking().Where(r => r.FiscalYear == fiscalYear && Final.Contains(r.State)).Select(r => r.RegionCode).Distinct().ToListAsync(token))
        {
            roots.Add((await units.RegionPathAsync(region, token))[^1]);
        }
        return roots;
    }

    public async Task<ConsolidatedNodeRow?> FindNodeAsync(NodeKey node, int fiscalYear, CancellationToken token)
    {
        var kind = node.Kind.ToString();
        return await db.ConsolidatedNodes.AsNoTracking().FirstOrDefaultAsync(n => n.Kind == kind && n.NodeId == node.Id && n.FiscalYear == fiscalYear, token);
    }

    /// <summary>The contributions under a consolidated return (a department's units; every unit below a region).</summary>
    public IAsyncEnumerable<ContributionRow> ContributionsUnder(NodeKey node, int fiscalYear)
    {
        var query = db.Contributions.AsNoTracking().Where(c => c.FiscalYear == fiscalYear);
        query = node.Kind == NodeKind.Department
            ? query.Where(c => c.DepartmentId == node.Id)
            : query.Where(c => ("/" + c.RegionPath + "/").Contains("/" + node.Id + "/"));
        return query.OrderBy(c => c.UnitId).AsAsyncEnumerable();
    }

    /// <summary>The cells changed after <paramref name="sinceRevision"/>, and optionally records the current revision as seen.</summary>
    public async Task<(long LastViewed, IReadOnlyList<string> Changed)> ChangesSinceViewedAsync(string subject, NodeKey node, int fiscalYear, long currentRevision, bool markViewed, CancellationToken token)
    {
        var kind = node.Kind.ToString();
        var view = await db.NodeViews.FirstOrDefaultAsync(v => v.Subject == subject && v.Kind == kind && v.NodeId == node.Id && v.FiscalYear == fiscalYear, token);
        var since = view?.SeenRevision ?? 0;
        var deltas = await db.NodeChanges.AsNoTracking()
            .Where(c => c.Kind == kind && c.NodeId == node.Id && c.FiscalYear == fiscalYear && c.Revision > since)
            .Select(c => c.Deltas).ToListAsync(token);
        var changed = deltas.SelectMany(d => CellJson.Read(d).Keys).Select(k => k.ToString()).Distinct().Order(StringComparer.Ordinal).ToList();
        if (markViewed && currentRevision > since)
        {
            if (view is null)
            {
                db.NodeViews.Add(new NodeViewRow { Subject = subject, Kind = kind, NodeId = node.Id, FiscalYear = fiscalYear, SeenRevision = currentRevision });
            }
            else
            {
                view.SeenRevision = currentRevision;
            }
            await db.SaveChangesAsync(token);
        }
        return (since, changed);
    }

    private async Task FlushAsync(List<ContributionRow> batch, CancellationToken token)
    {
        db.Contributions.AddRange(batch);
        await db.SaveChangesAsync(token);
        db.ChangeTracker.Clear();
        batch.Clear();
    }

    private static Dictionary<CellKey, decimal> Compare(NodeKey node, Dictionary<CellKey, decimal> stored, Dictionary<CellKey, decimal> recomputed, List<RecomputeDifference> differences)
    {
        var changed = new Dictionary<CellKey, decimal>();
        foreach (var key in stored.Keys.Union(recomputed.Keys))
        {
            var before = stored.GetValueOrDefault(key);
            var after = recomputed.GetValueOrDefault(key);
            if (before != after)
            {
                changed[key] = after - before;
                differences.Add(new RecomputeDifference(node, key, before, after));
            }
        }
        return changed;
    }
}

internal sealed record RecomputeDifference(NodeKey Node, CellKey Cell, decimal Stored, decimal Recomputed);

internal sealed record RecomputeResult(int Contributions, int Nodes, IReadOnlyList<RecomputeDifference> Differences, IReadOnlyList<string> Unplaced);
