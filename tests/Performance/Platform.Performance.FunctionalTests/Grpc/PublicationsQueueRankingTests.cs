using Grpc.Core;
using System.Globalization;
using Google.Protobuf;
using Platform.Grpc;
using Platform.Performance.V1;

namespace Platform.Performance.FunctionalTests.Grpc;

/// <summary>
/// The three shared publications imported over gRPC on PostgreSQL: every published total reproduced or explained, the
/// review queue per finance office (severity order, keyset pages, jurisdiction), rankings and grade distributions.
/// </summary>
public sealed class PublicationsQueueRankingTests : PerformanceFixture
{
    private static decimal D(string s) => decimal.Parse(s, CultureInfo.InvariantCulture);

    private string _performanceDatabase = "";

    protected override async Task<Dictionary<string, string?>> DatabasesAsync()
    {
        var databases = await base.DatabasesAsync();
        _performanceDatabase = databases["ConnectionStrings:performance"]!;
        return databases;
    }

    private async Task ImportAllAsync()
    {
        await ImportAsync("000_bb240cb5f2680099.json");
        await ImportAsync("001_199c58de98038b6c.json");
        await ImportAsync("003_92bef6b83a4d4ba2.json");
    }

    [Fact]
    public async Task ImportDisclosure_000And003_EveryPublishedTotalReproducedOrExplained()
    {
        var imported = new[] { await ImportAsync("000_bb240cb5f2680099.json"), await ImportAsync("003_92bef6b83a4d4ba2.json") };
        Assert.Equal((Bureau, 2022, 13), (imported[0].UnitId, imported[0].FiscalYear, imported[0].Evaluations.Count));
        Assert.Equal((Changji, 2021, 8), (imported[1].UnitId, imported[1].FiscalYear, imported[1].Evaluations.Count));
        foreach (var e in imported.SelectMany(i => i.Evaluations))
        {
            Assert.Equal(EvaluationState.Published, e.State);
            var s = e.Score;
            if (D(s.PublishedTotal) != D(s.ComputedTotal))
            {
                // A difference is only ever one the findings explain: an error-level finding on the form.
                Assert.Contains(s.Findings, f => f.Severity == "error" && f.Type is "SELF_SCORE_INCONSISTENT" or "TOTAL_MISMATCH");
            }
        }
        var differing = imported.SelectMany(i => i.Evaluations).Where(e => D(e.Score.PublishedTotal) != D(e.Score.ComputedTotal)).Select(e => e.Ref.Project).Order(StringComparer.Ordinal);
        Assert.Equal(["聘用人员劳务费", "防震减灾科普教育基地设施设备维护(修)及更新"], differing);
        var labour = imported[0].Evaluations.Single(e => e.Ref.Project == "聘用人员劳务费").Score;
        Assert.Contains(labour.Findings, f => f.Type == "TOTAL_MISMATCH" && f.Published == "100");
        // Its weights make 85, so its total gets no grade — said, not "良".
        Assert.Equal(("", "分值合计不为 100，不评等级"), (labour.Grade, labour.GradeWithheld));
        Assert.All(imported.SelectMany(i => i.Evaluations).Where(e => e.Ref.Project != "聘用人员劳务费"),
            e => Assert.Equal((true, ""), (e.Score.Grade.Length > 0, e.Score.GradeWithheld)));

        // Re-importing the same publication re-scores it (a new revision), never duplicates.
        var again = await ImportAsync("003_92bef6b83a4d4ba2.json");
        Assert.All(again.Evaluations, e => Assert.Equal(2, e.Revision));
        var listed = await Performance.ListUnitEvaluationsAsync(new ListUnitEvaluationsRequest { UnitId = Changji, FiscalYear = 2021 }, As(ChangjiReviewer));
        Assert.Equal(8, listed.Evaluations.Count);
        // Published forms are read-only for the unit.
        var read = listed.Evaluations[0];
        var edit = await Assert.ThrowsAsync<RpcException>(() => Performance.SaveDraftAsync(new SaveDraftRequest { Ref = read.Ref, Revision = read.Revision, ProjectForm = read.ProjectForm }, As(ChangjiClerk)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, edit.StatusCode);
    }

    [Fact]
    public async Task ImportDisclosure_001OverallForm_ScoredWithItsFindings()
    {
        var imported = await ImportAsync("001_199c58de98038b6c.json");
        var overall = Assert.Single(imported.Evaluations);
        Assert.Equal((Xinshi, 2023, EvaluationKind.Overall, ""), (imported.UnitId, imported.FiscalYear, overall.Kind, overall.Ref.Project));
        Assert.Equal(("90.83", "优"), (overall.Score.PublishedTotal, overall.Score.PublishedGrade));
        Assert.Equal(3, overall.OverallForm.Funding.Count);
        // Scored by its printed 完成率 (region 65's policy): 90.84 for its 90.83, the 预算经费 rate (the budget's execution rate,
        // not what "≤433.69 万元" against 436.51 gives) said at its cell, and no self-score found inconsistent.
        Assert.Equal("90.84", overall.Score.ComputedTotal);
        Assert.Matches("^[0-9a-f]{12}$", overall.Score.PolicyRevision);   // which version of the policy scored it
        Assert.Contains(overall.Score.Findings, f => f is { Type: "COMPLETION_RATE", Severity: "warning" } && f.Location.StartsWith("indicators[1]", StringComparison.Ordinal));
        Assert.DoesNotContain(overall.Score.Findings, f => f.Type == "SELF_SCORE_INCONSISTENT");
    }

    [Fact]
    public async Task ImportDisclosure_CopyMarksAndFundsInYuan_KeptInTheApiInWan()
    {
        // 003 as if printed in 元, its first form cut short and one row's cells in doubt: the API still gives 万元 and the marks.
        var json = System.Text.Json.Nodes.JsonNode.Parse(Document("003_92bef6b83a4d4ba2.json"))!;
        json["amount_unit"] = "元";
        var first = json["project_evaluations"]![0]!;
        first["funds"]!["total"]!["full_year_budget"] = "123456.78";
        first["partial_copy"] = true;
        first["indicators"]![1]!["cell_assignment_confidence"] = "low";

        var imported = await Performance.ImportDisclosureAsync(
            new ImportDisclosureRequest { Transcription = ByteString.CopyFromUtf8(json.ToJsonString()), FileName = "003-yuan.json" }, As(Importer));

        var form = imported.Evaluations.Single(e => e.Ref.Project == first["name"]!.GetValue<string>()).ProjectForm;
        Assert.Equal(("12.345678", "0.001"), (form.Funds.Total.FullYearBudget, form.Funds.Total.Executed));
        Assert.True(form.PartialCopy);
        Assert.Equal([false, true], form.Indicators.Take(2).Select(i => i.UncertainCells));
        Assert.All(imported.Evaluations.Where(e => e.ProjectForm != form), e => Assert.False(e.ProjectForm.PartialCopy));
    }

    [Fact]
    public async Task RescoreEvaluations_AResultUnlikeThePolicyInForce_StoredAnewOthersUntouched()
    {
        await ImportAsync("000_bb240cb5f2680099.json");
        // 聘用人员劳务费 as an earlier policy left it: graded 良 on 85 (this version gives its total no grade).
        await using (var connection = new Npgsql.NpgsqlConnection(_performanceDatabase))
        {
            await connection.OpenAsync();
            await using var stale = new Npgsql.NpgsqlCommand(
                "UPDATE evaluations SET grade = '良', result = replace(result, '\"Grade\":null', '\"Grade\":\"良\"') WHERE project = '聘用人员劳务费'", connection);
            Assert.Equal(1, await stale.ExecuteNonQueryAsync());
        }
        Assert.Equal("良", (await Performance.GetEvaluationAsync(new EvaluationRef { UnitId = Bureau, FiscalYear = 2022, Project = "聘用人员劳务费" }, As(Importer))).Score.Grade);

        // Reviewers cannot; an administrator of another prefecture cannot.
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            Performance.RescoreEvaluationsAsync(new RescoreEvaluationsRequest { RegionCode = "650100", FiscalYear = 2022 }, As(CityReviewer)).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            Performance.RescoreEvaluationsAsync(new RescoreEvaluationsRequest { RegionCode = "650100", FiscalYear = 2022 }, As(ChangjiImporter)).ResponseAsync)).StatusCode);

        var rescored = await Performance.RescoreEvaluationsAsync(new RescoreEvaluationsRequest { RegionCode = "650000", FiscalYear = 2022 }, As(Importer));

        Assert.Equal(13, rescored.Evaluations);
        Assert.Equal("聘用人员劳务费", Assert.Single(rescored.Changed).Project);
        var again = await Performance.GetEvaluationAsync(new EvaluationRef { UnitId = Bureau, FiscalYear = 2022, Project = "聘用人员劳务费" }, As(Importer));
        Assert.Equal(("", "分值合计不为 100，不评等级", 1L), (again.Score.Grade, again.Score.GradeWithheld, again.Revision));
        var ranking = await Performance.GetRankingAsync(new GetRankingRequest { FiscalYear = 2022, RegionCode = "650000", PageSize = 100 }, As(RegionReviewer));
        Assert.Equal("", ranking.Entries.Single(e => e.Ref.Project == "聘用人员劳务费").Grade);
        // Once more: nothing differs any longer.
        Assert.Empty((await Performance.RescoreEvaluationsAsync(new RescoreEvaluationsRequest { RegionCode = "650000", FiscalYear = 2022 }, As(Importer))).Changed);
    }

    [Fact]
    public async Task ImportDisclosure_BadRequests_ClearErrorsNothingStored()
    {
        var denied = await Assert.ThrowsAsync<RpcException>(() => ImportAsync("000_bb240cb5f2680099.json", Clerk));
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        // An administrator of Changji has no jurisdiction over Urumqi's department.
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => ImportAsync("000_bb240cb5f2680099.json", ChangjiImporter))).StatusCode);
        var notJson = await Assert.ThrowsAsync<RpcException>(() => Performance.ImportDisclosureAsync(
            new ImportDisclosureRequest { Transcription = ByteString.CopyFromUtf8("{ not json"), FileName = "x.json" }, As(Importer)).ResponseAsync);
        Assert.Equal("transcription", Assert.Single(Violations(notJson)).Field);
        var notAForm = await Assert.ThrowsAsync<RpcException>(() => Performance.ImportDisclosureAsync(
            new ImportDisclosureRequest { Transcription = ByteString.CopyFromUtf8("""{"fiscal_year": 2022, "department": {"name": "乌鲁木齐市应急管理局"}, "project_evaluations": ["a"]}"""), FileName = "x.json" }, As(Importer)).ResponseAsync);
        Assert.Equal((StatusCode.InvalidArgument, "project_evaluations[0]"), (notAForm.StatusCode, Assert.Single(Violations(notAForm)).Field));
        var unknown = System.Text.Json.Nodes.JsonNode.Parse(Document("003_92bef6b83a4d4ba2.json"))!;
        unknown["department"]!["name"] = "不存在的局";
        var missing = await Assert.ThrowsAsync<RpcException>(() => Performance.ImportDisclosureAsync(
            new ImportDisclosureRequest { Transcription = ByteString.CopyFromUtf8(unknown.ToJsonString()), FileName = "x.json" }, As(Importer)).ResponseAsync);
        Assert.Equal("department_unit_id", Assert.Single(Violations(missing)).Field);
        var listed = await Performance.ListUnitEvaluationsAsync(new ListUnitEvaluationsRequest { UnitId = Bureau, FiscalYear = 2022 }, As(Importer));
        Assert.Empty(listed.Evaluations);
    }

    [Fact]
    public async Task GetReviewQueue_PerOffice_MostSevereFirstPagedAndScoped()
    {
        await ImportAllAsync();
        var whole = await Performance.GetReviewQueueAsync(new GetReviewQueueRequest { FiscalYear = 2022, MinimumSeverity = "info", PageSize = 1000 }, As(RegionReviewer));
        Assert.NotEmpty(whole.Items);
        Assert.Equal(whole.Errors + whole.Warnings + whole.Infos, whole.Items.Count);
        var rank = new Dictionary<string, int> { ["error"] = 0, ["warning"] = 1, ["info"] = 2 };
        Assert.True(whole.Items.Select(i => rank[i.Finding.Severity]).Zip(whole.Items.Skip(1).Select(i => rank[i.Finding.Severity])).All(p => p.First <= p.Second),
            "findings are ordered by severity");
        Assert.Equal("error", whole.Items[0].Finding.Severity);
        // The 修护费用 indicator (a cost never incurred on a project that spent nothing, scored 10/10) is on the queue as an error.
        Assert.Contains(whole.Items, i => i.Ref.Project == "防震减灾科普教育基地设施设备维护(修)及更新" && i.Finding.Type == "SELF_SCORE_INCONSISTENT" && i.Finding.Severity == "error");

        // Keyset pages of 7 read the same list, in the same order, without repeats.
        var paged = new List<QueueItem>();
        var token = "";
        do
        {
            var page = await Performance.GetReviewQueueAsync(new GetReviewQueueRequest { FiscalYear = 2022, MinimumSeverity = "info", PageSize = 7, PageToken = token }, As(RegionReviewer));
            paged.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        Assert.Equal(whole.Items.Select(Key), paged.Select(Key));
        // A page that holds exactly what is left has no next page.
        var exact = await Performance.GetReviewQueueAsync(new GetReviewQueueRequest { FiscalYear = 2022, MinimumSeverity = "info", PageSize = whole.Items.Count }, As(RegionReviewer));
        Assert.Equal(whole.Items.Count, exact.Items.Count);
        Assert.Empty(exact.NextPageToken);

        // Default: warnings and errors only.
        var defaults = await Performance.GetReviewQueueAsync(new GetReviewQueueRequest { FiscalYear = 2022, PageSize = 1000 }, As(RegionReviewer));
        Assert.Equal(whole.Errors + whole.Warnings, defaults.Items.Count);

        // Each office sees its own jurisdiction: Changji's reviewer sees 2021's Changji forms and nothing of Urumqi.
        var changji = await Performance.GetReviewQueueAsync(new GetReviewQueueRequest { FiscalYear = 2021, MinimumSeverity = "info", PageSize = 1000 }, As(ChangjiReviewer));
        Assert.NotEmpty(changji.Items);
        Assert.All(changji.Items, i => Assert.Equal(Changji, i.Ref.UnitId));
        Assert.Empty((await Performance.GetReviewQueueAsync(new GetReviewQueueRequest { FiscalYear = 2022, MinimumSeverity = "info" }, As(ChangjiReviewer))).Items);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            Performance.GetReviewQueueAsync(new GetReviewQueueRequest { FiscalYear = 2022 }, As(Clerk)).ResponseAsync)).StatusCode);
        var badToken = await Assert.ThrowsAsync<RpcException>(() => Performance.GetReviewQueueAsync(new GetReviewQueueRequest { FiscalYear = 2022, PageToken = "garbage!" }, As(RegionReviewer)).ResponseAsync);
        Assert.Equal("page_token", Assert.Single(Violations(badToken)).Field);
        var badSeverity = await Assert.ThrowsAsync<RpcException>(() => Performance.GetReviewQueueAsync(new GetReviewQueueRequest { FiscalYear = 2022, MinimumSeverity = "fatal" }, As(RegionReviewer)).ResponseAsync);
        Assert.Equal("minimum_severity", Assert.Single(Violations(badSeverity)).Field);

        static string Key(QueueItem i) => $"{i.Ref.UnitId}|{i.Ref.Project}|{i.Finding.Location}|{i.Finding.Type}|{i.Finding.Detail}";
    }

    [Fact]
    public async Task GetRanking_Jurisdiction_CompetitionRanksPagesAndDistribution()
    {
        await ImportAllAsync();
        var evaluations = (await Performance.ListUnitEvaluationsAsync(new ListUnitEvaluationsRequest { UnitId = Bureau, FiscalYear = 2022 }, As(RegionReviewer))).Evaluations;
        var whole = await Performance.GetRankingAsync(new GetRankingRequest { FiscalYear = 2022, RegionCode = "650000", PageSize = 1000 }, As(RegionReviewer));
        Assert.Equal(13, whole.Count);
        Assert.Equal(13, whole.Entries.Count);
        // Totals descending; equal totals share a rank and the next distinct total takes its position.
        for (var i = 0; i < whole.Entries.Count; i++)
        {
            var e = whole.Entries[i];
            var expected = 1 + whole.Entries.Count(o => D(o.ComputedTotal) > D(e.ComputedTotal));
            Assert.Equal(expected, e.Rank);
        }
        Assert.Equal(1, whole.Entries[0].Rank);
        Assert.True(whole.Entries.Select(e => D(e.ComputedTotal)).SequenceEqual(whole.Entries.Select(e => D(e.ComputedTotal)).OrderDescending()));
        var mean = Math.Round(evaluations.Sum(e => D(e.Score.ComputedTotal)) / evaluations.Count, 2, MidpointRounding.AwayFromZero);
        Assert.Equal(mean, D(whole.MeanTotal));
        foreach (var band in whole.Distribution)
        {
            Assert.Equal(evaluations.Count(e => e.Score.Grade == band.Grade), band.Computed);
            Assert.Equal(evaluations.Count(e => e.Score.PublishedGrade == band.Grade), band.Published);
        }
        Assert.Equal(13, whole.Distribution.Sum(d => d.Computed));
        // 防震减灾科普教育基地… prints 89.5 but scores 79.5 (良 published, 中 computed).
        Assert.Contains(whole.Distribution, d => d.Grade == "良" && d.Computed < d.Published);
        Assert.Contains(whole.Distribution, d => d.Grade == "中" && d.Computed > d.Published);
        // 聘用人员劳务费 prints 100 but scores 85, and its weights make 85: no grade for either total (its printed 100 was
        // counted as 优), counted among those given none, and ranked without one.
        Assert.Equal((10, 10), whole.Distribution.Where(d => d.Grade == "优").Select(d => (d.Computed, d.Published)).Single());
        Assert.Equal((1, 1), whole.Distribution.Where(d => d.Grade == "").Select(d => (d.Computed, d.Published)).Single());
        Assert.Equal(("", Platform.Performance.Domain.PerformanceMessages.NoGradeWeights), whole.Entries.Where(e => e.Ref.Project == "聘用人员劳务费").Select(e => (e.Grade, e.GradeWithheld)).Single());
        Assert.All(whole.Entries.Where(e => e.Grade.Length > 0), e => Assert.Equal("", e.GradeWithheld));

        var paged = new List<RankedEvaluation>();
        var token = "";
        do
        {
            var page = await Performance.GetRankingAsync(new GetRankingRequest { FiscalYear = 2022, RegionCode = "650000", PageSize = 4, PageToken = token }, As(RegionReviewer));
            paged.AddRange(page.Entries);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        Assert.Equal(whole.Entries.Select(e => (e.Rank, e.Ref.Project)), paged.Select(e => (e.Rank, e.Ref.Project)));
        Assert.Empty((await Performance.GetRankingAsync(new GetRankingRequest { FiscalYear = 2022, RegionCode = "650000", PageSize = 13 }, As(RegionReviewer))).NextPageToken);

        var overall = await Performance.GetRankingAsync(new GetRankingRequest { FiscalYear = 2023, RegionCode = "650100", Kind = EvaluationKind.Overall }, As(CityReviewer));
        Assert.Equal(Xinshi, Assert.Single(overall.Entries).Ref.UnitId);
        Assert.Empty((await Performance.GetRankingAsync(new GetRankingRequest { FiscalYear = 2022 }, As(ChangjiReviewer))).Entries);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            Performance.GetRankingAsync(new GetRankingRequest { FiscalYear = 2022, RegionCode = "650000" }, As(CityReviewer)).ResponseAsync)).StatusCode);
    }
}
