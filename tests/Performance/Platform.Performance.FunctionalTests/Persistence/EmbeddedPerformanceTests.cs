using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Performance.Host.Persistence;
using Platform.Performance.V1;

namespace Platform.Performance.FunctionalTests.Persistence;

/// <summary>
/// The embedded default (`./platform run`): SQLite files and the in-process bus. SQLite keeps decimals as text, so
/// rankings order by the whole-number rank key; this runs the same queries as on PostgreSQL and checks the answers.
/// </summary>
public sealed class EmbeddedPerformanceTests : PerformanceFixture
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-performance-").FullName;

    protected override Task<Dictionary<string, string?>> DatabasesAsync() => Task.FromResult(new Dictionary<string, string?>
    {
        ["ConnectionStrings:registry"] = $"Data Source={Path.Combine(_dir, "registry.db")}",
        ["ConnectionStrings:performance"] = $"Data Source={Path.Combine(_dir, "performance.db")}",
    });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task ImportRankQueueSubmit_OnSqlite_SameAnswersAndEventsPublished()
    {
        var imported = await ImportAsync("000_bb240cb5f2680099.json");
        var totals = imported.Evaluations.Select(e => decimal.Parse(e.Score.ComputedTotal, CultureInfo.InvariantCulture)).ToList();
        // 100 sorts before 89.5 as a number, not as text.
        var ranking = await Performance.GetRankingAsync(new GetRankingRequest { FiscalYear = 2022, RegionCode = "650000" }, As(RegionReviewer));
        Assert.Equal(totals.OrderDescending(), ranking.Entries.Select(e => decimal.Parse(e.ComputedTotal, CultureInfo.InvariantCulture)));
        Assert.Equal(Math.Round(totals.Sum() / totals.Count, 2, MidpointRounding.AwayFromZero), decimal.Parse(ranking.MeanTotal, CultureInfo.InvariantCulture));
        var last = ranking.Entries[^1];
        Assert.Equal(1 + totals.Count(t => t > decimal.Parse(last.ComputedTotal, CultureInfo.InvariantCulture)), last.Rank);

        var queue = await Performance.GetReviewQueueAsync(new GetReviewQueueRequest { FiscalYear = 2022, PageSize = 3 }, As(CityReviewer));
        Assert.Equal("error", queue.Items[0].Finding.Severity);
        Assert.NotEmpty(queue.NextPageToken);

        var draft = await Performance.SaveDraftAsync(new SaveDraftRequest { Ref = new EvaluationRef { UnitId = Seismic, FiscalYear = 2022 }, ProjectForm = SampleForm() }, As(Clerk));
        var submitted = await Performance.SubmitEvaluationAsync(new SubmitEvaluationRequest { Ref = draft.Ref, Revision = draft.Revision }, As(Clerk));
        Assert.Equal("98.07", submitted.Score.ComputedTotal);

        // Every event is published through the in-process bus (the outbox rows are marked).
        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PerformanceDbContext>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await db.OutboxMessages.AnyAsync(m => m.PublishedAt == null))
        {
            Assert.True(DateTime.UtcNow < deadline, "outbox rows were not published");
            await Task.Delay(50);
        }
        var types = await db.OutboxMessages.Select(m => m.Type).ToListAsync();
        Assert.Equal(14, types.Count(t => t.EndsWith(".EvaluationScored", StringComparison.Ordinal)));
        Assert.Single(types, t => t.EndsWith(".EvaluationSubmitted", StringComparison.Ordinal));
    }
}
