using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Events.V1;
using Platform.Messaging;
using Platform.Registry.Domain;

namespace Platform.Registry.Host.Persistence;

/// <summary>
/// The registry in memory (30,000 units fit easily; jurisdiction checks then cost microseconds), with the
/// database as the source of truth. Commands run one at a time: the domain validates and applies, then the
/// changed units and the events are committed together (outbox). If the commit fails, memory is reloaded
/// from the database, so nothing half-applied survives. Queries read under a shared lock.
/// </summary>
internal sealed partial class RegistryState(IServiceScopeFactory scopes, TimeProvider time, ILogger<RegistryState> logger) : IHostedService
{
    private readonly SemaphoreSlim _commands = new(1, 1);
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private UnitRegistry _registry = new();

    public async Task StartAsync(CancellationToken cancellationToken) => await ReloadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs a query against the current state.</summary>
    public T Read<T>(Func<UnitRegistry, T> query)
    {
        _lock.EnterReadLock();
        try
        {
            return query(_registry);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Applies a command and commits its effects and events; returns what the command returned.</summary>
    public async Task<T> ExecuteAsync<T>(Func<UnitRegistry, (T Result, IReadOnlyList<object> Events)> command, CancellationToken cancellationToken)
    {
        await _commands.WaitAsync(cancellationToken);
        try
        {
            (T Result, IReadOnlyList<object> Events) outcome;
            int reorganizationsBefore;
            _lock.EnterWriteLock();
            try
            {
                reorganizationsBefore = _registry.Reorganizations.Count;
                outcome = command(_registry);
            }
            finally
            {
                _lock.ExitWriteLock();
            }
            try
            {
                await PersistAsync(outcome.Events, reorganizationsBefore, cancellationToken);
            }
            catch (Exception ex)
            {
                PersistFailed(logger, ex);
                await ReloadAsync(CancellationToken.None);
                throw;
            }
            return outcome.Result;
        }
        finally
        {
            _commands.Release();
        }
    }

    private async Task PersistAsync(IReadOnlyList<object> events, int reorganizationsBefore, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var now = time.GetUtcNow();
        var unitIds = events.Select(e => e switch
        {
            UnitRegistered r => r.UnitId,
            UnitChanged c => c.UnitId,
            StaffingReported s => s.UnitId,
            _ => null,
        }).OfType<string>().Distinct().ToList();

        // Snapshot what to write under the read lock; the database work happens outside it.
        var (units, reorganizations) = Read(r => (
            unitIds.Select(r.Find).ToList(),
            r.Reorganizations.Skip(reorganizationsBefore).ToList()));

        // Write exactly what the command changed, as its events say: no reading back of unrelated state.
        foreach (var region in events.OfType<RegionAdded>())
        {
            db.Regions.Add(new RegionRow { Code = region.Code, Name = region.Name, Kind = region.Kind, ParentCode = region.ParentCode });
        }
        // Units registered by this command are new: insert them. Others are rewritten (versions, staffing).
        var created = events.OfType<UnitRegistered>().Select(e => e.UnitId).ToHashSet(StringComparer.Ordinal);
        foreach (var unit in units)
        {
            if (created.Contains(unit.Id))
            {
                db.Units.Add(new UnitRow { Id = unit.Id, CreditCode = unit.CreditCode.Value, Revision = unit.Revision });
            }
            else
            {
                var row = await db.Units.FindAsync([unit.Id], cancellationToken);
                row!.Revision = unit.Revision;
                db.UnitVersions.RemoveRange(await db.UnitVersions.Where(v => v.UnitId == unit.Id).ToListAsync(cancellationToken));
                db.Staffing.RemoveRange(await db.Staffing.Where(s => s.UnitId == unit.Id).ToListAsync(cancellationToken));
            }
            db.UnitVersions.AddRange(unit.Versions.Select(v => new UnitVersionRow
            {
                UnitId = unit.Id,
                FromYear = v.FromYear,
                Name = v.Name,
                RegionCode = v.RegionCode.Value,
                ParentId = v.ParentId,
                Nature = v.Nature.ToString(),
                Status = v.Status.ToString(),
                Functions = JsonSerializer.Serialize(v.Functions),
                Sections = JsonSerializer.Serialize(v.Sections),
                Successors = JsonSerializer.Serialize(v.SuccessorIds ?? []),
            }));
            db.Staffing.AddRange(unit.Staffing.Select(s => new StaffingRow
            {
                UnitId = unit.Id,
                FiscalYear = s.Key,
                AuthorizedPosts = s.Value.AuthorizedPosts,
                ActualTotal = s.Value.ActualTotal,
                InService = s.Value.InService,
                RetiredLixiu = s.Value.RetiredLixiu,
                Retired = s.Value.Retired,
            }));
        }
        foreach (var defined in events.OfType<ScopeDefined>())
        {
            var row = await db.Scopes.FindAsync([defined.DepartmentId, defined.FiscalYear], cancellationToken);
            if (row is null)
            {
                db.Scopes.Add(new ScopeRow { DepartmentId = defined.DepartmentId, FiscalYear = defined.FiscalYear, UnitIds = JsonSerializer.Serialize(defined.UnitIds) });
            }
            else
            {
                row.UnitIds = JsonSerializer.Serialize(defined.UnitIds);
            }
        }
        var sequence = reorganizationsBefore;
        foreach (var r in reorganizations)
        {
            db.Reorganizations.Add(new ReorganizationRow
            {
                Sequence = ++sequence,
                Kind = r.Kind.ToString(),
                EffectiveYear = r.EffectiveYear,
                Before = JsonSerializer.Serialize(r.Before),
                After = JsonSerializer.Serialize(r.After),
                Note = r.Note,
            });
        }
        if (events.OfType<FiscalYearsClosed>().LastOrDefault() is { } closedEvent)
        {
            var value = closedEvent.ThroughYear.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var closed = await db.Settings.FindAsync(["closed_through_year"], cancellationToken);
            if (closed is null)
            {
                db.Settings.Add(new SettingRow { Key = "closed_through_year", Value = value });
            }
            else
            {
                closed.Value = value;
            }
        }
        foreach (var e in events)
        {
            db.AddEvent(e, now);
        }
        // One SaveChanges: one transaction for the state and its events.
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var regions = (await db.Regions.AsNoTracking().ToListAsync(cancellationToken))
            .Select(r => new Region(DivisionCode.Parse(r.Code), r.Name, Enum.Parse<RegionKind>(r.Kind), r.ParentCode is null ? null : DivisionCode.Parse(r.ParentCode)));
        var versions = (await db.UnitVersions.AsNoTracking().ToListAsync(cancellationToken)).ToLookup(v => v.UnitId);
        var staffing = (await db.Staffing.AsNoTracking().ToListAsync(cancellationToken)).ToLookup(s => s.UnitId);
        var units = (await db.Units.AsNoTracking().ToListAsync(cancellationToken)).Select(u => BudgetUnit.Restore(
            u.Id,
            CreditCode.Parse(u.CreditCode),
            versions[u.Id].Select(v => new UnitVersion(
                v.FromYear, v.Name, DivisionCode.Parse(v.RegionCode), v.ParentId, Enum.Parse<UnitNature>(v.Nature),
                JsonSerializer.Deserialize<List<string>>(v.Functions)!, JsonSerializer.Deserialize<List<string>>(v.Sections)!,
                Enum.Parse<UnitStatus>(v.Status), JsonSerializer.Deserialize<List<string>>(v.Successors)!)),
            staffing[u.Id].Select(s => KeyValuePair.Create(s.FiscalYear, new Staffing(s.AuthorizedPosts, s.ActualTotal, s.InService, s.RetiredLixiu, s.Retired))),
            u.Revision));
        var scopeRows = (await db.Scopes.AsNoTracking().ToListAsync(cancellationToken))
            .Select(s => (s.DepartmentId, s.FiscalYear, (IReadOnlyList<string>)JsonSerializer.Deserialize<List<string>>(s.UnitIds)!));
        var reorganizations = (await db.Reorganizations.AsNoTracking().OrderBy(r => r.Sequence).ToListAsync(cancellationToken))
            .Select(r => new Reorganization(Enum.Parse<ReorganizationKind>(r.Kind), r.EffectiveYear,
                JsonSerializer.Deserialize<List<string>>(r.Before)!, JsonSerializer.Deserialize<List<string>>(r.After)!, r.Note));
        var closed = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == "closed_through_year", cancellationToken);
        var registry = UnitRegistry.Restore(regions, units, scopeRows, reorganizations,
            closed is null ? null : int.Parse(closed.Value, System.Globalization.CultureInfo.InvariantCulture));
        _lock.EnterWriteLock();
        try
        {
            _registry = registry;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Registry change could not be committed; state reloaded from the database")]
    private static partial void PersistFailed(ILogger logger, Exception exception);
}
