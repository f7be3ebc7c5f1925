namespace Platform.Events.V1;

/// <summary>
/// A unit submitted a performance self-evaluation (performance service): its overall department form
/// (<see cref="Project"/> empty) or the project form named <see cref="Project"/>, at revision <see cref="Revision"/>.
/// </summary>
public sealed record EvaluationSubmitted(
    string UnitId, int FiscalYear, string Project, string Kind, long Revision, string RegionCode, string SubmittedBy, DateTimeOffset At);

/// <summary>
/// An evaluation was scored under policy <see cref="PolicyId"/>: the recomputed total and grade beside the published
/// (self-assigned) ones, and how many findings of each severity stand. Raised on submission and on import of a
/// publication; the publication service reads the evaluation for the disclosure's appended forms. <see cref="Grade"/> is
/// null when the total is not graded (weights that do not make 100, a total over 100, an unfilled form).
/// </summary>
public sealed record EvaluationScored(
    string UnitId, int FiscalYear, string Project, string Kind, long Revision, string RegionCode, string PolicyId,
    decimal ComputedTotal, string? Grade, decimal? PublishedTotal, int Errors, int Warnings, DateTimeOffset At);

/// <summary>The finance office over the unit accepted (审核通过) the evaluation as submitted; <see cref="Revision"/> is the acceptance's.</summary>
public sealed record EvaluationAccepted(
    string UnitId, int FiscalYear, string Project, string Kind, long Revision, string RegionCode, string AcceptedBy, DateTimeOffset At);

/// <summary>The finance office sent the evaluation back (退回修改) with <see cref="Comment"/>: a draft again at <see cref="Revision"/>.</summary>
public sealed record EvaluationReturned(
    string UnitId, int FiscalYear, string Project, string Kind, long Revision, string RegionCode, string Comment, string ReturnedBy, DateTimeOffset At);
