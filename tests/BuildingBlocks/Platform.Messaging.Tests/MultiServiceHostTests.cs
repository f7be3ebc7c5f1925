using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Persistence;
using Platform.Testing.Events.V1;
using Platform.Testing.Ledger;

namespace Platform.Messaging.Tests;

/// <summary>
/// `./platform run` hosts every service in one process on one in-process bus. A service registered after another
/// may bring consumers of its own; every service's consumers must receive the events.
/// </summary>
public sealed class MultiServiceHostTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-multi-").FullName;
    private IHost _host = null!;
    private readonly SecondServiceConsumer.Counter _second = new();

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddPlatformDbContext<LedgerDbContext>(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_dir, "ledger.db")}"));
        builder.Services.AddPlatformDbContext<ProjectionDbContext>(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_dir, "projection.db")}"));
        builder.Services.AddSingleton(_second);
        // First service: publishes AccountCredited and projects it. Second service: its own context and a consumer.
        builder.Services.AddPlatformMessaging<LedgerDbContext>(new MessagingOptions(null), e => e.Add<AccountCredited>(),
            consumers: x => x.AddConsumer<AccountCreditedProjector, AccountCreditedProjectorDefinition>());
        builder.Services.AddPlatformMessaging<ProjectionDbContext>(new MessagingOptions(null), _ => { },
            consumers: x => x.AddConsumer<SecondServiceConsumer>());
        _host = builder.Build();
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
    public async Task AddPlatformMessaging_SecondServiceWithConsumers_BothServicesConsumeEveryEvent()
    {
        for (var i = 1; i <= 5; i++)
        {
            await using var scope = _host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<LedgerDbContext>().CreditAsync("acct", 1m, i, DateTimeOffset.UtcNow);
        }
        await MessagingHarness.WaitUntilAsync(async () => (await MessagingHarness.TotalsAsync(_host)).Sum(t => t.Count) == 5, "first service projected", 30);
        await MessagingHarness.WaitUntilAsync(() => Task.FromResult(_second.Sequences.Count == 5), "second service consumed", 30);
        Assert.Equal([1, 2, 3, 4, 5], _second.Sequences.Order());
        Assert.Single(_host.Services.GetServices<IHostedService>().OfType<OutboxDispatcher<LedgerDbContext>>());
    }

    /// <summary>
    /// Two services' dispatchers wait in one process. With the poll interval at an hour, only a wake-up meant for the
    /// ledger's dispatcher delivers its events: a wake-up taken by the other dispatcher (one shared signal: waiters are
    /// woken first come, first served) would leave a credit undelivered for an hour.
    /// </summary>
    [Fact]
    public async Task OutboxSignal_TwoServicesInOneProcess_EachCommitWakesItsOwnDispatcher()
    {
        var dir = Directory.CreateTempSubdirectory("platform-signal-").FullName;
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddPlatformDbContext<LedgerDbContext>(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(dir, "ledger.db")}"));
        builder.Services.AddPlatformDbContext<ProjectionDbContext>(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(dir, "projection.db")}"));
        builder.Services.AddPlatformMessaging<LedgerDbContext>(new MessagingOptions(null), e => e.Add<AccountCredited>(),
            consumers: x => x.AddConsumer<AccountCreditedProjector, AccountCreditedProjectorDefinition>(), outbox: o => o.PollInterval = TimeSpan.FromHours(1));
        builder.Services.AddPlatformMessaging<ProjectionDbContext>(new MessagingOptions(null), _ => { });
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            for (var i = 1; i <= 4; i++)
            {
                await using (var scope = host.Services.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<LedgerDbContext>().CreditAsync("acct", 1m, i, DateTimeOffset.UtcNow);
                }
                var expected = i;
                await MessagingHarness.WaitUntilAsync(async () => (await MessagingHarness.TotalsAsync(host)).Sum(t => t.Count) == expected, $"credit {i} projected", 30);
            }
        }
        finally
        {
            await host.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AddPlatformMessaging_DifferentBusOptionsInOneProcess_Refused()
    {
        var services = new ServiceCollection();
        services.AddPlatformMessaging<LedgerDbContext>(new MessagingOptions(null), _ => { });
        var ex = Assert.Throws<InvalidOperationException>(() =>
            services.AddPlatformMessaging<ProjectionDbContext>(new MessagingOptions(new Uri("amqp://127.0.0.1:5672/")), _ => { }));
        Assert.Contains("one process has one bus", ex.Message);
    }

    public sealed class SecondServiceConsumer(SecondServiceConsumer.Counter counter) : IConsumer<AccountCredited>
    {
        public Task Consume(ConsumeContext<AccountCredited> context)
        {
            counter.Sequences.Add(context.Message.Sequence);
            return Task.CompletedTask;
        }

        public sealed class Counter
        {
            public System.Collections.Concurrent.ConcurrentBag<int> Sequences { get; } = [];
        }
    }
}
