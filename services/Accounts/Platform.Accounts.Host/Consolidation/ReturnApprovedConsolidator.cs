using MassTransit;
using Platform.Accounts.Host.Persistence;
using Platform.Accounts.Host.Units;
using Platform.Events.V1;
using Platform.Grpc.Security;
using Platform.Messaging;

namespace Platform.Accounts.Host.Consolidation;

/// <summary>
/// An approval (the original or a correction) updates every consolidated return above the unit. The inbox drops a
/// redelivered message; the store drops a version older than the one applied. Consolidation lives in the accounts
/// service because a consolidated return is a return: same templates, same rules, same reference data. It still
/// listens to the service's own events, as a separate service would, so it never blocks an approval and can move out.
/// </summary>
internal sealed class ReturnApprovedConsolidator(AccountsDbContext db, TimeProvider time, ConsolidationStore store)
    : InboxConsumer<ReturnApproved, AccountsDbContext>(db, time)
{
    protected override async Task HandleAsync(ReturnApproved message, CancellationToken cancellationToken)
    {
        // Background work calls the registry as the service, not as whoever approved.
        using var caller = CallerContext.Use(RegistryUnitDirectory.ServiceCaller);
        await store.ApplyAsync(message.UnitId, message.FiscalYear, message.Version, cancellationToken);
    }
}

/// <summary>Retries (a row-version conflict with a sibling's approval, a registry hiccup) and endpoint settings.</summary>
internal sealed class ReturnApprovedConsolidatorDefinition : PlatformConsumerDefinition<ReturnApprovedConsolidator>;
