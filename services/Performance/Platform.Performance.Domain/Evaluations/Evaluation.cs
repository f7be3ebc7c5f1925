using Platform.Domain;
using Platform.Events.V1;
using Platform.Performance.Domain.Forms;
using Platform.Performance.Domain.Scoring;

namespace Platform.Performance.Domain.Evaluations;

public enum EvaluationKind
{
    /// <summary>项目支出绩效自评表: one per project.</summary>
    Project,
    /// <summary>部门整体支出绩效自评: one per unit and year.</summary>
    Overall,
}

public enum EvaluationState
{
    /// <summary>Being filled in by the unit; editable.</summary>
    Draft,
    /// <summary>Scored and with the finance office; sent back to become a draft again.</summary>
    Submitted,
    /// <summary>Imported from a published disclosure: read-only, scored as printed.</summary>
    Published,
    /// <summary>Accepted by the finance office (审核通过): read-only, scored as submitted; sent back, a draft again.</summary>
    Accepted,
}

/// <summary>An evaluation's identity: a unit's overall form (<see cref="Project"/> empty) or its form for one project (by name).</summary>
public sealed record EvaluationKey(string UnitId, int FiscalYear, string Project)
{
    public EvaluationKind Kind => Project.Length == 0 ? EvaluationKind.Overall : EvaluationKind.Project;

    public override string ToString() => $"{UnitId}/{FiscalYear}/{(Project.Length == 0 ? "overall" : Project)}";
}

/// <summary>Who may do what with evaluations: the unit's staff file, the finance office over the unit reviews and ranks.</summary>
public static class EvaluationAccess
{
    /// <summary>Imports publications and reads every evaluation of the admin's jurisdiction.</summary>
    public const string Admin = "performance-admin";

    public static void RequireStaff(Actor actor, string unitId)
    {
        if (!actor.IsStaffOf(unitId))
        {
            throw new ForbiddenException(Messages.OwnUnitStaffOnly);
        }
    }

    public static void RequireReviewer(Actor actor, string regionCode)
    {
        if (!actor.IsReviewerOver(regionCode))
        {
            throw new ForbiddenException(Messages.SuperiorReviewerOnly);
        }
    }

    /// <summary>Reviewers and administrators over the region: the office's views (queue, ranking).</summary>
    public static void RequireOffice(Actor actor, string regionCode)
    {
        if (!actor.IsReviewerOver(regionCode) && !IsAdminOver(actor, regionCode))
        {
            throw new ForbiddenException(PerformanceMessages.OfficeOnly(regionCode));
        }
    }

    public static void RequireReader(Actor actor, string unitId, string regionCode)
    {
        if (!actor.IsPlatformService && !actor.IsStaffOf(unitId) && !actor.IsReviewerOver(regionCode) && !IsAdminOver(actor, regionCode))
        {
            throw new ForbiddenException(Messages.MayNotRead);
        }
    }

    public static bool IsAdminOver(Actor actor, string regionCode) => actor.IsInRole(Admin) && Jurisdiction.Covers(actor.RegionCode, regionCode);
}

/// <summary>
/// A performance self-evaluation through its life: a draft the unit edits on top of a revision (a stale revision is a
/// conflict, never a silent overwrite), submitted and scored under the policy in force for the unit's region and year
/// (the score is kept with the policy's id, beside the self-assigned figures), sent back by the finance office with a
/// comment, or imported read-only from a publication. State changes raise their events in the same step.
/// </summary>
public sealed class Evaluation
{
    private readonly List<object> _events = [];

    private Evaluation(EvaluationKey key, string regionCode)
    {
        Key = key;
        RegionCode = regionCode;
    }

    public EvaluationKey Key { get; }

    public EvaluationKind Kind => Key.Kind;

    public string RegionCode { get; private set; }

    public EvaluationState State { get; private set; }

    public long Revision { get; private set; }

    public ProjectForm? ProjectForm { get; private set; }

    public OverallForm? OverallForm { get; private set; }

    public EvaluationResult? Result { get; private set; }

    public string? SubmittedBy { get; private set; }

    public DateTimeOffset? SubmittedAt { get; private set; }

