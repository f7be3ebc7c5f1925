using Grpc.Core;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Grpc;
using Platform.Performance.Host.Persistence;
using Platform.Performance.V1;

namespace Platform.Performance.FunctionalTests.Grpc;

/// <summary>Filing over gRPC on PostgreSQL: drafts, field errors, revisions, submission and scoring, events, roles, sending back.</summary>
public sealed class EvaluationsWorkflowTests : PerformanceFixture
{
    private static EvaluationRef Ref(string project = "地震监测设备运维", int year = 2022) => new() { UnitId = Seismic, FiscalYear = year, Project = project };

    [Fact]
    public async Task SubmitEvaluation_FiledForm_ScoredWithExplanationsAndEventsOnce()
    {
        var draft = await Performance.SaveDraftAsync(new SaveDraftRequest { Ref = Ref(""), ProjectForm = SampleForm() }, As(Clerk));
        Assert.Equal((EvaluationState.Draft, 1L, "地震监测设备运维"), (draft.State, draft.Revision, draft.Ref.Project));
        // A draft shows its score under the policy in force (a preview, not stored).
        Assert.Equal("98.07", draft.Score.ComputedTotal);
        // The year's list shows the draft with the same preview (the clerk's list of forms showed "—").
        var listed = await Performance.ListUnitEvaluationsAsync(new ListUnitEvaluationsRequest { UnitId = Seismic, FiscalYear = 2022 }, As(Clerk));
        Assert.Equal("98.07", listed.Evaluations.Single(e => e.Ref.Project == "地震监测设备运维").Score.ComputedTotal);

        var submitted = await Performance.SubmitEvaluationAsync(new SubmitEvaluationRequest { Ref = Ref(), Revision = draft.Revision }, As(Clerk));
        Assert.Equal((EvaluationState.Submitted, "proportional", "98.07", "优", "98.07"), (submitted.State, submitted.Score.PolicyId, submitted.Score.ComputedTotal, submitted.Score.Grade, submitted.Score.PublishedTotal));
        var trained = submitted.Score.Indicators.Single(i => i.Name == "培训人次");
        Assert.Equal(("18.57", "18.57"), (trained.Computed, trained.SelfScore));
        Assert.Contains("26", trained.Explanation);
        Assert.Contains("28", trained.Explanation);
        Assert.Contains("18.57", trained.Explanation);
        Assert.Equal("9.5", submitted.Score.ExecutionScore);
        Assert.Equal("clerk-seismic", submitted.SubmittedBy);

        // A retry of the same revision changes nothing and raises nothing.
        var retried = await Performance.SubmitEvaluationAsync(new SubmitEvaluationRequest { Ref = Ref(), Revision = draft.Revision }, As(Clerk));
        Assert.Equal(submitted.SubmittedAt, retried.SubmittedAt);

        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PerformanceDbContext>();
        var events = await db.OutboxMessages.OrderBy(m => m.OccurredAt).Select(m => new { m.Type, m.Payload }).ToListAsync();
        Assert.Equal(["EvaluationSubmitted", "EvaluationScored"], events.Select(e => e.Type.Split('.')[^1]));
        using var scored = JsonDocument.Parse(events[1].Payload);
        Assert.Equal(98.07m, scored.RootElement.GetProperty("computedTotal").GetDecimal());
        Assert.Equal("地震监测设备运维", scored.RootElement.GetProperty("project").GetString());
        Assert.Equal("650100", scored.RootElement.GetProperty("regionCode").GetString());

        // Submitted is not editable by the unit.
        var edit = new SaveDraftRequest { Ref = Ref(), Revision = submitted.Revision, ProjectForm = SampleForm() };
        Assert.Equal(StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<RpcException>(() => Performance.SaveDraftAsync(edit, As(Clerk)).ResponseAsync)).StatusCode);
    }

    [Fact]
    public async Task SaveDraft_BadFields_EveryFieldNamedAndNothingSaved()
    {
        // Figures the contract declares (platform.api.decimal) are refused at the door, all of them at once, before the form's rules run.
        var malformed = SampleForm();
        malformed.Funds.Total.Executed = "9.5000001";
        malformed.Indicators[0].Weight = "-20";
        var door = await Assert.ThrowsAsync<RpcException>(() => Performance.SaveDraftAsync(new SaveDraftRequest { Ref = Ref(), ProjectForm = malformed }, As(Clerk)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, door.StatusCode);
        Assert.Equal([("project_form.funds.total.executed", "TOO_PRECISE"), ("project_form.indicators[0].weight", "NEGATIVE")],
            door.FieldViolations().Select(v => (v.Field, v.Reason)).Order());
        Assert.Contains(Violations(door), v => v.Field == "project_form.funds.total.executed" && v.Description.Contains("最多 6 位小数", StringComparison.Ordinal));

        // Everything else the form's rules judge, every field named in one answer.
        var form = SampleForm();
        form.Funds.Weight = "ten";
        form.Indicators[0].Weight = "120";
        form.Indicators[1].Level1 = "产量指标";
        form.Indicators[2].Level2 = "社会效益指标";
        form.Indicators[3].Score = "25";
        form.Indicators[4].Name = "";
        var ex = await Assert.ThrowsAsync<RpcException>(() => Performance.SaveDraftAsync(new SaveDraftRequest { Ref = Ref(), ProjectForm = form }, As(Clerk)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var fields = Violations(ex).Select(v => v.Field).ToList();
        Assert.Equal(
            new[]
            {
                "project_form.funds.weight", "project_form.indicators[0].weight", "project_form.indicators[1].level1",
                "project_form.indicators[2].level2", "project_form.indicators[3].score", "project_form.indicators[4].name",
            }.Order(StringComparer.Ordinal),
            fields.Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(Violations(ex), v => v.Field == "project_form.indicators[2].level2" && v.Description.Contains("产出指标", StringComparison.Ordinal));

        var absent = await Assert.ThrowsAsync<RpcException>(() => Performance.GetEvaluationAsync(Ref(), As(Clerk)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, absent.StatusCode);
    }

    [Fact]
    public async Task SaveDraft_StaleRevision_AbortedAndKeepsTheNewerSave()
    {
        var first = await Performance.SaveDraftAsync(new SaveDraftRequest { Ref = Ref(), ProjectForm = SampleForm() }, As(Clerk));
        var changed = SampleForm();
        changed.GoalActual = "台网运行率 98%";
        var second = await Performance.SaveDraftAsync(new SaveDraftRequest { Ref = Ref(), Revision = first.Revision, ProjectForm = changed }, As(Clerk));
        Assert.Equal(2, second.Revision);
        var stale = await Assert.ThrowsAsync<RpcException>(() => Performance.SaveDraftAsync(new SaveDraftRequest { Ref = Ref(), Revision = first.Revision, ProjectForm = SampleForm() }, As(Clerk)).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        Assert.Equal("台网运行率 98%", (await Performance.GetEvaluationAsync(Ref(), As(Clerk))).ProjectForm.GoalActual);
        // A second "new" form for the same project is a conflict, not an overwrite.
        var duplicate = await Assert.ThrowsAsync<RpcException>(() => Performance.SaveDraftAsync(new SaveDraftRequest { Ref = Ref(), Revision = 0, ProjectForm = SampleForm() }, As(Clerk)).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, duplicate.StatusCode);
    }

    [Fact]
    public async Task SubmitEvaluation_MalformedActual_FieldErrorWithPositionAndStillDraft()
    {
        var form = SampleForm();
        form.Indicators[1].Actual = "=0.4.2 万元";
        var draft = await Performance.SaveDraftAsync(new SaveDraftRequest { Ref = Ref(), ProjectForm = form }, As(Clerk));
        Assert.Contains(draft.Score.Findings, f => f.Type == "MALFORMED_VALUE");
        var ex = await Assert.ThrowsAsync<RpcException>(() => Performance.SubmitEvaluationAsync(new SubmitEvaluationRequest { Ref = Ref(), Revision = draft.Revision }, As(Clerk)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var violation = Assert.Single(Violations(ex));
        Assert.Equal("project_form.indicators[1].actual", violation.Field);
        Assert.Contains("有两个小数点（所填内容第 5 个字符）", violation.Description, StringComparison.Ordinal);
        Assert.Equal(EvaluationState.Draft, (await Performance.GetEvaluationAsync(Ref(), As(Clerk))).State);
    }

    [Fact]
    public async Task Roles_OutsidersDeniedAndTheOfficeSendsBack()
    {
        var draft = await Performance.SaveDraftAsync(new SaveDraftRequest { Ref = Ref(), ProjectForm = SampleForm() }, As(Clerk));
        // Another unit's clerk, a reviewer, an importer: none files for this unit.
        foreach (var outsider in new[] { BureauClerk, CityReviewer, Importer })
        {
            var denied = await Assert.ThrowsAsync<RpcException>(() => Performance.SaveDraftAsync(new SaveDraftRequest { Ref = Ref(), Revision = draft.Revision, ProjectForm = SampleForm() }, As(outsider)).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
            // What the outsider reads: Chinese, and never their own (or anyone's) subject.
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", denied.Status.Detail);
            Assert.DoesNotContain(outsider.Subject, denied.Status.Detail, StringComparison.Ordinal);
        }
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => Performance.GetEvaluationAsync(Ref(), As(ChangjiReviewer)).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => Performance.GetEvaluationAsync(Ref(), default).ResponseAsync)).StatusCode);
        // An outsider cannot tell an evaluation that exists from one that does not.
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => Performance.GetEvaluationAsync(Ref("没有这个项目"), As(ChangjiReviewer)).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            Performance.SubmitEvaluationAsync(new SubmitEvaluationRequest { Ref = Ref("没有这个项目"), Revision = 1 }, As(BureauClerk)).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            Performance.ReturnEvaluationAsync(new ReturnEvaluationRequest { Ref = Ref("没有这个项目"), Comment = "x" }, As(ChangjiReviewer)).ResponseAsync)).StatusCode);
        var form = SampleForm();
        form.Indicators[0].DeviationReason = "";
        form.Indicators[0].Score = "20";
        var saved = await Performance.SaveDraftAsync(new SaveDraftRequest { Ref = Ref(), Revision = draft.Revision, ProjectForm = form }, As(Clerk));
        var submitted = await Performance.SubmitEvaluationAsync(new SubmitEvaluationRequest { Ref = Ref(), Revision = saved.Revision }, As(Clerk));
        Assert.Contains(submitted.Score.Findings, f => f.Type == "SELF_SCORE_INCONSISTENT" && f.Severity == "error");

        var queue = await Performance.GetReviewQueueAsync(new GetReviewQueueRequest { FiscalYear = 2022 }, As(CityReviewer));
        Assert.Contains(queue.Items, i => i.Ref.UnitId == Seismic && i.Finding.Type == "SELF_SCORE_INCONSISTENT");
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            Performance.ReturnEvaluationAsync(new ReturnEvaluationRequest { Ref = Ref(), Comment = "x" }, As(ChangjiReviewer)).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            Performance.GetReviewQueueAsync(new GetReviewQueueRequest { FiscalYear = 2022, RegionCode = "650100" }, As(ChangjiReviewer)).ResponseAsync)).StatusCode);
        var noComment = await Assert.ThrowsAsync<RpcException>(() => Performance.ReturnEvaluationAsync(new ReturnEvaluationRequest { Ref = Ref() }, As(CityReviewer)).ResponseAsync);
        Assert.Equal("comment", Assert.Single(Violations(noComment)).Field);

        var returned = await Performance.ReturnEvaluationAsync(new ReturnEvaluationRequest { Ref = Ref(), Comment = "培训人次未达标，得分应按比例" }, As(CityReviewer));
        Assert.Equal((EvaluationState.Draft, "培训人次未达标，得分应按比例"), (returned.State, returned.ReturnComment));
        // A draft is the unit's again: its findings leave the office's queue.
        var after = await Performance.GetReviewQueueAsync(new GetReviewQueueRequest { FiscalYear = 2022, MinimumSeverity = "info" }, As(CityReviewer));
        Assert.DoesNotContain(after.Items, i => i.Ref.UnitId == Seismic);
        // The submission that was sent back cannot be replayed.
        Assert.Equal(StatusCode.Aborted, (await Assert.ThrowsAsync<RpcException>(() =>
            Performance.SubmitEvaluationAsync(new SubmitEvaluationRequest { Ref = Ref(), Revision = saved.Revision }, As(Clerk)).ResponseAsync)).StatusCode);
    }

    [Fact]
    public async Task AcceptEvaluation_ByTheOffice_ListedByStateAndReadOnlyUntilSentBack()
    {
        var draft = await Performance.SaveDraftAsync(new SaveDraftRequest { Ref = Ref(""), ProjectForm = SampleForm() }, As(Clerk));
        var submitted = await Performance.SubmitEvaluationAsync(new SubmitEvaluationRequest { Ref = Ref(), Revision = draft.Revision }, As(Clerk));
        await Performance.SaveDraftAsync(new SaveDraftRequest { Ref = Ref(""), ProjectForm = Named(SampleForm(), "台网运维") }, As(Clerk));

        // The office's list of forms awaiting review: the submitted one, not the draft; counts over the year.
        var awaiting = await Performance.ListFiledEvaluationsAsync(new ListFiledEvaluationsRequest { FiscalYear = 2022 }, As(CityReviewer));
        var listed = Assert.Single(awaiting.Evaluations);
        Assert.Equal((Seismic, "地震监测设备运维", EvaluationState.Submitted, "98.07", submitted.SubmittedAt), (listed.Ref.UnitId, listed.Ref.Project, listed.State, listed.ComputedTotal, listed.SubmittedAt));
        Assert.Equal((1, 0), (awaiting.Submitted, awaiting.Accepted));
        // Another region's office sees neither the list nor the form; the unit's clerk cannot accept; nor a stale revision.
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            Performance.ListFiledEvaluationsAsync(new ListFiledEvaluationsRequest { FiscalYear = 2022, RegionCode = "650100" }, As(ChangjiReviewer)).ResponseAsync)).StatusCode);
        Assert.Empty((await Performance.ListFiledEvaluationsAsync(new ListFiledEvaluationsRequest { FiscalYear = 2022 }, As(ChangjiReviewer))).Evaluations);
        foreach (var outsider in new[] { ChangjiReviewer, Clerk })
        {
            Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
                Performance.AcceptEvaluationAsync(new AcceptEvaluationRequest { Ref = Ref(), Revision = submitted.Revision }, As(outsider)).ResponseAsync)).StatusCode);
        }
        Assert.Equal(StatusCode.Aborted, (await Assert.ThrowsAsync<RpcException>(() =>
            Performance.AcceptEvaluationAsync(new AcceptEvaluationRequest { Ref = Ref(), Revision = submitted.Revision + 1 }, As(CityReviewer)).ResponseAsync)).StatusCode);
        // The revision read is the point of an acceptance: without it, the field is named.
        Assert.Equal("revision", Assert.Single(Violations(await Assert.ThrowsAsync<RpcException>(() =>
            Performance.AcceptEvaluationAsync(new AcceptEvaluationRequest { Ref = Ref() }, As(CityReviewer)).ResponseAsync))).Field);
        Assert.Equal(StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<RpcException>(() =>
            Performance.AcceptEvaluationAsync(new AcceptEvaluationRequest { Ref = Ref("台网运维"), Revision = 1 }, As(CityReviewer)).ResponseAsync)).StatusCode);
        Assert.Equal("state", Assert.Single(Violations(await Assert.ThrowsAsync<RpcException>(() => Performance.ListFiledEvaluationsAsync(
            new ListFiledEvaluationsRequest { FiscalYear = 2022, State = EvaluationState.Draft }, As(CityReviewer)).ResponseAsync))).Field);

        var accepted = await Performance.AcceptEvaluationAsync(new AcceptEvaluationRequest { Ref = Ref(), Revision = submitted.Revision }, As(CityReviewer));
        Assert.Equal((EvaluationState.Accepted, submitted.Revision + 1, "reviewer-urumqi"), (accepted.State, accepted.Revision, accepted.AcceptedBy));
        Assert.Equal("98.07", accepted.Score.ComputedTotal);
        // Stored: read back alike; a retry changes nothing.
        var read = await Performance.GetEvaluationAsync(Ref(), As(Clerk));
        Assert.Equal((EvaluationState.Accepted, accepted.AcceptedAt), (read.State, read.AcceptedAt));
        Assert.Equal(accepted.AcceptedAt, (await Performance.AcceptEvaluationAsync(new AcceptEvaluationRequest { Ref = Ref(), Revision = submitted.Revision }, As(CityReviewer))).AcceptedAt);
        Assert.Equal(StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<RpcException>(() => Performance.SaveDraftAsync(
            new SaveDraftRequest { Ref = Ref(), Revision = accepted.Revision, ProjectForm = SampleForm() }, As(Clerk)).ResponseAsync)).StatusCode);
        var byState = await Performance.ListFiledEvaluationsAsync(new ListFiledEvaluationsRequest { FiscalYear = 2022, State = EvaluationState.Accepted }, As(CityReviewer));
        Assert.Equal(("地震监测设备运维", 0, 1), (Assert.Single(byState.Evaluations).Ref.Project, byState.Submitted, byState.Accepted));
        // The office's ranking still counts an accepted form; its findings, weighed, leave the queue of what to look at.
        var ranking = await Performance.GetRankingAsync(new GetRankingRequest { FiscalYear = 2022 }, As(CityReviewer));
        Assert.Contains(ranking.Entries, r => r.Ref.Project == "地震监测设备运维");
        var queue = await Performance.GetReviewQueueAsync(new GetReviewQueueRequest { FiscalYear = 2022, MinimumSeverity = "info" }, As(CityReviewer));
        Assert.DoesNotContain(queue.Items, i => i.Ref.Project == "地震监测设备运维");

        // A page read before the acceptance does not undo it unseen; sent back from one read after it: a draft again, the acceptance gone.
        Assert.Equal(StatusCode.Aborted, (await Assert.ThrowsAsync<RpcException>(() => Performance.ReturnEvaluationAsync(
            new ReturnEvaluationRequest { Ref = Ref(), Comment = "复核发现产出数量有误", Revision = submitted.Revision }, As(CityReviewer)).ResponseAsync)).StatusCode);
        var returned = await Performance.ReturnEvaluationAsync(new ReturnEvaluationRequest { Ref = Ref(), Comment = "复核发现产出数量有误", Revision = accepted.Revision }, As(CityReviewer));
        Assert.Equal((EvaluationState.Draft, "", ""), (returned.State, returned.AcceptedBy, returned.AcceptedAt));
        var after = await Performance.ListFiledEvaluationsAsync(new ListFiledEvaluationsRequest { FiscalYear = 2022 }, As(CityReviewer));
        // Counted as sent back (the draft never submitted is not).
        Assert.Equal((0, 0, 1), (after.Submitted, after.Accepted, after.Returned));
        // The form keeps its latest state only; its review history keeps the submission, the acceptance and the return
        // with its comment, for the unit and the office alike (a form once submitted is neither renamed nor deleted).
        var steps = returned.ReviewHistory.Select(s => (s.Action, s.Revision, s.By, s.Comment)).ToList();
        Assert.Equal(
            [(Platform.Review.V1.ReviewAction.HandedIn, submitted.Revision, Clerk.Subject, ""), (Platform.Review.V1.ReviewAction.Accepted, accepted.Revision, "reviewer-urumqi", ""),
             (Platform.Review.V1.ReviewAction.Returned, returned.Revision, "reviewer-urumqi", "复核发现产出数量有误")],
            steps);
        Assert.Equal(returned.ReviewHistory, (await Performance.GetEvaluationAsync(Ref(), As(Clerk))).ReviewHistory);
        // Each decision is told to the platform: published from the outbox, not left there (an unregistered type was).
        await Platform.Testing.Polling.PublishedAsync<PerformanceDbContext>(Host.Services, "EvaluationAccepted", "EvaluationReturned");
    }

    [Fact]
    public async Task ListFiledEvaluations_MoreThanAPage_KeysetPagesInUnitAndProjectOrder()
    {
        // Two units: a page may end inside one unit's forms and the next begin in another's.
        var names = new[] { "丙项目", "甲项目", "乙项目" };
        foreach (var name in names)
        {
            var d = await Performance.SaveDraftAsync(new SaveDraftRequest { Ref = Ref(""), ProjectForm = Named(SampleForm(), name) }, As(Clerk));
            await Performance.SubmitEvaluationAsync(new SubmitEvaluationRequest { Ref = Ref(name), Revision = d.Revision }, As(Clerk));
        }
        var bureauRef = new EvaluationRef { UnitId = Bureau, FiscalYear = 2022, Project = "" };
        var b = await Performance.SaveDraftAsync(new SaveDraftRequest { Ref = bureauRef, ProjectForm = Named(SampleForm(), "丁项目") }, As(BureauClerk));
        await Performance.SubmitEvaluationAsync(new SubmitEvaluationRequest { Ref = new EvaluationRef { UnitId = Bureau, FiscalYear = 2022, Project = "丁项目" }, Revision = b.Revision }, As(BureauClerk));
        var seen = new List<string>();
        var token = "";
        var pages = 0;
        var first = await Performance.ListFiledEvaluationsAsync(new ListFiledEvaluationsRequest { FiscalYear = 2022, PageSize = 2 }, As(CityReviewer));
        // A token continues its own listing only: used for the accepted forms it would skip rows without a word.
        Assert.Equal("page_token", Assert.Single(Violations(await Assert.ThrowsAsync<RpcException>(() => Performance.ListFiledEvaluationsAsync(
            new ListFiledEvaluationsRequest { FiscalYear = 2022, State = EvaluationState.Accepted, PageSize = 2, PageToken = first.NextPageToken }, As(CityReviewer)).ResponseAsync))).Field);
        do
        {
            var page = await Performance.ListFiledEvaluationsAsync(new ListFiledEvaluationsRequest { FiscalYear = 2022, PageSize = 2, PageToken = token }, As(CityReviewer));
            Assert.Equal(4, page.Submitted);
            seen.AddRange(page.Evaluations.Select(e => $"{e.Ref.UnitId}/{e.Ref.Project}"));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0);
        Assert.Equal(2, pages);
        Assert.Equal(names.Select(n => $"{Seismic}/{n}").Append($"{Bureau}/丁项目").Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task SaveDraft_AnotherName_RenamesADraftNeverSubmittedOnly()
    {
        var misspelt = SampleForm();
        misspelt.Name = "地震监测设备运唯";
        var draft = await Performance.SaveDraftAsync(new SaveDraftRequest { Ref = Ref(""), ProjectForm = misspelt }, As(Clerk));
        await Performance.SaveDraftAsync(new SaveDraftRequest { Ref = Ref("", 2022), ProjectForm = Named(SampleForm(), "台网运维") }, As(Clerk));

        // Saved under a name another form has: refused, both stay.
        var taken = await Assert.ThrowsAsync<RpcException>(() => Performance.SaveDraftAsync(
            new SaveDraftRequest { Ref = Ref("地震监测设备运唯"), Revision = draft.Revision, ProjectForm = Named(SampleForm(), "台网运维") }, As(Clerk)).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, taken.StatusCode);
        Assert.Contains("台网运维", taken.Status.Detail, StringComparison.Ordinal);
        // A stale revision: ABORTED, nothing renamed.
        Assert.Equal(StatusCode.Aborted, (await Assert.ThrowsAsync<RpcException>(() => Performance.SaveDraftAsync(
            new SaveDraftRequest { Ref = Ref("地震监测设备运唯"), Revision = draft.Revision + 1, ProjectForm = SampleForm() }, As(Clerk)).ResponseAsync)).StatusCode);
        // Another unit's clerk cannot rename it.
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => Performance.SaveDraftAsync(
            new SaveDraftRequest { Ref = Ref("地震监测设备运唯"), Revision = draft.Revision, ProjectForm = SampleForm() }, As(BureauClerk)).ResponseAsync)).StatusCode);

        var renamed = await Performance.SaveDraftAsync(new SaveDraftRequest { Ref = Ref("地震监测设备运唯"), Revision = draft.Revision, ProjectForm = SampleForm() }, As(Clerk));
        Assert.Equal(("地震监测设备运维", EvaluationState.Draft, draft.Revision + 1), (renamed.Ref.Project, renamed.State, renamed.Revision));
        var listed = await Performance.ListUnitEvaluationsAsync(new ListUnitEvaluationsRequest { UnitId = Seismic, FiscalYear = 2022 }, As(Clerk));
        Assert.Equal(new[] { "台网运维", "地震监测设备运维" }.Order(StringComparer.Ordinal), listed.Evaluations.Select(e => e.Ref.Project).Order(StringComparer.Ordinal));

        // Once the office has had it — submitted, then returned — it keeps its name.
        var submitted = await Performance.SubmitEvaluationAsync(new SubmitEvaluationRequest { Ref = Ref(), Revision = renamed.Revision }, As(Clerk));
        var returned = await Performance.ReturnEvaluationAsync(new ReturnEvaluationRequest { Ref = Ref(), Comment = "请补充偏差原因" }, As(CityReviewer));
        var kept = await Assert.ThrowsAsync<RpcException>(() => Performance.SaveDraftAsync(
            new SaveDraftRequest { Ref = Ref(), Revision = returned.Revision, ProjectForm = Named(SampleForm(), "地震监测设备运维（改）") }, As(Clerk)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, kept.StatusCode);
        Assert.Contains("已报送过财政部门，不能改名", kept.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(returned.Revision, (await Performance.GetEvaluationAsync(Ref(), As(Clerk))).Revision);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => Performance.GetEvaluationAsync(Ref("地震监测设备运维（改）"), As(Clerk)).ResponseAsync)).StatusCode);
        Assert.NotEmpty(submitted.SubmittedAt);
    }

    [Fact]
    public async Task DeleteDraft_NeverSubmitted_GoneWhileAFiledFormStays()
    {
        var mistake = await Performance.SaveDraftAsync(new SaveDraftRequest { Ref = Ref(""), ProjectForm = Named(SampleForm(), "误建的项目") }, As(Clerk));
        var filed = await Performance.SaveDraftAsync(new SaveDraftRequest { Ref = Ref(""), ProjectForm = SampleForm() }, As(Clerk));
        await Performance.SubmitEvaluationAsync(new SubmitEvaluationRequest { Ref = Ref(), Revision = filed.Revision }, As(Clerk));

        // Not the clerk of another unit, not a reviewer; not on a stale revision.
        foreach (var outsider in new[] { BureauClerk, CityReviewer })
        {
            Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
                Performance.DeleteDraftAsync(new DeleteDraftRequest { Ref = Ref("误建的项目"), Revision = mistake.Revision }, As(outsider)).ResponseAsync)).StatusCode);
        }
        Assert.Equal(StatusCode.Aborted, (await Assert.ThrowsAsync<RpcException>(() =>
            Performance.DeleteDraftAsync(new DeleteDraftRequest { Ref = Ref("误建的项目"), Revision = mistake.Revision + 1 }, As(Clerk)).ResponseAsync)).StatusCode);
        // A submitted form, and the same form returned to draft: the office has had it.
        Assert.Equal(StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<RpcException>(() =>
            Performance.DeleteDraftAsync(new DeleteDraftRequest { Ref = Ref(), Revision = filed.Revision }, As(Clerk)).ResponseAsync)).StatusCode);
        var returned = await Performance.ReturnEvaluationAsync(new ReturnEvaluationRequest { Ref = Ref(), Comment = "请核实" }, As(CityReviewer));
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            Performance.DeleteDraftAsync(new DeleteDraftRequest { Ref = Ref(), Revision = returned.Revision }, As(Clerk)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("不能删除", refused.Status.Detail, StringComparison.Ordinal);

        await Performance.DeleteDraftAsync(new DeleteDraftRequest { Ref = Ref("误建的项目"), Revision = mistake.Revision }, As(Clerk));
        var listed = await Performance.ListUnitEvaluationsAsync(new ListUnitEvaluationsRequest { UnitId = Seismic, FiscalYear = 2022 }, As(Clerk));
        Assert.Equal(["地震监测设备运维"], listed.Evaluations.Select(e => e.Ref.Project));
        // Deleted once: a second delete finds nothing.
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() =>
            Performance.DeleteDraftAsync(new DeleteDraftRequest { Ref = Ref("误建的项目"), Revision = mistake.Revision }, As(Clerk)).ResponseAsync)).StatusCode);
    }

    private static ProjectForm Named(ProjectForm form, string name)
    {
        form.Name = name;
        return form;
    }

    [Fact]
    public async Task ScoreForm_UnderEachPolicy_WhatIfWithoutStoring()
    {
        var policies = await Performance.ListPoliciesAsync(new ListPoliciesRequest(), As(Clerk));
        Assert.Equal(["proportional", "strict"], policies.Policies.Select(p => p.Id).Order(StringComparer.Ordinal));
        var proportional = await Performance.ScoreFormAsync(new ScoreFormRequest { PolicyId = "proportional", ProjectForm = SampleForm() }, As(Clerk));
        var strict = await Performance.ScoreFormAsync(new ScoreFormRequest { PolicyId = "strict", ProjectForm = SampleForm() }, As(Clerk));
        Assert.Equal("98.07", proportional.ComputedTotal);
        // Strict: the missed 培训人次 scores nothing.
        Assert.Equal(0m, decimal.Parse(strict.Indicators.Single(i => i.Name == "培训人次").Computed, System.Globalization.CultureInfo.InvariantCulture));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Performance.ScoreFormAsync(new ScoreFormRequest { PolicyId = "lenient", ProjectForm = SampleForm() }, As(Clerk)).ResponseAsync);
        Assert.Equal("policy_id", Assert.Single(Violations(unknown)).Field);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => Performance.GetEvaluationAsync(Ref(), As(Clerk)).ResponseAsync)).StatusCode);
    }

    [Fact]
    public async Task GetTrend_TwoYears_MeansAndChange()
    {
        foreach (var (year, actual, expectedMean) in new[] { (2022, "26人次", "98.07"), (2023, "28人次", "99.5") })
        {
            var form = SampleForm();
            form.Indicators[0].Actual = actual;
            form.Indicators[0].Score = year == 2022 ? "18.57" : "20";
            form.TotalScore = expectedMean;
            var draft = await Performance.SaveDraftAsync(new SaveDraftRequest { Ref = Ref(year: year), ProjectForm = form }, As(Clerk));
            await Performance.SubmitEvaluationAsync(new SubmitEvaluationRequest { Ref = Ref(year: year), Revision = draft.Revision }, As(Clerk));
        }
        // A draft does not count.
        await Performance.SaveDraftAsync(new SaveDraftRequest { Ref = Ref("另一项目", 2023), ProjectForm = SampleForm("另一项目") }, As(Clerk));
        var trend = await Performance.GetTrendAsync(new GetTrendRequest { UnitId = Seismic }, As(CityReviewer));
        Assert.Equal([2022, 2023], trend.Years.Select(y => y.FiscalYear));
        Assert.Equal(("98.07", "", 1), (trend.Years[0].ProjectMean, trend.Years[0].Change, trend.Years[0].Projects));
        Assert.Equal(("99.5", "1.43", 1), (trend.Years[1].ProjectMean, trend.Years[1].Change, trend.Years[1].Projects));
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => Performance.GetTrendAsync(new GetTrendRequest { UnitId = Seismic }, As(ChangjiReviewer)).ResponseAsync)).StatusCode);
        var backwards = await Assert.ThrowsAsync<RpcException>(() => Performance.GetTrendAsync(new GetTrendRequest { UnitId = Seismic, FromYear = 2023, ToYear = 2022 }, As(CityReviewer)).ResponseAsync);
        Assert.Equal("from_year", Assert.Single(Violations(backwards)).Field);
    }
}
