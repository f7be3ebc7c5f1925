using Grpc.Core;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Platform.Accounts.Domain.Consolidation;
using Platform.Accounts.Domain.ReferenceData;
using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Host.Persistence;
using Platform.Accounts.Host.Units;
using Platform.Events.V1;
using Platform.Domain;
using Platform.Messaging;

namespace Platform.Accounts.Host.Consolidation;

/// <summary>
/// Consolidated returns kept exact as approvals arrive. Each unit contributes its latest approved version once; an
/// approval replaces the unit's contribution and changes every consolidated return above it by the difference
/// (<see cref="Contribution.Delta"/>). A full recompute rebuilds the same sums from the returns and reports any
/// difference it finds, which must be none.
/// </summary>
internal sealed partial class ConsolidationStore(AccountsDbContext db, ReferenceDataSet reference, IUnitDirectory units, TimeProvider time, ILogger<ConsolidationStore> logger)
{
    private static readonly string[] Final = [nameof(ReturnState.Approved), nameof(ReturnState.Published)];

    /// <summary>PostgreSQL advisory lock space of consolidation (pg_advisory_xact_lock(class, fiscal year)).</summary>
    private const int YearLockClass = 5_0000_5;

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
            // Approvals share the year's lock (a recompute holds it alone), then take row locks in one order (the
            // contribution, then nodes by key) so concurrent approvals of siblings queue on the shared ancestors
            // instead of deadlocking; the row versions still catch anything else.
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock_shared({YearLockClass}, {fiscalYear})", token);
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM consolidation_contributions WHERE unit_id = {unitId} AND fiscal_year = {fiscalYear} FOR UPDATE", token);
        }
        var existing = await db.Contributions.FirstOrDefaultAsync(c => c.UnitId == unitId && c.FiscalYear == fiscalYear, token);
        if (existing is not null && existing.ReturnVersion >= version)
        {
            return false;
        }
        var scheme = reference.ConsolidationFor(fiscalYear);
        var next = scheme.Of(unitId, version, placement, CellJson.Read(row.Inputs));
        var previous = existing is null ? null : existing.ToDomain(scheme, await InputsAsync(unitId, fiscalYear, existing.ReturnVersion, token));
        var delta = Contribution.Delta(previous, next);
        var now = time.GetUtcNow();
        var revisions = await ApplyDeltaAsync(delta, RegionsOf(next, previous), fiscalYear, unitId, version, now, token);
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

    /// <summary>The region each consolidated return belongs to: a department's region, or the region itself.</summary>
    private static Dictionary<NodeKey, string> RegionsOf(params Contribution?[] contributions)
    {
        var regions = new Dictionary<NodeKey, string>();
        foreach (var c in contributions)
        {
            if (c is not null)
            {
                regions.TryAdd(NodeKey.Department(c.Placement.DepartmentId), c.Placement.RegionPath[0]);
                foreach (var region in c.Placement.RegionPath)
                {
                    regions.TryAdd(NodeKey.Region(region), region);
                }
            }
        }
        return regions;
    }

    private async Task<List<(NodeKey Node, long Revision)>> ApplyDeltaAsync(
        Dictionary<NodeKey, Dictionary<CellKey, decimal>> delta, Dictionary<NodeKey, string> regions, int fiscalYear, string unitId, int version,
        DateTimeOffset now, CancellationToken token)
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
            row.RegionCode = regions[node];
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

    /// <summary>The inputs of a stored return version (approved versions never change).</summary>
    public async Task<Dictionary<CellKey, decimal>> InputsAsync(string unitId, int fiscalYear, int version, CancellationToken token)
    {
        var inputs = await db.Returns.AsNoTracking().Where(r => r.UnitId == unitId && r.FiscalYear == fiscalYear && r.ReturnVersion == version)
            .Select(r => r.Inputs).FirstOrDefaultAsync(token)
            ?? throw new InvalidOperationException($"Return {unitId}/{fiscalYear}/v{version}, applied to consolidation, is not stored.");
        return CellJson.Read(inputs);
    }

    /// <summary>
    /// Rebuilds every contribution and consolidated return of a fiscal year from the latest approved versions and the
    /// registry as of that year, and returns what differed from the stored sums: node, cell, stored, recomputed.
    /// Returns are read in batches (unit, version and inputs only), turned into contributions on every core and added
    /// to their department's sum, then dropped: memory grows with the departments' sums, never with the returns.
    /// Regions are then rolled up from their departments and sub-regions, bottom up. A stored contribution is
    /// rewritten only when its version, placement or eliminations changed, so a verifying run writes nothing.
    /// </summary>
    public async Task<RecomputeResult> RecomputeAsync(int fiscalYear, CancellationToken token)
    {
        var scheme = reference.ConsolidationFor(fiscalYear);
        var clock = Stopwatch.StartNew();
        TimeSpan placed = default, summed = default, rolled = default;
        var placements = new Dictionary<string, UnitPlacement>(StringComparer.Ordinal);
        foreach (var root in await RootsAsync(fiscalYear, token))
        {
            await foreach (var placement in units.PlacementsAsync(root, fiscalYear, token))
            {
                placements[placement.UnitId] = placement;
            }
        }

        placed = clock.Elapsed;
        var now = time.GetUtcNow();
        var departments = new Dictionary<string, Dictionary<CellKey, decimal>>(StringComparer.Ordinal);
        var departmentPaths = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var unplaced = new List<string>();
        var differences = new DifferenceLog();
        var contributions = 0;
        var nodes = 0;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            departments.Clear();
            departmentPaths.Clear();
            unplaced.Clear();
            differences.Clear();
            contributions = 0;
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            if (db.Database.IsNpgsql())
            {
                // The year alone: approvals arriving meanwhile wait (seconds) and then apply on top of the recomputed
                // sums. Without it an approval committed between the read of the returns and the write of the sums
                // would be in the contributions but not in the totals.
                await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock({YearLockClass}, {fiscalYear})", token);
            }
            var stored = await db.Contributions.AsNoTracking().Where(c => c.FiscalYear == fiscalYear).ToDictionaryAsync(c => c.UnitId, StringComparer.Ordinal, token);
            var changed = new List<ContributionRow>();
            await foreach (var contribution in BuildContributionsAsync(fiscalYear, scheme, placements, unplaced, token))
            {
                var department = contribution.Placement.DepartmentId;
                if (!departments.TryGetValue(department, out var total))
                {
                    departments[department] = total = [];
                    departmentPaths[department] = contribution.Placement.RegionPath;
                }
                AddInto(total, contribution.Cells);
                contributions++;
                var fresh = new ContributionRow { AppliedAt = now };
                fresh.CopyFrom(contribution);
                if (!stored.Remove(fresh.UnitId, out var was) || !was.SameAs(fresh))
                {
                    changed.Add(fresh);
                }
            }
            // Rewritten after the read (one connection): what changed (small rows: version, placement, eliminations).
            await ReplaceContributionsAsync(fiscalYear, changed.Select(c => c.UnitId).ToList(), changed, token);
            // What no longer contributes: no approved version any more, or not placed in that year.
            await ReplaceContributionsAsync(fiscalYear, stored.Keys.ToList(), [], token);
            summed = clock.Elapsed;

            var sums = new Dictionary<NodeKey, Dictionary<CellKey, decimal>>();
            var regions = new Dictionary<NodeKey, string>();
            foreach (var (department, cells) in departments)
            {
                sums[NodeKey.Department(department)] = cells;
                regions[NodeKey.Department(department)] = departmentPaths[department][0];
            }
            foreach (var (node, cells) in RollUpRegions(departments, departmentPaths))
            {
                sums[node] = cells;
                regions[node] = node.Id;
            }
            rolled = clock.Elapsed;
            nodes = await WriteNodesAsync(fiscalYear, sums, regions, differences, now, token);
            await transaction.CommitAsync(token);
        });
        LogRecomputed(fiscalYear, contributions, nodes, differences.Count, (long)placed.TotalMilliseconds, (long)(summed - placed).TotalMilliseconds,
            (long)(rolled - summed).TotalMilliseconds, (long)(clock.Elapsed - rolled).TotalMilliseconds);
        return new RecomputeResult(contributions, nodes, differences.Count, differences.Listed, unplaced);
    }

    /// <summary>
    /// Each unit's latest approved version of the year as its contribution, in no particular order. One query streams
    /// the returns (unit, version, inputs only; the newest version of each unit first) while workers on every core turn
    /// them into contributions, so reading and computing overlap; bounded channels keep at most a few hundred returns
    /// in memory. Units the registry does not place in the year are collected in <paramref name="unplaced"/>.
    /// </summary>
    private async IAsyncEnumerable<Contribution> BuildContributionsAsync(
        int fiscalYear, ContributionScheme scheme, Dictionary<string, UnitPlacement> placements, List<string> unplaced,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token)
    {
        var returns = Channel.CreateBounded<(string UnitId, int Version, string Inputs)>(new BoundedChannelOptions(256) { SingleWriter = true });
        var built = Channel.CreateBounded<Contribution>(new BoundedChannelOptions(256) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        var reading = Task.Run(async () =>
        {
            try
            {
                string? last = null;
                await foreach (var row in db.Returns.AsNoTracking().Where(r => r.FiscalYear == fiscalYear && Final.Contains(r.State))
                    .OrderBy(r => r.UnitId).ThenByDescending(r => r.ReturnVersion)
                    .Select(r => new { r.UnitId, r.ReturnVersion, r.Inputs })
                    .AsAsyncEnumerable().WithCancellation(stop.Token))
                {
                    if (row.UnitId == last)
                    {
                        continue;
                    }
                    last = row.UnitId;
                    if (placements.ContainsKey(row.UnitId))
                    {
                        await returns.Writer.WriteAsync((row.UnitId, row.ReturnVersion, row.Inputs), stop.Token);
                    }
                    else
                    {
                        unplaced.Add(row.UnitId);
                    }
                }
                returns.Writer.Complete();
            }
            catch (Exception e)
            {
                returns.Writer.Complete(e);
            }
        }, CancellationToken.None);
        var workers = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => Task.Run(async () =>
        {
            await foreach (var r in returns.Reader.ReadAllAsync(stop.Token))
            {
                await built.Writer.WriteAsync(scheme.Of(r.UnitId, r.Version, placements[r.UnitId], CellJson.Read(r.Inputs)), stop.Token);
            }
        }, CancellationToken.None)).ToArray();
        var building = Task.WhenAll(workers).ContinueWith(t => built.Writer.Complete(t.Exception?.InnerException), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            await foreach (var contribution in built.Reader.ReadAllAsync(stop.Token))
            {
                yield return contribution;
            }
        }
        finally
        {
            // On any failure (or the consumer stopping early) the reader and the workers stop too, and are awaited, so
            // nothing touches the database connection after this returns.
            stop.Cancel();
            await Task.WhenAll(workers.Append(reading).Append(building)).ContinueWith(_ => { }, CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Region totals from department totals: each department into its own region, then each region into its parent,
    /// deepest first. Same sums as adding every contribution to every region on its path, with far fewer additions.
    /// </summary>
    private static Dictionary<NodeKey, Dictionary<CellKey, decimal>> RollUpRegions(
        Dictionary<string, Dictionary<CellKey, decimal>> departments, Dictionary<string, IReadOnlyList<string>> paths)
    {
        var parents = new Dictionary<string, string?>(StringComparer.Ordinal);
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var path in paths.Values)
        {
            for (var i = 0; i < path.Count; i++)
            {
                parents[path[i]] = i + 1 < path.Count ? path[i + 1] : null;
                depth[path[i]] = path.Count - i;
            }
        }
        var regions = parents.Keys.ToDictionary(r => r, _ => new Dictionary<CellKey, decimal>(), StringComparer.Ordinal);
        foreach (var (department, cells) in departments)
        {
            Add(regions[paths[department][0]], cells);
        }
        foreach (var region in depth.OrderByDescending(d => d.Value).Select(d => d.Key))
        {
            if (parents[region] is { } parent)
            {
                Add(regions[parent], regions[region]);
            }
        }
        return regions.ToDictionary(r => NodeKey.Region(r.Key), r => r.Value);

        static void Add(Dictionary<CellKey, decimal> into, Dictionary<CellKey, decimal> cells) => AddInto(into, cells);
    }

    // Fully optimized from the first call (see CellJson.Read): the recompute's summation loop.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddInto(Dictionary<CellKey, decimal> into, IReadOnlyDictionary<CellKey, decimal> cells)
    {
        if (cells is Dictionary<CellKey, decimal> concrete)
        {
            foreach (var (key, value) in concrete)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(into, key, out _) += value;
            }
            return;
        }
        foreach (var (key, value) in cells)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(into, key, out _) += value;
        }
    }

    /// <summary>
    /// Compares the recomputed sums with the stored consolidated returns and writes what differs. A consolidated
    /// return that did not exist is created without a change record: to someone who never viewed it, all of it is new.
    /// </summary>
    private async Task<int> WriteNodesAsync(int fiscalYear, Dictionary<NodeKey, Dictionary<CellKey, decimal>> sums, Dictionary<NodeKey, string> regions,
        DifferenceLog differences, DateTimeOffset now, CancellationToken token)
    {
        var existing = await db.ConsolidatedNodes.Where(n => n.FiscalYear == fiscalYear).ToListAsync(token);
        foreach (var row in existing)
        {
            var recomputed = sums.Remove(row.Key, out var s) ? s.Where(p => p.Value != 0).ToDictionary() : [];
            if (regions.TryGetValue(row.Key, out var region))
            {
                row.RegionCode = region;
            }
            var moved = Compare(row.Key, CellJson.Read(row.Cells), recomputed, differences);
            if (moved.Count > 0)
            {
                row.Cells = CellJson.Write(recomputed);
                row.Revision++;
                row.UpdatedAt = now;
                db.NodeChanges.Add(new NodeChangeRow
                {
                    Kind = row.Kind, NodeId = row.NodeId, FiscalYear = fiscalYear, Revision = row.Revision, UnitId = "", ReturnVersion = 0,
                    Deltas = CellJson.Write(moved), At = now,
                });
            }
        }
        await db.SaveChangesAsync(token);
        db.ChangeTracker.Clear();
        // New consolidated returns in chunks: their text is made on every core, then copied in, so only one chunk's
        // text is in memory at a time.
        var created = 0;
        var connection = db.Database.GetDbConnection() as NpgsqlConnection;
        await using var copy = connection is null ? null : await connection.BeginBinaryImportAsync(
            "COPY consolidated_nodes (kind, node_id, fiscal_year, region_code, cells, revision, updated_at, row_version) FROM STDIN (FORMAT BINARY)", token);
        foreach (var chunk in sums.Chunk(256))
        {
            var rows = chunk.AsParallel().AsOrdered().Select(p => new ConsolidatedNodeRow
            {
                Kind = p.Key.Kind.ToString(), NodeId = p.Key.Id, FiscalYear = fiscalYear, RegionCode = regions[p.Key],
                Cells = CellJson.Write(p.Value.Where(c => c.Value != 0)), Revision = 1, UpdatedAt = now,
            }).ToList();
            foreach (var (row, (node, cells)) in rows.Zip(chunk))
            {
                // Every cell of a new consolidated return is a difference from nothing.
                foreach (var (cell, value) in cells)
                {
                    if (value != 0)
                    {
                        differences.Add(node, cell, 0, value);
                    }
                }
                if (copy is not null)
                {
                    // COPY: a region's first consolidation creates thousands of consolidated returns at once.
                    await copy.StartRowAsync(token);
                    await copy.WriteAsync(row.Kind, NpgsqlDbType.Text, token);
                    await copy.WriteAsync(row.NodeId, NpgsqlDbType.Text, token);
                    await copy.WriteAsync(row.FiscalYear, NpgsqlDbType.Integer, token);
                    await copy.WriteAsync(row.RegionCode, NpgsqlDbType.Text, token);
                    await copy.WriteAsync(row.Cells, NpgsqlDbType.Text, token);
                    await copy.WriteAsync(row.Revision, NpgsqlDbType.Bigint, token);
                    await copy.WriteAsync(row.UpdatedAt, NpgsqlDbType.TimestampTz, token);
                    await copy.WriteAsync(row.Version, NpgsqlDbType.Bigint, token);
                }
            }
            if (copy is null)
            {
                db.ConsolidatedNodes.AddRange(rows);
                await db.SaveChangesAsync(token);
                db.ChangeTracker.Clear();
            }
            created += rows.Count;
        }
        if (copy is not null)
        {
            await copy.CompleteAsync(token);
        }
        return existing.Count + created;
    }

    private const int RecomputeBatch = 2000;

    [LoggerMessage(Level = LogLevel.Information, Message = "Recomputed {FiscalYear}: {Contributions} contributions, {Nodes} consolidated returns, {Differences} differences; placements {PlacementsMs} ms, returns {ReturnsMs} ms, roll-up {RollUpMs} ms, consolidated returns {NodesMs} ms")]
    private partial void LogRecomputed(int fiscalYear, int contributions, int nodes, int differences, long placementsMs, long returnsMs, long rollUpMs, long nodesMs);

    /// <summary>Deletes the contributions of <paramref name="unitIds"/> and inserts <paramref name="rows"/>, in the open transaction.</summary>
    private async Task ReplaceContributionsAsync(int fiscalYear, List<string> unitIds, List<ContributionRow> rows, CancellationToken token)
    {
        foreach (var chunk in unitIds.Chunk(1000))
        {
            await db.Contributions.Where(c => c.FiscalYear == fiscalYear && chunk.Contains(c.UnitId)).ExecuteDeleteAsync(token);
        }
        if (rows.Count == 0)
        {
            return;
        }
        if (db.Database.GetDbConnection() is NpgsqlConnection connection)
        {
            // COPY, not INSERTs: a first consolidation of a region writes tens of thousands of contributions, and
            // row-by-row inserts would cost more than computing them. Same columns as the entity (ConsolidationModel).
            await using var copy = await connection.BeginBinaryImportAsync(
                "COPY consolidation_contributions (unit_id, fiscal_year, return_version, department_id, parent_id, region_path, eliminations, applied_at, row_version) FROM STDIN (FORMAT BINARY)", token);
            foreach (var row in rows)
            {
                await copy.StartRowAsync(token);
                await copy.WriteAsync(row.UnitId, NpgsqlDbType.Text, token);
                await copy.WriteAsync(row.FiscalYear, NpgsqlDbType.Integer, token);
                await copy.WriteAsync(row.ReturnVersion, NpgsqlDbType.Integer, token);
                await copy.WriteAsync(row.DepartmentId, NpgsqlDbType.Text, token);
                if (row.ParentId is null)
                {
                    await copy.WriteNullAsync(token);
                }
                else
                {
                    await copy.WriteAsync(row.ParentId, NpgsqlDbType.Text, token);
                }
                await copy.WriteAsync(row.RegionPath, NpgsqlDbType.Text, token);
                await copy.WriteAsync(row.Eliminations, NpgsqlDbType.Text, token);
                await copy.WriteAsync(row.AppliedAt, NpgsqlDbType.TimestampTz, token);
                await copy.WriteAsync(row.Version, NpgsqlDbType.Bigint, token);
            }
            await copy.CompleteAsync(token);
            return;
        }
        db.Contributions.AddRange(rows);
        await db.SaveChangesAsync(token);
        db.ChangeTracker.Clear();
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

    /// <summary>The stored contributions of a department's units (what was applied, without cells).</summary>
    public Task<List<ContributionRow>> ContributionRowsOfAsync(string departmentId, int fiscalYear, CancellationToken token) =>
        db.Contributions.AsNoTracking().Where(c => c.FiscalYear == fiscalYear && c.DepartmentId == departmentId).OrderBy(c => c.UnitId).ToListAsync(token);

    /// <summary>A department's contributions as applied, rebuilt from their return versions (a department has a few dozen units).</summary>
    public async Task<List<Contribution>> ContributionsOfAsync(string departmentId, int fiscalYear, CancellationToken token)
    {
        var rows = await ContributionRowsOfAsync(departmentId, fiscalYear, token);
        var ids = rows.Select(r => r.UnitId).ToList();
        var inputs = (await db.Returns.AsNoTracking().Where(r => r.FiscalYear == fiscalYear && ids.Contains(r.UnitId))
                .Select(r => new { r.UnitId, r.ReturnVersion, r.Inputs }).ToListAsync(token))
            .ToDictionary(r => (r.UnitId, r.ReturnVersion), r => r.Inputs);
        var scheme = reference.ConsolidationFor(fiscalYear);
        return rows.Select(r => r.ToDomain(scheme, CellJson.Read(inputs[(r.UnitId, r.ReturnVersion)]))).ToList();
    }

    public Task<int> CountContributionsUnderAsync(NodeKey node, int fiscalYear, CancellationToken token) =>
        ContributionQuery(node, fiscalYear).CountAsync(token);

    /// <summary>
    /// The contributions under a node imported from publications, with their placement (few: a filed year has none).
    /// </summary>
    public async Task<List<PlacedPublication>> PublicationsUnderAsync(NodeKey node, int fiscalYear, CancellationToken token)
    {
        var publication = nameof(ReturnSource.Publication);
        var rows = await db.Returns.AsNoTracking().Where(r => r.FiscalYear == fiscalYear && r.Source == publication)
            .Join(ContributionQuery(node, fiscalYear), r => new { r.UnitId, r.ReturnVersion }, c => new { c.UnitId, c.ReturnVersion },
                (r, c) => new { r.UnitId, c.DepartmentId, c.RegionPath, r.Inputs })
            .ToListAsync(token);
        return [.. rows.Select(r => new PlacedPublication(r.UnitId, r.DepartmentId, r.RegionPath, CellJson.Read(r.Inputs)))];
    }

    /// <summary>
    /// What adds up to a region's consolidated return, one level down: the departments of the region itself and the
    /// regions directly below it (by the registry's region tree, not by code shape: 659001 sits directly under 650000).
    /// </summary>
    public async Task<List<ConsolidatedNodeRow>> ChildrenOfRegionAsync(string regionCode, int fiscalYear, CancellationToken token)
    {
        // Only the children's cells are read: the region's own departments by their region, then the regions one
        // level down, chosen by id first (a province has a few hundred regions, and tens of thousands of cells).
        var departments = await NodesIn(regionCode, fiscalYear, NodeKind.Department, null).Where(n => n.RegionCode == regionCode).ToListAsync(token);
        var below = new List<string>();
        foreach (var id in await NodesIn(regionCode, fiscalYear, NodeKind.Region, null).Select(n => n.NodeId).ToListAsync(token))
        {
            if (id != regionCode && await units.RegionPathAsync(id, token) is { Count: > 1 } path && path[1] == regionCode)
            {
                below.Add(id);
            }
        }
        var regions = below.Count == 0 ? []
            : await NodesIn(regionCode, fiscalYear, NodeKind.Region, null).Where(n => below.Contains(n.NodeId)).ToListAsync(token);
        return [.. departments, .. regions];
    }

    private IQueryable<ContributionRow> ContributionQuery(NodeKey node, int fiscalYear)
    {
        var query = db.Contributions.AsNoTracking().Where(c => c.FiscalYear == fiscalYear);
        return node.Kind == NodeKind.Department
            ? query.Where(c => c.DepartmentId == node.Id)
            : query.Where(c => ("/" + c.RegionPath + "/").Contains("/" + node.Id + "/"));
    }

    /// <summary>
    /// The consolidated returns of a jurisdiction (the region's own, its sub-regions', their departments') in key
    /// order after <paramref name="after"/> (keyset: kind, then id).
    /// </summary>
    public IQueryable<ConsolidatedNodeRow> NodesIn(string regionCode, int fiscalYear, NodeKind? kind, (string Kind, string Id)? after)
    {
        var prefix = Jurisdiction.SignificantPrefix(regionCode);
        var query = db.ConsolidatedNodes.AsNoTracking().Where(n => n.FiscalYear == fiscalYear && n.RegionCode.StartsWith(prefix));
        if (kind is { } k)
        {
            var name = k.ToString();
            query = query.Where(n => n.Kind == name);
        }
        if (after is { } position)
        {
            var (afterKind, afterId) = position;
            query = query.Where(n => string.Compare(n.Kind, afterKind) > 0 || (n.Kind == afterKind && string.Compare(n.NodeId, afterId) > 0));
        }
        return query.OrderBy(n => n.Kind).ThenBy(n => n.NodeId);
    }

    /// <summary>Each unit's standing for the year (<see cref="ReturnStanding"/>), for the units asked that have a return.</summary>
    public Task<Dictionary<string, (ReturnState State, bool Late, bool CorrectionOpen)>> LatestStatesAsync(IReadOnlyCollection<string> unitIds, int fiscalYear, CancellationToken token) =>
        db.StandingsAsync(unitIds, fiscalYear, token);

    /// <summary>
    /// The units with a submitted return of the year stored under the region or one below it (the region it was handed in
    /// from) that are not among <paramref name="listed"/>, by unit id, with its late flag (the region, year and state index).
    /// </summary>
    public async Task<List<(string UnitId, bool Late)>> SubmittedOutsideAsync(string regionCode, int fiscalYear, IReadOnlySet<string> listed, CancellationToken token)
    {
        var prefix = Jurisdiction.SignificantPrefix(regionCode);
        var submitted = await db.Returns.AsNoTracking()
            .Where(r => r.FiscalYear == fiscalYear && r.State == nameof(ReturnState.Submitted) && r.RegionCode.StartsWith(prefix))
            .Select(r => new { r.UnitId, r.RegionCode, r.Late }).ToListAsync(token);
        return [.. submitted.Where(r => Jurisdiction.Covers(regionCode, r.RegionCode) && !listed.Contains(r.UnitId))
            .OrderBy(r => r.UnitId, StringComparer.Ordinal).Select(r => (r.UnitId, r.Late))];
    }

    /// <summary>The consolidated returns of a jurisdiction whose revision is past what <paramref name="subject"/> last viewed.</summary>
    public async Task<List<(NodeKey Node, long Revision, long Seen)>> UnviewedAsync(string subject, string regionCode, int fiscalYear, CancellationToken token)
    {
        var seen = (await db.NodeViews.AsNoTracking().Where(v => v.Subject == subject && v.FiscalYear == fiscalYear).ToListAsync(token))
            .ToDictionary(v => (v.Kind, v.NodeId), v => v.SeenRevision);
        var nodes = await NodesIn(regionCode, fiscalYear, null, null).Select(n => new { n.Kind, n.NodeId, n.Revision }).ToListAsync(token);
        return nodes.Select(n => (Node: new NodeKey(Enum.Parse<NodeKind>(n.Kind), n.NodeId), n.Revision, Seen: seen.GetValueOrDefault((n.Kind, n.NodeId))))
            .Where(n => n.Revision > n.Seen).ToList();
    }

    /// <summary>
    /// The cells changed since <paramref name="subject"/> last viewed the consolidated return (every cell it has, to
    /// someone who never viewed it), and optionally records the current revision as seen.
    /// </summary>
    public async Task<(long LastViewed, IReadOnlyList<string> Changed)> ChangesSinceViewedAsync(
        string subject, NodeKey node, int fiscalYear, long currentRevision, IEnumerable<CellKey> currentCells, bool markViewed, CancellationToken token)
    {
        var kind = node.Kind.ToString();
        var view = await db.NodeViews.FirstOrDefaultAsync(v => v.Subject == subject && v.Kind == kind && v.NodeId == node.Id && v.FiscalYear == fiscalYear, token);
        var since = view?.SeenRevision ?? 0;
        IEnumerable<CellKey> moved = currentCells;
        if (since > 0)
        {
            var deltas = await db.NodeChanges.AsNoTracking()
                .Where(c => c.Kind == kind && c.NodeId == node.Id && c.FiscalYear == fiscalYear && c.Revision > since)
                .Select(c => c.Deltas).ToListAsync(token);
            moved = deltas.SelectMany(d => CellJson.Read(d).Keys);
        }
        var changed = moved.Select(k => k.ToString()).Distinct().Order(StringComparer.Ordinal).ToList();
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Dictionary<CellKey, decimal> Compare(NodeKey node, Dictionary<CellKey, decimal> stored, Dictionary<CellKey, decimal> recomputed, DifferenceLog differences)
    {
        var changed = new Dictionary<CellKey, decimal>();
        foreach (var key in stored.Keys.Union(recomputed.Keys))
        {
            var before = stored.GetValueOrDefault(key);
            var after = recomputed.GetValueOrDefault(key);
            if (before != after)
            {
                changed[key] = after - before;
                differences.Add(node, key, before, after);
            }
        }
        return changed;
    }
}

internal sealed record RecomputeDifference(NodeKey Node, CellKey Cell, decimal Stored, decimal Recomputed);

internal sealed record RecomputeResult(int Contributions, int Nodes, int DifferenceCount, IReadOnlyList<RecomputeDifference> Differences, IReadOnlyList<string> Unplaced);

/// <summary>
/// Every difference a recompute finds is counted; the first <see cref="MaxListed"/> are kept to show. A region's first
/// consolidation "differs" in every cell of thousands of consolidated returns, and nobody reads those line by line.
/// </summary>
internal sealed class DifferenceLog
{
    public const int MaxListed = 1000;
    private readonly List<RecomputeDifference> _listed = [];

    public int Count { get; private set; }

    public IReadOnlyList<RecomputeDifference> Listed => _listed;

    public void Add(NodeKey node, CellKey cell, decimal stored, decimal recomputed)
    {
        Count++;
        if (_listed.Count < MaxListed)
        {
            _listed.Add(new RecomputeDifference(node, cell, stored, recomputed));
        }
    }

    /// <summary>Forgets everything (a retried transaction starts over).</summary>
    public void Clear()
    {
        Count = 0;
        _listed.Clear();
    }
}
