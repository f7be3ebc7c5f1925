using Grpc.Core;
using System.Text;
using System.Text.Json;
using Platform.Domain;
using Platform.Performance.Domain;
using Platform.Grpc;
using Platform.Performance.Domain.Evaluations;
using Platform.Performance.Domain.Forms;
using Platform.Performance.Host.Import;
using Platform.Performance.Host.Persistence;
using Platform.Registry.Client;
using Platform.Performance.V1;
using DomainEvaluation = Platform.Performance.Domain.Evaluations.Evaluation;
using DomainKind = Platform.Performance.Domain.Evaluations.EvaluationKind;
using DomainState = Platform.Performance.Domain.Evaluations.EvaluationState;
using DomainOverall = Platform.Performance.Domain.Forms.OverallForm;
using DomainProject = Platform.Performance.Domain.Forms.ProjectForm;
using ProtoEvaluation = Platform.Performance.V1.Evaluation;
using ProtoKind = Platform.Performance.V1.EvaluationKind;

namespace Platform.Performance.Host.Grpc;

/// <summary>
/// platform.performance.v1.PerformanceEvaluations: authorize (the unit's staff file, the finance office over the unit
/// reviews and ranks), map, call the domain, store (state + findings + events in one transaction), map back. Domain
/// errors become statuses in the transport's one mapper.
/// </summary>
internal sealed class EvaluationsHandler(PerformanceReference reference, EvaluationStore store, IUnitLookup units, PublicationImport publications)
    : PerformanceEvaluations.PerformanceEvaluationsBase
{
    private const int DefaultPage = 100;
    private const int MaxPage = 1000;

    public override Task<PolicyCatalogue> ListPolicies(ListPoliciesRequest request, ServerCallContext context)
    {
        context.Caller.RequireAuthenticated();
        var catalogue = new PolicyCatalogue();
        catalogue.Policies.AddRange(reference.Policies.Select(ProtoMapping.ToProto));
        return Task.FromResult(catalogue);
    }

    public override async Task<ProtoEvaluation> SaveDraft(SaveDraftRequest request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        var (project, overall) = ReadForm(request.FormCase == SaveDraftRequest.FormOneofCase.ProjectForm ? request.ProjectForm : null,
            request.FormCase == SaveDraftRequest.FormOneofCase.OverallForm ? request.OverallForm : null, Year(request.Ref?.FiscalYear ?? 0, "ref.fiscal_year"));
        var key = Key(request.Ref, project);
        var unit = await units.GetAsync(key.UnitId, key.FiscalYear, "ref.unit_id", context.CancellationToken);
        var e = await SaveAsync(key, unit, project, overall, request.Revision, actor, context.CancellationToken);
        return await WithStepsAsync(ProtoMapping.ToProto(e, Preview(e)), e, context.CancellationToken);
    }

    public override async Task<DeleteDraftResponse> DeleteDraft(DeleteDraftRequest request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        // Authorize before loading, so an outsider learns nothing of which evaluations exist.
        EvaluationAccess.RequireStaff(actor, request.Ref?.UnitId ?? "");
        var (e, row) = await Load(request.Ref, context);
        e.Discard(request.Revision, actor);
        await store.ReplaceAsync(row, null, context.CancellationToken);
        return new DeleteDraftResponse();
    }

    public override async Task<ProtoEvaluation> GetEvaluation(EvaluationRef request, ServerCallContext context)
    {
        var e = await LoadReadable(request, context);
        return await WithStepsAsync(ProtoMapping.ToProto(e, Preview(e)), e, context.CancellationToken);
    }

    public override async Task<EvaluationList> ListUnitEvaluations(ListUnitEvaluationsRequest request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        var unit = await units.GetAsync(request.UnitId, Year(request.FiscalYear, "fiscal_year"), "unit_id", context.CancellationToken);
        EvaluationAccess.RequireReader(actor, unit.Id, unit.RegionCode);
        var list = new EvaluationList();
        list.Evaluations.AddRange((await store.ListAsync(unit.Id, request.FiscalYear, context.CancellationToken)).Select(e => ProtoMapping.ToProto(e, Preview(e))));
        return list;
    }

    public override async Task<ProtoEvaluation> SubmitEvaluation(SubmitEvaluationRequest request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        // Authorize before loading, so an outsider learns nothing of which evaluations exist.
        EvaluationAccess.RequireStaff(actor, request.Ref?.UnitId ?? "");
        var (e, row) = await Load(request.Ref, context);
        e.Submit(request.Revision, reference.PolicyFor(e.Key.FiscalYear, e.RegionCode), actor, store.Now());
        if (e.Events.Count > 0)
        {
            await store.SaveAsync([(e, row)], context.CancellationToken);
        }
        return await WithStepsAsync(ProtoMapping.ToProto(e), e, context.CancellationToken);
    }

    public override async Task<ProtoEvaluation> ReturnEvaluation(ReturnEvaluationRequest request, ServerCallContext context)
    {
        var (actor, e, row) = await LoadForReviewerAsync(request.Ref, context);
        e.SendBack(request.Comment, request.Revision == 0 ? null : request.Revision, actor, store.Now());
        await store.SaveAsync([(e, row)], context.CancellationToken);
        return await WithStepsAsync(ProtoMapping.ToProto(e, Preview(e)), e, context.CancellationToken);
    }

    public override async Task<ProtoEvaluation> AcceptEvaluation(AcceptEvaluationRequest request, ServerCallContext context)
    {
        if (request.Revision <= 0)
        {
            throw new ValidationException("revision", PerformanceMessages.RevisionRead, "REQUIRED");
        }
        var (actor, e, row) = await LoadForReviewerAsync(request.Ref, context);
        var before = e.State;
        e.Accept(request.Revision, actor, store.Now());
        if (e.State != before)
        {
            await store.SaveAsync([(e, row)], context.CancellationToken);
        }
        return await WithStepsAsync(ProtoMapping.ToProto(e), e, context.CancellationToken);
    }

    /// <summary>A single evaluation's answer carries its review history (lists do not: a step query per form).</summary>
    private async Task<ProtoEvaluation> WithStepsAsync(ProtoEvaluation proto, DomainEvaluation e, CancellationToken token)
    {
        proto.ReviewHistory.AddRange(ReviewHistory.ToProto(await store.StepsAsync(e.Key, token)));
        return proto;
    }

    /// <summary>
    /// The evaluation a reviewer decides on: the office over the unit is checked before anything is loaded, so an outsider
    /// learns nothing of which evaluations exist.
    /// </summary>
    private async Task<(Actor Actor, DomainEvaluation Evaluation, EvaluationRow Row)> LoadForReviewerAsync(EvaluationRef? reference, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        var key = Key(reference, null);
        var unit = await units.GetAsync(key.UnitId, key.FiscalYear, "ref.unit_id", context.CancellationToken);
        EvaluationAccess.RequireReviewer(actor, unit.RegionCode);
        var (e, row) = await Load(reference, context);
        return (actor, e, row);
    }

    public override async Task<FiledEvaluations> ListFiledEvaluations(ListFiledEvaluationsRequest request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        var region = Office(request.RegionCode, actor);
        var state = request.State switch
        {
            Platform.Performance.V1.EvaluationState.Unspecified or Platform.Performance.V1.EvaluationState.Submitted => DomainState.Submitted,
            Platform.Performance.V1.EvaluationState.Accepted => DomainState.Accepted,
            Platform.Performance.V1.EvaluationState.Published => DomainState.Published,
            var other => throw new ValidationException("state", PerformanceMessages.NotAFiledState(other.ToString()), "STATE"),
        };
        var size = PageSize(request.PageSize);
        // One more than a page is read: a next-page token only when there is a next page (AIP-158).
        var year = Year(request.FiscalYear, "fiscal_year");
        var listing = $"filed/{region}/{year}/{state}";
        var (read, counts, returned) = await store.FiledPageAsync(Jurisdiction.SignificantPrefix(region), year, state,
            size + 1, Listing.After<FiledKey>(request.PageToken, listing), context.CancellationToken);
        var page = read.Take(size).ToList();
        var list = new FiledEvaluations
        {
            Submitted = counts.GetValueOrDefault(nameof(DomainState.Submitted)),
            Accepted = counts.GetValueOrDefault(nameof(DomainState.Accepted)),
            Published = counts.GetValueOrDefault(nameof(DomainState.Published)),
            Returned = returned,
        };
        list.Evaluations.AddRange(page.Select(ProtoMapping.ToFiled));
        if (read.Count > size)
        {
            list.NextPageToken = Listing.Token(listing, new FiledKey(page[^1].UnitId, page[^1].Project));
        }
        return list;
    }

    public override Task<Score> ScoreForm(ScoreFormRequest request, ServerCallContext context)
    {
        context.Caller.RequireAuthenticated();
        var policy = reference.Policy(request.PolicyId.Length > 0 ? request.PolicyId : throw new ValidationException("policy_id", Messages.Required, "REQUIRED"));
        var (project, overall) = ReadForm(request.FormCase == ScoreFormRequest.FormOneofCase.ProjectForm ? request.ProjectForm : null,
            request.FormCase == ScoreFormRequest.FormOneofCase.OverallForm ? request.OverallForm : null, policy.FromYear);
        var result = project is not null ? EvaluationResult.Of(project, policy) : EvaluationResult.Of(overall!, policy);
        return Task.FromResult(ProtoMapping.ToProto(result));
    }

    public override async Task<ReviewQueue> GetReviewQueue(GetReviewQueueRequest request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        var region = Office(request.RegionCode, actor);
        var minimum = request.MinimumSeverity switch
        {
            "" or "warning" => FindingSeverity.Warning,
            "error" => FindingSeverity.Error,
            "info" => FindingSeverity.Info,
            var other => throw new ValidationException("minimum_severity", PerformanceMessages.UnknownSeverity(other), "UNKNOWN_SEVERITY"),
        };
        var year = Year(request.FiscalYear, "fiscal_year");
        var listing = $"queue/{region}/{year}/{minimum}";
        var after = Listing.After<QueueKey>(request.PageToken, listing);
        var size = PageSize(request.PageSize);
        // One more than a page is read: a next-page token only when there is a next page (AIP-158).
        var (read, counts) = await store.QueueAsync(Jurisdiction.SignificantPrefix(region), year, minimum,
            size + 1, after, context.CancellationToken);
        var page = read.Take(size).ToList();
        var queue = new ReviewQueue { Errors = counts[0], Warnings = counts[1], Infos = counts[2] };
        queue.Items.AddRange(page.Select(f => new QueueItem
        {
            Ref = new EvaluationRef { UnitId = f.UnitId, FiscalYear = f.FiscalYear, Project = f.Project },
            RegionCode = f.RegionCode,
            Finding = new Finding { Type = f.Type, Severity = ProtoMapping.Severity((FindingSeverity)f.Severity), Location = f.Location, Published = f.Published ?? "", Computed = f.Computed ?? "", Detail = f.Detail },
        }));
        if (read.Count > size)
        {
            var last = page[^1];
            queue.NextPageToken = Listing.Token(listing, new QueueKey(last.Severity, last.UnitId, last.Project, last.Seq));
        }
        return queue;
    }

    public override async Task<Ranking> GetRanking(GetRankingRequest request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        var region = Office(request.RegionCode, actor);
        var kind = request.Kind == ProtoKind.Overall ? DomainKind.Overall : DomainKind.Project;
        var prefix = Jurisdiction.SignificantPrefix(region);
        var year = Year(request.FiscalYear, "fiscal_year");
        var size = PageSize(request.PageSize);
        var listing = $"ranking/{region}/{year}/{kind}";
        var (read, rank, position) = await store.RankingAsync(prefix, year, kind, size + 1, Listing.After<RankKey>(request.PageToken, listing), context.CancellationToken);
        var page = read.Take(size).ToList();
        var (grades, count, sum) = await store.DistributionAsync(prefix, year, kind, context.CancellationToken);
        var ranking = new Ranking { Count = count, MeanTotal = count == 0 ? "" : ProtoMapping.F(Math.Round(sum / EvaluationStore.RankScale / count, 2, MidpointRounding.AwayFromZero)) };
        long? previous = null;
        foreach (var r in page)
        {
            // Competition ranking: equal totals share a rank, the next distinct total takes its position ("1, 2, 2, 4").
            rank = previous is null || r.RankKey == previous ? rank : position;
            previous = r.RankKey;
            ranking.Entries.Add(new RankedEvaluation
            {
                Rank = rank, Ref = new EvaluationRef { UnitId = r.UnitId, FiscalYear = r.FiscalYear, Project = r.Project }, RegionCode = r.RegionCode,
                ComputedTotal = ProtoMapping.F(r.ComputedTotal), Grade = r.Grade ?? "", PublishedTotal = ProtoMapping.F(r.PublishedTotal),
                PublishedGrade = r.PublishedGrade ?? "", Errors = r.Errors, GradeWithheld = r.GradeWithheld() ?? "",
            });
            position++;
        }
        var bands = reference.PolicyFor(year, region).Grades.Select(g => g.Grade).ToList();
        ranking.Distribution.AddRange(grades.OrderBy(g => bands.IndexOf(g.Grade) is var i && i < 0 ? int.MaxValue : i)
            .Select(g => new GradeCount { Grade = g.Grade, Computed = g.Computed, Published = g.Published }));
        if (read.Count > size)
        {
            var last = page[^1];
            ranking.NextPageToken = Listing.Token(listing, new RankKey(last.RankKey!.Value, last.UnitId, last.Project));
        }
        return ranking;
    }

    public override async Task<Trend> GetTrend(GetTrendRequest request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        var to = request.ToYear == 0 ? 2100 : Year(request.ToYear, "to_year");
        var from = request.FromYear == 0 ? 2000 : Year(request.FromYear, "from_year");
        if (from > to)
        {
            throw new ValidationException("from_year", PerformanceMessages.YearsReversed(from, to), "RANGE");
        }
        var unit = await units.GetAsync(request.UnitId, Math.Min(to, store.Now().Year), "unit_id", context.CancellationToken);
        EvaluationAccess.RequireReader(actor, unit.Id, unit.RegionCode);
        var trend = new Trend { UnitId = unit.Id };
        decimal? previous = null;
        foreach (var year in (await store.HistoryAsync(unit.Id, from, to, context.CancellationToken)).GroupBy(r => r.FiscalYear).OrderBy(g => g.Key))
        {
            var overall = year.FirstOrDefault(r => r.Kind == nameof(DomainKind.Overall));
            var projects = year.Where(r => r.Kind == nameof(DomainKind.Project)).ToList();
            var mean = projects.Count == 0 ? (decimal?)null : Math.Round(projects.Sum(p => p.ComputedTotal!.Value) / projects.Count, 2, MidpointRounding.AwayFromZero);
            var headline = overall?.ComputedTotal ?? mean;
            var item = new TrendYear
            {
                FiscalYear = year.Key, OverallTotal = ProtoMapping.F(overall?.ComputedTotal), OverallGrade = overall?.Grade ?? "",
                Projects = projects.Count, ProjectMean = ProtoMapping.F(mean), ProjectMin = ProtoMapping.F(projects.Count == 0 ? null : projects.Min(p => p.ComputedTotal)),
                Change = previous is { } p && headline is { } h ? ProtoMapping.F(h - p) : "",
            };
            item.Grades.AddRange(projects.GroupBy(p => p.Grade ?? "").OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new GradeCount { Grade = g.Key, Computed = g.Count(), Published = projects.Count(p => p.PublishedGrade == g.Key) }));
            trend.Years.Add(item);
            previous = headline ?? previous;
        }
        return trend;
    }

    public override async Task<RescoreEvaluationsResponse> RescoreEvaluations(RescoreEvaluationsRequest request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        var region = Listing.Region(request.RegionCode, actor);
        if (!EvaluationAccess.IsAdminOver(actor, region))
        {
            throw new ForbiddenException(PerformanceMessages.RescoreAdminOnly(region, EvaluationAccess.Admin));
        }
        var year = Year(request.FiscalYear, "fiscal_year");
        var filed = await store.FiledAsync(Jurisdiction.SignificantPrefix(region), year, context.CancellationToken);
        var now = store.Now();
        // Each under the policy in force for its own region (a prefecture may have its own); stored together, or none.
        var changed = filed.Where(f => f.Evaluation.Rescore(reference.PolicyFor(year, f.Evaluation.RegionCode), actor, now)).ToList();
        await store.SaveAsync([.. changed.Select(c => (c.Evaluation, (EvaluationRow?)c.Row))], context.CancellationToken);
        var response = new RescoreEvaluationsResponse { Evaluations = filed.Count };
        response.Changed.AddRange(changed.Select(c => ProtoMapping.ToProto(c.Evaluation.Key)));
        return response;
    }

    public override Task<ImportDisclosureResponse> ImportDisclosure(ImportDisclosureRequest request, ServerCallContext context) =>
        publications.ImportAsync(request, context.Caller.ToActor(), context.CancellationToken);

    public override async Task<ImportWorkbookResponse> ImportWorkbook(ImportWorkbookRequest request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        var year = Year(request.FiscalYear, "fiscal_year");
        var unit = await units.GetAsync(request.UnitId, year, "unit_id", context.CancellationToken);
        EvaluationAccess.RequireStaff(actor, unit.Id);
        var (sheets, layout) = FormWorkbook.Read(request.Workbook.Memory);
        var errors = layout.ToList();
        var tree = reference.TreeFor(year);
        var forms = new List<DomainProject>();
        foreach (var sheet in sheets)
        {
            var sheetErrors = new List<FieldError>();
            var form = ProtoMapping.ToDomain(sheet.Form, "project_form", sheetErrors);
            FormRules.CheckDraft(form, tree, sheetErrors);
            errors.AddRange(FormWorkbook.Locate(sheet, sheetErrors));
            forms.Add(form);
        }
        foreach (var duplicate in forms.Select((f, i) => (f.Name, Sheet: sheets[i].Name)).GroupBy(x => x.Name).Where(g => g.Count() > 1 && g.Key.Length > 0))
        {
            errors.Add(new FieldError(string.Join(", ", duplicate.Select(d => d.Sheet)), PerformanceMessages.ProjectOnSeveralSheets(duplicate.Key), "DUPLICATE_PROJECT"));
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        // All or nothing: every sheet's evaluation is created or saved as a draft in one transaction.
        var now = store.Now();
        var changed = new List<(DomainEvaluation, EvaluationRow?)>();
        foreach (var (form, sheet) in forms.Zip(sheets))
        {
            var key = new EvaluationKey(unit.Id, year, form.Name);
            if (await store.FindAsync(key, context.CancellationToken) is var (existing, row))
            {
                try
                {
                    existing.Save(form, null, existing.Revision, actor, now);
                }
                catch (PreconditionFailedException ex)
                {
                    throw new PreconditionFailedException(PerformanceMessages.OnSheet(sheet.Name, ex.Message));
                }
                changed.Add((existing, row));
            }
            else
            {
                changed.Add((DomainEvaluation.Create(key, unit.RegionCode, form, null, actor, now), null));
            }
        }
        await store.SaveAsync(changed, context.CancellationToken);
        var response = new ImportWorkbookResponse();
        response.Evaluations.AddRange(changed.Select(c => ProtoMapping.ToProto(c.Item1, Preview(c.Item1))));
        return response;
    }

    private async Task<DomainEvaluation> SaveAsync(EvaluationKey key, UnitSummary unit, DomainProject? project, DomainOverall? overall, long revision, Actor actor, CancellationToken token)
    {
        var now = store.Now();
        if (await store.FindAsync(key, token) is var (existing, row))
        {
            if (project is not null && project.Name != key.Project)
            {
                // Saved under another name: a never-submitted draft is renamed (the name is the form's key); Rename refuses
                // any other form as Save would.
                var renamed = existing.Rename(project, revision, actor, now);
                if (await store.FindAsync(renamed.Key, token) is not null)
                {
                    throw new ConflictException(PerformanceMessages.NameTaken(renamed.Key));
                }
                await store.ReplaceAsync(row, renamed, token);
                return renamed;
            }
            existing.Save(project, overall, revision, actor, now);
            await store.SaveAsync([(existing, row)], token);
            return existing;
        }
        if (revision != 0)
        {
            EvaluationAccess.RequireStaff(actor, key.UnitId);
            throw new ConcurrencyConflictException(PerformanceMessages.NotCreatedYet(key, revision));
        }
        var created = DomainEvaluation.Create(key, unit.RegionCode, project, overall, actor, now);
        await store.SaveAsync([(created, null)], token);
        return created;
    }

    /// <summary>The typed form with every field error of the whole request at once, or nothing is stored.</summary>
    private (DomainProject? Project, DomainOverall? Overall) ReadForm(V1.ProjectForm? project, V1.OverallForm? overall, int fiscalYear)
    {
        var errors = new List<FieldError>();
        var tree = reference.TreeFor(fiscalYear);
        DomainProject? p = null;
        DomainOverall? o = null;
        if (project is not null)
        {
            p = ProtoMapping.ToDomain(project, "project_form", errors);
            FormRules.CheckDraft(p, tree, errors);
        }
        else if (overall is not null)
        {
            o = ProtoMapping.ToDomain(overall, "overall_form", errors);
            FormRules.CheckDraft(o, tree, errors);
        }
        else
        {
            errors.Add(new FieldError("form", PerformanceMessages.OneFormRequired, "REQUIRED"));
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        return (p, o);
    }

    private static EvaluationKey Key(EvaluationRef? r, DomainProject? project)
    {
        if (r is null)
        {
            throw new ValidationException("ref", Messages.Required, "REQUIRED");
        }
        var name = r.Project.Trim();
        if (project is not null && name.Length == 0)
        {
            name = project.Name;
        }
        return new EvaluationKey(r.UnitId, Year(r.FiscalYear, "ref.fiscal_year"), name);
    }

    private static int Year(int year, string field) =>
        year is >= 2000 and <= 2100 ? year : throw new ValidationException(field, year == 0 ? Messages.Required : PerformanceMessages.NotAFiscalYear(year), "FISCAL_YEAR");

    private static int PageSize(int requested) => Listing.PageSize(requested, DefaultPage, MaxPage);

    /// <summary>The office's region: the one asked for (within the caller's own) or the caller's.</summary>
    private static string Office(string requested, Actor actor)
    {
        var region = Listing.Region(requested, actor);
        EvaluationAccess.RequireOffice(actor, region);
        return region;
    }


    private EvaluationResult? Preview(DomainEvaluation e) =>
        e.State == DomainState.Draft ? e.Score(reference.PolicyFor(e.Key.FiscalYear, e.RegionCode)) : null;

    private async Task<(DomainEvaluation, EvaluationRow)> Load(EvaluationRef? r, ServerCallContext context)
    {
        var key = Key(r, null);
        return await store.FindAsync(key, context.CancellationToken) is { } found
            ? found
            : throw new NotFoundException("evaluation", PerformanceMessages.EvaluationKeyText(key));
    }

    private async Task<DomainEvaluation> LoadReadable(EvaluationRef r, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        var key = Key(r, null);
        // Authorize against the unit before loading, so an outsider learns nothing of which evaluations exist.
        var unit = await units.GetAsync(key.UnitId, key.FiscalYear, "unit_id", context.CancellationToken);
        EvaluationAccess.RequireReader(actor, unit.Id, unit.RegionCode);
        var (e, _) = await Load(r, context);
        EvaluationAccess.RequireReader(actor, e.Key.UnitId, e.RegionCode);
        return e;
    }

}
