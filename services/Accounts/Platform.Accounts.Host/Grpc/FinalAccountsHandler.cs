using Grpc.Core;
using System.Globalization;
using Platform.Accounts.Domain;
using Platform.Accounts.Domain.ReferenceData;
using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Domain.Rules;
using Platform.Accounts.Host.Import;
using Platform.Accounts.Host.Persistence;
using Platform.Accounts.Host.Units;
using Platform.Accounts.V1;
using Platform.Domain;
using Platform.Grpc;
using DomainFinding = Platform.Accounts.Domain.Rules.Finding;
using ProtoFinding = Platform.Accounts.V1.Finding;
using ProtoReturn = Platform.Accounts.V1.Return;

namespace Platform.Accounts.Host.Grpc;

/// <summary>
/// platform.accounts.v1.FinalAccounts: authorize (unit staff file, the superior office reviews), map, call the
/// domain, store (state + audit + events in one transaction), map back. Domain errors become statuses in the
/// transport's one mapper (validation → INVALID_ARGUMENT with field violations, conflicts → ABORTED, …).
/// </summary>
internal sealed class FinalAccountsHandler(
    ReferenceDataSet reference, ReturnStore store, IUnitDirectory units, DisclosureImporter disclosures, WorkbookImporter workbooks,
    WorkbookExporter exporter, Assets.IAssetReconciliation assets)
    : FinalAccounts.FinalAccountsBase
{
    public override Task<Template> GetTemplate(GetTemplateRequest request, ServerCallContext context)
    {
        context.Caller.RequireAuthenticated();
        return Task.FromResult(ProtoMapping.ToProto(reference.TemplateFor(request.FiscalYear), reference.CodesFor(request.FiscalYear)));
    }

    public override Task<RuleCatalogue> ListRules(ListRulesRequest request, ServerCallContext context)
    {
        context.Caller.RequireAuthenticated();
        if (request.RegionCode.Length > 0 && !context.Caller.IsInRole(Platform.Domain.PlatformRoles.Service))
        {
            // A region's own rules are its office's business: asked for by those whose jurisdiction covers it.
            context.Caller.RequireRegion(request.RegionCode);
        }
        var rules = request.FiscalYear == 0
            ? reference.Rules
            : reference.Rules.Where(r => r.AppliesTo(request.FiscalYear, request.RegionCode)).ToList();
        var catalogue = new RuleCatalogue();
        catalogue.Rules.AddRange(rules.Select(ProtoMapping.ToProto));
        return Task.FromResult(catalogue);
    }

    public override async Task<ProtoReturn> OpenReturn(OpenReturnRequest request, ServerCallContext context)
    {
        var actor = ProtoMapping.Actor(context);
        var template = reference.TemplateFor(request.FiscalYear);
        var unit = await units.GetAsync(request.UnitId, request.FiscalYear, context.CancellationToken);
        ReturnAccess.RequireMember(actor, unit.Id);
        if (await store.FindAsync(unit.Id, request.FiscalYear, 0, context.CancellationToken) is { } existing)
        {
            return ToProto(existing.Return);
        }
        RequireFiling(unit, request.FiscalYear, "unit_id");
        var due = reference.DeadlineFor(unit.RegionCode, request.FiscalYear)?.Due;
        var opened = AccountsReturn.Open(unit.Id, request.FiscalYear, unit.RegionCode, template, due, actor, store.Time.GetUtcNow());
        await store.SaveAsync([(opened, null)], context.CancellationToken);
        return ToProto(opened);
    }

    public override async Task<ProtoReturn> GetReturn(ReturnRef request, ServerCallContext context)
    {
        var (r, _) = await LoadReadable(request, context);
        return ToProto(r);
    }

    public override async Task<ReturnDeadline> GetDeadline(ReturnRef request, ServerCallContext context)
    {
        var actor = ProtoMapping.Actor(context);
        RequireUnitId(request);
        var unit = await units.GetAsync(request.UnitId, request.FiscalYear, context.CancellationToken);
        ReturnAccess.RequireReader(actor, unit.Id, unit.RegionCode);
        var deadline = reference.DeadlineFor(unit.RegionCode, request.FiscalYear);
        return new ReturnDeadline
        {
            DueDate = deadline?.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            Source = deadline?.Source ?? "",
            CoveredBy = await CoveringUnitAsync(unit, request.FiscalYear, context.CancellationToken) ?? "",
        };
    }

    /// <summary>
    /// The unit above <paramref name="unit"/>, nearest first, whose return of the year is its published disclosure, when
    /// the unit has no return of its own — the rule the office's progress counts COVERED by (ConsolidationHandler), here
    /// for the unit's own clerk, who may not read that progress and was told 未开始 and overdue.
    /// </summary>
    private async Task<string?> CoveringUnitAsync(UnitInfo unit, int year, CancellationToken token)
    {
        if (unit.ParentId is null || await store.AnyAsync(unit.Id, year, token))
        {
            return null;
        }
        // The chain of active units above, as the progress walks its listing of active units.
        var above = new List<string>();
        for (var parent = unit.ParentId; parent is not null && !above.Contains(parent); )
        {
            UnitInfo up;
            try
            {
                up = await units.GetAsync(parent, year, token);
            }
            catch (ValidationException)
            {
                break;   // a parent the registry does not know that year: the chain ends there
            }
            if (up.Status != "ACTIVE")
            {
                break;
            }
            above.Add(parent);
            parent = up.ParentId;
        }
        var published = await store.PublishedAmongAsync(above, year, token);
        return above.FirstOrDefault(published.Contains);
    }

    public override async Task<ProtoReturn> SaveDraft(SaveDraftRequest request, ServerCallContext context)
    {
        var actor = ProtoMapping.Actor(context);
        var (r, row) = await LoadAsMember(request.Ref, actor, context);
        r.Save(reference.TemplateFor(r.FiscalYear), reference.CodesFor(r.FiscalYear),
            request.Cells.Select(c => new CellInput(c.Cell, c.Value)).ToList(),
            request.Explanations.Select(e => new ExplanationInput(e.Target, e.Text)).ToList(),
            request.Revision, actor, store.Time.GetUtcNow(), request.Why.Length > 0 ? request.Why : null);
        await store.SaveAsync([(r, row)], context.CancellationToken);
        return ToProto(r);
    }

    public override async Task<ValidationReport> ValidateReturn(ReturnRef request, ServerCallContext context)
    {
        var (r, _) = await LoadReadable(request, context);
        var outcome = await ValidateAsync(r, context.CancellationToken);
        return ProtoMapping.ToProto(outcome, r);
    }

    public override async Task<ProtoReturn> SubmitReturn(SubmitReturnRequest request, ServerCallContext context)
    {
        var actor = ProtoMapping.Actor(context);
        var (r, row) = await LoadAsMember(request.Ref, actor, context);
        // Checked at the door of the office, not on every save (a draft autosaves): a unit merged into another that year
        // after opening its return would hand in what no office lists.
        var now = store.Time.GetUtcNow();
        if (r.State != ReturnState.Submitted)
        {
            // (A retry of what was handed in is answered as before: it hands in nothing new.)
            var unit = await units.GetAsync(r.UnitId, r.FiscalYear, context.CancellationToken);
            RequireFiling(unit, r.FiscalYear, "ref.unit_id");
            // A unit moved to another region since it opened the return hands it in there, under that region's rules.
            r.FollowUnitTo(unit.RegionCode, actor, now);
        }
        r.Submit(await ValidateAsync(r, context.CancellationToken), request.Revision, actor, now);
        await store.SaveAsync([(r, row)], context.CancellationToken);
        return ToProto(r);
    }

    public override async Task<ProtoReturn> ReviewReturn(ReviewReturnRequest request, ServerCallContext context)
    {
        var actor = ProtoMapping.Actor(context);
        RequireUnitId(request.Ref);
        var unit = await units.GetAsync(request.Ref.UnitId, request.Ref.FiscalYear, context.CancellationToken);
        ReturnAccess.RequireReviewer(actor, request.Ref.UnitId, unit.RegionCode);
        var (r, row) = await Load(request.Ref, context);
        var now = store.Time.GetUtcNow();
        // The office deciding is the unit's office now (authorized above by the registry's region): the decision's
        // events and the disclosure that follows belong there.
        r.FollowUnitTo(unit.RegionCode, actor, now);
        switch (request.Decision)
        {
            case ReviewReturnRequest.Types.Decision.Approve:
                r.Approve(actor, now);
                break;
            case ReviewReturnRequest.Types.Decision.Return:
                r.SendBack(reference.TemplateFor(r.FiscalYear), reference.CodesFor(r.FiscalYear), request.Comments.Select(c => (c.Target, c.Text)).ToList(), actor, now);
                break;
            default:
                throw new ValidationException("decision", AccountsMessages.DecisionRequired, "REQUIRED");
        }
        await store.SaveAsync([(r, row)], context.CancellationToken);
        return ToProto(r);
    }

    public override async Task<ProtoReturn> OpenCorrection(OpenCorrectionRequest request, ServerCallContext context)
    {
        var actor = ProtoMapping.Actor(context);
        if (string.IsNullOrWhiteSpace(request.UnitId))
        {
            throw new ValidationException("unit_id", Messages.Required, "REQUIRED");
        }
        var (r, _) = await LoadAsMember(new ReturnRef { UnitId = request.UnitId, FiscalYear = request.FiscalYear }, actor, context);
        var next = r.OpenCorrection(request.Reason, actor, store.Time.GetUtcNow());
        await store.SaveAsync([(next, null)], context.CancellationToken);
        return ToProto(next);
    }

    public override async Task<AuditTrail> GetAuditTrail(ReturnRef request, ServerCallContext context)
    {
        var (r, _) = await LoadReadable(request, context);
        var trail = new AuditTrail();
        trail.Entries.AddRange((await store.AuditAsync(r.UnitId, r.FiscalYear, context.CancellationToken)).Select(a => new V1.AuditEntry
        {
            At = a.At.ToString("O", CultureInfo.InvariantCulture),
            Actor = a.Actor,
            ActorName = a.ActorName ?? "",
            Action = a.Action,
            Target = a.Target ?? "",
            OldValue = a.OldValue ?? "",
            NewValue = a.NewValue ?? "",
            Why = a.Why ?? "",
            Version = a.ReturnVersion,
        }));
        return trail;
    }

    public override Task<ImportDisclosureResponse> ImportDisclosure(ImportDisclosureRequest request, ServerCallContext context) =>
        disclosures.ImportAsync(request, ProtoMapping.Actor(context), context.CancellationToken);

    public override async Task<ProtoReturn> ImportWorkbook(ImportWorkbookRequest request, ServerCallContext context)
    {
        var actor = ProtoMapping.Actor(context);
        var (r, row) = await LoadAsMember(request.Ref, actor, context);
        var (cells, addresses) = workbooks.Read(request.Workbook.Memory, reference.TemplateFor(r.FiscalYear));
        try
        {
            r.Save(reference.TemplateFor(r.FiscalYear), reference.CodesFor(r.FiscalYear), cells, [], request.Revision, actor, store.Time.GetUtcNow(), AccountsMessages.AuditFromWorkbook);
        }
        catch (ValidationException ex)
        {
            throw WorkbookImporter.Locate(ex, cells, addresses);
        }
        await store.SaveAsync([(r, row)], context.CancellationToken);
        return ToProto(r);
    }

    public override async Task<Google.Api.HttpBody> ExportWorkbook(ReturnRef request, ServerCallContext context)
    {
        var (r, _) = await LoadReadable(request, context);
        return new Google.Api.HttpBody
        {
            ContentType = WorkbookExporter.ContentType,
            Data = Google.Protobuf.ByteString.CopyFrom(exporter.Write(r, reference.TemplateFor(r.FiscalYear), reference.CodesFor(r.FiscalYear))),
        };
    }

    // Every rpc on a return authorizes on the unit the request names before it looks the return up: a caller who may not
    // see a unit's returns learns nothing of them, not even whether one exists (NOT_FOUND would tell).

    /// <summary>A unit files a year's return only while it exists on its own that year (the registry's status as of it).</summary>
    private static void RequireFiling(UnitInfo unit, int fiscalYear, string field)
    {
        if (unit.Status != "ACTIVE")
        {
            throw new ValidationException(field, AccountsMessages.UnitNotFiling(unit.Id, unit.Status, fiscalYear), "INACTIVE_UNIT");
        }
    }

    private static void RequireUnitId(ReturnRef? reference)
    {
        if (string.IsNullOrWhiteSpace(reference?.UnitId))
        {
            throw new ValidationException("ref.unit_id", Messages.Required, "REQUIRED");
        }
    }

    private async Task<(AccountsReturn Return, ReturnRow Row)> Load(ReturnRef reference, ServerCallContext context)
    {
        RequireUnitId(reference);
        return await store.FindAsync(reference.UnitId, reference.FiscalYear, reference.Version, context.CancellationToken)
            ?? throw new NotFoundException("return", $"{reference.UnitId}/{reference.FiscalYear}" + (reference.Version > 0 ? $"/v{reference.Version}" : ""));
    }

    /// <summary>A return its unit's own staff work on.</summary>
    private Task<(AccountsReturn Return, ReturnRow Row)> LoadAsMember(ReturnRef reference, Actor actor, ServerCallContext context)
    {
        RequireUnitId(reference);
        ReturnAccess.RequireMember(actor, reference.UnitId);
        return Load(reference, context);
    }

    /// <summary>A return its readers read: the unit's staff, a reviewer or an administrator over the unit, a platform service.</summary>
    private async Task<(AccountsReturn Return, ReturnRow Row)> LoadReadable(ReturnRef reference, ServerCallContext context)
    {
        var actor = ProtoMapping.Actor(context);
        RequireUnitId(reference);
        if (!ReturnAccess.IsMemberOf(actor, reference.UnitId) && !actor.IsPlatformService)
        {
            var unit = await units.GetAsync(reference.UnitId, reference.FiscalYear, context.CancellationToken);
            ReturnAccess.RequireReader(actor, reference.UnitId, unit.RegionCode);
        }
        return await Load(reference, context);
    }

    private async Task<ValidationOutcome> ValidateAsync(AccountsReturn r, CancellationToken token)
    {
        var prior = await store.FindAsync(r.UnitId, r.FiscalYear - 1, 0, token) is { } p && reference.Templates.Any(t => t.Covers(r.FiscalYear - 1))
            ? p.Return.Cells(reference.TemplateFor(r.FiscalYear - 1), reference.CodesFor(r.FiscalYear - 1), null)
            : null;
        var cells = r.Cells(reference.TemplateFor(r.FiscalYear), reference.CodesFor(r.FiscalYear), prior);
        return r.Validate(reference.RulesFor(r.FiscalYear, r.RegionCode), cells, await assets.ReconcileAsync(r, cells, token));
    }

    private ProtoReturn ToProto(AccountsReturn r) =>
        ProtoMapping.ToProto(r, r.Cells(reference.TemplateFor(r.FiscalYear), reference.CodesFor(r.FiscalYear), null));
}

