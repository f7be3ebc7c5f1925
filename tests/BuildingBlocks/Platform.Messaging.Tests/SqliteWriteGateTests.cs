using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Persistence;
using Platform.Testing.Ledger;

namespace Platform.Messaging.Tests;

/// <summary>
/// The embedded default's writers take turns (SqliteWriteGate, registered by AddPlatformDbContext for SQLite): a writer
/// that finds the database held waits asynchronously and begins once the holder is done, however its transaction ended.
/// The connection's default timeout is 1 s here: a turn that were never given back would fail the waiting writer with
/// SQLite's "database is locked" after a second, not hang the test.
/// </summary>
public sealed class SqliteWriteGateTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"write-gate-{Guid.NewGuid():N}.db");
    private readonly ServiceProvider _services;

    public SqliteWriteGateTests()
    {
        var services = new ServiceCollection();
        services.AddPlatformDbContext<LedgerDbContext>(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={_path};Default Timeout=1"));
        _services = services.BuildServiceProvider();
        using var scope = _services.CreateScope();
        scope.ServiceProvider.GetRequiredService<LedgerDbContext>().Database.Migrate();
    }

    [Fact]
    public async Task BeginTransactionAsync_DatabaseHeldByAnotherWriter_WaitsWithoutBlockingAndBeginsAfterTheCommit()
    {
        await using var first = _services.CreateAsyncScope();
        await using var second = _services.CreateAsyncScope();
        var held = await HoldAsync(first);
        var waiter = second.ServiceProvider.GetRequiredService<LedgerDbContext>();
        // Without the turn, SQLite's busy loop would block this very thread (150 ms sleeps) until its 1 s timeout and fail:
        // the holder below could never commit in between.
        var waiting = waiter.Database.BeginTransactionAsync();
        Assert.False(waiting.IsCompleted);

        await held.CommitAsync();
        await using var begun = await waiting;
        waiter.Accounts.Add(new Account("b"));
        await waiter.SaveChangesAsync();
        await begun.CommitAsync();

        Assert.Equal(["a", "b"], await waiter.Accounts.AsNoTracking().OrderBy(a => a.Id).Select(a => a.Id).ToListAsync());
    }

    [Fact]
    public async Task SaveChangesAsync_PreviousTransactionDisposedWithoutCommit_NextWriterIsNotKeptWaiting()
    {
        await using (var first = _services.CreateAsyncScope())
        {
            var db = first.ServiceProvider.GetRequiredService<LedgerDbContext>();
            await using var abandoned = await db.Database.BeginTransactionAsync();
            db.Accounts.Add(new Account("lost"));
            await db.SaveChangesAsync();
            // Disposed here without commit or rollback (an exception in a store): the turn must come back all the same.
        }
        await using var second = _services.CreateAsyncScope();
        var next = second.ServiceProvider.GetRequiredService<LedgerDbContext>();
        next.Accounts.Add(new Account("kept"));
        await next.SaveChangesAsync();

        Assert.Equal(["kept"], await next.Accounts.AsNoTracking().Select(a => a.Id).ToListAsync());
    }

    [Fact]
    public async Task SaveChangesAsync_OneStatementWhileAnotherWriterHoldsTheDatabase_WaitsItsTurn()
    {
        await using var first = _services.CreateAsyncScope();
        await using var second = _services.CreateAsyncScope();
        var held = await HoldAsync(first);
        var single = second.ServiceProvider.GetRequiredService<LedgerDbContext>();

        // One row, one statement: EF would send it without a transaction, past the turns, into SQLite's busy loop.
        single.Accounts.Add(new Account("b"));
        var saving = single.SaveChangesAsync();
        Assert.False(saving.IsCompleted);

        await held.CommitAsync();
        await saving;
        Assert.Equal(2, await single.Accounts.CountAsync());
    }

    [Fact]
    public async Task BeginTransactionAsync_EarlierBeginOnTheSameContextFailed_DoesNotWaitForItself()
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        // A transaction EF does not know of makes its begin fail after the turn was given to this connection.
        await using (var foreign = await connection.BeginTransactionAsync())
        {
            await Assert.ThrowsAnyAsync<InvalidOperationException>(() => db.Database.BeginTransactionAsync());
        }

        // Again on the same context (a retry): it holds the turn already; waiting for itself would time out after 1 s.
        await using var again = await db.Database.BeginTransactionAsync();
        db.Accounts.Add(new Account("retried"));
        await db.SaveChangesAsync();
        await again.CommitAsync();
        Assert.Equal(1, await db.Accounts.CountAsync());
    }

    [Fact]
    public async Task SaveChangesAsync_ManyConcurrentWriters_AllStoredNoneRefused()
    {
        var writers = Enumerable.Range(0, 40).Select(async i =>
        {
            await using var scope = _services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
            db.Accounts.Add(new Account($"w{i:00}"));
            await db.SaveChangesAsync();
        });
        await Task.WhenAll(writers);

        await using var check = _services.CreateAsyncScope();
        Assert.Equal(40, await check.ServiceProvider.GetRequiredService<LedgerDbContext>().Accounts.CountAsync());
    }

    /// <summary>A writer that holds the database: a transaction begun in <paramref name="scope"/>, one row written, not committed.</summary>
    private static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> HoldAsync(AsyncServiceScope scope)
    {
        var holder = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        var held = await holder.Database.BeginTransactionAsync();
        holder.Accounts.Add(new Account("a"));
        await holder.SaveChangesAsync();
        return held;
    }

    public void Dispose()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
