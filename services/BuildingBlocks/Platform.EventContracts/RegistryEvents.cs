namespace Platform.Events.V1;

/// <summary>A budget unit exists from <see cref="FromYear"/> (unit registry).</summary>
public sealed record UnitRegistered(
    string UnitId, string CreditCode, string Name, string RegionCode, string? ParentId, string Nature, int FromYear);

/// <summary>
/// A unit's attributes as of <see cref="FromYear"/> onwards (unit registry); the full state, not a diff.
/// <see cref="Revision"/> grows with every change of the unit (1 at registration): apply a change only if it is
/// newer than what you hold, since deliveries may arrive in any order.
/// </summary>
public sealed record UnitChanged(
    string UnitId, int FromYear, string Name, string RegionCode, string? ParentId, string Nature, string Status, long Revision);

/// <summary>
/// A reorganization effective from <see cref="EffectiveYear"/>: Kind is Merge, Split, Rename, Transfer or Dissolve;
/// Before → After maps unit ids (merge: [source] → [target]; split: [source] → [new units]).
/// </summary>
public sealed record UnitReorganized(string Kind, int EffectiveYear, IReadOnlyList<string> Before, IReadOnlyList<string> After, string Note);

/// <summary>Staffing of a unit for a fiscal year: 实有人数 = 在职 + 离休 + 退休 (split when known); 编制 when known.</summary>
public sealed record StaffingReported(string UnitId, int FiscalYear, int? AuthorizedPosts, int ActualTotal, int? InService, int? RetiredLixiu, int? Retired);

/// <summary>The units in scope of a department's final accounts (决算编制范围) for a fiscal year.</summary>
public sealed record ScopeDefined(string DepartmentId, int FiscalYear, IReadOnlyList<string> UnitIds);

/// <summary>A region (or development zone) was added to the region tree.</summary>
public sealed record RegionAdded(string Code, string Name, string Kind, string? ParentCode);

/// <summary>No change may take effect in fiscal years up to <see cref="ThroughYear"/> any more.</summary>
public sealed record FiscalYearsClosed(int ThroughYear);
