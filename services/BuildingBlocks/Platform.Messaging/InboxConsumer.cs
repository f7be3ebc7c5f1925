using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.Persistence;

namespace Platform.Messaging;

/// <summary>
/// Base of every consumer that changes state: the inbox row (message id, consumer) and the state change
/// commit in one transaction, so a redelivered message (duplicate publish, broker redelivery after a crash)
/// is recognised and skipped. Events the handler raises go to the same context's outbox.
/// </summary>
public abstract class InboxConsumer<TMessage, TContext>(TContext db, TimeProvider time) : IConsumer<TMessage>
    where TMessage : class
    where TContext : PlatformDbContext
{
    protected TContext Db => db;

    protected TimeProvider Time => time;

    /// <summary>Stable name under which this consumer records processed messages.</summary>
    protected virtual string ConsumerName => GetType().FullName!;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a message id; the inbox cannot deduplicate it.");
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
            if (await db.InboxMessages.AnyAsync(m => m.MessageId == messageId && m.Consumer == ConsumerName, context.CancellationToken))
            {
                return;
            }
            db.InboxMessages.Add(new InboxMessage(messageId, ConsumerName, time.GetUtcNow()));
            await HandleAsync(context.Message, context.CancellationToken);
            await db.SaveChangesAsync(context.CancellationToken);
            await transaction.CommitAsync(context.CancellationToken);
        });
    }

    /// <summary>Applies the message to tracked state; do not call SaveChanges (the base commits).</summary>
    protected abstract Task HandleAsync(TMessage message, CancellationToken cancellationToken);
}
