using Platform.Domain;
using Platform.Events.V1;

namespace Platform.Registry.Domain;

/// <summary>What a new unit is (fields named as in the API, so errors point at the caller's field).</summary>
public sealed record NewUnit(
    string Id, string CreditCode, string Name, string RegionCode, string? ParentId, string Nature,
    IReadOnlyList<string>? Functions = null, IReadOnlyList<string>? Sections = null);

/// <summary>Attribute changes that are not reorganizations (null = unchanged).</summary>
public sealed record UnitUpdate(string? Name = null, string? Nature = null, IReadOnlyList<string>? Functions = null, IReadOnlyList<string>? Sections = null);

/// <summary>A unit as of a fiscal year.</summary>
public sealed record UnitView(BudgetUnit Unit, UnitVersion Version)
{
    public string Id => Unit.Id;
}

/// <summary>
/// The registry of regions and budget units with their history. Every operation validates everything
/// first and changes nothing when it fails (all field errors together, or one precondition); it returns
/// the integration events the change raises. Years up to <see cref="ClosedThroughYear"/> are closed.
/// </summary>
public sealed class UnitRegistry
{
    public const int MaxNameLength = 200;

    private readonly Dictionary<string, Region> _regions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BudgetUnit> _units = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByCreditCode = new(StringComparer.Ordinal);
    private readonly Dictionary<(string DepartmentId, int Year), IReadOnlyList<string>> _scopes = [];
    private readonly List<Reorganization> _reorganizations = [];
    private readonly Dictionary<int, Dictionary<string, List<string>>> _childrenByYear = [];

    public int? ClosedThroughYear { get; private set; }

    public IReadOnlyCollection<Region> Regions => _regions.Values;

    public IReadOnlyCollection<BudgetUnit> Units => _units.Values;

    public IReadOnlyList<Reorganization> Reorganizations => _reorganizations;

    /// <summary>Rebuilds the registry from stored state (persistence); no validation, the state was valid when stored.</summary>
    public static UnitRegistry Restore(
        IEnumerable<Region> regions,
        IEnumerable<BudgetUnit> units,
        IEnumerable<(string DepartmentId, int Year, IReadOnlyList<string> UnitIds)> scopes,
        IEnumerable<Reorganization> reorganizations,
        int? closedThroughYear)
    {
        var registry = new UnitRegistry { ClosedThroughYear = closedThroughYear };
        foreach (var region in regions)
        {
            registry._regions[region.Code.Value] = region;
        }
        foreach (var unit in units)
        {
            registry._units[unit.Id] = unit;
            registry._idByCreditCode[unit.CreditCode.Value] = unit.Id;
        }
        foreach (var (departmentId, year, unitIds) in scopes)
        {
            registry._scopes[(departmentId, year)] = unitIds;
        }
        registry._reorganizations.AddRange(reorganizations);
        return registry;
    }

    /// <summary>Every defined scope (persistence).</summary>
    public IEnumerable<(string DepartmentId, int Year, IReadOnlyList<string> UnitIds)> Scopes =>
        _scopes.Select(s => (s.Key.DepartmentId, s.Key.Year, s.Value));

    // ---------------------------------------------------------------- regions

