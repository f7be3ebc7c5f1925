using Platform.Accounts.Domain.Rules;
using Platform.Accounts.Domain.Templates;
using Platform.Domain;
using Platform.Events.V1;

namespace Platform.Accounts.Domain.Returns;

public enum ReturnState
{
    /// <summary>Being filled in; editable.</summary>
    Draft,
    /// <summary>Waiting for the superior finance office.</summary>
    Submitted,
    /// <summary>Sent back with comments; editable again.</summary>
    Returned,
    /// <summary>Final; changed only through a correction (a new version).</summary>
    Approved,
    /// <summary>Figures imported from a published disclosure: read-only, a baseline for later years.</summary>
    Published,
}

public enum ReturnSource
{
    Filed,
    Publication,
}

/// <summary>Roles the accounts service checks.</summary>
public static class AccountsRoles
{
    /// <summary>Fills in the unit's return (token narrowed to the unit).</summary>
    public const string Clerk = PlatformRoles.Clerk;
    /// <summary>Head of the unit: what a clerk can do.</summary>
    public const string UnitHead = PlatformRoles.UnitHead;
    /// <summary>Finance-office reviewer: reviews returns of units in the office's jurisdiction.</summary>
    public const string Reviewer = PlatformRoles.Reviewer;
    /// <summary>Imports publications and reads every return in the admin's jurisdiction.</summary>
    public const string Admin = "accounts-admin";
}

/// <summary>Who may do what with a unit's return: the unit's own clerks file, the superior office reviews.</summary>
public static class ReturnAccess
{
    public static bool IsMemberOf(Actor actor, string unitId) => actor.IsStaffOf(unitId);

    public static bool IsReviewerOf(Actor actor, string unitId, string unitRegion) => actor.IsReviewerOver(unitRegion);

    public static bool IsAdminOver(Actor actor, string unitRegion) =>
        actor.IsInRole(AccountsRoles.Admin) && Jurisdiction.Covers(actor.RegionCode, unitRegion);

    public static void RequireMember(Actor actor, string unitId)
    {
        if (!IsMemberOf(actor, unitId))
        {
            throw new ForbiddenException(Messages.OwnUnitStaffOnly);
        }
    }

    public static void RequireReviewer(Actor actor, string unitId, string unitRegion)
    {
        if (!IsReviewerOf(actor, unitId, unitRegion))
        {
            throw new ForbiddenException(Messages.SuperiorReviewerOnly);
        }
    }

    public static void RequireReader(Actor actor, string unitId, string unitRegion)
    {
        if (!actor.IsPlatformService && !IsMemberOf(actor, unitId) && !IsReviewerOf(actor, unitId, unitRegion) && !IsAdminOver(actor, unitRegion))
        {
            throw new ForbiddenException(Messages.MayNotRead);
        }
    }
}

/// <summary>A written explanation attached to a row (主要原因, or why a warning is acceptable).</summary>
public sealed record Explanation(Location Target, string Text, string Author, DateTimeOffset At);

/// <summary>A reviewer's comment attached to a cell or row, in review round <see cref="Round"/>.</summary>
public sealed record ReviewComment(Location Target, string Text, string Reviewer, DateTimeOffset At, int Round);

/// <summary>One line of the audit trail: who, when, what (cell), old, new, why.</summary>
/// <summary>One change of a return: <paramref name="ActorName"/> is who it was by name at the time (names change; the record does not).</summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string? ActorName, string Action, string? Target, string? OldValue, string? NewValue, string? Why);

/// <summary>A cell as typed by a clerk ("1234.50", "" to clear) for <see cref="CellKey"/> text "Z01[INC_FISCAL,AMT]".</summary>
public sealed record CellInput(string Cell, string? Value);

/// <summary>An explanation to set ("" or null text removes it) on a row location such as "Z05[2240101]".</summary>
public sealed record ExplanationInput(string Target, string? Text);

