namespace Platform.Messaging.Tests;

/// <summary>
/// Tests that publish AccountCredited on the shared broker run one after another: every queue bound to the
/// event's exchange receives every publication, so concurrent tests would see each other's events.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RabbitMqCollection
{
    public const string Name = "RabbitMQ AccountCredited";
}
