using MassTransit;

namespace Platform.Messaging;

/// <summary>
/// What the outbox dispatcher needs from a bus: publish one message under a given message id. Kept this
/// narrow so MassTransit's own EF outbox (or another bus) can take over without touching services.
/// </summary>
public interface IEventPublisher
{
    /// <summary>True when a failure means the consumers rejected the message (in-process), false for transport failures.</summary>
    bool FailuresArePoison { get; }

    Task PublishAsync(Guid messageId, object message, Type messageType, CancellationToken cancellationToken);
}

/// <summary>RabbitMQ through MassTransit; Publish returns after the broker confirmed the message.</summary>
internal sealed class BusEventPublisher(IPublishEndpoint endpoint) : IEventPublisher
{
    public bool FailuresArePoison => false;

    public Task PublishAsync(Guid messageId, object message, Type messageType, CancellationToken cancellationToken) =>
        endpoint.Publish(message, messageType, Pipe.Execute<PublishContext>(context => context.MessageId = messageId), cancellationToken);
}

/// <summary>
/// The embedded default's in-process bus: MassTransit's mediator runs the consumers before Publish returns,
/// so a row is marked published only after every consumer committed (with its inbox row). A crash in between
/// means redelivery, which the inbox absorbs: the same guarantee as with RabbitMQ. The root mediator, not the scoped
/// one: consumers get a scope of their own, so a consumer of the publishing service's own events does not share the
/// dispatcher's DbContext and its open transaction.
/// </summary>
internal sealed class MediatorEventPublisher(MassTransit.Mediator.IMediator mediator) : IEventPublisher
{
    public bool FailuresArePoison => true;

    public Task PublishAsync(Guid messageId, object message, Type messageType, CancellationToken cancellationToken) =>
        mediator.Publish(message, messageType, Pipe.Execute<PublishContext>(context => context.MessageId = messageId), cancellationToken);
}
