using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Persistence;
using Platform.Testing;
using Platform.Testing.Events.V1;
using Platform.Testing.Ledger;
using RabbitMQ.Client;

namespace Platform.Messaging.Tests;

/// <summary>A message its consumer can never handle is retried with backoff, then parked in the error queue.</summary>
[Collection(RabbitMqCollection.Name)]
public sealed class PoisonMessageTests
{
    [Fact]
    public async Task Consumer_AlwaysFails_RetriedThenMovedToErrorQueue()
    {
        var prefix = "poison-" + Guid.NewGuid().ToString("N")[..8];
        var ledger = await TestServers.CreatePostgresDatabaseAsync("poison");
        AlwaysFailingConsumer.Attempts = 0;
        AlwaysFailingConsumerDefinition.QueueName = $"{prefix}-always-failing";
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddPlatformDbContext<LedgerDbContext>(new DatabaseOptions(DatabaseProvider.PostgreSql, ledger));
        builder.Services.AddPlatformMessaging<LedgerDbContext>(new MessagingOptions(TestServers.RabbitMq, prefix), e => e.Add<AccountCredited>(),
            consumers: x => x.AddConsumer<AlwaysFailingConsumer, AlwaysFailingConsumerDefinition>());
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            await using (var scope = host.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<LedgerDbContext>().CreditAsync("p", 1m, 1, DateTimeOffset.UtcNow);
            }
            var factory = new ConnectionFactory { Uri = TestServers.RabbitMq };
            await using var connection = await factory.CreateConnectionAsync();
            var errorQueue = $"{AlwaysFailingConsumerDefinition.QueueName}_error";
            await MessagingHarness.WaitUntilAsync(() => Task.FromResult(AlwaysFailingConsumer.Attempts >= 1 + AlwaysFailingConsumerDefinition.Retries),
                "all delivery attempts made", 30);
            await MessagingHarness.WaitUntilAsync(async () =>
            {
                // A passive declare of a missing queue closes its channel: use a fresh one per look.
                await using var channel = await connection.CreateChannelAsync();
                try
                {
                    return (await channel.QueueDeclarePassiveAsync(errorQueue)).MessageCount == 1;
                }
                catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
                {
                    return false;
                }
            }, $"message in the error queue {errorQueue} (attempts so far are checked below)", 30);
            // One first attempt plus the configured retries, then no more.
            Assert.Equal(1 + AlwaysFailingConsumerDefinition.Retries, AlwaysFailingConsumer.Attempts);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    public sealed class AlwaysFailingConsumer : IConsumer<AccountCredited>
    {
        public static int Attempts;

        public Task Consume(ConsumeContext<AccountCredited> context)
        {
            Interlocked.Increment(ref Attempts);
            throw new InvalidOperationException("cannot handle this message");
        }
    }

    public sealed class AlwaysFailingConsumerDefinition : ConsumerDefinition<AlwaysFailingConsumer>
    {
        public const int Retries = 2;

        public static string QueueName { get; set; } = "always-failing";

        public AlwaysFailingConsumerDefinition() => EndpointName = QueueName;

        protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<AlwaysFailingConsumer> consumerConfigurator, IRegistrationContext context)
        {
            if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
            {
                rabbit.SetQuorumQueue();
            }
            endpointConfigurator.UseMessageRetry(r => r.Intervals(10, 20));
        }
    }
}
