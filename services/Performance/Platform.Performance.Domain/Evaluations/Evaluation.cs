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
            throw new ForbiddenException($"'{actor.Subject}' is not a clerk or head of unit {unitId}: only the unit's own staff file its evaluations.");
        }
    }

    public static void RequireReviewer(Actor actor, string regionCode)
    {
        if (!actor.IsReviewerOver(regionCode))
        {
            throw new ForbiddenException($"'{actor.Subject}' is not a reviewer of a finance office over region {regionCode}.");
        }
    }

    /// <summary>Reviewers and administrators over the region: the office's views (queue, ranking).</summary>
    public static void RequireOffice(Actor actor, string regionCode)
    {
        if (!actor.IsReviewerOver(regionCode) && !IsAdminOver(actor, regionCode))
        {
            throw new ForbiddenException($"'{actor.Subject}' is not a reviewer or performance administrator over region {regionCode}.");
        }
    }

    public static void RequireReader(Actor actor, string unitId, string regionCode)
    {
        if (!actor.IsPlatformService && !actor.IsStaffOf(unitId) && !actor.IsReviewerOver(regionCode) && !IsAdminOver(actor, regionCode))
        {
            throw new ForbiddenException($"'{actor.Subject}' may not read the evaluations of unit {unitId}.");
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
            throw new PreconditionFailedException($"Evaluation {Key} is {State.ToString().ToLowerInvariant()}: only a draft is edited (the finance office can send a submitted one back).");
        }
        RequireRevision(revision);
        Replace(project, overall);
        Revision++;
        UpdatedAt = now;
    }

    /// <summary>
    /// Scores the draft under <paramref name="policy"/> and submits it. A retry of the revision already submitted is a
    /// no-op (no second event). Findings do not block: they are the finance office's to weigh, except a target or
    /// actual that is not a value at all, which the clerk must correct (<see cref="FormRules.CheckSubmission(ProjectForm, List{FieldError})"/>).
    /// </summary>
    public void Submit(long revision, ScoringPolicy policy, Actor actor, DateTimeOffset now)
    {
        EvaluationAccess.RequireStaff(actor, Key.UnitId);
        if (State == EvaluationState.Submitted && revision == Revision)
        {
            return;
        }
        if (State != EvaluationState.Draft)
        {
            throw new PreconditionFailedException($"Evaluation {Key} is {State.ToString().ToLowerInvariant()}: only a draft is submitted.");
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

    /// <summary>The finance office over the unit sends a submitted evaluation back with a comment: a draft again, at a new revision.</summary>
    public void SendBack(string comment, Actor actor, DateTimeOffset now)
    {
        EvaluationAccess.RequireReviewer(actor, RegionCode);
        if (State != EvaluationState.Submitted)
        {
            throw new PreconditionFailedException($"Evaluation {Key} is {State.ToString().ToLowerInvariant()}: only a submitted evaluation is sent back.");
        }
        if (string.IsNullOrWhiteSpace(comment))
        {
            throw new ValidationException("comment", "is required: say what the unit must change", "REQUIRED");
        }
        State = EvaluationState.Draft;
        ReturnComment = comment.Trim();
        Result = null;
        Revision++;
        UpdatedAt = now;
    }

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
            throw new ConflictException($"Evaluation {Key} was filed by the unit ({State.ToString().ToLowerInvariant()}): a publication is not imported over a filed evaluation.");
        }
        Replace(project, overall);
        SourceDocument = sourceDocument;
        Result = Score(policy);
        Revision++;
        UpdatedAt = now;
        RaiseScored(now);
    }

    /// <summary>The form scored under <paramref name="policy"/> (a draft's preview, or a what-if under another policy).</summary>
    public EvaluationResult Score(ScoringPolicy policy) =>
        ProjectForm is { } p ? EvaluationResult.Of(p, policy) : EvaluationResult.Of(OverallForm!, policy);

    /// <summary>Rebuilds an evaluation from storage (no events).</summary>
    public static Evaluation Restore(
        EvaluationKey key, string regionCode, EvaluationState state, long revision, ProjectForm? project, OverallForm? overall, EvaluationResult? result,
        string? submittedBy, DateTimeOffset? submittedAt, string? returnComment, string? sourceDocument, DateTimeOffset updatedAt)
    {
        var e = new Evaluation(key, regionCode)
        {
            State = state, Revision = revision, Result = result, SubmittedBy = submittedBy, SubmittedAt = submittedAt,
            ReturnComment = returnComment, SourceDocument = sourceDocument, UpdatedAt = updatedAt,
        };
        e.Replace(project, overall);
        return e;
    }

    public void ClearEvents() => _events.Clear();

    private void Replace(ProjectForm? project, OverallForm? overall)
    {
        if ((project is null) == (overall is null))
        {
            throw new ValidationException("form", "exactly one of project_form and overall_form is required", "REQUIRED");
        }
        if (Kind == EvaluationKind.Overall && overall is null)
        {
            throw new ValidationException("ref.project", "is empty, which names the overall department form: send overall_form, or name the project", "KIND_MISMATCH");
        }
        if (Kind == EvaluationKind.Project && (project is null || project.Name != Key.Project))
        {
            throw new ValidationException("project_form.name", $"must be the project the evaluation is for ('{Key.Project}'); a renamed project is a new evaluation", "KIND_MISMATCH");
        }
        ProjectForm = project;
        OverallForm = overall;
    }

    private void RequireRevision(long revision)
    {
        if (revision != Revision)
        {
            throw new ConcurrencyConflictException($"Evaluation {Key} is at revision {Revision}, not {revision}: someone saved since; re-read it.");
        }
    }

    private void RaiseScored(DateTimeOffset now) =>
        _events.Add(new EvaluationScored(Key.UnitId, Key.FiscalYear, Key.Project, Kind.ToString(), Revision, RegionCode, Result!.PolicyId,
            Result.ComputedTotal, Result.Grade, Result.PublishedTotal, Result.Errors, Result.Warnings, now));
}
