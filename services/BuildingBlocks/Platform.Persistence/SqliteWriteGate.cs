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
/// asynchronous, first-come-first-served wait that holds no thread — and the turn passes on at commit, rollback, or when
/// the connection closes (a transaction disposed without either). Reads never wait (write-ahead logging). A writer in
/// another process (a CLI on the same file) still meets SQLite's own lock and busy loop, as before.
/// </summary>
internal sealed class SqliteWriteGate : IDbTransactionInterceptor, IDbConnectionInterceptor
{
    public static readonly SqliteWriteGate Instance = new();

    /// <summary>One turn per database file, for the life of the process (a handful of files).</summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> s_turns = new(StringComparer.Ordinal);

    /// <summary>The turn a connection holds now, if any.</summary>
    private static readonly ConditionalWeakTable<DbConnection, SemaphoreSlim> s_held = new();

    private SqliteWriteGate()
    {
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (Turn(connection) is { } turn && !turn.Wait(Timeout(connection)))
        {
            throw Busy();
        }
        Hold(connection);
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (Turn(connection) is { } turn && !await turn.WaitAsync(Timeout(connection), cancellationToken))
        {
            throw Busy();
        }
        Hold(connection);
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

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData)
    {
        // A failed begin holds no transaction (the turn goes back); a failed commit or rollback ends it.
        Release(eventData.Context);
    }

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
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

    private static void Hold(DbConnection connection)
    {
        if (Turn(connection) is { } turn)
        {
            s_held.AddOrUpdate(connection, turn);
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

    /// <summary>What SQLite itself says when its busy loop gives up (SQLITE_BUSY), so callers read it as they always did.</summary>
    private static SqliteException Busy() => new("database is locked: another writer of this process held it longer than the timeout", 5);
}