/// <summary>Findings of one validation, and which warnings still need an explanation.</summary>
public sealed record ValidationOutcome(IReadOnlyList<Finding> Findings, IReadOnlySet<Finding> Explained)
{
    public IEnumerable<Finding> Errors => Findings.Where(f => f.Severity == Severity.Error);

    public IEnumerable<Finding> UnexplainedWarnings => Findings.Where(f => f.Severity == Severity.Warning && !Explained.Contains(f));

    public bool CanSubmit => !Errors.Any() && !UnexplainedWarnings.Any();
}

/// <summary>Everything a return holds, for persistence (the host stores and restores it unchanged).</summary>
public sealed record ReturnSnapshot(
    string UnitId,
    int FiscalYear,
    int Version,
    string RegionCode,
    ReturnState State,
    ReturnSource Source,
    string? SourceDocument,
    long Revision,
    IReadOnlyDictionary<CellKey, decimal> Inputs,
    decimal RoundingUnit,
    IReadOnlyList<Explanation> Explanations,
    IReadOnlyList<ReviewComment> Comments,
    int ReviewRound,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SubmittedAt,
    bool Late,
    DateOnly? DueDate,
    DateTimeOffset? ApprovedAt,
    string? ApprovedBy,
    int? CorrectionOf,
    string? CorrectionReason);

/// <summary>
/// A unit's final-accounts return for one fiscal year, one version: draft → submitted → (returned → submitted)* →
/// approved; a correction of an approved version is a new version with a reason, so nothing approved is ever
/// overwritten. Every change writes the audit trail (<see cref="NewAudit"/>) and the workflow steps raise events
/// (<see cref="NewEvents"/>), which the host stores in the same transaction as the return.
/// </summary>
public sealed class AccountsReturn
{
    public const int MaxExplanationLength = FreeText.ProseLength;
    public const decimal FiledRoundingUnit = 0.01m;
    public const decimal PublicationRoundingUnit = 100m;

    private readonly Dictionary<Location, Explanation> _explanations;
    private readonly List<ReviewComment> _comments;
    private readonly List<AuditEntry> _newAudit = [];
    private readonly List<object> _newEvents = [];
    private CellSet _inputs;

    private AccountsReturn(ReturnSnapshot s)
    {
        UnitId = s.UnitId;
        FiscalYear = s.FiscalYear;
        Version = s.Version;
        RegionCode = s.RegionCode;
        State = s.State;
        Source = s.Source;
        SourceDocument = s.SourceDocument;
        Revision = s.Revision;
        _inputs = new CellSet(s.Inputs, s.Source == ReturnSource.Filed, s.RoundingUnit);
        _explanations = s.Explanations.ToDictionary(e => e.Target);
        _comments = [.. s.Comments];
        ReviewRound = s.ReviewRound;
        CreatedAt = s.CreatedAt;
        SubmittedAt = s.SubmittedAt;
        Late = s.Late;
        DueDate = s.DueDate;
        ApprovedAt = s.ApprovedAt;
        ApprovedBy = s.ApprovedBy;
        CorrectionOf = s.CorrectionOf;
        CorrectionReason = s.CorrectionReason;
    }

    public string UnitId { get; }
    public int FiscalYear { get; }
    public int Version { get; }
    /// <summary>The region the unit sits in for the year: where it was opened, followed to the unit's new region while open.</summary>
    public string RegionCode { get; private set; }
    public ReturnState State { get; private set; }
    public ReturnSource Source { get; }
    public string? SourceDocument { get; }
    /// <summary>Grows with every change; a save must name the revision it was based on (optimistic concurrency).</summary>
    public long Revision { get; private set; }
    public CellSet Inputs => _inputs;
    public IReadOnlyCollection<Explanation> Explanations => _explanations.Values;
    public IReadOnlyList<ReviewComment> Comments => _comments;
    public int ReviewRound { get; private set; }
    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset? SubmittedAt { get; private set; }
    public bool Late { get; private set; }
    public DateOnly? DueDate { get; private set; }
    public DateTimeOffset? ApprovedAt { get; private set; }
    public string? ApprovedBy { get; private set; }
    public int? CorrectionOf { get; }
    public string? CorrectionReason { get; }

