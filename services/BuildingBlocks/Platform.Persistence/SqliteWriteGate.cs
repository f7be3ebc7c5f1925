using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Platform.Persistence;

/// <summary>
/// The embedded default's writers take turns in the process instead of racing for SQLite's file lock. SQLite admits one
/// writer per database; Microsoft.Data.Sqlite answers a writer that finds the lock taken by sleeping the thread 150 ms and
/// trying again (its busy loop; it sets no busy_timeout). Under many concurrent saves that made the slowest saves wait in
/// whole multiples of 150 ms whatever the queue (measured: p50 80 ms, p99 694 ms with 50 clerks saving back to back) and
/// parked a thread-pool thread per waiter. Here a transaction begins only when the database's one turn is free — an
/// asynchronous wait that holds no thread (SemaphoreSlim: waiters are not strictly served in arrival order, but none
/// sleeps) — and the turn passes on when the transaction ends (commit, rollback) or the connection closes (a transaction
/// disposed without either, or a begin that failed after the turn was given). Every SaveChanges of these contexts runs
/// in a transaction (EF would send a one-statement save without one, past the gate). A connection that holds the turn
/// and begins again (a retry on the same context) does not wait for itself. Reads never wait (write-ahead logging). A
/// writer in another process (a CLI on the same file) still meets SQLite's own lock and busy loop, as before.
/// </summary>
internal sealed class SqliteWriteGate : IDbTransactionInterceptor, IDbConnectionInterceptor, ISaveChangesInterceptor
{
    public static readonly SqliteWriteGate Instance = new();

    /// <summary>One turn per database file, for the life of the process (a handful of files).</summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> s_turns = new(StringComparer.Ordinal);

    /// <summary>The turn a connection holds now, if any.</summary>
    private static readonly ConditionalWeakTable<DbConnection, SemaphoreSlim> s_held = new();

    private SqliteWriteGate()
    {
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        InTransaction(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        InTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (!s_held.TryGetValue(connection, out _) && Turn(connection) is { } turn)
        {
            if (!turn.Wait(Timeout(connection)))
            {
                throw Busy();
            }
            s_held.AddOrUpdate(connection, turn);
        }
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (!s_held.TryGetValue(connection, out _) && Turn(connection) is { } turn)
        {
            if (!await turn.WaitAsync(Timeout(connection), cancellationToken))
            {
                throw Busy();
            }
            s_held.AddOrUpdate(connection, turn);
        }
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    // A failure of a savepoint, or of a commit that leaves the transaction open, is no end of it: the turn passes on only
    // once SQLite's transaction is over (a finished SqliteTransaction lets go of its connection), else at rollback or close.
    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData)
    {
        if (transaction.Connection is null)
        {
            Release(eventData.Context);
        }
    }

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionFailed(transaction, eventData);
        return Task.CompletedTask;
    }

    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Release(connection);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Release(connection);
        return Task.CompletedTask;
    }

    public void ConnectionDisposed(DbConnection connection, ConnectionEndEventData eventData) => Release(connection);

    public Task ConnectionDisposedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Release(connection);
        return Task.CompletedTask;
    }

    private static SemaphoreSlim? Turn(DbConnection? connection) =>
        connection is SqliteConnection { DataSource: { Length: > 0 } file } && file != ":memory:"
            ? s_turns.GetOrAdd(Path.GetFullPath(file), _ => new SemaphoreSlim(1, 1))
            : null;

    /// <summary>A save of one statement gets its transaction too, so that it takes its turn like any other.</summary>
    private static void InTransaction(Microsoft.EntityFrameworkCore.DbContext? context)
    {
        if (context is not null && context.Database.AutoTransactionBehavior == Microsoft.EntityFrameworkCore.AutoTransactionBehavior.WhenNeeded)
        {
            context.Database.AutoTransactionBehavior = Microsoft.EntityFrameworkCore.AutoTransactionBehavior.Always;
        }
    }

    /// <summary>The transaction's context names the connection (a finished SqliteTransaction has let go of its own).</summary>
    private static void Release(Microsoft.EntityFrameworkCore.DbContext? context)
    {
        if (context is not null)
        {
            Release(Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetDbConnection(context.Database));
        }
    }

    private static void Release(DbConnection? connection)
    {
        if (connection is not null && s_held.TryGetValue(connection, out var turn) && s_held.Remove(connection))
        {
            turn.Release();
        }
    }

    /// <summary>As long as SQLite's own busy loop would have waited (the connection's default command timeout; 0 = no limit).</summary>
    private static TimeSpan Timeout(DbConnection connection) =>
        connection is SqliteConnection { DefaultTimeout: > 0 } sqlite ? TimeSpan.FromSeconds(sqlite.DefaultTimeout) : System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>The turn did not come within the timeout: a lost race, as a version conflict is (ABORTED; an idempotent rpc runs again).</summary>
    private static Platform.Domain.ConcurrencyConflictException Busy() => new(Platform.Domain.Messages.TryAgain);
}
