using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Persistence;

namespace Platform.Messaging;

public sealed class OutboxOptions
{
    public int BatchSize { get; set; } = 100;

    /// <summary>How often the table is polled when nothing signalled new rows (rows committed by other processes).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>In-process delivery attempts before a row is left aside as poison (see its last_error).</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Off only in tests that simulate a crash between commit and publish.</summary>
    public bool DispatchEnabled { get; set; } = true;
}

/// <summary>
/// Wakes a service's dispatcher as soon as outbox rows of its context were committed in this process. One semaphore
/// per context type: one process may host several services (the embedded default), and a wake-up meant for one
/// service's dispatcher must not be consumed by another's, which would leave the first asleep until its next poll.
/// </summary>
public sealed class OutboxSignal
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, SemaphoreSlim> _signals = new();

    public void Notify(Type context)
    {
        var signal = For(context);
        if (signal.CurrentCount == 0)
        {
            try
            {
                signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    public Task<bool> WaitAsync(Type context, TimeSpan timeout, CancellationToken token) => For(context).WaitAsync(timeout, token);

    private SemaphoreSlim For(Type context) => _signals.GetOrAdd(context, _ => new SemaphoreSlim(0, 1));
}

/// <summary>
/// Publishes committed outbox rows and marks them, in batches, in one transaction per batch. On PostgreSQL
/// rows are claimed with FOR UPDATE SKIP LOCKED so several replicas never publish the same row concurrently.
/// Guarantee: at-least-once publication (a crash after publish and before the mark republishes the row under
/// the same message id); consumers deduplicate by message id (inbox), so each event takes effect once.
/// </summary>
internal sealed partial class OutboxDispatcher<TContext>(
    IServiceProvider services, EventTypeRegistry types, OutboxSignal signal, OutboxOptions options, TimeProvider time,
    ILogger<OutboxDispatcher<TContext>> logger) : BackgroundService
    where TContext : PlatformDbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.DispatchEnabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            int published;
            try
            {
                published = await DispatchBatchAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                BatchFailed(logger, typeof(TContext).Name, ex);
                published = 0;
            }
            if (published < options.BatchSize)
            {
                try
                {
                    await signal.WaitAsync(typeof(TContext), options.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Publishes one batch; returns how many rows it handled.</summary>
    internal async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var publisher = scope.ServiceProvider.GetRequiredService<IEventPublisher>();
        if (db.Provider != DatabaseProvider.PostgreSql)
        {
            // SQLite (the embedded default: one process, one dispatcher per database): no transaction around the
            // publishing. An in-process consumer of the same database runs inside PublishAsync and must commit, which
            // SQLite refuses while this connection holds a read lock in an open transaction (each waits for the other
            // until "database is locked"). The marks are saved after publishing; a crash in between republishes,
            // which the consumers' inbox absorbs, exactly as on PostgreSQL.
            db.ChangeTracker.Clear();
            var claimed = await ClaimAsync(db, publisher.FailuresArePoison, cancellationToken);
            await PublishAsync(claimed, publisher, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return claimed.Count;
        }
        // A retrying execution strategy (PostgreSQL) runs a user transaction only as one retriable unit;
        // a retry may republish a row, which the consumers' inbox absorbs.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(() => DispatchInTransactionAsync(db, publisher, cancellationToken));
    }

    private async Task<int> DispatchInTransactionAsync(TContext db, IEventPublisher publisher, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = await ClaimAsync(db, publisher.FailuresArePoison, cancellationToken);
        await PublishAsync(rows, publisher, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }

    /// <summary>Publishes claimed rows in order, marking each published or failed (not saved here).</summary>
    private async Task PublishAsync(List<OutboxMessage> rows, IEventPublisher publisher, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            if (!types.TryResolve(row.Type, out var type))
            {
                row.SetAside($"Unknown event type '{row.Type}': not registered by the service that raised it.");
                UnknownType(logger, row.Id, row.Type);
                continue;
            }
            try
            {
                var message = JsonSerializer.Deserialize(row.Payload, type, OutboxExtensions.Json)!;
                await publisher.PublishAsync(row.Id, message, type, cancellationToken);
                row.MarkPublished(time.GetUtcNow());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                row.RecordFailure(ex.Message);
                PublishFailed(logger, row.Id, row.Type, row.Attempts, ex.Message);
                if (!publisher.FailuresArePoison)
                {
                    // The broker is unreachable: keep order, stop this batch, try again after the poll interval.
                    break;
                }
            }
        }
    }

    private async Task<List<OutboxMessage>> ClaimAsync(TContext db, bool poisonLimit, CancellationToken cancellationToken)
    {
        var maxAttempts = poisonLimit ? options.MaxAttempts : int.MaxValue;
        if (db.Provider == DatabaseProvider.PostgreSql)
        {
            return await db.OutboxMessages
                .FromSqlInterpolated($@"SELECT * FROM outbox_messages
                    WHERE published_at IS NULL AND attempts < {maxAttempts}
                    ORDER BY occurred_at, id LIMIT {options.BatchSize} FOR UPDATE SKIP LOCKED")
                .ToListAsync(cancellationToken);
        }
        // SQLite: one writer at a time, and the embedded default runs one dispatcher per database.
        return await db.OutboxMessages
            .Where(m => m.PublishedAt == null && m.Attempts < maxAttempts)
            .OrderBy(m => m.Id)
            .Take(options.BatchSize)
            .ToListAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox batch of {Context} failed")]
    private static partial void BatchFailed(ILogger logger, string context, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {MessageId} has type {Type}, which no service of this process registered: set aside, never published")]
    private static partial void UnknownType(ILogger logger, Guid messageId, string type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing outbox message {MessageId} ({Type}) failed, attempt {Attempts}: {Reason}")]
    private static partial void PublishFailed(ILogger logger, Guid messageId, string type, int attempts, string reason);
}