    public RegionAdded AddRegion(string code, string name, RegionKind kind, string? parentCode)
    {
        var errors = new List<FieldError>();
        DivisionCode? division = Try(errors, () => DivisionCode.Parse(code, "code"));
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new FieldError("name", Messages.Required));
        }
        Region? parent = null;
        if (parentCode is { Length: > 0 } && !_regions.TryGetValue(parentCode, out parent))
        {
            errors.Add(new FieldError("parent_code", RegistryMessages.RegionNotRegistered(parentCode)));
        }
        if (kind == RegionKind.AutonomousRegion && (parentCode is { Length: > 0 } || division is { Level: not DivisionLevel.Province }))
        {
            errors.Add(new FieldError("kind", RegistryMessages.AutonomousRegionIsProvinceLevel));
        }
        if (kind != RegionKind.AutonomousRegion && parentCode is not { Length: > 0 })
        {
            errors.Add(new FieldError("parent_code", RegistryMessages.ParentRegionRequired(kind)));
        }
        if (division is { } d && parent is not null && kind != RegionKind.DevelopmentZone && d.StructuralParent is { } structural
            && structural.Value != parent.Code.Value && !(parent.Code.Level == DivisionLevel.Province && d.Level == DivisionLevel.Prefecture))
        {
            errors.Add(new FieldError("parent_code", RegistryMessages.CodeBelongsElsewhere(d.Value, structural.Value, parent.Code.Value)));
        }
        Throw(errors);
        if (_regions.ContainsKey(division!.Value.Value))
        {
            throw new ValidationException("code", RegistryMessages.RegionAlreadyRegistered(code), "DUPLICATE");
        }
        var region = new Region(division.Value, name.Trim(), kind, parent?.Code);
        _regions[region.Code.Value] = region;
        return new RegionAdded(region.Code.Value, region.Name, region.Kind.ToString(), region.ParentCode?.Value);
    }

    public Region GetRegion(string code) =>
        _regions.TryGetValue(code, out var region) ? region : throw new NotFoundException("Region", code);

    /// <summary>Whether <paramref name="code"/> is <paramref name="ancestorCode"/> or lies below it in the region tree.</summary>
    public bool RegionContains(string ancestorCode, string code)
    {
        for (var current = _regions.GetValueOrDefault(code); current is not null; current = current.ParentCode is { } p ? _regions.GetValueOrDefault(p.Value) : null)
        {
            if (current.Code.Value == ancestorCode)
            {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- units

    public UnitRegistered Register(NewUnit spec, int fromYear)
    {
        EnsureOpen(fromYear);
        var (_, _, version, code) = ValidateNew(spec, fromYear, "", reserved: []);
        var unit = new BudgetUnit(spec.Id.Trim(), code, version);
        Add(unit);
        return new UnitRegistered(unit.Id, code.Value, version.Name, version.RegionCode.Value, version.ParentId, version.Nature.ToString(), fromYear);
    }

    /// <summary>
    /// Registers many units at once (bulk import). A row's parent may be another row, in any order. Either
    /// every row is registered, or none is and the exception lists every row's errors (fields "rows[i].…").
    /// </summary>
    public IReadOnlyList<UnitRegistered> RegisterBatch(IReadOnlyList<NewUnit> rows, int fromYear)
    {
        EnsureOpen(fromYear);
        var errors = new List<FieldError>();
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var id = (rows[i].Id ?? "").Trim();
            if (id.Length > 0 && !byId.TryAdd(id, i))
            {
                errors.Add(new FieldError($"rows[{i}].id", RegistryMessages.UnitIdInOtherRow(id, byId[id]), "DUPLICATE"));
            }
        }
        // Parents first: a row whose parent is another row waits for it; rows left over form a cycle.
        var order = new List<int>();
        var placed = new bool[rows.Count];
        var progress = true;
        while (progress && order.Count < rows.Count)
        {
            progress = false;
            for (var i = 0; i < rows.Count; i++)
            {
                if (placed[i])
                {
                    continue;
                }
                var parent = rows[i].ParentId is { Length: > 0 } p ? p.Trim() : null;
                if (parent is null || !byId.TryGetValue(parent, out var parentRow) || placed[parentRow] || parentRow == i)
                {
                    placed[i] = true;
                    order.Add(i);
                    progress = true;
                }
            }
        }
        for (var i = 0; i < rows.Count; i++)
        {
            if (!placed[i])
            {
                errors.Add(new FieldError($"rows[{i}].parent_id", RegistryMessages.RowsFormCycle(rows[i].Id, rows[i].ParentId)));
            }
        }
        var added = new List<BudgetUnit>();
        var events = new List<UnitRegistered>();
        var reserved = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in order)
        {
            try
            {
                var (spec, id, version, code) = ValidateNew(rows[i], fromYear, $"rows[{i}].", reserved);
                var unit = new BudgetUnit(id, code, version);
                Add(unit);
                added.Add(unit);
                events.Add(new UnitRegistered(unit.Id, code.Value, version.Name, version.RegionCode.Value, version.ParentId, version.Nature.ToString(), fromYear));
            }
            catch (ValidationException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }
        if (errors.Count > 0)
        {
            foreach (var unit in added)
            {
                _units.Remove(unit.Id);
                _idByCreditCode.Remove(unit.CreditCode.Value);
            }
            Invalidate();
            throw new ValidationException(errors.OrderBy(e => RowOf(e.Field)).ToList());
        }
        return events;
    }

    private static int RowOf(string field) =>
        field.StartsWith("rows[", StringComparison.Ordinal) && int.TryParse(field.AsSpan(5, field.IndexOf(']') - 5), out var row) ? row : -1;

    public UnitChanged Update(string unitId, UnitUpdate update, int fromYear)
    {
        EnsureOpen(fromYear);
        var (unit, current) = RequireActive(unitId, fromYear, "unit_id");
        var errors = new List<FieldError>();
        var name = update.Name is null ? current.Name : CheckName(update.Name, "name", errors);
        var nature = current.Nature;
        if (update.Nature is not null && !UnitNatureText.TryParse(update.Nature, out nature))
        {
            errors.Add(new FieldError("nature", RegistryMessages.InvalidNature(update.Nature)));
        }
        Throw(errors);
        var next = current with
        {
            FromYear = fromYear,
            Name = name,
            Nature = nature,
            Functions = update.Functions ?? current.Functions,
            Sections = update.Sections ?? current.Sections,
        };
        unit.Apply(next);
        Invalidate();
        return Changed(unit, next);
    }

    public (Reorganization Reorganization, IReadOnlyList<object> Events) Rename(string unitId, string newName, int year)
    {
        EnsureOpen(year);
        var (unit, current) = RequireActive(unitId, year, "unit_id");
        var errors = new List<FieldError>();
        var name = CheckName(newName, "name", errors);
        Throw(errors);
        var next = current with { FromYear = year, Name = name };
        unit.Apply(next);
        Invalidate();
        var reorganization = Record(new Reorganization(ReorganizationKind.Rename, year, [unitId], [unitId], $"{current.Name} → {name}"));
        return (reorganization, [Changed(unit, next), Event(reorganization)]);
    }

    /// <summary>
    /// Moves a unit (and its subtree) under another parent and/or into another region from <paramref name="year"/>:
    /// the one way a unit's parent may end up in another region.
    /// </summary>
    public (Reorganization Reorganization, IReadOnlyList<object> Events) Transfer(string unitId, string? newParentId, string? newRegionCode, int year)
    {
        EnsureOpen(year);
        var (unit, current) = RequireActive(unitId, year, "unit_id");
        var errors = new List<FieldError>();
        var region = current.RegionCode;
        if (newRegionCode is { Length: > 0 })
        {
            if (_regions.TryGetValue(newRegionCode, out var r))
            {
                region = r.Code;
            }
            else
            {
                errors.Add(new FieldError("region_code", RegistryMessages.RegionNotRegistered(newRegionCode)));
            }
        }
        var parentId = newParentId is { Length: > 0 } ? newParentId : null;
        if (parentId is not null)
        {
            if (parentId == unitId)
            {
                errors.Add(new FieldError("parent_id", RegistryMessages.OwnParent));
            }
            else if (!_units.TryGetValue(parentId, out var parent) || parent.AsOf(year) is not { } parentVersion)
            {
                errors.Add(new FieldError("parent_id", RegistryMessages.UnitNotInYear(parentId, year)));
            }
            else if (!parentVersion.IsActive)
            {
                errors.Add(new FieldError("parent_id", RegistryMessages.UnitNotActive(parentId, parentVersion.Status, year)));
            }
            else if (IsInSubtree(parentId, unitId, year))
            {
                errors.Add(new FieldError("parent_id", RegistryMessages.MoveMakesCycle(parentId, unitId)));
            }
            else if (parentVersion.RegionCode != region)
            {
                errors.Add(new FieldError("parent_id", RegistryMessages.ParentInOtherRegionOnTransfer(parentId, parentVersion.RegionCode.Value, region.Value)));
            }
        }
        if (parentId == current.ParentId && region == current.RegionCode && errors.Count == 0)
        {
            errors.Add(new FieldError("parent_id", RegistryMessages.TransferChangesNothing));
        }
        Throw(errors);

        var events = new List<object>();
        var next = current with { FromYear = year, ParentId = parentId, RegionCode = region };
        unit.Apply(next);
        events.Add(Changed(unit, next));
        if (region != current.RegionCode)
        {
            // The subtree moves with its head: a subordinate unit stays in its parent's region.
            foreach (var descendant in Subtree(unitId, year).Skip(1))
            {
                var moved = descendant.Version with { FromYear = year, RegionCode = region };
                descendant.Unit.Apply(moved);
                events.Add(Changed(descendant.Unit, moved));
            }
        }
        Invalidate();
        var reorganization = Record(new Reorganization(ReorganizationKind.Transfer, year, [unitId], [unitId],
            RegistryMessages.TransferNote(current.ParentId, parentId, current.RegionCode.Value, region.Value)));
        events.Add(Event(reorganization));
        return (reorganization, events);
    }

    /// <summary>
    /// Merges <paramref name="sourceId"/> into <paramref name="targetId"/> from <paramref name="year"/>: the source stops,
    /// its subordinate units move under the target. Before that year every query still sees the source.
    /// </summary>
    public (Reorganization Reorganization, IReadOnlyList<object> Events) Merge(string sourceId, string targetId, int year)
    {
        EnsureOpen(year);
        if (sourceId == targetId)
        {
            throw new ValidationException("target_id", RegistryMessages.MergeIntoItself, "MERGE_INTO_SELF");
        }
        var (source, sourceVersion) = RequireActive(sourceId, year, "source_id");
        if (!_units.TryGetValue(targetId, out var target) || target.AsOf(year) is not { } targetVersion)
        {
            throw new ValidationException("target_id", RegistryMessages.UnitNotInYear(targetId, year));
        }
        if (!targetVersion.IsActive)
        {
            throw new PreconditionFailedException(Messages.AtField("target_id", RegistryMessages.MergeTargetNotActive(targetId, targetVersion.Status, year)));
        }
        if (IsInSubtree(targetId, sourceId, year))
        {
            throw new ValidationException("target_id", RegistryMessages.MergeTargetBelowSource(targetId, sourceId));
        }
        var events = new List<object>();
        foreach (var child in Children(sourceId, year))
        {
            var moved = child.Version with { FromYear = year, ParentId = targetId, RegionCode = targetVersion.RegionCode };
            child.Unit.Apply(moved);
            events.Add(Changed(child.Unit, moved));
        }
        var ended = sourceVersion with { FromYear = year, Status = UnitStatus.Merged, SuccessorIds = [targetId] };
        source.Apply(ended);
        events.Insert(0, Changed(source, ended));
        Invalidate();
        var reorganization = Record(new Reorganization(ReorganizationKind.Merge, year, [sourceId], [targetId], $"{sourceVersion.Name} → {targetVersion.Name}"));
        events.Add(Event(reorganization));
        return (reorganization, events);
    }

    /// <summary>Splits a unit into new units from <paramref name="year"/>; the source stops. It must have no subordinates left.</summary>
    public (Reorganization Reorganization, IReadOnlyList<object> Events) Split(string sourceId, IReadOnlyList<NewUnit> parts, int year)
    {
        EnsureOpen(year);
        var (source, sourceVersion) = RequireActive(sourceId, year, "source_id");
        if (parts.Count < 2)
        {
            throw new ValidationException("parts", RegistryMessages.SplitNeedsTwoParts);
        }
        if (Children(sourceId, year).Count > 0)
        {
            throw new PreconditionFailedException(Messages.AtField("source_id", RegistryMessages.SplitSourceHasSubordinates(sourceId, year)));
        }
        var prepared = new List<(NewUnit Spec, UnitVersion Version, CreditCode Code)>();
        var reserved = new HashSet<string>(StringComparer.Ordinal);
        var errors = new List<FieldError>();
        for (var i = 0; i < parts.Count; i++)
        {
            try
            {
                var (_, _, version, code) = ValidateNew(parts[i], year, $"parts[{i}].", reserved);
                prepared.Add((parts[i], version, code));
                reserved.Add(parts[i].Id.Trim());
                reserved.Add(code.Value);
            }
            catch (ValidationException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }
        Throw(errors);
        var events = new List<object>();
        foreach (var (spec, version, code) in prepared)
        {
            var unit = new BudgetUnit(spec.Id.Trim(), code, version);
            Add(unit);
            events.Add(new UnitRegistered(unit.Id, code.Value, version.Name, version.RegionCode.Value, version.ParentId, version.Nature.ToString(), year));
        }
        var ended = sourceVersion with { FromYear = year, Status = UnitStatus.Split, SuccessorIds = prepared.Select(p => p.Spec.Id.Trim()).ToList() };
        source.Apply(ended);
        events.Add(Changed(source, ended));
        Invalidate();
        var reorganization = Record(new Reorganization(ReorganizationKind.Split, year, [sourceId], ended.SuccessorIds!, RegistryMessages.SplitNote(sourceVersion.Name, parts.Count)));
        events.Add(Event(reorganization));
        return (reorganization, events);
    }

    public (Reorganization Reorganization, IReadOnlyList<object> Events) Dissolve(string unitId, int year)
    {
        EnsureOpen(year);
        var (unit, current) = RequireActive(unitId, year, "unit_id");
        var children = Children(unitId, year);
        if (children.Count > 0)
        {
            throw new PreconditionFailedException(Messages.AtField("unit_id",
                RegistryMessages.DissolveHasSubordinates(unitId, children.Count, year, children.Take(5).Select(c => c.Id))));
        }
        var ended = current with { FromYear = year, Status = UnitStatus.Dissolved };
        unit.Apply(ended);
        Invalidate();
        var reorganization = Record(new Reorganization(ReorganizationKind.Dissolve, year, [unitId], [], current.Name));
        return (reorganization, [Changed(unit, ended), Event(reorganization)]);
    }

    public StaffingReported ReportStaffing(string unitId, int year, Staffing staffing)
    {
        EnsureOpen(year);
        var (unit, _) = RequireActive(unitId, year, "unit_id");
        var errors = new List<FieldError>();
        void NonNegative(int? value, string field)
        {
            if (value is < 0)
            {
                errors.Add(new FieldError(field, RegistryMessages.NotNegative(value.Value)));
            }
        }
        NonNegative(staffing.AuthorizedPosts, "authorized_posts");
        NonNegative(staffing.ActualTotal, "actual_total");
        NonNegative(staffing.InService, "in_service");
        NonNegative(staffing.RetiredLixiu, "retired_lixiu");
        NonNegative(staffing.Retired, "retired");
        // The split is optional (001 prints only 实有人数 21 and 编制 22), but when given it must be whole and add up.
        var parts = new[] { staffing.InService, staffing.RetiredLixiu, staffing.Retired };
        if (errors.Count == 0 && parts.Any(p => p is not null) && parts.Any(p => p is null))
        {
            errors.Add(new FieldError(staffing.InService is null ? "in_service" : staffing.RetiredLixiu is null ? "retired_lixiu" : "retired",
                RegistryMessages.StaffingSplitTogether, "STAFFING_SPLIT"));
        }
        else if (errors.Count == 0 && parts.All(p => p is not null) && parts.Sum() != staffing.ActualTotal)
        {
            errors.Add(new FieldError("actual_total",
                RegistryMessages.StaffingSumMismatch(staffing.ActualTotal, staffing.InService!.Value, staffing.RetiredLixiu!.Value, staffing.Retired!.Value, parts.Sum()!.Value),
                "STAFFING_SPLIT"));
        }
        Throw(errors);
        unit.SetStaffing(year, staffing);
        return new StaffingReported(unitId, year, staffing.AuthorizedPosts, staffing.ActualTotal, staffing.InService, staffing.RetiredLixiu, staffing.Retired);
    }

    /// <summary>决算编制范围: the department itself and subordinate units whose returns its final accounts cover.</summary>
    public ScopeDefined DefineScope(string departmentId, int year, IReadOnlyList<string> unitIds)
    {
        EnsureOpen(year);
        RequireActive(departmentId, year, "department_id");
        var errors = new List<FieldError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < unitIds.Count; i++)
        {
            var id = unitIds[i];
            var field = $"unit_ids[{i}]";
            if (!seen.Add(id))
            {
                errors.Add(new FieldError(field, RegistryMessages.ScopeUnitTwice(id)));
            }
            else if (!_units.TryGetValue(id, out var unit) || unit.AsOf(year) is not { IsActive: true })
            {
                errors.Add(new FieldError(field, RegistryMessages.ScopeUnitNotActive(id, year)));
            }
            else if (!IsInSubtree(id, departmentId, year))
            {
                errors.Add(new FieldError(field, RegistryMessages.ScopeUnitOutsideDepartment(id, departmentId, year)));
            }
        }
        if (unitIds.Count == 0)
        {
            errors.Add(new FieldError("unit_ids", RegistryMessages.ScopeEmpty));
        }
        Throw(errors);
        _scopes[(departmentId, year)] = unitIds.ToList();
        return new ScopeDefined(departmentId, year, unitIds.ToList());
    }

    /// <summary>
    /// Closes every fiscal year up to <paramref name="year"/> for good: no change may take effect in them any more. Only a year that has ended
    /// in China by <paramref name="today"/>: closing the current or a later year (a mistyped 2052) would freeze every unit's register
    /// and inventory of a year still being lived, with no way back.
    /// </summary>
    public FiscalYearsClosed CloseThrough(int year, DateOnly today)
    {
        if (year >= today.Year)
        {
            throw new ValidationException("fiscal_year", RegistryMessages.YearNotEnded(year, today), "OUT_OF_RANGE");
        }
        if (ClosedThroughYear is { } closed && year < closed)
        {
            throw new PreconditionFailedException(Messages.AtField("year", RegistryMessages.YearsCannotReopen(closed)));
        }
        ClosedThroughYear = year;
        return new FiscalYearsClosed(year);
    }

    // ---------------------------------------------------------------- queries (as of a fiscal year)

    /// <summary>The unit with its whole history, whatever the year.</summary>
    public BudgetUnit Find(string unitId) =>
        _units.TryGetValue(unitId, out var unit) ? unit : throw new NotFoundException("Unit", unitId);

    public UnitView Get(string unitId, int year) =>
        _units.TryGetValue(unitId, out var unit) && unit.AsOf(year) is { } version
            ? new UnitView(unit, version)
            : throw new NotFoundException("Unit", unitId, year);

    public IReadOnlyList<UnitView> Children(string unitId, int year)
    {
        var index = ChildrenIndex(year);
        return index.TryGetValue(unitId, out var ids)
            ? ids.Select(id => new UnitView(_units[id], _units[id].AsOf(year)!)).ToList()
            : [];
    }

    /// <summary>The unit and every active subordinate below it, breadth first.</summary>
    public IReadOnlyList<UnitView> Subtree(string unitId, int year)
    {
        var root = Get(unitId, year);
        var result = new List<UnitView> { root };
        var index = ChildrenIndex(year);
        for (var i = 0; i < result.Count; i++)
        {
            if (index.TryGetValue(result[i].Id, out var ids))
            {
                result.AddRange(ids.Select(id => new UnitView(_units[id], _units[id].AsOf(year)!)));
            }
        }
        return result;
    }

    /// <summary>Active units of a region and of every region below it.</summary>
    public IReadOnlyList<UnitView> UnitsInRegion(string regionCode, int year)
    {
        GetRegion(regionCode);
        return _units.Values
            .Select(u => (Unit: u, Version: u.AsOf(year)))
            .Where(x => x.Version is { IsActive: true } && RegionContains(regionCode, x.Version.RegionCode.Value))
            .Select(x => new UnitView(x.Unit, x.Version!))
            .ToList();
    }

    /// <summary>Parent, grandparent, … of a unit as of a year (nearest first).</summary>
    public IReadOnlyList<UnitView> Ancestors(string unitId, int year)
    {
        var result = new List<UnitView>();
        var current = Get(unitId, year).Version;
        while (current.ParentId is { } parentId && _units.TryGetValue(parentId, out var parent) && parent.AsOf(year) is { } version)
        {
            result.Add(new UnitView(parent, version));
            current = version;
        }
        return result;
    }

    /// <summary>
    /// Whether unit <paramref name="unitId"/> falls under <paramref name="scope"/> in <paramref name="year"/>:
    /// scope is a region code (the unit's region is that region or below it) or a unit id (the unit is it or below it).
    /// </summary>
    public bool IsWithinJurisdiction(string unitId, string scope, int year)
    {
        if (!_units.TryGetValue(unitId, out var unit) || unit.AsOf(year) is not { } version)
        {
            return false;
        }
        return _regions.ContainsKey(scope)
            ? RegionContains(scope, version.RegionCode.Value)
            : IsInSubtree(unitId, scope, year);
    }

    public IReadOnlyList<string>? Scope(string departmentId, int year) => _scopes.GetValueOrDefault((departmentId, year));

    // ---------------------------------------------------------------- internals

    private (NewUnit Spec, string Id, UnitVersion Version, CreditCode Code) ValidateNew(NewUnit spec, int year, string prefix, HashSet<string> reserved)
    {
        var errors = new List<FieldError>();
        var id = (spec.Id ?? "").Trim();
        if (UnitIds.Problem(id) is { } problem)
        {
            errors.Add(new FieldError(prefix + "id", id.Length == 0 ? problem : Messages.InvalidUnitId(id, problem), "INVALID_ID"));
        }
        else if (_units.ContainsKey(id) || reserved.Contains(id))
        {
            errors.Add(new FieldError(prefix + "id", RegistryMessages.UnitIdTaken(id), "DUPLICATE"));
        }
        CreditCode code = default;
        if (!CreditCode.TryParse(spec.CreditCode, out code, out var reason))
        {
            errors.Add(new FieldError(prefix + "credit_code", reason, "INVALID_CREDIT_CODE"));
        }
        else if (_idByCreditCode.TryGetValue(code.Value, out var owner))
        {
            errors.Add(new FieldError(prefix + "credit_code", RegistryMessages.CreditCodeTaken(code.Value, owner), "DUPLICATE"));
        }
        else if (reserved.Contains(code.Value))
        {
            errors.Add(new FieldError(prefix + "credit_code", RegistryMessages.CreditCodeTwice(code.Value), "DUPLICATE"));
        }
        var name = CheckName(spec.Name, prefix + "name", errors);
        Region? region = null;
        if (!_regions.TryGetValue((spec.RegionCode ?? "").Trim(), out region))
        {
            errors.Add(new FieldError(prefix + "region_code", RegistryMessages.RegionNotRegistered(spec.RegionCode)));
        }
        if (!UnitNatureText.TryParse(spec.Nature, out var nature))
        {
            errors.Add(new FieldError(prefix + "nature", RegistryMessages.InvalidNature(spec.Nature)));
        }
        var parentId = spec.ParentId is { Length: > 0 } p ? p.Trim() : null;
        if (parentId is not null)
        {
            if (!_units.TryGetValue(parentId, out var parent) || parent.AsOf(year) is not { } parentVersion)
            {
                errors.Add(new FieldError(prefix + "parent_id", RegistryMessages.UnitNotInYear(parentId, year)));
            }
            else if (!parentVersion.IsActive)
            {
                errors.Add(new FieldError(prefix + "parent_id", RegistryMessages.UnitNotActive(parentId, parentVersion.Status, year)));
            }
            else if (region is not null && parentVersion.RegionCode != region.Code)
            {
                errors.Add(new FieldError(prefix + "parent_id", RegistryMessages.ParentInOtherRegion(parentId, parentVersion.RegionCode.Value, region.Code.Value)));
            }
        }
        Throw(errors);
        var version = new UnitVersion(year, name, region!.Code, parentId, nature, spec.Functions ?? [], spec.Sections ?? []);
        return (spec, id, version, code);
    }

    private static string CheckName(string? name, string field, List<FieldError> errors)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0)
        {
            errors.Add(new FieldError(field, Messages.Required));
        }
        else if (trimmed.Length > MaxNameLength)
        {
            errors.Add(new FieldError(field, Messages.TooLong(trimmed.Length, MaxNameLength)));
        }
        return trimmed;
    }

    private (BudgetUnit Unit, UnitVersion Version) RequireActive(string unitId, int year, string field)
    {
        if (!_units.TryGetValue(unitId ?? "", out var unit))
        {
            throw new NotFoundException("Unit", unitId ?? "");
        }
        var version = unit.AsOf(year) ?? throw new ValidationException(field, RegistryMessages.UnitNotYetInYear(unit.Id, year, unit.FirstYear));
        if (!version.IsActive)
        {
            throw new PreconditionFailedException(Messages.AtField(field, RegistryMessages.UnitNotActive(unit.Id, version.Status, year)));
        }
        if (unit.Versions[^1].FromYear > year)
        {
            throw new PreconditionFailedException(Messages.AtField(field, RegistryMessages.LaterChangeExists(unit.Id, unit.Versions[^1].FromYear, year)));
        }
        return (unit, version);
    }

    private void EnsureOpen(int year)
    {
        if (year is < 1949 or > 2200)
        {
            throw new ValidationException("year", RegistryMessages.NotAFiscalYear(year));
        }
        if (ClosedThroughYear is { } closed && year <= closed)
        {
            throw new PreconditionFailedException(Messages.AtField("year", RegistryMessages.YearClosed(year, closed)));
        }
    }

    private bool IsInSubtree(string unitId, string rootId, int year)
    {
        var guard = 0;
        for (var current = unitId; current is not null; guard++)
        {
            if (current == rootId)
            {
                return true;
            }
            if (guard > _units.Count || !_units.TryGetValue(current, out var unit) || unit.AsOf(year) is not { } version)
            {
                return false;
            }
            current = version.ParentId!;
        }
        return false;
    }

    private Dictionary<string, List<string>> ChildrenIndex(int year)
    {
        if (_childrenByYear.TryGetValue(year, out var cached))
        {
            return cached;
        }
        var index = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var unit in _units.Values)
        {
            if (unit.AsOf(year) is { IsActive: true, ParentId: { } parent })
            {
                if (!index.TryGetValue(parent, out var list))
                {
                    index[parent] = list = [];
                }
                list.Add(unit.Id);
            }
        }
        foreach (var list in index.Values)
        {
            list.Sort(StringComparer.Ordinal);
        }
        _childrenByYear[year] = index;
        return index;
    }

    private void Add(BudgetUnit unit)
    {
        _units[unit.Id] = unit;
        _idByCreditCode[unit.CreditCode.Value] = unit.Id;
        Invalidate();
    }

    private void Invalidate() => _childrenByYear.Clear();

    private Reorganization Record(Reorganization reorganization)
    {
        _reorganizations.Add(reorganization);
        return reorganization;
    }

    private static UnitChanged Changed(BudgetUnit unit, UnitVersion version) =>
        new(unit.Id, version.FromYear, version.Name, version.RegionCode.Value, version.ParentId, version.Nature.ToString(), version.Status.ToString(), unit.Revision);

    private static UnitReorganized Event(Reorganization r) => new(r.Kind.ToString(), r.EffectiveYear, r.Before, r.After, r.Note);

    private static T? Try<T>(List<FieldError> errors, Func<T> parse) where T : struct
    {
        try
        {
            return parse();
        }
        catch (ValidationException ex)
        {
            errors.AddRange(ex.Errors);
            return null;
        }
    }

    private static void Throw(List<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
    }
}
