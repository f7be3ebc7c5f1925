using Grpc.Core;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Platform.Accounts.Domain;
using Platform.Accounts.Domain.Consolidation;
using Platform.Accounts.Domain.ReferenceData;
using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Host.Consolidation;
using Platform.Accounts.Host.Assets;
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
internal sealed class ConsolidationHandler(ReferenceDataSet reference, ConsolidationStore store, IUnitDirectory directory, LateAssetFindings late, TimeProvider time)
    : Platform.Accounts.V1.Consolidation.ConsolidationBase
{
    public override async Task<ConsolidatedReturn> GetConsolidated(GetConsolidatedRequest request, ServerCallContext context)
    {
        var (node, year) = await AuthorizeReadAsync(request.Node, context);
        var row = await store.FindNodeAsync(node, year, context.CancellationToken);
        var inputs = row is null ? [] : CellJson.Read(row.Cells);
        var template = reference.TemplateFor(year);
        var codes = reference.CodesFor(year);
        // Consolidated sums of 分-exact returns are themselves exact: validated at the filed rounding unit.
        var publications = PlacedPublication.Under(await store.PublicationsUnderAsync(node, year, context.CancellationToken), node);
        var cells = reference.ConsolidationFor(year).Consolidated(inputs, publications);
        var response = new ConsolidatedReturn { Node = request.Node, Revision = row?.Revision ?? 0, PublishedContributions = publications.Count };
        var scheme = reference.ConsolidationFor(year);
        response.Inputs.AddRange(inputs.Where(p => scheme.IsAdditive(p.Key)).OrderBy(p => p.Key.ToString(), StringComparer.Ordinal)
            .Select(p => new CellValue { Cell = p.Key.ToString(), Value = CellSet.Format(p.Value) }));
        response.Carried.AddRange(inputs.Where(p => !scheme.IsAdditive(p.Key)).OrderBy(p => p.Key.ToString(), StringComparer.Ordinal)
            .Select(p => new CellValue { Cell = p.Key.ToString(), Value = CellSet.Format(p.Value) }));
        response.Cells.AddRange(cells.Values.OrderBy(p => p.Key.ToString(), StringComparer.Ordinal).Select(p => new CellValue { Cell = p.Key.ToString(), Value = CellSet.Format(p.Value) }));
        if (node.Kind == NodeKind.Department)
        {
            // A department's eliminations are listed line by line; a region's are inside its departments' figures.
            foreach (var contribution in await store.ContributionRowsOfAsync(node.Id, year, context.CancellationToken))
            {
                response.ContributingUnits++;
                response.Eliminations.AddRange(contribution.EliminationLines().Select(l => new V1.EliminationLine
                {
                    PairId = l.PairId, UnitId = l.UnitId, CounterpartId = l.CounterpartId, Cell = l.Cell.ToString(), Amount = CellSet.Format(l.Amount),
                }));
            }
        }
        else
        {
            response.ContributingUnits = await store.CountContributionsUnderAsync(node, year, context.CancellationToken);
        }
        // The same rules as a unit's return (no prior year here, so the year-on-year rules stay silent) — over something
        // consolidated: a jurisdiction with nothing approved yet has no figures to be wrong (an empty one reported "收入各项均未填报").
        if (response.ContributingUnits + response.PublishedContributions > 0)
        {
            response.Findings.AddRange(reference.RulesFor(year, node.Kind == NodeKind.Region ? node.Id : "").Evaluate(cells, consolidated: true)
                .Select(f => ProtoMapping.ToProto(f, false, null)));
        }
        var (lastViewed, changed) = await store.ChangesSinceViewedAsync(context.Caller.Subject, node, year, response.Revision, inputs.Keys, request.MarkViewed, context.CancellationToken);
        response.LastViewedRevision = lastViewed;
        response.ChangedSinceLastViewed.AddRange(changed);
        return response;
    }

    public override async Task<DrillThroughResponse> DrillThrough(DrillThroughRequest request, ServerCallContext context)
    {
        var (node, year) = await AuthorizeReadAsync(request.Node, context);
        var cell = CellOfTemplate(request.Cell, year, "cell");
        var response = new DrillThroughResponse { Cell = cell.ToString() };
        var total = 0m;
        // Any cell drills through, computed ones too (a total, a 类 sum): each contributor's figure is its own cell, worked
        // out from its inputs by the year's template exactly as its consolidated return works it out.
        // A contributor holding imported publications that did not print the cell (nor what it derives from) has no figure
        // there: it is listed as not printed, and the total is blank — as the consolidated return's own cell is.
        var unknown = false;
        if (node.Kind == NodeKind.Department)
        {
            var published = (await store.PublicationsUnderAsync(node, year, context.CancellationToken)).ToDictionary(p => p.UnitId, p => p.Inputs, StringComparer.Ordinal);
            foreach (var contribution in await store.ContributionsOfAsync(node.Id, year, context.CancellationToken))
            {
                var printed = published.TryGetValue(contribution.UnitId, out var p) ? [p] : Array.Empty<IReadOnlyDictionary<CellKey, decimal>>();
                var (amount, known) = Figure(contribution.Cells, cell, year, printed);
                if (amount is not null || !known)
                {
                    response.Contributors.Add(new Contributor { Kind = "unit", Id = contribution.UnitId, Amount = Format(amount), ReturnVersion = contribution.Version, NotPrinted = !known });
                }
                total += amount ?? 0;
                unknown |= !known;
            }
        }
        else
        {
            // A region lists its own departments and the regions one level down, from their consolidated returns.
            var published = await store.PublicationsUnderAsync(node, year, context.CancellationToken);
            foreach (var child in await store.ChildrenOfRegionAsync(node.Id, year, context.CancellationToken))
            {
                var printed = PlacedPublication.Under(published, child.Key);
                var (amount, known) = Figure(CellJson.Read(child.Cells), cell, year, printed);
                if (amount is not null || !known)
                {
                    response.Contributors.Add(new Contributor { Kind = child.Kind == nameof(NodeKind.Department) ? "department" : "region", Id = child.NodeId, Amount = Format(amount), NotPrinted = !known });
                }
                total += amount ?? 0;
                unknown |= !known;
            }
        }
        response.Total = unknown ? "" : CellSet.Format(total);
        return response;

        static string Format(decimal? amount) => amount is { } a ? CellSet.Format(a) : "";
    }

    public override async Task<RecomputeResponse> Recompute(RecomputeRequest request, ServerCallContext context)
    {
        var actor = ProtoMapping.Actor(context);
        // The role first: a year without approved returns has no root region to check jurisdiction against.
        context.Caller.RequireAnyRole(AccountsRoles.Admin);
        reference.TemplateFor(request.FiscalYear);
        foreach (var root in await store.RootsAsync(request.FiscalYear, context.CancellationToken))
        {
            if (!ReturnAccess.IsAdminOver(actor, root))
            {
                throw new ForbiddenException(AccountsMessages.RecomputeNeedsAdmin(request.FiscalYear, root, AccountsRoles.Admin));
            }
        }
        var result = await store.RecomputeAsync(request.FiscalYear, context.CancellationToken);
        var response = new RecomputeResponse { Contributions = result.Contributions, Nodes = result.Nodes, DifferenceCount = result.DifferenceCount };
        response.Differences.AddRange(result.Differences.OrderBy(d => d.Node.ToString(), StringComparer.Ordinal).ThenBy(d => d.Cell.ToString(), StringComparer.Ordinal).Select(d => new V1.RecomputeDifference
        {
            Node = d.Node.ToString(), Cell = d.Cell.ToString(), Stored = CellSet.Format(d.Stored), Recomputed = CellSet.Format(d.Recomputed),
        }));
        response.UnplacedUnitIds.AddRange(result.Unplaced);
        return response;
    }

    public override async Task<ListConsolidatedResponse> ListConsolidated(ListConsolidatedRequest request, ServerCallContext context)
    {
        await AuthorizeJurisdictionAsync(request.RegionCode, request.FiscalYear, context);
        var kind = ParseKind(request.Kind);
        var pageSize = request.PageSize switch
        {
            0 => DefaultPageSize,
            < 0 or > MaxPageSize => throw new ValidationException("page_size", AccountsMessages.PageSize(MaxPageSize), "PAGE_SIZE"),
            var n => n,
        };
        var cells = request.Cells.Select((c, i) => CellOfTemplate(c, request.FiscalYear, $"cells[{i}]")).ToHashSet();
        var page = await store.NodesIn(request.RegionCode, request.FiscalYear, kind, DecodePageToken(request.PageToken))
            .Take(pageSize + 1).ToListAsync(context.CancellationToken);
        // The publications of the jurisdiction, read once and split by node (none in a filed year).
        var published = cells.Count > 0 ? await store.PublicationsUnderAsync(NodeKey.Region(request.RegionCode), request.FiscalYear, context.CancellationToken) : [];
        var response = new ListConsolidatedResponse();
        response.Items.AddRange(page.Take(pageSize).Select(n =>
        {
            var figures = ToFigures(n, null, withInputs: false);
            if (cells.Count > 0)
            {
                // Worked out once per consolidated return, however many of the requested cells are computed; a cell an
                // imported publication under it did not print is blank, as in GetConsolidated.
                var (all, known) = Figures(CellJson.Read(n.Cells), cells, request.FiscalYear, PlacedPublication.Under(published, n.Key));
                figures.Cells.AddRange(cells.OrderBy(c => c.ToString(), StringComparer.Ordinal)
                    .Select(c => new CellValue { Cell = c.ToString(), Value = known is null || known.Contains(c) ? CellSet.Format(all.GetValueOrDefault(c)) : "" }));
            }
            return figures;
        }));
        if (page.Count > pageSize)
        {
            var last = page[pageSize - 1];
            response.NextPageToken = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{last.Kind}|{last.NodeId}"));
        }
        return response;
    }

    public override async Task ExportConsolidated(ExportConsolidatedRequest request, IServerStreamWriter<ConsolidatedFigures> responseStream, ServerCallContext context)
    {
        await AuthorizeJurisdictionAsync(request.RegionCode, request.FiscalYear, context);
        var kind = ParseKind(request.Kind);
        // Streamed row by row from the database: a prefecture's thousands of consolidated returns never sit in memory.
        await foreach (var node in store.NodesIn(request.RegionCode, request.FiscalYear, kind, null).AsAsyncEnumerable().WithCancellation(context.CancellationToken))
        {
            await responseStream.WriteAsync(ToFigures(node, null, withInputs: true), context.CancellationToken);
        }
    }

    /// <summary>A unit with no return of its own, whose department's return of the year is a published disclosure.</summary>
    private const string Covered = "COVERED";

    /// <summary>
    /// Whether a unit without a return is covered by a department above it whose return of the year was imported from its
    /// published disclosure: that disclosure consolidates the department's units, so none of them files for that year —
    /// reporting them 未开始 and 逾期 1,348 天 (an outside look, on a year imported from publications) buries the real
    /// overdue units. The registry keeps a unit in its parent's region, so the chain never leaves the jurisdiction asked for.
    /// </summary>
    private static bool CoveredByPublication(UnitInfo unit, Dictionary<string, UnitInfo> byId, Dictionary<string, (ReturnState State, bool Late, bool CorrectionOpen)> states)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var parent = unit.ParentId; parent is not null && seen.Add(parent); parent = byId.GetValueOrDefault(parent)?.ParentId)
        {
            if (states.TryGetValue(parent, out var p) && p.State == ReturnState.Published)
            {
                return true;
            }
        }
        return false;
    }

    public override async Task<Progress> GetProgress(GetProgressRequest request, ServerCallContext context)
    {
        await AuthorizeJurisdictionAsync(request.RegionCode, request.FiscalYear, context);
        var token = context.CancellationToken;
        var units = new List<UnitInfo>();
        await foreach (var unit in directory.UnitsInAsync(request.RegionCode, request.FiscalYear, token))
        {
            units.Add(unit);
        }
        var states = await store.LatestStatesAsync(units.Select(u => u.Id).ToList(), request.FiscalYear, token);
        var today = ChinaTime.DateOf(time.GetUtcNow());
        var response = new Progress { RegionCode = request.RegionCode, FiscalYear = request.FiscalYear, Units = units.Count };
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var byId = units.ToDictionary(u => u.Id, StringComparer.Ordinal);
        foreach (var unit in units.OrderBy(u => u.Id, StringComparer.Ordinal))
        {
            var (state, late, correcting) = states.TryGetValue(unit.Id, out var s) ? s : ((ReturnState?)null, false, false);
            var name = state is not null ? state.Value.ToString().ToUpperInvariant()
                : CoveredByPublication(unit, byId, states) ? Covered : "NOT_STARTED";
            counts[name] = counts.GetValueOrDefault(name) + 1;
            response.UnitStates.Add(new UnitProgress { UnitId = unit.Id, Name = unit.Name, RegionCode = unit.RegionCode, State = name, Late = late });
            response.SubmittedLate += late ? 1 : 0;
            response.CorrectionsOpen += correcting ? 1 : 0;
            // Overdue: the deadline has passed and nothing is with the finance office (never filed, a draft, or sent
            // back and not resubmitted).
            if (name != Covered && state is null or ReturnState.Draft or ReturnState.Returned
                && reference.DeadlineFor(unit.RegionCode, request.FiscalYear) is { } deadline && today > deadline.Due)
            {
                response.Overdue.Add(new OverdueUnit
                {
                    UnitId = unit.Id, Name = unit.Name, RegionCode = unit.RegionCode, State = name,
                    DueDate = deadline.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), DaysOverdue = today.DayNumber - deadline.Due.DayNumber,
                });
            }
        }
        response.States.AddRange(counts.Select(c => new StateCount { State = c.Key, Units = c.Value }));
        await AddReorganizedAfterFilingAsync(response, request.RegionCode, request.FiscalYear, byId, token);
        var names = units.ToDictionary(u => u.Id, u => u.Name, StringComparer.Ordinal);
        foreach (var f in await late.OfAsync(names.Keys, request.FiscalYear, token))
        {
            response.LateFindings.Add(new LateFinding
            {
                UnitId = f.UnitId, Name = names[f.UnitId], ReturnVersion = f.ReturnVersion,
                RaisedAt = f.RaisedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", CultureInfo.InvariantCulture),
                Finding = new Finding
                {
                    RuleId = f.RuleId, Severity = "warning", Message = f.Message, Expected = CellSet.Format(f.Expected), Actual = CellSet.Format(f.Actual),
                    Difference = CellSet.Format(f.Actual - f.Expected), Unit = f.Unit, Location = f.Location, ExplainAt = f.ExplainAt,
                },
            });
        }
        foreach (var (node, revision, seen) in await store.UnviewedAsync(context.Caller.Subject, request.RegionCode, request.FiscalYear, token))
        {
            response.ChangedSinceLastViewed.Add(new ChangedNode
            {
                Node = new NodeRef { Kind = node.Kind == NodeKind.Department ? "department" : "region", Id = node.Id, FiscalYear = request.FiscalYear },
                Revision = revision, LastViewedRevision = seen,
            });
        }
        return response;
    }

    /// <summary>
    /// Returns handed in (SUBMITTED) in the region by units the year's directory no longer lists because they were merged,
    /// split or dissolved after filing: such a return sat in no office's queue or progress. Listed after the units in
    /// scope with the unit's status — not counted among them nor in the states' counts (which add up to the units), never
    /// overdue. Only submitted returns wait for the office (a draft or a returned one of a unit that files no more goes
    /// nowhere), so the few found are looked up one by one; one moved to another region is that region's, and skipped.
    /// </summary>
    private async Task AddReorganizedAfterFilingAsync(Progress response, string regionCode, int fiscalYear, IReadOnlyDictionary<string, UnitInfo> listed, CancellationToken token)
    {
        foreach (var (unitId, late) in await store.SubmittedOutsideAsync(regionCode, fiscalYear, listed.Keys.ToHashSet(StringComparer.Ordinal), token))
        {
            UnitInfo unit;
            try
            {
                unit = await directory.GetAsync(unitId, fiscalYear, token);
            }
            catch (ValidationException)
            {
                continue;   // not in the directory that year at all: no office can act on it
            }
            if (unit.Status == "ACTIVE")
            {
                continue;
            }
            response.UnitStates.Add(new UnitProgress
            {
                UnitId = unit.Id, Name = unit.Name, RegionCode = unit.RegionCode, State = "SUBMITTED", Late = late, UnitStatus = unit.Status,
            });
        }
    }

    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 500;

    /// <summary>A cell of the year's template (input or computed), or INVALID_ARGUMENT naming <paramref name="field"/>.</summary>
    private CellKey CellOfTemplate(string text, int year, string field)
    {
        var cell = CellKey.Parse(text, field);
        if (reference.TemplateFor(year).Resolve(cell.Table, cell.Row, cell.Column, reference.CodesFor(year), out var reason) is null)
        {
            throw new ValidationException(field, reason!, "UNKNOWN_CELL");
        }
        return cell;
    }

    /// <summary>
    /// The figure of <paramref name="cell"/> given a return's inputs: the input itself, or what the template computes; not
    /// known where a publication among <paramref name="publications"/> did not print it.
    /// </summary>
    private (decimal? Amount, bool Known) Figure(IReadOnlyDictionary<CellKey, decimal> inputs, CellKey cell, int year, IReadOnlyList<IReadOnlyDictionary<CellKey, decimal>> publications)
    {
        var (values, known) = Figures(inputs, [cell], year, publications);
        return known is not null && !known.Contains(cell) ? (null, false) : (values.TryGetValue(cell, out var value) ? value : null, true);
    }

    /// <summary>
    /// A return's inputs, and its computed cells too when <paramref name="wanted"/> asks for one (the template's
    /// computation runs at most once; not at all when every wanted cell is an input and no publication is part of it);
    /// with publications, the cells known for the whole (<see cref="ContributionScheme.Known"/>, worked out once), else null.
    /// </summary>
    private (IReadOnlyDictionary<CellKey, decimal> Values, IReadOnlySet<CellKey>? Known) Figures(
        IReadOnlyDictionary<CellKey, decimal> inputs, IEnumerable<CellKey> wanted, int year, IReadOnlyList<IReadOnlyDictionary<CellKey, decimal>> publications)
    {
        var scheme = reference.ConsolidationFor(year);
        if (publications.Count == 0)
        {
            return (wanted.All(cell => inputs.ContainsKey(cell) && scheme.IsAdditive(cell)) ? inputs : scheme.Consolidated(inputs).Values, null);
        }
        var known = scheme.Known(publications);
        return (scheme.Consolidated(inputs, known, publications.Count).Values, known);
    }

    private ConsolidatedFigures ToFigures(ConsolidatedNodeRow row, IReadOnlySet<CellKey>? only, bool withInputs = true)
    {
        var figures = new ConsolidatedFigures
        {
            Node = new NodeRef { Kind = row.Kind == nameof(NodeKind.Department) ? "department" : "region", Id = row.NodeId, FiscalYear = row.FiscalYear },
            RegionCode = row.RegionCode,
            Revision = row.Revision,
            UpdatedAt = row.UpdatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", CultureInfo.InvariantCulture),
        };
        if (withInputs && (only is null || only.Count > 0))
        {
            var scheme = reference.ConsolidationFor(row.FiscalYear);
            var stored = CellJson.Read(row.Cells).Where(p => only is null || only.Contains(p.Key)).OrderBy(p => p.Key.ToString(), StringComparer.Ordinal).ToList();
            figures.Inputs.AddRange(stored.Where(p => scheme.IsAdditive(p.Key)).Select(p => new CellValue { Cell = p.Key.ToString(), Value = CellSet.Format(p.Value) }));
            figures.Carried.AddRange(stored.Where(p => !scheme.IsAdditive(p.Key)).Select(p => new CellValue { Cell = p.Key.ToString(), Value = CellSet.Format(p.Value) }));
        }
        return figures;
    }

    private static NodeKind? ParseKind(string kind) => kind switch
    {
        "" => null,
        "department" => NodeKind.Department,
        "region" => NodeKind.Region,
        _ => throw new ValidationException("kind", AccountsMessages.NotANodeKindOrEmpty(kind), "NODE_KIND"),
    };

    private static (string Kind, string Id)? DecodePageToken(string token)
    {
        if (token.Length == 0)
        {
            return null;
        }
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('|');
            if (parts is [{ } kind, { } id] && Enum.TryParse<NodeKind>(kind, out _))
            {
                return (kind, id);
            }
        }
        catch (FormatException)
        {
        }
        throw new ValidationException("page_token", AccountsMessages.BadPageToken, "PAGE_TOKEN");
    }

    /// <summary>Reviewers and administrators whose region covers the jurisdiction asked for.</summary>
    private async Task AuthorizeJurisdictionAsync(string regionCode, int fiscalYear, ServerCallContext context)
    {
        var actor = ProtoMapping.Actor(context);
        reference.TemplateFor(fiscalYear, "fiscal_year");
        if (regionCode.Length != 6 || !regionCode.All(char.IsAsciiDigit))
        {
            throw new ValidationException("region_code", AccountsMessages.NotARegionCode(regionCode), "REGION_CODE");
        }
        if (!ReturnAccess.IsReviewerOf(actor, "", regionCode) && !ReturnAccess.IsAdminOver(actor, regionCode))
        {
            throw new ForbiddenException(Jurisdiction.Covers(actor.RegionCode, regionCode)
                ? AccountsMessages.OfficeViewOnly(AccountsMessages.Region(regionCode))
                : Messages.OutsideJurisdiction(AccountsMessages.Region(regionCode)));
        }
        if (await directory.RegionNameAsync(regionCode, context.CancellationToken) is null)
        {
            throw new ValidationException("region_code", AccountsMessages.UnknownRegion(regionCode), "UNKNOWN_REGION");
        }
    }

    private async Task<(NodeKey Node, int Year)> AuthorizeReadAsync(NodeRef? node, ServerCallContext context)
    {
        var actor = ProtoMapping.Actor(context);
        if (node is null)
        {
            throw new ValidationException("node", AccountsMessages.NodeRequired, "REQUIRED");
        }
        reference.TemplateFor(node.FiscalYear, "node.fiscal_year");
        NodeKey key;
        string region;
        switch (node.Kind)
        {
            case "department":
                var unit = await directory.GetAsync(node.Id, node.FiscalYear, context.CancellationToken);
                if (unit.ParentId is not null)
                {
                    throw new ValidationException("node.id", AccountsMessages.NotADepartment(unit.Id, node.FiscalYear, unit.ParentId), "NOT_A_DEPARTMENT");
                }
                key = NodeKey.Department(unit.Id);
                region = unit.RegionCode;
                if (ReturnAccess.IsMemberOf(actor, unit.Id))
                {
                    return (key, node.FiscalYear);
                }
                break;
            case "region":
                if (await directory.RegionNameAsync(node.Id, context.CancellationToken) is null)
                {
                    throw new ValidationException("node.id", AccountsMessages.UnknownRegion(node.Id), "UNKNOWN_REGION");
                }
                key = NodeKey.Region(node.Id);
                region = node.Id;
                break;
            default:
                throw new ValidationException("node.kind", AccountsMessages.NotANodeKind(node.Kind), "NODE_KIND");
        }
        if (!ReturnAccess.IsReviewerOf(actor, key.Id, region) && !ReturnAccess.IsAdminOver(actor, region))
        {
            throw new ForbiddenException(Jurisdiction.Covers(actor.RegionCode, region)
                ? AccountsMessages.OfficeViewOnly(AccountsMessages.Node(key))
                : Messages.OutsideJurisdiction(AccountsMessages.Node(key)));
        }
        return (key, node.FiscalYear);
    }
}