    public IReadOnlyList<AuditEntry> NewAudit => _newAudit;
    public IReadOnlyList<object> NewEvents => _newEvents;

    public string Key => $"{UnitId}/{FiscalYear}/v{Version}";

    public bool IsEditable => State is ReturnState.Draft or ReturnState.Returned;

    public static AccountsReturn Restore(ReturnSnapshot snapshot) => new(snapshot);

    public ReturnSnapshot ToSnapshot() => new(
        UnitId, FiscalYear, Version, RegionCode, State, Source, SourceDocument, Revision,
        _inputs.Values, _inputs.RoundingUnit, [.. _explanations.Values], [.. _comments], ReviewRound, CreatedAt, SubmittedAt, Late, DueDate,
        ApprovedAt, ApprovedBy, CorrectionOf, CorrectionReason);

    /// <summary>Opens the first version of a unit's return for a fiscal year (the template must exist).</summary>
    public static AccountsReturn Open(string unitId, int fiscalYear, string regionCode, ReturnTemplate template, DateOnly? dueDate, Actor actor, DateTimeOffset at)
    {
        var created = new AccountsReturn(new ReturnSnapshot(unitId, fiscalYear, 1, regionCode, ReturnState.Draft, ReturnSource.Filed, null, 1,
            new Dictionary<CellKey, decimal>(), FiledRoundingUnit, [], [], 0, at, null, false, dueDate, null, null, null, null));
        created.Audit(at, actor, "opened", null, null, null, AccountsMessages.AuditOpened(fiscalYear, template.Title, template.FromYear, template.ToYear));
        return created;
    }

    /// <summary>
    /// A return holding the figures a published disclosure states (万元 at two decimals, converted to 元): read-only,
    /// marked with the document it came from, so later years have a prior-year baseline.
    /// </summary>
    public static AccountsReturn FromPublication(string unitId, int fiscalYear, string regionCode, IReadOnlyDictionary<CellKey, decimal> cells,
        IEnumerable<(Location Target, string Text)> explanations, string sourceDocument, Actor actor, DateTimeOffset at)
    {
        var imported = new AccountsReturn(new ReturnSnapshot(unitId, fiscalYear, 1, regionCode, ReturnState.Published, ReturnSource.Publication, sourceDocument, 1,
            cells, PublicationRoundingUnit, explanations.Select(e => new Explanation(e.Target, e.Text, actor.Subject, at)).ToList(), [], 0, at, null, false, null, null, null, null, null));
        imported.Audit(at, actor, "imported", null, null, AccountsMessages.AuditCells(cells.Count), AccountsMessages.AuditFromPublication(sourceDocument));
        return imported;
    }

