using Microsoft.EntityFrameworkCore;
using Platform.Domain;
using Platform.Testing;
using Platform.Testing.Ledger;

namespace Platform.Messaging.Tests;

/// <summary>Optimistic concurrency on both providers: a lost race is a domain conflict, never a silent overwrite.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task SaveChanges_ConcurrentUpdatePostgres_SecondWriterGetsConflict()
    {
        var connection = await TestServers.CreatePostgresDatabaseAsync("concurrency");
        await RunAsync(() => new LedgerDbContext(new DbContextOptionsBuilder<LedgerDbContext>().UseNpgsql(connection).Options));
    }

    [Fact]
    public async Task SaveChanges_ConcurrentUpdateSqlite_SecondWriterGetsConflict()
    {
        var path = Path.Combine(Path.GetTempPath(), $"concurrency-{Guid.NewGuid():N}.db");
        try
        {
            await RunAsync(() => new LedgerDbContext(new DbContextOptionsBuilder<LedgerDbContext>().UseSqlite($"Data Source={path}").Options));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    private static async Task RunAsync(Func<LedgerDbContext> create)
    {
        await using (var setup = create())
        {
            await setup.Database.MigrateAsync();
            setup.Accounts.Add(new Account("a"));
            await setup.SaveChangesAsync();
        }
        await using var first = create();
        await using var second = create();
        var a1 = await first.Accounts.SingleAsync();
        var a2 = await second.Accounts.SingleAsync();
        a1.Credit(100.25m);
        a2.Credit(7m);
        await first.SaveChangesAsync();
        var ex = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => second.SaveChangesAsync());
        Assert.Equal(Messages.TryAgain, ex.Message);

        await using var check = create();
        var stored = await check.Accounts.SingleAsync();
        Assert.Equal(100.25m, stored.Balance);
        Assert.Equal(1, stored.Version);
    }
}
