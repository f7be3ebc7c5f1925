using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Assets.Domain;
using Platform.Assets.Host.Persistence;
using Platform.Domain;
using Platform.Events.V1;
using Platform.Messaging;

namespace Platform.Assets.Host.Consumers;

/// <summary>
/// A merge in the registry moves the vehicles the merged unit holds to the unit it merged into, on 1 January of the
/// effective year, as the registry's decision (one transaction with the inbox row, so a redelivery moves nothing twice).
/// Splits and dissolutions name no single successor: their vehicles stay with the old unit until someone transfers or
/// disposes of them, and a warning says so.
/// </summary>
internal sealed partial class UnitReorganizedConsumer(AssetsDbContext db, TimeProvider time, AssetStore store, ILogger<UnitReorganizedConsumer> logger)
    : InboxConsumer<UnitReorganized, AssetsDbContext>(db, time)
{
    private static readonly Actor Registry = new("registry-reorganization", ["service"], null, null);

    protected override async Task HandleAsync(UnitReorganized message, CancellationToken cancellationToken)
    {
        if (message.Kind is "Split" or "Dissolve")
        {
            foreach (var unit in message.Before)
            {
                var held = await store.HeldByAsync(unit, cancellationToken);
                if (held.Count > 0)
                {
                    VehiclesLeft(logger, held.Count, unit, message.Kind);
                }
            }
            return;
        }
        if (message.Kind != "Merge" || message.After.Count != 1)
        {
            return;
        }
        var on = new DateOnly(message.EffectiveYear, 1, 1);
        foreach (var source in message.Before)
        {
            foreach (var (vehicle, row) in await store.HeldByAsync(source, cancellationToken))
            {
                if (vehicle.Movements[^1].On > on)
                {
                    // Moved after the merge took effect (recorded late): the later movement stands.
                    continue;
                }
                // The registry already refuses reorganizations in closed years.
                vehicle.Transfer(message.After[0], on, AssetsMessages.MergedInto(message.After[0], message.Note), closedThrough: 0, Registry, store.Now());
                row.CopyFrom(vehicle);
                foreach (var @event in vehicle.Events)
                {
                    Db.AddEvent(@event, store.Now());
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} vehicles stay with {Unit} after its {Kind}: transfer or dispose of them")]
    private static partial void VehiclesLeft(ILogger logger, int count, string unit, string kind);
}

/// <summary>Closing fiscal years in the registry freezes their movements and inventories here too.</summary>
internal sealed class FiscalYearsClosedConsumer(AssetsDbContext db, TimeProvider time, AssetStore store)
    : InboxConsumer<FiscalYearsClosed, AssetsDbContext>(db, time)
{
    protected override Task HandleAsync(FiscalYearsClosed message, CancellationToken cancellationToken) =>
        store.CloseThroughAsync(message.ThroughYear, cancellationToken);
}

/// <summary>Retries and endpoint settings of the registry consumers.</summary>
internal sealed class UnitReorganizedConsumerDefinition : PlatformConsumerDefinition<UnitReorganizedConsumer>;

internal sealed class FiscalYearsClosedConsumerDefinition : PlatformConsumerDefinition<FiscalYearsClosedConsumer>;