    /// <summary>
    /// Saves typed cells and explanations on top of revision <paramref name="expectedRevision"/>. Every input is
    /// checked first; one bad cell rejects the whole save, naming each bad field, and nothing is written.
    /// </summary>
    public void Save(ReturnTemplate template, ClassificationSet codes, IReadOnlyList<CellInput> cells, IReadOnlyList<ExplanationInput> explanations,
        long expectedRevision, Actor actor, DateTimeOffset at, string? why)
    {
        RequireEditable();
        RequireRevision(expectedRevision);
        var errors = new List<FieldError>();
        try
        {
            why = FreeText.Check(why, FreeText.NoteLength, "why");
        }
        catch (ValidationException ex)
        {
            errors.AddRange(ex.Errors);
        }
        var changes = new Dictionary<CellKey, decimal?>();
        for (var i = 0; i < cells.Count; i++)
        {
            var field = $"cells[{i}]";
            try
            {
                var key = CellKey.Parse(cells[i].Cell, $"{field}.cell");
                var spec = template.Resolve(key.Table, key.Row, key.Column, codes, out var reason)
                    ?? throw new ValidationException($"{field}.cell", AccountsMessages.AtCell(cells[i].Cell, reason!), "UNKNOWN_CELL");
                if (!spec.IsInput)
                {
                    throw new ValidationException($"{field}.cell", AccountsMessages.ComputedCell(key.ToString(), spec.RowLabel, spec.Column.Label), "COMPUTED_CELL");
                }
                if (spec.Table.PublicationOnly)
                {
                    throw new ValidationException($"{field}.cell", AccountsMessages.PublicationOnly(spec.Table.Code, spec.Table.Title), "PUBLICATION_ONLY");
                }
                if (!changes.TryAdd(key, CellValueParser.Parse(cells[i].Value, spec, $"{field}.value")))
                {
                    throw new ValidationException($"{field}.cell", AccountsMessages.DuplicateCell(key.ToString()), "DUPLICATE_CELL");
                }
            }
            catch (ValidationException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }
        var explanationChanges = new Dictionary<Location, string?>();
        for (var i = 0; i < explanations.Count; i++)
        {
            var field = $"explanations[{i}]";
            try
            {
                var named = Location.Parse(explanations[i].Target, $"{field}.target");
                template.RequireLocation(named, codes, $"{field}.target");
                var target = named.RowOnly;
                var text = explanations[i].Text?.Trim();
                if (text is { Length: > MaxExplanationLength })
                {
                    throw new ValidationException($"{field}.text", AccountsMessages.TooLong(text.Length, MaxExplanationLength), "TOO_LONG");
                }
                explanationChanges[target] = string.IsNullOrEmpty(text) ? null : text;
            }
            catch (ValidationException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        var changed = false;
        foreach (var (key, value) in changes)
        {
            var old = _inputs.Get(key);
            if (old != value)
            {
                Audit(at, actor, "cell", key.ToString(), Text(old), Text(value), why);
                changed = true;
            }
        }
        foreach (var (target, text) in explanationChanges)
        {
            var old = _explanations.GetValueOrDefault(target)?.Text;
            if (old == text)
            {
                continue;
            }
            if (text is null)
            {
                _explanations.Remove(target);
            }
            else
            {
                _explanations[target] = new Explanation(target, text, actor.Subject, at);
            }
            Audit(at, actor, "explanation", target.ToString(), old, text, why);
            changed = true;
        }
        if (changed)
        {
            _inputs = _inputs.With(changes);
            Revision++;
        }
    }

    /// <summary>The cells rules see: inputs plus computed cells for filed returns; exactly the printed figures for publications.</summary>
    public CellSet Cells(ReturnTemplate template, ClassificationSet codes, IReturnCells? prior) =>
        (Source == ReturnSource.Filed ? ReturnCalculator.Compute(template, codes, _inputs) : _inputs).WithPrior(prior);

    /// <summary>
    /// Runs the rules; a warning is explained when its location carries an explanation. The rules' findings on <paramref name="cells"/>, plus <paramref name="external"/> ones (the asset inventory's
    /// reconciliation); a warning is explained by a written explanation at its row, whoever raised it.
    /// </summary>
    public ValidationOutcome Validate(CompiledRuleSet rules, CellSet cells, IReadOnlyList<Finding>? external = null)
    {
        var findings = external is { Count: > 0 } ? rules.Evaluate(cells).Concat(external).ToList() : rules.Evaluate(cells);
        var explained = findings.Where(f => f.Severity == Severity.Warning && f.ExplainAt is { } at && _explanations.ContainsKey(at)).ToHashSet();
        return new ValidationOutcome(findings, explained);
    }

    /// <summary>
    /// Of findings raised against this version after its approval (the asset inventory's reconciliation, run again when the
    /// inventory or the register changes), those at a row the unit never explained: what the approval did not weigh.
    /// None unless the version was approved here: a draft or a submitted return shows every finding to the clerk at
    /// validation, and a publication imported as a baseline was never weighed by an office of the platform.
    /// </summary>
    public IReadOnlyList<Finding> RaisedSinceApproval(IEnumerable<Finding> findings) =>
        State is ReturnState.Approved
            ? findings.Where(f => f.Severity != Severity.Info && (f.ExplainAt is not { } at || !_explanations.ContainsKey(at))).ToList()
            : [];

    public string? ExplanationAt(Location? target) => target is { } t && _explanations.TryGetValue(t, out var e) ? e.Text : null;

    /// <summary>
    /// Submits revision <paramref name="expectedRevision"/> for review: refused while an error stands or a warning is
    /// unexplained (each named). Submitting the same revision again is a no-op (idempotent retries).
    /// </summary>
    public void Submit(ValidationOutcome outcome, long expectedRevision, Actor actor, DateTimeOffset at)
    {
        if (State == ReturnState.Submitted && Revision == expectedRevision)
        {
            return;
        }
        RequireEditable();
        RequireRevision(expectedRevision);
        var problems = outcome.Errors
            .Select(f => new FieldError(f.Location?.ToString() ?? $"rules[{f.RuleId}]", AccountsMessages.RuleError(f.RuleId, f.Message), "RULE_ERROR"))
            .Concat(outcome.UnexplainedWarnings.Select(f => new FieldError(
                $"explanations[{f.ExplainAt}]", AccountsMessages.UnexplainedWarning(f.RuleId, f.Message, $"{f.ExplainAt}"), "UNEXPLAINED_WARNING")))
            .ToList();
        if (problems.Count > 0)
        {
            throw new ValidationException(problems);
        }
        State = ReturnState.Submitted;
        SubmittedAt = at;
        // Late when submitted after the due day (dates as the finance office counts them: UTC+8).
        Late = DueDate is { } due && ChinaTime.DateOf(at) > due;
        // The revision stays: it names the figures that were submitted, and a retry naming it is recognized.
        Audit(at, actor, "submitted", null, null, null, Late ? AccountsMessages.AuditLate(DueDate!.Value) : null);
        _newEvents.Add(new ReturnSubmitted(UnitId, FiscalYear, Version, RegionCode, at, Late, actor.Subject));
    }

    /// <summary>
    /// The unit now sits in another region for the year (the registry moved it): a return not yet final follows it, so
    /// that it is judged by that region's rules and handed in, decided and published there. A final one stays where it
    /// was approved — its events and disclosure were that region's. Recorded in the audit trail (old and new region).
    /// </summary>
    public void FollowUnitTo(string regionCode, Actor actor, DateTimeOffset at)
    {
        if (regionCode == RegionCode || State is ReturnState.Approved or ReturnState.Published)
        {
            return;
        }
        // The revision stays: it names the figures, which did not change (a submission naming it still goes through).
        Audit(at, actor, "region-moved", null, RegionCode, regionCode, null);
        RegionCode = regionCode;
    }

    /// <summary>The superior office sends the return back with comments on cells or rows (at least one).</summary>
    public void SendBack(ReturnTemplate template, ClassificationSet codes, IReadOnlyList<(string Target, string Text)> comments, Actor actor, DateTimeOffset at)
    {
        RequireState(ReturnState.Submitted, AccountsMessages.SendBackAction);
        if (comments.Count == 0)
        {
            throw new ValidationException("comments", AccountsMessages.CommentRequired, "REQUIRED");
        }
        var parsed = new List<ReviewComment>();
        var errors = new List<FieldError>();
        for (var i = 0; i < comments.Count; i++)
        {
            try
            {
                if (string.IsNullOrWhiteSpace(comments[i].Target))
                {
                    throw new ValidationException($"comments[{i}].target", Messages.Required, "REQUIRED");
                }
                var target = Location.Parse(comments[i].Target, $"comments[{i}].target");
                template.RequireLocation(target, codes, $"comments[{i}].target");
                if (string.IsNullOrWhiteSpace(comments[i].Text))
                {
                    throw new ValidationException($"comments[{i}].text", Messages.Required, "REQUIRED");
                }
                var text = FreeText.Check(comments[i].Text, FreeText.ProseLength, $"comments[{i}].text")!;
                parsed.Add(new ReviewComment(target, text, actor.Subject, at, ReviewRound + 1));
            }
            catch (ValidationException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        ReviewRound++;
        _comments.AddRange(parsed);
        State = ReturnState.Returned;
        Revision++;
        foreach (var comment in parsed)
        {
            Audit(at, actor, "comment", comment.Target.ToString(), null, comment.Text, null);
        }
        Audit(at, actor, "returned", null, null, null, AccountsMessages.AuditComments(parsed.Count));
        _newEvents.Add(new ReturnReturned(UnitId, FiscalYear, Version, RegionCode, parsed.Count, actor.Subject, at));
    }

    public void Approve(Actor actor, DateTimeOffset at)
    {
        if (State == ReturnState.Approved)
        {
            return;
        }
        RequireState(ReturnState.Submitted, AccountsMessages.ApproveAction);
        State = ReturnState.Approved;
        ApprovedAt = at;
        ApprovedBy = actor.Subject;
        Revision++;
        Audit(at, actor, "approved", null, null, null, null);
        _newEvents.Add(new ReturnApproved(UnitId, FiscalYear, Version, RegionCode, actor.Subject, at));
    }

    /// <summary>Opens a correction of this approved version: a new draft version with the same figures and the reason.</summary>
    public AccountsReturn OpenCorrection(string reason, Actor actor, DateTimeOffset at)
    {
        if (State != ReturnState.Approved)
        {
            throw new PreconditionFailedException(AccountsMessages.OnlyApprovedIsCorrected(Key, State));
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ValidationException("reason", AccountsMessages.CorrectionReasonRequired, "REQUIRED");
        }
        var next = new AccountsReturn(ToSnapshot() with
        {
            Version = Version + 1,
            State = ReturnState.Draft,
            Revision = 1,
            Comments = [],
            ReviewRound = 0,
            CreatedAt = at,
            SubmittedAt = null,
            Late = false,
            ApprovedAt = null,
            ApprovedBy = null,
            CorrectionOf = Version,
            CorrectionReason = reason.Trim(),
        });
        next.Audit(at, actor, "correction-opened", null, $"v{Version}", $"v{Version + 1}", reason.Trim());
        next._newEvents.Add(new ReturnCorrected(UnitId, FiscalYear, Version + 1, Version, reason.Trim(), actor.Subject, at));
        return next;
    }

    private void RequireEditable()
    {
        if (!IsEditable)
        {
            throw new PreconditionFailedException(State switch
            {
                ReturnState.Approved => AccountsMessages.ApprovedNotEditable(Key),
                ReturnState.Submitted => AccountsMessages.SubmittedNotEditable(Key),
                ReturnState.Published => AccountsMessages.PublishedNotEditable(Key, SourceDocument),
                _ => AccountsMessages.NotEditable(Key, State),
            });
        }
    }

    private void RequireState(ReturnState state, string action)
    {
        if (State != state)
        {
            throw new PreconditionFailedException(AccountsMessages.WrongState(Key, action, State, state));
        }
    }

    private void RequireRevision(long expectedRevision)
    {
        if (expectedRevision != Revision)
        {
            throw new ConcurrencyConflictException(AccountsMessages.StaleRevision(Key, Revision, expectedRevision));
        }
    }

    private void Audit(DateTimeOffset at, Actor actor, string action, string? target, string? old, string? @new, string? why) =>
        _newAudit.Add(new AuditEntry(at, actor.Subject, actor.Name, action, target, old, @new, why));

    private static string? Text(decimal? value) => value is { } v ? CellSet.Format(v) : null;
}
