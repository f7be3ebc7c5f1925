using Platform.Domain;
using Platform.Events.V1;
using Platform.Performance.Domain.Evaluations;
using Platform.Performance.Domain.Forms;

namespace Platform.Performance.Domain.Tests.Evaluations;

public sealed class EvaluationTests
{
    private static readonly PerformanceReference Reference = PerformanceReference.LoadShipped();
    private static readonly DateTimeOffset Now = new(2023, 3, 1, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly Actor Clerk = new("clerk", [PlatformRoles.Clerk], "650100", "seismic");
    private static readonly Actor Reviewer = new("reviewer", [PlatformRoles.Reviewer], "650100", null);
    private static readonly Actor FarReviewer = new("far", [PlatformRoles.Reviewer], "652300", null);
    private static readonly EvaluationKey Key = new("seismic", 2022, "台网运维");

    private static ProjectForm Form(string actual = "26人次", decimal score = 18.57m) => new(
        "台网运维", null, null,
        new ProjectFunds(new FundsLine(10, 10, 9.5m), 10, 95, 9.5m, null, null, null),
        [
            new Indicator(0, "产出指标", "数量指标", "培训人次", "≥28人次", actual, 20, score, "缺训"),
            new Indicator(1, "满意度指标", "满意度指标", "满意度", "≥90%", "95%", 70, 70, null),
        ],
        98.07m);

    [Fact]
    public void Submit_Draft_ScoredUnderThePolicyWithBothEvents()
    {
        var e = Evaluation.Create(Key, "650100", Form(), null, Clerk, Now);
        e.Submit(1, Reference.PolicyFor(2022, "650100"), Clerk, Now);
        Assert.Equal(EvaluationState.Submitted, e.State);
        Assert.Equal(98.07m, e.Result!.ComputedTotal);
        Assert.Equal(["EvaluationSubmitted", "EvaluationScored"], e.Events.Select(x => x.GetType().Name));
        var scored = Assert.IsType<EvaluationScored>(e.Events[1]);
        Assert.Equal(("proportional", 98.07m, "优", 98.07m), (scored.PolicyId, scored.ComputedTotal, scored.Grade, scored.PublishedTotal));

        e.ClearEvents();
        e.Submit(1, Reference.PolicyFor(2022, "650100"), Clerk, Now);
        Assert.Empty(e.Events);
    }

    [Fact]
    public void Submit_WeightsNotMaking100_ScoredWithoutAGradeAndSaysWhy()
    {
        var form = Form() with { Indicators = [.. Form().Indicators.Select(i => i.Row == 1 ? i with { Weight = 80, Score = 80 } : i)] };
        var e = Evaluation.Create(Key, "650100", form, null, Clerk, Now);

        e.Submit(1, Reference.PolicyFor(2022, "650100"), Clerk, Now);

        Assert.Equal((108.07m, null, PerformanceMessages.NoGradeWeights), (e.Result!.ComputedTotal, e.Result.Grade, e.Result.GradeWithheld));
        Assert.Null(Assert.IsType<EvaluationScored>(e.Events[1]).Grade);
        // Its printed total has no grade either (the form prints none; one derived from a total over such weights would be made up).
        Assert.Null(e.Result.PublishedGrade);
    }

    [Fact]
    public void Rescore_ByTheRegionsAdministrator_NewResultOnlyWhenItDiffers()
    {
        var admin = new Actor("admin", [EvaluationAccess.Admin], "650000", null);
        var e = Evaluation.Create(Key, "650100", Form(), null, Clerk, Now);
        Assert.False(e.Rescore(Reference.PolicyFor(2022, "650100"), admin, Now));  // a draft: scored on every read
        e.Submit(1, Reference.PolicyFor(2022, "650100"), Clerk, Now);
        e.ClearEvents();

        Assert.Throws<ForbiddenException>(() => e.Rescore(Reference.PolicyFor(2022, "650100"), Reviewer, Now));
        Assert.Throws<ForbiddenException>(() => e.Rescore(Reference.PolicyFor(2022, "650100"), new Actor("far-admin", [EvaluationAccess.Admin], "652300", null), Now));
        Assert.False(e.Rescore(Reference.PolicyFor(2022, "650100"), admin, Now));
        Assert.Empty(e.Events);

        var strict = Reference.Policies.Single(p => p.Id == "strict");
        Assert.True(e.Rescore(strict, admin, Now));
        Assert.Equal(("strict", 1L), (e.Result!.PolicyId, e.Revision));
        Assert.Equal("strict", Assert.IsType<EvaluationScored>(Assert.Single(e.Events)).PolicyId);
    }

    [Fact]
    public void Save_StaleRevisionOrNotStaff_Refused()
    {
        var e = Evaluation.Create(Key, "650100", Form(), null, Clerk, Now);
        e.Save(Form("27人次"), null, 1, Clerk, Now);
        Assert.Equal(2, e.Revision);
        Assert.Throws<ConcurrencyConflictException>(() => e.Save(Form(), null, 1, Clerk, Now));
        var forbidden = Assert.Throws<ForbiddenException>(() => e.Save(Form(), null, 2, Reviewer, Now));
        Assert.Equal(Messages.OwnUnitStaffOnly, forbidden.Message);
        Assert.Throws<ForbiddenException>(() => e.Save(Form(), null, 2, Clerk with { UnitId = "other" }, Now));
        var renamed = Assert.Throws<ValidationException>(() => e.Save(Form() with { Name = "改名" }, null, 2, Clerk, Now));
        Assert.Equal("project_form.name", Assert.Single(renamed.Errors).Field);
    }

    [Fact]
    public void Rename_DraftNeverSubmitted_NewKeyAtTheNextRevision()
    {
        var e = Evaluation.Create(Key, "650100", Form(), null, Clerk, Now);
        var later = Now.AddHours(1);

        var renamed = e.Rename(Form() with { Name = "台网运行维护" }, 1, Clerk, later);

        Assert.Equal((new EvaluationKey("seismic", 2022, "台网运行维护"), EvaluationState.Draft, 2L, later, "650100"),
            (renamed.Key, renamed.State, renamed.Revision, renamed.UpdatedAt, renamed.RegionCode));
        Assert.Equal("台网运行维护", renamed.ProjectForm!.Name);
        Assert.Empty(renamed.Events);
        Assert.Throws<ConcurrencyConflictException>(() => e.Rename(Form() with { Name = "x" }, 2, Clerk, Now));
        Assert.Throws<ForbiddenException>(() => e.Rename(Form() with { Name = "x" }, 1, Reviewer, Now));
        var overall = Evaluation.Create(Key with { Project = "" }, "650100", null, new OverallForm([], null, null, null, null, null, null, null, [], [], [], null, null), Clerk, Now);
        Assert.Equal("KIND_MISMATCH", Assert.Single(Assert.Throws<ValidationException>(() => overall.Rename(Form(), 1, Clerk, Now)).Errors).Code);
    }

    [Fact]
    public void RenameAndDiscard_FormTheOfficeHasHad_Refused()
    {
        var e = Evaluation.Create(Key, "650100", Form(), null, Clerk, Now);
        e.Discard(1, Clerk);  // a draft never submitted may go
        e.Submit(1, Reference.PolicyFor(2022, "650100"), Clerk, Now);
        Assert.Throws<PreconditionFailedException>(() => e.Discard(1, Clerk));
        e.SendBack("请核实", null, Reviewer, Now);

        // Returned: a draft again, but the office has had it.
        var discard = Assert.Throws<PreconditionFailedException>(() => e.Discard(2, Clerk));
        Assert.Equal("单位 seismic 2022 年度项目 “台网运维” 的绩效自评表已报送过财政部门，不能删除（只有从未报送的草稿可以删除；如该项目确实不需自评，请与财政部门联系）", discard.Message);
        Assert.Throws<PreconditionFailedException>(() => e.Rename(Form() with { Name = "改名" }, 2, Clerk, Now));
        Assert.Throws<ForbiddenException>(() => e.Discard(2, Reviewer));
    }

    [Fact]
    public void SendBack_ByTheOfficeOverTheUnit_DraftAgainAtANewRevision()
    {
        var e = Evaluation.Create(Key, "650100", Form(), null, Clerk, Now);
        e.Submit(1, Reference.PolicyFor(2022, "650100"), Clerk, Now);
        Assert.Throws<ForbiddenException>(() => e.SendBack("改", null, FarReviewer, Now));
        Assert.Equal("comment", Assert.Single(Assert.Throws<ValidationException>(() => e.SendBack(" ", null, Reviewer, Now)).Errors).Field);
        e.SendBack("培训人次得分有误", null, Reviewer, Now);
        Assert.Equal((EvaluationState.Draft, 2L, "培训人次得分有误"), (e.State, e.Revision, e.ReturnComment));
        Assert.Null(e.Result);
        // The old submission cannot be replayed.
        Assert.Throws<ConcurrencyConflictException>(() => e.Submit(1, Reference.PolicyFor(2022, "650100"), Clerk, Now));
        var notSubmitted = Assert.Throws<PreconditionFailedException>(() => e.SendBack("again", null, Reviewer, Now));
        Assert.Equal("单位 seismic 2022 年度项目 “台网运维” 的绩效自评表当前状态为“草稿”：只有已报送或已审核通过的自评表可以退回", notSubmitted.Message);
    }

    [Fact]
    public void Accept_ByTheOfficeAtTheRevisionItRead_ReadOnlyUntilSentBack()
    {
        var policy = Reference.PolicyFor(2022, "650100");
        var e = Evaluation.Create(Key, "650100", Form(), null, Clerk, Now);
        var draft = Assert.Throws<PreconditionFailedException>(() => e.Accept(1, Reviewer, Now));
        Assert.Equal("单位 seismic 2022 年度项目 “台网运维” 的绩效自评表当前状态为“草稿”：只有已报送的自评表可以审核通过", draft.Message);
        e.Submit(1, policy, Clerk, Now);
        e.ClearEvents();
        // Not the unit's own staff, not an office over another region; not a revision other than the one submitted.
        Assert.Throws<ForbiddenException>(() => e.Accept(1, Clerk, Now));
        Assert.Throws<ForbiddenException>(() => e.Accept(1, FarReviewer, Now));
        Assert.Throws<ConcurrencyConflictException>(() => e.Accept(2, Reviewer, Now));
        Assert.Equal(EvaluationState.Submitted, e.State);

        var later = Now.AddHours(2);
        e.Accept(1, Reviewer, later);
        // A decision of the office is a new revision, as a return is.
        Assert.Equal((EvaluationState.Accepted, 2L, "reviewer", later), (e.State, e.Revision, e.AcceptedBy, e.AcceptedAt));
        Assert.NotNull(e.Result);
        // Told to the platform with who and when, and kept as a review step.
        var acceptedEvent = Assert.IsType<EvaluationAccepted>(Assert.Single(e.Events));
        Assert.Equal(("seismic", "台网运维", 2L, "reviewer", later), (acceptedEvent.UnitId, acceptedEvent.Project, acceptedEvent.Revision, acceptedEvent.AcceptedBy, acceptedEvent.At));
        Assert.Equal(new ReviewStep(ReviewAction.Accepted, 2, "reviewer", later), Evaluation.StepOf(acceptedEvent));
        e.ClearEvents();
        // A retry of the acceptance is a no-op, and so is the unit's retry of its submission; it can no longer change it.
        e.Accept(1, Reviewer, later.AddMinutes(1));
        Assert.Empty(e.Events);
        Assert.Equal((later, 2L), (e.AcceptedAt!.Value, e.Revision));
        e.Submit(1, policy, Clerk, Now);
        Assert.Equal(EvaluationState.Accepted, e.State);
        var edit = Assert.Throws<PreconditionFailedException>(() => e.Save(Form(), null, 2, Clerk, Now));
        Assert.Contains("已审核通过", edit.Message, StringComparison.Ordinal);
        Assert.Throws<PreconditionFailedException>(() => e.Submit(2, policy, Clerk, Now));

        // A page read before the acceptance (revision 1) does not undo it unseen; one read after it does.
        Assert.Throws<ConcurrencyConflictException>(() => e.SendBack("复核发现产出数量有误", 1, Reviewer, later));
        e.SendBack("复核发现产出数量有误", 2, Reviewer, later);
        Assert.Equal((EvaluationState.Draft, 3L, (string?)null, (DateTimeOffset?)null), (e.State, e.Revision, e.AcceptedBy, e.AcceptedAt));
        var returnedEvent = Assert.IsType<EvaluationReturned>(Assert.Single(e.Events));
        Assert.Equal(new ReviewStep(ReviewAction.Returned, 3, "reviewer", later, "复核发现产出数量有误"), Evaluation.StepOf(returnedEvent));
        Assert.Throws<PreconditionFailedException>(() => e.Accept(3, Reviewer, later));
    }

    [Fact]
    public void Submit_ActualNotAValue_FieldErrorAndStillDraft()
    {
        var e = Evaluation.Create(Key, "650100", Form("=0.4.2 人次"), null, Clerk, Now);
        var ex = Assert.Throws<ValidationException>(() => e.Submit(1, Reference.PolicyFor(2022, "650100"), Clerk, Now));
        Assert.Equal("project_form.indicators[0].actual", Assert.Single(ex.Errors).Field);
        Assert.Equal(EvaluationState.Draft, e.State);
        Assert.Empty(e.Events);
    }

    [Fact]
    public void Republish_OverAFiledEvaluation_Conflict()
    {
        var filed = Evaluation.Create(Key, "650100", Form(), null, Clerk, Now);
        Assert.Throws<ConflictException>(() => filed.Republish(Form(), null, Reference.Policy("strict"), "x.json", Now));
        var published = Evaluation.Published(Key, "650100", Form(), null, Reference.Policy("proportional"), "x.json", Now);
        Assert.Equal((EvaluationState.Published, 1L), (published.State, published.Revision));
        published.Republish(Form(), null, Reference.Policy("strict"), "x.json", Now);
        Assert.Equal(("strict", 2L), (published.Result!.PolicyId, published.Revision));
        Assert.Equal(2, published.Events.OfType<EvaluationScored>().Count());
    }
}
