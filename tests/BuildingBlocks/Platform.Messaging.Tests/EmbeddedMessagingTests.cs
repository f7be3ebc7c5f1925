using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Persistence;
using Platform.Testing.Events.V1;
using Platform.Testing.Ledger;

namespace Platform.Messaging.Tests;

/// <summary>
/// The embedded default (./platform run): SQLite files and the in-process bus, with the same outbox and
/// inbox. A republished row (crash after publish, before the mark) still takes effect once.
/// </summary>
public sealed class EmbeddedMessagingTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-embedded-").FullName;
    private IHost _host = null!;
    private readonly DeliveryCounter _counter = new();

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddPlatformDbContext<LedgerDbContext>(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_dir, "ledger.db")}"));
        builder.Services.AddPlatformDbContext<ProjectionDbContext>(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_dir, "projection.db")}"));
        builder.Services.AddPlatformMessaging<LedgerDbContext>(new MessagingOptions(null), e => e.Add<AccountCredited>(),
            consumers: x => x.AddConsumer<AccountCreditedProjector>());
        builder.Services.AddSingleton<IConsumeObserver>(_counter);
        _host = builder.Build();
        _host.Services.GetRequiredService<MassTransit.Mediator.IMediator>().ConnectConsumeObserver(_counter);
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Outbox_InProcessBus_EachEventTakesEffectOnceEvenWhenRepublished()
    {
        for (var i = 1; i <= 10; i++)
        {
            await using var scope = _host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<LedgerDbContext>().CreditAsync("acct", 0.1m, i, DateTimeOffset.UtcNow);
        }
        await MessagingHarness.WaitUntilAsync(async () => (await MessagingHarness.TotalsAsync(_host)).Sum(t => t.Count) == 10, "projected", 30);
        await MessagingHarness.WaitUntilAsync(async () => await PendingAsync() == 0, "outbox marked", 30);

        await using (var scope = _host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<LedgerDbContext>().Database
                .ExecuteSqlRawAsync("UPDATE outbox_messages SET published_at = NULL WHERE id IN (SELECT id FROM outbox_messages ORDER BY id LIMIT 3)");
        }
        await MessagingHarness.WaitUntilAsync(() => Task.FromResult(_counter.Total >= 13), "republished rows delivered", 30);

        var totals = await MessagingHarness.TotalsAsync(_host);
        Assert.Equal(10, totals.Single().Count);
        Assert.Equal(1.0m, totals.Single().Total);
        Assert.Equal(3, _counter.Deliveries.Values.Count(n => n == 2));
    }

    [Fact]
    public async Task SaveChanges_StateChangeFails_NoEventIsCommitted()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        await db.CreditAsync("acct-x", 1m, 1, DateTimeOffset.UtcNow);
        // A second context inserts the same account: its SaveChanges fails, and its event with it.
        await using var other = _host.Services.CreateAsyncScope();
        var otherDb = other.ServiceProvider.GetRequiredService<LedgerDbContext>();
        otherDb.Accounts.Add(new Account("acct-x"));
        otherDb.AddEvent(new AccountCredited("acct-x", 5m, 2), DateTimeOffset.UtcNow);
        await Assert.ThrowsAsync<DbUpdateException>(() => otherDb.SaveChangesAsync());
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.Payload.Contains("acct-x")));
    }

    [Fact]
    public async Task Outbox_EventTypeNoServiceRegistered_SetAsideOnceAndWhatFollowsIsPublished()
    {
        // A service that raises an event it forgot to register: the row is set aside at once (it was retried; on
        // RabbitMQ for ever, first in every batch, until a batch's worth of them stopped everything behind them).
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
            db.AddEvent(new NobodyRegisteredThis("x"), DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
            await db.CreditAsync("acct-after", 1m, 1, DateTimeOffset.UtcNow);
        }

        await MessagingHarness.WaitUntilAsync(async () => (await MessagingHarness.TotalsAsync(_host)).Any(t => t.Count == 1), "the event after it projected", 30);
        await MessagingHarness.WaitUntilAsync(async () =>
        {
            await using var scope = _host.Services.CreateAsyncScope();
            var row = await scope.ServiceProvider.GetRequiredService<LedgerDbContext>().OutboxMessages.AsNoTracking().SingleAsync(m => m.Type.EndsWith(nameof(NobodyRegisteredThis)));
            return row.Attempts == int.MaxValue && row.PublishedAt is null && row.LastError!.Contains("not registered", StringComparison.Ordinal);
        }, "unknown type set aside", 30);
    }

    private sealed record NobodyRegisteredThis(string Id);

    private async Task<int> PendingAsync()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LedgerDbContext>().OutboxMessages.CountAsync(m => m.PublishedAt == null);
    }
}
