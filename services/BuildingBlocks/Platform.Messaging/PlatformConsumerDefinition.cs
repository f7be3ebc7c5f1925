using MassTransit;

namespace Platform.Messaging;

/// <summary>
/// Endpoint settings shared by the platform's consumers (MassTransit keeps them out of consumers):
/// quorum queues on RabbitMQ, in-process retries with exponential backoff for transient failures, and —
/// MassTransit's default once retries are exhausted — the message moved to the "{queue}_error" queue.
/// (The rabbitmq_delayed_message_exchange plugin is not shipped here, so no delayed redelivery.)
/// </summary>
public class PlatformConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    public static int RetryLimit { get; set; } = 5;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.SetQuorumQueue();
        }
        endpointConfigurator.UseMessageRetry(r => r.Exponential(RetryLimit, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200)));
    }
}
