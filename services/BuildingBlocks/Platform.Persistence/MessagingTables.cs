namespace Platform.Persistence;

/// <summary>
/// An integration event committed in the same transaction as the state change that raised it
/// (transactional outbox). The dispatcher publishes it and sets PublishedAt.
/// </summary>
public sealed class OutboxMessage
{
    private OutboxMessage() { }

    public OutboxMessage(Guid id, string type, string payload, DateTimeOffset occurredAt)
    {
        Id = id;
        Type = type;
        Payload = payload;
        OccurredAt = occurredAt;
    }

    public Guid Id { get; private set; }
    public string Type { get; private set; } = "";
    public string Payload { get; private set; } = "";
    public DateTimeOffset OccurredAt { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }
    public int Attempts { get; private set; }
    public string? LastError { get; private set; }

    public void MarkPublished(DateTimeOffset at) => PublishedAt = at;

    public void RecordFailure(string error)
    {
        Attempts++;
        LastError = error.Length > 2000 ? error[..2000] : error;
    }

    /// <summary>
    /// Never to be tried again (an event type the service does not publish: a programming error no retry mends). Without
    /// this, such rows were claimed first in every batch for ever once a batch's worth had gathered, and nothing behind
    /// them left.
    /// </summary>
    public void SetAside(string error)
    {
        Attempts = int.MaxValue;
        LastError = error.Length > 2000 ? error[..2000] : error;
    }
}

/// <summary>A message a consumer has already applied; its key makes redelivery a no-op (inbox).</summary>
public sealed class InboxMessage
{
    private InboxMessage() { }

    public InboxMessage(Guid messageId, string consumer, DateTimeOffset processedAt)
    {
        MessageId = messageId;
        Consumer = consumer;
        ProcessedAt = processedAt;
    }

    public Guid MessageId { get; private set; }
    public string Consumer { get; private set; } = "";
    public DateTimeOffset ProcessedAt { get; private set; }
}

/// <summary>Entities whose updates must not overwrite someone else's (optimistic concurrency).</summary>
public interface IVersioned
{
    long Version { get; }
}
