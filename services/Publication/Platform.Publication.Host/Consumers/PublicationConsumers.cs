using Platform.Events.V1;
using Platform.Messaging;
using Platform.Publication.Host.Persistence;
using Platform.Publication.Host.Publishing;
using Platform.Publication.Host.Reading;

namespace Platform.Publication.Host.Consumers;

/// <summary>An approved return version opens or advances the department's file and publishes it if its parts are in.</summary>
internal sealed class ReturnApprovedConsumer(PublicationDbContext db, TimeProvider time, Publisher publisher)
    : InboxConsumer<ReturnApproved, PublicationDbContext>(db, time)
{
    protected override Task HandleAsync(ReturnApproved message, CancellationToken cancellationToken) => publisher.ApprovedAsync(message, cancellationToken);
}

/// <summary>A scored self-evaluation may complete a waiting file.</summary>
internal sealed class EvaluationScoredConsumer(PublicationDbContext db, TimeProvider time, Publisher publisher)
    : InboxConsumer<EvaluationScored, PublicationDbContext>(db, time)
{
    protected override Task HandleAsync(EvaluationScored message, CancellationToken cancellationToken) =>
        publisher.PartArrivedAsync(message.UnitId, message.FiscalYear, cancellationToken);
}

/// <summary>A reported asset inventory may complete a waiting file.</summary>
internal sealed class AssetInventoryReportedConsumer(PublicationDbContext db, TimeProvider time, Publisher publisher)
    : InboxConsumer<AssetInventoryReported, PublicationDbContext>(db, time)
{
    protected override Task HandleAsync(AssetInventoryReported message, CancellationToken cancellationToken) =>
        publisher.PartArrivedAsync(message.UnitId, message.FiscalYear, cancellationToken);
}

/// <summary>
/// A new version drops the cached answers that name "the latest" (the document, the lists and feeds of its region); cached
/// versions themselves never change. Idempotent by nature (a second removal removes nothing), so no inbox row.
/// </summary>
internal sealed class DisclosurePublishedCacheConsumer(DocumentCache cache) : MassTransit.IConsumer<DisclosurePublished>
{
    public Task Consume(MassTransit.ConsumeContext<DisclosurePublished> context) =>
        cache.InvalidateLatestAsync(context.Message.DocumentId, context.CancellationToken);
}

// Retries and endpoint settings: a peer that is briefly unavailable while a document is gathered is retried with backoff.
internal sealed class ReturnApprovedConsumerDefinition : PlatformConsumerDefinition<ReturnApprovedConsumer>;

internal sealed class EvaluationScoredConsumerDefinition : PlatformConsumerDefinition<EvaluationScoredConsumer>;

internal sealed class AssetInventoryReportedConsumerDefinition : PlatformConsumerDefinition<AssetInventoryReportedConsumer>;

internal sealed class DisclosurePublishedCacheConsumerDefinition : PlatformConsumerDefinition<DisclosurePublishedCacheConsumer>;
