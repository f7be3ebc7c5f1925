namespace Platform.Events.V1;

/// <summary>
/// A unit's final-accounts return (部门决算) for a fiscal year was submitted for review (accounts service).
/// A return is identified by unit and fiscal year; <see cref="Version"/> is 1 for the original, n for the n−1-th correction.
/// </summary>
public sealed record ReturnSubmitted(string UnitId, int FiscalYear, int Version, string RegionCode, DateTimeOffset SubmittedAt, bool Late, string SubmittedBy);

/// <summary>The superior finance office sent the return back with comments; it is editable again.</summary>
public sealed record ReturnReturned(string UnitId, int FiscalYear, int Version, string RegionCode, int CommentCount, string ReviewedBy, DateTimeOffset At);

/// <summary>
/// The return version was approved: its figures are final until a correction is approved. Consumers that keep
/// figures (consolidation, publication) take this event and read version <see cref="Version"/>; a later approval of a
/// higher version of the same unit and year replaces it (deliveries may arrive in any order: keep the highest).
/// </summary>
public sealed record ReturnApproved(string UnitId, int FiscalYear, int Version, string RegionCode, string ApprovedBy, DateTimeOffset At);

/// <summary>A correction of an approved return was opened as a new version with a reason; the approved version stays as it was.</summary>
public sealed record ReturnCorrected(string UnitId, int FiscalYear, int Version, int PreviousVersion, string Reason, string CorrectedBy, DateTimeOffset At);

/// <summary>
/// Consolidated returns changed because a unit's approved version <see cref="UnitVersion"/> was applied: each node
/// ("department:ID" or "region:CODE") with its new revision. Consumers re-read the figures they show.
/// </summary>
public sealed record ConsolidationUpdated(int FiscalYear, string UnitId, int UnitVersion, IReadOnlyList<string> Nodes, IReadOnlyList<long> Revisions, DateTimeOffset At);
