using Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Platform.Accounts.Domain.Returns;
using Platform.Messaging;

namespace Platform.Accounts.Host.Persistence;

/// <summary>
/// Loads and stores return versions. A command's state change, its audit lines and its events commit in one
/// transaction (the outbox), so an event is never published for a change that was not stored, and vice versa.
/// </summary>
internal sealed class ReturnStore(AccountsDbContext db, TimeProvider time)
{
    public TimeProvider Time => time;

    /// <summary>A version (0 = the latest), tracked for an update; null when none exists.</summary>
    public async Task<(AccountsReturn Return, ReturnRow Row)?> FindAsync(string unitId, int fiscalYear, int version, CancellationToken token)
    {
        var query = db.Returns.Where(r => r.UnitId == unitId && r.FiscalYear == fiscalYear);
        var row = version > 0
            ? await query.FirstOrDefaultAsync(r => r.ReturnVersion == version, token)
            : await query.OrderByDescending(r => r.ReturnVersion).FirstOrDefaultAsync(token);
        return row is null ? null : (AccountsReturn.Restore(row.ToSnapshot()), row);
    }

    /// <summary>Whether the unit has a return of the year, of any version and state.</summary>
    public Task<bool> AnyAsync(string unitId, int fiscalYear, CancellationToken token) =>
        db.Returns.AnyAsync(r => r.UnitId == unitId && r.FiscalYear == fiscalYear, token);

    /// <summary>Those of <paramref name="unitIds"/> whose return of the year stands as a published disclosure (<see cref="ReturnStanding"/>).</summary>
    public async Task<IReadOnlySet<string>> PublishedAmongAsync(IReadOnlyCollection<string> unitIds, int fiscalYear, CancellationToken token) =>
        (await db.StandingsAsync(unitIds, fiscalYear, token)).Where(p => p.Value.State == ReturnState.Published).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

    public async Task<IReadOnlyList<AuditRow>> AuditAsync(string unitId, int fiscalYear, CancellationToken token) =>
        await db.Audit.AsNoTracking().Where(a => a.UnitId == unitId && a.FiscalYear == fiscalYear).OrderBy(a => a.Id).ToListAsync(token);

    /// <summary>Stores the changes of <paramref name="changed"/> (row null: a new version) with their audit lines and events.</summary>
    public async Task SaveAsync(IEnumerable<(AccountsReturn Return, ReturnRow? Row)> changed, CancellationToken token)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        var list = changed.ToList();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            foreach (var (r, existing) in list)
            {
                var row = existing ?? new ReturnRow();
                row.CopyFrom(r.ToSnapshot());
                if (existing is null)
                {
                    db.Returns.Add(row);
                }
                foreach (var entry in r.NewAudit)
                {
                    db.Audit.Add(new AuditRow
                    {
                        UnitId = r.UnitId, FiscalYear = r.FiscalYear, ReturnVersion = r.Version, At = entry.At, Actor = entry.Actor, ActorName = entry.ActorName,
                        Action = entry.Action, Target = entry.Target, OldValue = entry.OldValue, NewValue = entry.NewValue, Why = entry.Why,
                    });
                }
                foreach (var @event in r.NewEvents)
                {
                    db.AddEvent(@event, time.GetUtcNow());
                }
            }
            try
            {
                await db.SaveChangesAsync(token);
            }
            catch (DbUpdateException ex) when (list.Any(c => c.Row is null) && ex.IsUniqueViolation())
            {
                throw new Platform.Domain.ConcurrencyConflictException(Platform.Domain.Messages.TryAgain);
            }
            await transaction.CommitAsync(token);
        });
    }

}

/// <summary>Units' standings for a year, read one way for every caller (the office's progress, a covered unit's deadline).</summary>
internal static class ReturnStandings
{
    /// <summary>Each unit's standing for the year (<see cref="ReturnStanding"/>), for the units asked that have a return.</summary>
    public static async Task<Dictionary<string, (ReturnState State, bool Late, bool CorrectionOpen)>> StandingsAsync(
        this AccountsDbContext db, IReadOnlyCollection<string> unitIds, int fiscalYear, CancellationToken token)
    {
        var rows = await db.Returns.AsNoTracking().Where(r => r.FiscalYear == fiscalYear && unitIds.Contains(r.UnitId))
            .Select(r => new { r.UnitId, r.ReturnVersion, r.State, r.Late }).ToListAsync(token);
        return rows.GroupBy(r => r.UnitId, StringComparer.Ordinal).ToDictionary(g => g.Key,
            g => ReturnStanding.Of([.. g.Select(r => new ReturnVersionState(r.ReturnVersion, Enum.Parse<ReturnState>(r.State), r.Late))]), StringComparer.Ordinal);
    }
}
