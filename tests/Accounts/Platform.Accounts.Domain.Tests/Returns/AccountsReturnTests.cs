using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Domain.Rules;
using Platform.Accounts.Domain.Tests.ReferenceData;
using Platform.Domain;
using Platform.Events.V1;

namespace Platform.Accounts.Domain.Tests.Returns;

public sealed class AccountsReturnTests
{
    private static readonly Actor Clerk = new("clerk-1", [AccountsRoles.Clerk], null, "unit-1");
    private static readonly Actor Reviewer = new("reviewer-1", [AccountsRoles.Reviewer], "650100", null);
    private static readonly DateTimeOffset Now = new(2023, 3, 1, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly Platform.Accounts.Domain.ReferenceData.ReferenceDataSet Reference = ShippedRulesTests.Reference;

    private static AccountsReturn Filled(DateOnly? due = null)
    {
        var r = AccountsReturn.Open("unit-1", 2022, "650100", Reference.TemplateFor(2022), due, Clerk, Now);
        r.Save(Reference.TemplateFor(2022), Reference.CodesFor(2022),
            ShippedRulesTests.ConsistentInputs.Select(i => new CellInput(i.Cell, i.Value)).ToList(), [], r.Revision, Clerk, Now, "first entry");
        return r;
    }

    private static ValidationOutcome Validate(AccountsReturn r) =>
        r.Validate(Reference.RulesFor(2022, "650100"), r.Cells(Reference.TemplateFor(2022), Reference.CodesFor(2022), null));

    [Theory]
    [InlineData("12.345", "TOO_PRECISE", "有 3 位小数")]
    [InlineData("abc", "NOT_A_NUMBER", "“abc” 不是数字")]
    [InlineData("1,23", "NOT_A_NUMBER", "每三位一组")]
    [InlineData("-5", "NEGATIVE", "不能为负")]
    [InlineData("－５", "NEGATIVE", "不能为负")]
    [InlineData("12%", "NOT_A_NUMBER", "不是数字")]
    public void Save_BadAmount_FieldErrorAndNothingSaved(string value, string code, string reason)
    {
        var r = Filled();
        var revision = r.Revision;
        var ex = Assert.Throws<ValidationException>(() => r.Save(Reference.TemplateFor(2022), Reference.CodesFor(2022),
            [new CellInput("Z01[INC_OTHER,AMT]", "1"), new CellInput("Z01[INC_FISCAL,AMT]", value)], [], revision, Clerk, Now, null));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(("cells[1].value", code), (error.Field, error.Code));
        Assert.Contains(reason, error.Reason);
        Assert.Equal(100000m, r.Inputs.Get("Z01", "INC_OTHER", "AMT"));
        Assert.Equal(revision, r.Revision);
    }

    [Theory]
    [InlineData("１７００００", 170000)]
    [InlineData("170,000.00", 170000)]
    [InlineData(" 170 000 ", 170000)]
    public void Save_AmountTypedWithFullWidthDigitsSeparatorsOrSpaces_ReadAlike(string typed, int expected)
    {
        var r = Filled();

        r.Save(Reference.TemplateFor(2022), Reference.CodesFor(2022), [new CellInput("Z01[INC_OTHER,AMT]", typed)], [], r.Revision, Clerk, Now, null);

        Assert.Equal(expected, r.Inputs.Get("Z01", "INC_OTHER", "AMT"));
    }

    [Theory]
    [InlineData("Z99[A,B]", "UNKNOWN_CELL", "没有表 “Z99”")]
    [InlineData("Z01[NOPE,AMT]", "UNKNOWN_CELL", "表 Z01 没有行 “NOPE”")]
    [InlineData("Z01[INC_FISCAL,X]", "UNKNOWN_CELL", "表 Z01 没有列 “X”")]
    [InlineData("Z05[9999999,BASIC]", "UNKNOWN_CELL", "“9999999” 不是 2022 年度“政府收支分类科目")]
    [InlineData("Z01[INC_TOTAL,AMT]", "COMPUTED_CELL", "Z01[INC_TOTAL,AMT]（收入总计 / 决算数）是计算单元格，由公式自动得出，不能填写")]
    [InlineData("Z05[22401,BASIC]", "COMPUTED_CELL", "是计算单元格")]
    [InlineData("D01[SHARE_SME,PCT]", "PUBLICATION_ONLY", "只收录从公开文件导入的数字")]
    [InlineData("Z07[FLEET_COUNT,FINAL", "LOCATION", "不是有效的位置")]
    public void Save_UnknownOrComputedCell_FieldErrorInChinese(string cell, string code, string reason)
    {
        var r = Filled();
        var ex = Assert.Throws<ValidationException>(() => r.Save(Reference.TemplateFor(2022), Reference.CodesFor(2022), [new CellInput(cell, "1")], [], r.Revision, Clerk, Now, null));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(("cells[0].cell", code), (error.Field, error.Code));
        Assert.Contains(reason, error.Reason);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", error.Reason);
    }

    [Fact]
    public void Save_CountWithDecimals_Rejected()
    {
        var r = Filled();
        var ex = Assert.Throws<ValidationException>(() => r.Save(Reference.TemplateFor(2022), Reference.CodesFor(2022), [new CellInput("Z07[FLEET_COUNT,FINAL]", "3.5")], [], r.Revision, Clerk, Now, null));
        Assert.Contains("数量须为整数", Assert.Single(ex.Errors).Reason);
    }

    [Fact]
    public void Save_StaleRevision_ConcurrencyConflictNotOverwrite()
    {
        var r = Filled();
        var loadedByBoth = r.Revision;
        r.Save(Reference.TemplateFor(2022), Reference.CodesFor(2022), [new CellInput("Z01[INC_OTHER,AMT]", "200000")], [], loadedByBoth, Clerk, Now, null);
        var ex = Assert.Throws<ConcurrencyConflictException>(() =>
            r.Save(Reference.TemplateFor(2022), Reference.CodesFor(2022), [new CellInput("Z01[INC_OTHER,AMT]", "300000")], [], loadedByBoth, Clerk, Now, null));
        Assert.Contains("请重新读取", ex.Message);
        Assert.Contains("unit-1/2022/v1", ex.Message);
        Assert.Equal(200000m, r.Inputs.Get("Z01", "INC_OTHER", "AMT"));
    }

    [Fact]
    public void Save_ChangesCells_AuditHasOldNewAndWhy()
    {
        var r = Filled();
        r.Save(Reference.TemplateFor(2022), Reference.CodesFor(2022), [new CellInput("Z01[INC_OTHER,AMT]", "1,234.50")], [], r.Revision, Clerk, Now, "receipt found");
        var entry = r.NewAudit.Last();
        Assert.Equal(("cell", "Z01[INC_OTHER,AMT]", "100000", "1234.5", "receipt found", "clerk-1"), (entry.Action, entry.Target, entry.OldValue, entry.NewValue, entry.Why, entry.Actor));
    }

    [Fact]
    public void Cells_Filed_ComputedTotalsDerived()
    {
        var cells = Filled().Cells(Reference.TemplateFor(2022), Reference.CodesFor(2022), null);
        Assert.Equal(1800000m, cells.Get("Z01", "INC_CURRENT", "AMT"));
        Assert.Equal(1950000m, cells.Get("Z01", "INC_TOTAL", "AMT"));
        Assert.Equal(1200000m, cells.Get("Z05", "2240101", "TOTAL"));
        Assert.Equal(1500000m, cells.Get("Z05", "22401", "TOTAL"));
        Assert.Equal(1500000m, cells.Get("Z05", "224", "TOTAL"));
        Assert.Equal(1660000m, cells.Get("Z05", "TOTAL", "TOTAL"));
        Assert.Equal(1160000m, cells.Get("Z06", "TOTAL", "AMT"));
        Assert.Equal(3m, cells.Get("F03", "VEHICLES", "AMT"));
    }

    [Theory]
    [InlineData("Z01[NOPE,XYZ]")]
    [InlineData("Z01[INC_FISCAL,XYZ]")]
    [InlineData("Z01[NOPE]")]
    [InlineData("Z05[9999999]")]
    [InlineData("Z99[INC_FISCAL]")]
    public void SendBackAndExplain_TargetNotInTheYearsTemplate_RefusedNamingTheTarget(string target)
    {
        var r = Filled();
        var ex = Assert.Throws<ValidationException>(() => r.Save(Reference.TemplateFor(2022), Reference.CodesFor(2022), [],
            [new ExplanationInput(target, "说明")], r.Revision, Clerk, Now, null));
        Assert.Equal(("explanations[0].target", "UNKNOWN_LOCATION"), (ex.Errors.Single().Field, ex.Errors.Single().Code));

        r.Submit(Validate(r), r.Revision, Clerk, Now);
        var refused = Assert.Throws<ValidationException>(() => r.SendBack(Reference.TemplateFor(2022), Reference.CodesFor(2022), [(target, "请核对")], Reviewer, Now));
        Assert.Equal(("comments[0].target", "UNKNOWN_LOCATION"), (refused.Errors.Single().Field, refused.Errors.Single().Code));
        Assert.Equal(ReturnState.Submitted, r.State);
    }

    [Fact]
    public void SendBack_CommentWithoutAPlace_RequiredNamingItAndStillSubmitted()
    {
        var r = Filled();
        r.Submit(Validate(r), r.Revision, Clerk, Now);
        var refused = Assert.Throws<ValidationException>(() => r.SendBack(Reference.TemplateFor(2022), Reference.CodesFor(2022),
            [("Z01[INC_OTHER]", "请附明细"), (" ", "请核对")], Reviewer, Now));
        // The second comment's place is missing — said so, not "“” is not a valid location (write Z05[2240101])".
        Assert.Equal(("comments[1].target", "REQUIRED"), (refused.Errors.Single().Field, refused.Errors.Single().Code));
        Assert.Equal(ReturnState.Submitted, r.State);
    }

    [Theory]
    [InlineData("Z05[2240101]")]
    [InlineData("Z05[224]")]
    [InlineData("Z05[TOTAL]")]
    [InlineData("Z01[INC_FISCAL,AMT]")]
    public void Explain_TargetInTheYearsTemplate_Accepted(string target)
    {
        var r = Filled();
        r.Save(Reference.TemplateFor(2022), Reference.CodesFor(2022), [], [new ExplanationInput(target, "说明")], r.Revision, Clerk, Now, null);
        Assert.Equal("说明", r.ExplanationAt(Location.Parse(target, "target").RowOnly));
    }

    [Fact]
    public void SaveAndSendBack_FreeTextOverItsMaximum_RefusedNamingTheFieldAndNothingChanged()
    {
        var r = Filled();
        var revision = r.Revision;
        var why = Assert.Throws<ValidationException>(() => r.Save(Reference.TemplateFor(2022), Reference.CodesFor(2022),
            [new CellInput("Z01[INC_OTHER,AMT]", "100001")], [], revision, Clerk, Now, new string('因', FreeText.NoteLength + 1)));
        Assert.Equal(("why", "TOO_LONG"), (why.Errors.Single().Field, why.Errors.Single().Code));
        Assert.Equal(revision, r.Revision);

        r.Submit(Validate(r), r.Revision, Clerk, Now);
        var comment = Assert.Throws<ValidationException>(() => r.SendBack(Reference.TemplateFor(2022), Reference.CodesFor(2022),
            [("Z01[INC_OTHER,AMT]", new string('请', FreeText.ProseLength + 1))], Reviewer, Now));
        Assert.Equal(("comments[0].text", "TOO_LONG"), (comment.Errors.Single().Field, comment.Errors.Single().Code));
        Assert.Equal(ReturnState.Submitted, r.State);
    }

    [Fact]
    public void Submit_JustOpenedEmptyReturn_RefusedAsNothingFiled()
    {
        var r = AccountsReturn.Open("unit-1", 2022, "650100", Reference.TemplateFor(2022), null, Clerk, Now);
        var outcome = Validate(r);
        Assert.False(outcome.CanSubmit);
        Assert.Contains(outcome.Errors, f => f.RuleId == "Z01-000");
        Assert.Contains(outcome.Errors, f => f.RuleId == "Z01-000E");
        Assert.Throws<ValidationException>(() => r.Submit(outcome, r.Revision, Clerk, Now));
        Assert.Equal(ReturnState.Draft, r.State);
    }

    [Fact]
    public void Submit_WithError_RefusedNamingTheRule()
    {
        var r = Filled();
        r.Save(Reference.TemplateFor(2022), Reference.CodesFor(2022), [new CellInput("Z04[INC_GENERAL,AMT]", "1690000")], [], r.Revision, Clerk, Now, null);
        var ex = Assert.Throws<ValidationException>(() => r.Submit(Validate(r), r.Revision, Clerk, Now));
        Assert.Contains(ex.Errors, e => e.Code == "RULE_ERROR" && e.Reason.StartsWith("Z04-006", StringComparison.Ordinal));
        Assert.Equal(ReturnState.Draft, r.State);
    }

    [Fact]
    public void Submit_UnexplainedWarning_RefusedUntilExplained()
    {
        var r = Filled();
        r.Save(Reference.TemplateFor(2022), Reference.CodesFor(2022), [new CellInput("Z07[FLEET_COUNT,FINAL]", "4")], [], r.Revision, Clerk, Now, null);
        var ex = Assert.Throws<ValidationException>(() => r.Submit(Validate(r), r.Revision, Clerk, Now));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(("explanations[Z07[FLEET_COUNT]]", "UNEXPLAINED_WARNING"), (error.Field, error.Code));

        r.Save(Reference.TemplateFor(2022), Reference.CodesFor(2022), [], [new ExplanationInput("Z07[FLEET_COUNT]", "一辆车在途调拨，年末尚未入账。")], r.Revision, Clerk, Now, null);
        r.Submit(Validate(r), r.Revision, Clerk, Now);
        Assert.Equal(ReturnState.Submitted, r.State);
    }

    [Fact]
    public void Submit_Twice_IdempotentOneEvent()
    {
        var r = Filled();
        var revision = r.Revision;
        r.Submit(Validate(r), revision, Clerk, Now);
        r.Submit(Validate(r), revision, Clerk, Now);
        Assert.Single(r.NewEvents.OfType<ReturnSubmitted>());
    }

    [Fact]
    public void Submit_AfterDeadline_FlaggedLate()
    {
        var r = Filled(due: new DateOnly(2023, 2, 28));
        r.Submit(Validate(r), r.Revision, Clerk, Now);
        Assert.True(r.Late);
        Assert.True(Assert.Single(r.NewEvents.OfType<ReturnSubmitted>()).Late);
        var onTime = Filled(due: new DateOnly(2023, 3, 1));
        onTime.Submit(Validate(onTime), onTime.Revision, Clerk, Now);
        Assert.False(onTime.Late);
    }

    [Fact]
    public void Review_ReturnThenApprove_CommentsOnCellsEditAgainApprovedIsFrozen()
    {
        var r = Filled();
        var template = Reference.TemplateFor(2022);
        r.Submit(Validate(r), r.Revision, Clerk, Now);
        Assert.Throws<ValidationException>(() => r.SendBack(template, Reference.CodesFor(2022), [], Reviewer, Now));
        r.SendBack(template, Reference.CodesFor(2022), [("Z07[FLEET_COUNT,FINAL]", "请核对车辆数")], Reviewer, Now);
        Assert.Equal((ReturnState.Returned, "Z07[FLEET_COUNT,FINAL]"), (r.State, r.Comments.Single().Target.ToString()));
        r.Save(template, Reference.CodesFor(2022), [new CellInput("Z01[INC_OTHER,AMT]", "100000.00")], [], r.Revision, Clerk, Now, null);
        r.Submit(Validate(r), r.Revision, Clerk, Now);
        r.Approve(Reviewer, Now);
        Assert.Equal(1, Assert.Single(r.NewEvents.OfType<ReturnApproved>()).Version);
        var ex = Assert.Throws<PreconditionFailedException>(() => r.Save(template, Reference.CodesFor(2022), [new CellInput("Z01[INC_OTHER,AMT]", "1")], [], r.Revision, Clerk, Now, null));
        Assert.Contains("已审核通过，不能再修改", ex.Message);
        Assert.Contains("请发起更正", ex.Message);
    }

    [Fact]
    public void FollowUnitTo_OpenThenApproved_MovesWithTheUnitUntilFinalKeepingTheRevision()
    {
        var r = Filled();
        var revision = r.Revision;

        r.FollowUnitTo("652301", Clerk, Now);

        Assert.Equal(("652301", revision), (r.RegionCode, r.Revision));   // the figures did not change: a submission naming them stands
        Assert.Contains(r.NewAudit, a => a.Action == "region-moved" && a.OldValue == "650100" && a.NewValue == "652301");
        r.Submit(Validate(r), revision, Clerk, Now);
        Assert.Equal("652301", Assert.Single(r.NewEvents.OfType<ReturnSubmitted>()).RegionCode);
        r.Approve(Reviewer, Now);
        r.FollowUnitTo("650100", Reviewer, Now);
        Assert.Equal("652301", r.RegionCode);   // approved where it was decided
    }

    [Fact]
    public void RaisedSinceApproval_DifferencesAfterApproval_OnlyThoseAtUnexplainedRowsOfAnApprovedVersion()
    {
        var r = Filled();
        r.Save(Reference.TemplateFor(2022), Reference.CodesFor(2022), [], [new ExplanationInput("Z07[FLEET_COUNT]", "一辆车在途调拨，年末尚未入账。")], r.Revision, Clerk, Now, null);
        Finding Difference(string row) => new("ASSET-X", Severity.Warning, "资产盘点与决算不一致", 1, 2, 1, RuleUnit.Count, "assets", Location.Parse($"F03[{row},AMT]", "cell"), Location.Parse($"F03[{row}]", "cell"));
        Finding[] raised = [Difference("FIXED_ASSETS"), new("ASSET-FLEET", Severity.Warning, "车辆数不一致", 2, 3, 1, RuleUnit.Count, "assets", Location.Parse("Z07[FLEET_COUNT,FINAL]", "cell"), Location.Parse("Z07[FLEET_COUNT]", "cell"))];

        Assert.Empty(r.RaisedSinceApproval(raised));  // a draft: the clerk sees them at validation
        r.Submit(Validate(r), r.Revision, Clerk, Now);
        Assert.Empty(r.RaisedSinceApproval(raised));
        r.Approve(Reviewer, Now);
        Assert.Equal("ASSET-X", Assert.Single(r.RaisedSinceApproval(raised)).RuleId);  // the fleet was explained before approval
    }

    [Fact]
    public void OpenCorrection_Approved_NewVersionWithReasonOldUntouched()
    {
        var r = Filled();
        r.Submit(Validate(r), r.Revision, Clerk, Now);
        r.Approve(Reviewer, Now);
        Assert.Throws<ValidationException>(() => r.OpenCorrection(" ", Clerk, Now));
        var v2 = r.OpenCorrection("审计调整其他收入", Clerk, Now);
        Assert.Equal((2, ReturnState.Draft, 1, "审计调整其他收入"), (v2.Version, v2.State, v2.CorrectionOf, v2.CorrectionReason));
        Assert.Equal(r.Inputs.Values, v2.Inputs.Values);
        Assert.Equal(ReturnState.Approved, r.State);
        Assert.Equal(2, Assert.Single(v2.NewEvents.OfType<ReturnCorrected>()).Version);
    }

    [Fact]
    public void Refusals_AsAPersonReadsThem_ChineseNamingTheReturnNotTheCaller()
    {
        var r = Filled();
        var approve = Assert.Throws<PreconditionFailedException>(() => r.Approve(Reviewer, Now));
        Assert.Equal("不能审核通过决算报表 unit-1/2022/v1：它的状态是“草稿”，只有“已报送待审核”的决算报表才能审核通过", approve.Message);
        var correct = Assert.Throws<PreconditionFailedException>(() => r.OpenCorrection("审计调整", Clerk, Now));
        Assert.Contains("只有已审核通过的决算报表才需要发起更正", correct.Message);

        r.Save(Reference.TemplateFor(2022), Reference.CodesFor(2022), [new CellInput("Z07[FLEET_COUNT,FINAL]", "4")], [], r.Revision, Clerk, Now, null);
        var submit = Assert.Single(Assert.Throws<ValidationException>(() => r.Submit(Validate(r), r.Revision, Clerk, Now)).Errors);
        Assert.EndsWith("——提交前须在 Z07[FLEET_COUNT] 填写书面说明", submit.Reason, StringComparison.Ordinal);
        foreach (var message in new[] { approve.Message, correct.Message, submit.Reason })
        {
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", message);
            Assert.DoesNotContain("clerk-1", message, StringComparison.Ordinal);
            Assert.DoesNotContain("reviewer-1", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Access_ClerkOfOtherUnitOrReviewerOutsideRegion_Forbidden()
    {
        Assert.Throws<ForbiddenException>(() => ReturnAccess.RequireMember(new Actor("c2", [AccountsRoles.Clerk], null, "unit-2"), "unit-1"));
        Assert.Throws<ForbiddenException>(() => ReturnAccess.RequireMember(Reviewer, "unit-1"));
        ReturnAccess.RequireReviewer(new Actor("r", [AccountsRoles.Reviewer], "650000", null), "unit-1", "650100");
        Assert.Throws<ForbiddenException>(() => ReturnAccess.RequireReviewer(new Actor("r", [AccountsRoles.Reviewer], "652300", null), "unit-1", "650100"));
        Assert.Throws<ForbiddenException>(() => ReturnAccess.RequireReviewer(Clerk, "unit-1", "650100"));
    }
}