/// <summary>Domain ⇄ protobuf, in one place.</summary>
internal static class ProtoMapping
{
    public static Actor Actor(ServerCallContext context) => context.Caller.ToActor();

    public static ProtoReturn ToProto(AccountsReturn r, CellSet cells)
    {
        var proto = new ProtoReturn
        {
            UnitId = r.UnitId,
            FiscalYear = r.FiscalYear,
            Version = r.Version,
            RegionCode = r.RegionCode,
            State = r.State.ToString().ToUpperInvariant(),
            Source = r.Source.ToString().ToUpperInvariant(),
            SourceDocument = r.SourceDocument ?? "",
            Revision = r.Revision,
            DueDate = r.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            Late = r.Late,
            SubmittedAt = r.SubmittedAt?.ToString("O", CultureInfo.InvariantCulture) ?? "",
            ApprovedAt = r.ApprovedAt?.ToString("O", CultureInfo.InvariantCulture) ?? "",
            ApprovedBy = r.ApprovedBy ?? "",
            CorrectionOf = r.CorrectionOf ?? 0,
            CorrectionReason = r.CorrectionReason ?? "",
        };
        proto.Inputs.AddRange(r.Inputs.Values.OrderBy(p => p.Key.ToString(), StringComparer.Ordinal)
            .Select(p => new CellValue { Cell = p.Key.ToString(), Value = CellSet.Format(p.Value) }));
        proto.Computed.AddRange(cells.Values.Where(p => r.Inputs.Get(p.Key) is null).OrderBy(p => p.Key.ToString(), StringComparer.Ordinal)
            .Select(p => new CellValue { Cell = p.Key.ToString(), Value = CellSet.Format(p.Value) }));
        proto.Explanations.AddRange(r.Explanations.OrderBy(e => e.Target.ToString(), StringComparer.Ordinal).Select(e => new V1.Explanation
        {
            Target = e.Target.ToString(), Text = e.Text, Author = e.Author, At = e.At.ToString("O", CultureInfo.InvariantCulture),
        }));
        proto.Comments.AddRange(r.Comments.Select(c => new V1.ReviewComment
        {
            Target = c.Target.ToString(), Text = c.Text, Reviewer = c.Reviewer, At = c.At.ToString("O", CultureInfo.InvariantCulture), Round = c.Round,
        }));
        return proto;
    }