    public string? ReturnComment { get; private set; }

    public string? AcceptedBy { get; private set; }

    public DateTimeOffset? AcceptedAt { get; private set; }

    public string? SourceDocument { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<object> Events => _events;

    /// <summary>A new draft at revision 1.</summary>
    public static Evaluation Create(EvaluationKey key, string regionCode, ProjectForm? project, OverallForm? overall, Actor actor, DateTimeOffset now)
    {
        EvaluationAccess.RequireStaff(actor, key.UnitId);
        var e = new Evaluation(key, regionCode) { State = EvaluationState.Draft };
        e.Replace(project, overall);
        e.Revision = 1;
        e.UpdatedAt = now;
        return e;
    }

    /// <summary>Replaces the draft's form on top of <paramref name="revision"/>.</summary>
    public void Save(ProjectForm? project, OverallForm? overall, long revision, Actor actor, DateTimeOffset now)
    {
        EvaluationAccess.RequireStaff(actor, Key.UnitId);
        if (State != EvaluationState.Draft)
        {
            throw new PreconditionFailedException(PerformanceMessages.OnlyDraftEdited(Key, State));
        }
        RequireRevision(revision);
        Replace(project, overall);
        Revision++;
        UpdatedAt = now;
    }

    /// <summary>
    /// The draft under another project name (a typo in the name, which is the form's key), as a new evaluation at the next
    /// revision that replaces this one. Only a draft never submitted: a form the finance office has had keeps its name.
    /// </summary>
    public Evaluation Rename(ProjectForm project, long revision, Actor actor, DateTimeOffset now)
    {
        RequireWithdrawable(revision, actor, "改名");
        if (Kind == EvaluationKind.Overall)
        {
            throw new ValidationException("ref.project", PerformanceMessages.OverallNotRenamed, "KIND_MISMATCH");
        }
        var renamed = new Evaluation(Key with { Project = project.Name }, RegionCode) { State = EvaluationState.Draft, Revision = Revision + 1, UpdatedAt = now };
        renamed.Replace(project, null);
        return renamed;
    }

    /// <summary>Checks that the draft may be deleted (one never submitted, at <paramref name="revision"/>); the store removes it.</summary>
    public void Discard(long revision, Actor actor) => RequireWithdrawable(revision, actor, "删除");

    /// <summary>
    /// Scores the draft under <paramref name="policy"/> and submits it. A retry of the revision already submitted is a
    /// no-op (no second event). Findings do not block: they are the finance office's to weigh, except a target or
    /// actual that is not a value at all, which the clerk must correct (<see cref="FormRules.CheckSubmission(ProjectForm, List{FieldError})"/>).
    /// </summary>
    public void Submit(long revision, ScoringPolicy policy, Actor actor, DateTimeOffset now)
    {
        EvaluationAccess.RequireStaff(actor, Key.UnitId);
        if (State == EvaluationState.Submitted && revision == Revision || IsAcceptanceOf(revision))
        {
            return;   // a retry, answered as the first was — even if the office has accepted the form meanwhile
        }
        if (State != EvaluationState.Draft)
        {
            throw new PreconditionFailedException(PerformanceMessages.OnlyDraftSubmitted(Key, State));
        }
        RequireRevision(revision);
        var errors = new List<FieldError>();
        if (ProjectForm is { } p)
        {
            FormRules.CheckSubmission(p, errors);
        }
        else
        {
            FormRules.CheckSubmission(OverallForm!, errors);
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        Result = Score(policy);
        State = EvaluationState.Submitted;
        SubmittedBy = actor.Subject;
        SubmittedAt = now;
        ReturnComment = null;
        UpdatedAt = now;
        _events.Add(new EvaluationSubmitted(Key.UnitId, Key.FiscalYear, Key.Project, Kind.ToString(), Revision, RegionCode, actor.Subject, now));
        RaiseScored(now);
    }

    /// <summary>
    /// The finance office over the unit accepts the submitted evaluation it read at <paramref name="revision"/> (a form
    /// sent back and submitted again since is another revision: a conflict, never an acceptance of what was not read).
    /// A retry of the same acceptance is a no-op.
    /// </summary>
    public void Accept(long revision, Actor actor, DateTimeOffset now)
    {
        EvaluationAccess.RequireReviewer(actor, RegionCode);
        if (IsAcceptanceOf(revision))
        {
            return;
        }
        if (State != EvaluationState.Submitted)
        {
            throw new PreconditionFailedException(PerformanceMessages.OnlySubmittedAccepted(Key, State));
        }
        RequireRevision(revision);
        State = EvaluationState.Accepted;
        AcceptedBy = actor.Subject;
        AcceptedAt = now;
        // A decision of the office is a new revision, as a return is: a page read before it cannot undo it unseen.
        Revision++;
        UpdatedAt = now;
        _events.Add(new EvaluationAccepted(Key.UnitId, Key.FiscalYear, Key.Project, Kind.ToString(), Revision, RegionCode, actor.Subject, now));
    }

    /// <summary>Accepted as submitted at <paramref name="revision"/>: the acceptance is the one revision after the submission.</summary>
    private bool IsAcceptanceOf(long revision) => State == EvaluationState.Accepted && revision == Revision - 1;

    /// <summary>
    /// The finance office over the unit sends a submitted or accepted evaluation back with a comment: a draft again, at a
    /// new revision (an acceptance the office finds mistaken is undone the same way). With <paramref name="revision"/>, the
    /// one the reviewer read: a page loaded before a colleague's acceptance does not undo it unseen.
    /// </summary>
    public void SendBack(string comment, long? revision, Actor actor, DateTimeOffset now)
    {
        EvaluationAccess.RequireReviewer(actor, RegionCode);
        if (State is not (EvaluationState.Submitted or EvaluationState.Accepted))
        {
            throw new PreconditionFailedException(PerformanceMessages.OnlySubmittedSentBack(Key, State));
        }
        if (revision is { } read)
        {
            RequireRevision(read);
        }
        if (string.IsNullOrWhiteSpace(comment))
        {
            throw new ValidationException("comment", PerformanceMessages.ReturnCommentRequired, "REQUIRED");
        }
        State = EvaluationState.Draft;
        ReturnComment = comment.Trim();
        AcceptedBy = null;
        AcceptedAt = null;
        Result = null;
        Revision++;
        UpdatedAt = now;
        _events.Add(new EvaluationReturned(Key.UnitId, Key.FiscalYear, Key.Project, Kind.ToString(), Revision, RegionCode, ReturnComment, actor.Subject, now));
    }

    /// <summary>The review step an event of this evaluation records (null for an event that is none: a score).</summary>
    public static ReviewStep? StepOf(object @event) => @event switch
    {
        EvaluationSubmitted s => new ReviewStep(ReviewAction.HandedIn, s.Revision, s.SubmittedBy, s.At),
        EvaluationAccepted a => new ReviewStep(ReviewAction.Accepted, a.Revision, a.AcceptedBy, a.At),
        EvaluationReturned r => new ReviewStep(ReviewAction.Returned, r.Revision, r.ReturnedBy, r.At, r.Comment),
        _ => null,
    };

    /// <summary>A form as a publication printed it: read-only, scored under the policy in force.</summary>
    public static Evaluation Published(EvaluationKey key, string regionCode, ProjectForm? project, OverallForm? overall, ScoringPolicy policy, string sourceDocument, DateTimeOffset now)
    {
        var e = new Evaluation(key, regionCode) { State = EvaluationState.Published, SourceDocument = sourceDocument, Revision = 1, UpdatedAt = now };
        e.Replace(project, overall);
        e.Result = e.Score(policy);
        e.RaiseScored(now);
        return e;
    }

    /// <summary>Re-imports a publication over the one imported before (same key): a new revision, scored again.</summary>
    public void Republish(ProjectForm? project, OverallForm? overall, ScoringPolicy policy, string sourceDocument, DateTimeOffset now)
    {
        if (State != EvaluationState.Published)
        {
            throw new ConflictException(PerformanceMessages.FiledNotOverwritten(Key, State));
        }
        Replace(project, overall);
        SourceDocument = sourceDocument;
        Result = Score(policy);
        Revision++;
        UpdatedAt = now;
        RaiseScored(now);
    }

    /// <summary>
    /// Scores a submitted or published evaluation again under <paramref name="policy"/> (the region's policy changed): an
    /// administrator over the region only; true, with a new result and its EvaluationScored event, when the result differs.
    /// The form and its revision stay: nothing the unit filed changes.
    /// </summary>
    public bool Rescore(ScoringPolicy policy, Actor actor, DateTimeOffset now)
    {
        if (!EvaluationAccess.IsAdminOver(actor, RegionCode))
        {
            throw new ForbiddenException(PerformanceMessages.RescoreAdminOnly(RegionCode, EvaluationAccess.Admin));
        }
        if (State == EvaluationState.Draft || Result is null)
        {
            return false;
        }
        var again = Score(policy);
        if (again.SameAs(Result))
        {
            return false;
        }
        Result = again;
        UpdatedAt = now;
        RaiseScored(now);
        return true;
    }

    /// <summary>The form scored under <paramref name="policy"/> (a draft's preview, or a what-if under another policy).</summary>
    public EvaluationResult Score(ScoringPolicy policy) =>
        ProjectForm is { } p ? EvaluationResult.Of(p, policy) : EvaluationResult.Of(OverallForm!, policy);

    /// <summary>Rebuilds an evaluation from storage (no events).</summary>
    public static Evaluation Restore(
        EvaluationKey key, string regionCode, EvaluationState state, long revision, ProjectForm? project, OverallForm? overall, EvaluationResult? result,
        string? submittedBy, DateTimeOffset? submittedAt, string? returnComment, string? sourceDocument, DateTimeOffset updatedAt,
        string? acceptedBy = null, DateTimeOffset? acceptedAt = null)
    {
        var e = new Evaluation(key, regionCode)
        {
            State = state, Revision = revision, Result = result, SubmittedBy = submittedBy, SubmittedAt = submittedAt,
            ReturnComment = returnComment, SourceDocument = sourceDocument, UpdatedAt = updatedAt, AcceptedBy = acceptedBy, AcceptedAt = acceptedAt,
        };
        e.Replace(project, overall);
        return e;
    }

    public void ClearEvents() => _events.Clear();

    private void Replace(ProjectForm? project, OverallForm? overall)
    {
        if ((project is null) == (overall is null))
        {
            throw new ValidationException("form", PerformanceMessages.OneFormRequired, "REQUIRED");
        }
        if (Kind == EvaluationKind.Overall && overall is null)
        {
            throw new ValidationException("ref.project", PerformanceMessages.OverallNeedsOverallForm, "KIND_MISMATCH");
        }
        if (Kind == EvaluationKind.Project && (project is null || project.Name != Key.Project))
        {
            throw new ValidationException("project_form.name", PerformanceMessages.ProjectNameFixed(Key.Project), "KIND_MISMATCH");
        }
        ProjectForm = project;
        OverallForm = overall;
    }

    /// <summary>A draft the unit alone has seen: its own staff, never submitted (a returned form keeps <see cref="SubmittedAt"/>), not stale.</summary>
    private void RequireWithdrawable(long revision, Actor actor, string action)
    {
        EvaluationAccess.RequireStaff(actor, Key.UnitId);
        if (State != EvaluationState.Draft)
        {
            throw new PreconditionFailedException(PerformanceMessages.OnlyDraftEdited(Key, State));
        }
        if (SubmittedAt is not null)
        {
            throw new PreconditionFailedException(PerformanceMessages.FiledNotWithdrawn(Key, action));
        }
        RequireRevision(revision);
    }

    private void RequireRevision(long revision)
    {
        if (revision != Revision)
        {
            throw new ConcurrencyConflictException(PerformanceMessages.StaleRevision(Key, Revision, revision));
        }
    }

    private void RaiseScored(DateTimeOffset now) =>
        _events.Add(new EvaluationScored(Key.UnitId, Key.FiscalYear, Key.Project, Kind.ToString(), Revision, RegionCode, Result!.PolicyId,
            Result.ComputedTotal, Result.Grade, Result.PublishedTotal, Result.Errors, Result.Warnings, now));
}
