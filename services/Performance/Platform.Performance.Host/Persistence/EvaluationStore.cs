using Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Platform.Domain;
using Platform.Performance.Domain;
using Platform.Messaging;
using Platform.Performance.Domain.Evaluations;
using Platform.Performance.Domain.Forms;

namespace Platform.Performance.Host.Persistence;

/// <summary>
/// Loads and stores evaluations. A command's state change, the evaluation's findings (the review queue) and its events
/// commit in one transaction (the outbox), so an event is never published for a change that was not stored.
/// </summary>
internal sealed class EvaluationStore(PerformanceDbContext db, TimeProvider time)
{
    /// <summary>Scale of <see cref="EvaluationRow"/> totals as whole numbers for ordering: SQLite keeps decimals as text, which sorts "100" before "99".</summary>
    public const decimal RankScale = 1_000_000m;

    public TimeProvider Time => time;

    /// <summary>Now, at the microsecond PostgreSQL keeps, so a time returned by a command equals the one read back later.</summary>
    public DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % (TimeSpan.TicksPerMillisecond / 1000)));
    }

    public async Task<(Evaluation Evaluation, EvaluationRow Row)?> FindAsync(EvaluationKey key, CancellationToken token)
    {
        var row = await db.Evaluations.FirstOrDefaultAsync(r => r.UnitId == key.UnitId && r.FiscalYear == key.FiscalYear && r.Project == key.Project, token);
        return row is null ? null : (row.ToDomain(), row);
    }

    public async Task<IReadOnlyList<Evaluation>> ListAsync(string unitId, int fiscalYear, CancellationToken token) =>
        (await db.Evaluations.AsNoTracking().Where(r => r.UnitId == unitId && r.FiscalYear == fiscalYear).OrderBy(r => r.Project).ToListAsync(token))
        .Select(r => r.ToDomain()).ToList();

    /// <summary>Stores <paramref name="changed"/> (row null: new) with the findings of scored ones and the events they raised.</summary>
    public async Task SaveAsync(IReadOnlyList<(Evaluation Evaluation, EvaluationRow? Row)> changed, CancellationToken token)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            foreach (var (e, existing) in changed)
            {
                var row = existing ?? new EvaluationRow();
                row.CopyFrom(e);
                row.RankKey = e.Result is null ? null : (long)(e.Result.ComputedTotal * RankScale);
                if (existing is null)
                {
                    db.Evaluations.Add(row);
                }
                // The queue holds what the office must look at: findings of submitted and published evaluations only (an
                // accepted form's were weighed; a draft's are the unit's).
                await db.Findings.Where(f => f.UnitId == e.Key.UnitId && f.FiscalYear == e.Key.FiscalYear && f.Project == e.Key.Project).ExecuteDeleteAsync(token);
                if (e.State is EvaluationState.Submitted or EvaluationState.Published && e.Result is { } result)
                {
                    db.Findings.AddRange(result.Findings.Select((f, i) => new FindingRow
                    {
                        UnitId = e.Key.UnitId, FiscalYear = e.Key.FiscalYear, Project = e.Key.Project, Seq = i, RegionCode = e.RegionCode,
                        Severity = (int)f.Severity, Type = f.Type, Location = f.Location, Published = f.Published, Computed = f.Computed, Detail = f.Detail,
                    }));
                }
                foreach (var @event in e.Events)
                {
                    db.AddEvent(@event, time.GetUtcNow());
                    if (Evaluation.StepOf(@event) is { } step)
                    {
                        db.AddReviewStep(e.Key.UnitId, e.Key.FiscalYear, e.Key.Project, step);
                    }
                }
            }
            try
            {
                await db.SaveChangesAsync(token);
            }
            catch (DbUpdateException ex) when (changed.Any(c => c.Row is null) && ex.IsUniqueViolation())
            {
                throw new ConcurrencyConflictException(PerformanceMessages.CreatedConcurrently);
            }
            await transaction.CommitAsync(token);
        });
        foreach (var (e, _) in changed)
        {
            e.ClearEvents();
        }
    }

    /// <summary>
    /// Puts <paramref name="renamed"/> in the place of the draft stored as <paramref name="old"/> (a new key), or removes the
    /// draft (<paramref name="renamed"/> null) — drafts have no findings in the queue and raised no events, so nothing else
    /// refers to them. A form created under the new name meanwhile is a conflict.
    /// </summary>
    public async Task ReplaceAsync(EvaluationRow old, Evaluation? renamed, CancellationToken token)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            db.Evaluations.Remove(old);
            if (renamed is not null)
            {
                var row = new EvaluationRow();
                row.CopyFrom(renamed);
                db.Evaluations.Add(row);
            }
            try
            {
                await db.SaveChangesAsync(token);
            }
            catch (DbUpdateException ex) when (renamed is not null && ex.IsUniqueViolation())
            {
                throw new ConflictException(PerformanceMessages.NameTaken(renamed.Key));
            }
            await transaction.CommitAsync(token);
        });
    }

    /// <summary>The evaluation's submissions and the office's decisions, oldest first.</summary>
    public Task<IReadOnlyList<ReviewStep>> StepsAsync(EvaluationKey key, CancellationToken token) =>
        db.ReviewStepsAsync(key.UnitId, key.FiscalYear, key.Project, token);

    /// <summary>One page of a jurisdiction's findings for a year, most severe first, after the keyset <paramref name="after"/>.</summary>
    public async Task<(IReadOnlyList<FindingRow> Page, int[] Counts)> QueueAsync(
        string regionPrefix, int fiscalYear, FindingSeverity minimum, int pageSize, QueueKey? after, CancellationToken token)
    {
        var scope = db.Findings.AsNoTracking().Where(f => f.FiscalYear == fiscalYear && f.RegionCode.StartsWith(regionPrefix));
        var counts = new int[3];
        foreach (var g in await scope.GroupBy(f => f.Severity).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(token))
        {
            counts[g.Key] = g.Count;
        }
        var query = scope.Where(f => f.Severity <= (int)minimum);
        if (after is { } a)
        {
            query = query.Where(f => f.Severity > a.Severity
                || (f.Severity == a.Severity && (string.Compare(f.UnitId, a.UnitId) > 0
                    || (f.UnitId == a.UnitId && (string.Compare(f.Project, a.Project) > 0
                        || (f.Project == a.Project && f.Seq > a.Seq))))));
        }
        var page = await query.OrderBy(f => f.Severity).ThenBy(f => f.UnitId).ThenBy(f => f.Project).ThenBy(f => f.Seq).Take(pageSize).ToListAsync(token);
        return (page, counts);
    }

    /// <summary>The submitted and published evaluations of a region (division-code prefix) and year, tracked, to score again.</summary>
    public async Task<IReadOnlyList<(Evaluation Evaluation, EvaluationRow Row)>> FiledAsync(string regionPrefix, int fiscalYear, CancellationToken token)
    {
        var draft = nameof(EvaluationState.Draft);
        var rows = await db.Evaluations.Where(r => r.FiscalYear == fiscalYear && r.State != draft && r.RegionCode.StartsWith(regionPrefix))
            .OrderBy(r => r.UnitId).ThenBy(r => r.Project).ToListAsync(token);
        return rows.Select(r => (r.ToDomain(), r)).ToList();
    }

    /// <summary>
    /// One page of a jurisdiction's forms of a year in <paramref name="state"/>, by unit and project after the keyset
    /// <paramref name="after"/>, and how many forms of the jurisdiction and year are in each state.
    /// </summary>
    public async Task<(IReadOnlyList<EvaluationRow> Page, IReadOnlyDictionary<string, int> Counts, int Returned)> FiledPageAsync(
        string regionPrefix, int fiscalYear, EvaluationState state, int pageSize, FiledKey? after, CancellationToken token)
    {
        var scope = db.Evaluations.AsNoTracking().Where(r => r.FiscalYear == fiscalYear && r.RegionCode.StartsWith(regionPrefix));
        var counts = await scope.GroupBy(r => r.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, token);
        // Sent back and not submitted again: drafts the office has had (a returned form keeps its submission time).
        var draft = nameof(EvaluationState.Draft);
        var returned = await scope.CountAsync(r => r.State == draft && r.SubmittedAt != null, token);
        var name = state.ToString();
        var query = scope.Where(r => r.State == name);
        if (after is { } a)
        {
            query = query.Where(r => string.Compare(r.UnitId, a.UnitId) > 0 || (r.UnitId == a.UnitId && string.Compare(r.Project, a.Project) > 0));
        }
        var page = await query.OrderBy(r => r.UnitId).ThenBy(r => r.Project).Take(pageSize).ToListAsync(token);
        return (page, counts, returned);
    }

    private IQueryable<EvaluationRow> Ranked(string regionPrefix, int fiscalYear, EvaluationKind kind)
    {
        var k = kind.ToString();
        var draft = nameof(EvaluationState.Draft);
        return db.Evaluations.AsNoTracking().Where(r => r.FiscalYear == fiscalYear && r.Kind == k && r.State != draft && r.RankKey != null && r.RegionCode.StartsWith(regionPrefix));
    }

    /// <summary>
    /// One page of a ranking (computed total descending, then unit and project), the competition rank of its first entry
    /// and that entry's position (both counted in the database, so keyset pages rank as if the list were read whole).
    /// </summary>
    public async Task<(IReadOnlyList<EvaluationRow> Page, int FirstRank, int FirstPosition)> RankingAsync(
        string regionPrefix, int fiscalYear, EvaluationKind kind, int pageSize, RankKey? after, CancellationToken token)
    {
        var all = Ranked(regionPrefix, fiscalYear, kind);
        var query = all;
        if (after is { } a)
        {
            query = query.Where(r => r.RankKey < a.Total
                || (r.RankKey == a.Total && (string.Compare(r.UnitId, a.UnitId) > 0
                    || (r.UnitId == a.UnitId && string.Compare(r.Project, a.Project) > 0))));
        }
        var page = await query.OrderByDescending(r => r.RankKey).ThenBy(r => r.UnitId).ThenBy(r => r.Project).Take(pageSize).ToListAsync(token);
        if (page.Count == 0)
        {
            return (page, 0, 0);
        }
        var first = page[0];
        var above = await all.CountAsync(r => r.RankKey > first.RankKey, token);
        var tiedBefore = await all.CountAsync(r => r.RankKey == first.RankKey
            && (string.Compare(r.UnitId, first.UnitId) < 0 || (r.UnitId == first.UnitId && string.Compare(r.Project, first.Project) < 0)), token);
        return (page, above + 1, above + tiedBefore + 1);
    }

    /// <summary>Counts by computed and by published grade, the number ranked and the sum of totals (as rank keys).</summary>
    public async Task<(IReadOnlyList<(string Grade, int Computed, int Published)> Grades, int Count, long Sum)> DistributionAsync(
        string regionPrefix, int fiscalYear, EvaluationKind kind, CancellationToken token)
    {
        var rows = Ranked(regionPrefix, fiscalYear, kind);
        var computed = await rows.GroupBy(r => r.Grade).Select(g => new { g.Key, Count = g.Count(), Sum = g.Sum(r => r.RankKey!.Value) }).ToListAsync(token);
        var published = await rows.Where(r => r.PublishedGrade != null || r.PublishedTotal != null).GroupBy(r => r.PublishedGrade)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(token);
        // A total given no grade (EvaluationResult.GradeWithheld) is counted under "", computed and printed alike, so the
        // distribution still adds up to Count.
        var grades = computed.Select(c => c.Key ?? "").Union(published.Select(p => p.Key ?? ""))
            .Select(g => (g, computed.FirstOrDefault(c => (c.Key ?? "") == g)?.Count ?? 0, published.FirstOrDefault(p => (p.Key ?? "") == g)?.Count ?? 0)).ToList();
        return (grades, computed.Sum(c => c.Count), computed.Sum(c => c.Sum));
    }

    /// <summary>Every scored evaluation of a unit over a range of years (small: a unit files a few forms a year).</summary>
    public async Task<IReadOnlyList<EvaluationRow>> HistoryAsync(string unitId, int fromYear, int toYear, CancellationToken token)
    {
        var draft = nameof(EvaluationState.Draft);
        return await db.Evaluations.AsNoTracking()
            .Where(r => r.UnitId == unitId && r.FiscalYear >= fromYear && r.FiscalYear <= toYear && r.State != draft && r.RankKey != null)
            .OrderBy(r => r.FiscalYear).ThenBy(r => r.Project).ToListAsync(token);
    }

}

/// <summary>Where a review-queue page ended.</summary>
internal sealed record QueueKey(int Severity, string UnitId, string Project, int Seq);

/// <summary>Where a page of filed forms ended.</summary>
internal sealed record FiledKey(string UnitId, string Project);

/// <summary>Where a ranking page ended.</summary>
internal sealed record RankKey(long Total, string UnitId, string Project);