    public static ValidationReport ToProto(ValidationOutcome outcome, AccountsReturn r)
    {
        var report = new ValidationReport
        {
            Errors = outcome.Errors.Count(),
            UnexplainedWarnings = outcome.UnexplainedWarnings.Count(),
            CanSubmit = outcome.CanSubmit,
            Revision = r.Revision,
        };
        report.Findings.AddRange(outcome.Findings.Select(f => ToProto(f, outcome.Explained.Contains(f), r.ExplanationAt(f.ExplainAt))));
        return report;
    }

    public static ProtoFinding ToProto(DomainFinding f, bool explained, string? explanation) => new()
    {
        RuleId = f.RuleId,
        Severity = f.Severity.ToString().ToLowerInvariant(),
        Message = f.Message,
        Expected = CellSet.Format(f.Expected),
        Actual = CellSet.Format(f.Actual),
        Difference = CellSet.Format(f.Difference),
        Unit = f.Unit.ToString().ToLowerInvariant(),
        Location = f.Location?.ToString() ?? "",
        ExplainAt = f.ExplainAt?.ToString() ?? "",
        Explained = explained,
        Explanation = explanation ?? "",
    };

    public static RuleDescription ToProto(ValidationRule r)
    {
        var proto = new RuleDescription
        {
            Id = r.Id,
            Severity = r.Severity.ToString().ToLowerInvariant(),
            Text = r.Text,
            Expression = r.Expression,
            Tolerance = CellSet.Format(r.Tolerance),
            ToleranceUnit = r.ToleranceUnit.ToString().ToLowerInvariant(),
            FromYear = r.FromYear,
            ToYear = r.ToYear ?? 0,
            ForEach = r.ForEach ?? "",
            ExplainAt = r.Explain ?? "",
        };
        proto.Regions.AddRange(r.RegionPrefixes ?? []);
        return proto;
    }

