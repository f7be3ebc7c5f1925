using Microsoft.EntityFrameworkCore;
using Platform.Persistence;
using Platform.Testing;
using Platform.Testing.Ledger;

namespace Platform.Messaging.Tests;

/// <summary>
/// The delivery guarantee, proven on real PostgreSQL and RabbitMQ with a real process kill: state and
/// event commit together; a crash between commit and publish loses nothing; a republished event (crash
/// after publish, before the mark) is absorbed by the inbox. Each event takes effect exactly once.
/// </summary>
[Collection(RabbitMqCollection.Name)]
public sealed class OutboxCrashTests
{
    private const int Credits = 20;

    [Fact]
    public async Task Dispatcher_KilledBetweenCommitAndPublish_EventsArriveExactlyOnceInEffectAfterRestart()
    {
        var ledger = await TestServers.CreatePostgresDatabaseAsync("ledger");
        var projection = await TestServers.CreatePostgresDatabaseAsync("projection");
        var messaging = new MessagingOptions(TestServers.RabbitMq, "crash-" + Guid.NewGuid().ToString("N")[..8]);
        var (consumer, counter) = await MessagingHarness.StartProjectionAsync(new DatabaseOptions(DatabaseProvider.PostgreSql, projection), messaging);
        try
        {
            // 1. Commit state + outbox rows, then SIGKILL before anything is published.
            var writer = await MessagingHarness.StartCrashHostAsync("write", ledger, TestServers.RabbitMq.ToString(), Credits.ToString());
            writer.Kill(entireProcessTree: true);
            await writer.WaitForExitAsync();
            var pending = await MessagingHarness.OutboxAsync(ledger);
            Assert.Equal(Credits, pending.Count);
            Assert.All(pending, m => Assert.Null(m.PublishedAt));
            Assert.Equal(0, counter.Total);

            // 2. Restart: the dispatcher publishes what the dead process committed.
            var dispatcher = await MessagingHarness.StartCrashHostAsync("dispatch", ledger, TestServers.RabbitMq.ToString());
            try
            {
                await MessagingHarness.WaitUntilAsync(async () => (await MessagingHarness.TotalsAsync(consumer)).Sum(t => t.Count) == Credits, "all credits projected", 30);
                await MessagingHarness.WaitUntilAsync(async () => (await MessagingHarness.OutboxAsync(ledger)).All(m => m.PublishedAt is not null), "outbox marked");

                // 3. Simulate a crash after publish but before the mark: five rows go out again, same ids.
                await using (var db = new LedgerDbContext(new DbContextOptionsBuilder<LedgerDbContext>().UseNpgsql(ledger).Options))
                {
                    await db.Database.ExecuteSqlRawAsync(
                        "UPDATE outbox_messages SET published_at = NULL WHERE id IN (SELECT id FROM outbox_messages ORDER BY occurred_at LIMIT 5)");
                }
                await MessagingHarness.WaitUntilAsync(() => Task.FromResult(counter.Total >= Credits + 5), "duplicates delivered");
            }
            finally
            {
                dispatcher.Kill(entireProcessTree: true);
                await dispatcher.WaitForExitAsync();
            }

            // Every event was delivered, five of them twice, yet each took effect once.
            Assert.Equal(Credits, counter.Deliveries.Count);
            Assert.Equal(5, counter.Deliveries.Values.Count(n => n == 2));
            var totals = await MessagingHarness.TotalsAsync(consumer);
            Assert.Equal(Credits, totals.Sum(t => t.Count));
            // Exact decimals end to end: Σ 10.01 × i for i = 1..20 = 2102.10.
            Assert.Equal(2102.10m, totals.Sum(t => t.Total));
        }
        finally
        {
            await consumer.StopAsync();
            consumer.Dispose();
        }
    }
}