    public static Template ToProto(Domain.Templates.ReturnTemplate t, Domain.Templates.ClassificationSet codes)
    {
        var proto = new Template { Id = t.Id, Title = t.Title, FromYear = t.FromYear, ToYear = t.ToYear ?? 0 };
        foreach (var table in t.Tables)
        {
            var tp = new TableTemplate
            {
                Code = table.Code, Title = table.Title, Form = table.Form ?? "", Supplementary = table.Supplementary,
                PublicationOnly = table.PublicationOnly, RowsFromClassification = table.RowsFrom?.Classification ?? "",
                TotalRowCode = table.RowsFrom?.TotalRowCode ?? "", TotalRowLabel = table.RowsFrom?.TotalRowLabel ?? "",
            };
            tp.Columns.AddRange(table.Columns.Select(c => new ColumnTemplate { Code = c.Code, Label = c.Label, Type = c.Type.ToString().ToLowerInvariant(), Computed = c.Computed ?? "" }));
            tp.Rows.AddRange(table.Rows.Select(row => new RowTemplate { Code = row.Code, Label = row.Label, Type = row.Type?.ToString().ToLowerInvariant() ?? "", Computed = row.Computed ?? "" }));
            if (table.RowsFrom?.Classification is { } kind)
            {
                var list = codes.Get(kind);
                foreach (var code in list.Codes)
                {
                    tp.ClassificationNames[code] = list.Name(code) ?? code;
                }
            }
            proto.Tables.Add(tp);
        }
        return proto;
    }
}
