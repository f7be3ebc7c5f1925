using MassTransit;
using Platform.Accounts.Host.Persistence;
using Platform.Events.V1;
using Platform.Messaging;

namespace Platform.Accounts.Host.Assets;

/// <summary>
/// Whatever changes what the asset inventory says of a unit's year (an inventory filed, a vehicle acquired, disposed of
/// or transferred) or which version of the return stands (an approval) rechecks the late findings of the years it
/// touches. Each event type has its own consumer (its own inbox name and endpoint); they differ only in the years.
/// </summary>
internal abstract class AssetChangeConsumer<TMessage>(AccountsDbContext db, TimeProvider time, LateAssetFindings late)
    : InboxConsumer<TMessage, AccountsDbContext>(db, time)
    where TMessage : class
{
    /// <summary>The units touched and the first year each is touched in (every later approved year is rechecked too when <see cref="LaterYears"/>).</summary>
    protected abstract IEnumerable<(string UnitId, int FiscalYear)> Touched(TMessage message);

    /// <summary>A vehicle's movement changes what is held at the end of every later year; an inventory or an approval only its own year.</summary>
    protected virtual bool LaterYears => true;

    protected override async Task HandleAsync(TMessage message, CancellationToken cancellationToken)
    {
        foreach (var (unit, year) in Touched(message).Distinct())
        {
            await (LaterYears ? late.RecheckFromAsync(unit, year, cancellationToken) : late.RecheckAsync(unit, year, cancellationToken));
        }
    }
}

internal sealed class InventoryReportedRecheck(AccountsDbContext db, TimeProvider time, LateAssetFindings late) : AssetChangeConsumer<AssetInventoryReported>(db, time, late)
{
    protected override bool LaterYears => false;

    protected override IEnumerable<(string UnitId, int FiscalYear)> Touched(AssetInventoryReported m) => [(m.UnitId, m.FiscalYear)];
}

internal sealed class VehicleAcquiredRecheck(AccountsDbContext db, TimeProvider time, LateAssetFindings late) : AssetChangeConsumer<VehicleAcquired>(db, time, late)
{
    protected override IEnumerable<(string UnitId, int FiscalYear)> Touched(VehicleAcquired m) => [(m.UnitId, m.On.Year)];
}

internal sealed class VehicleDisposedRecheck(AccountsDbContext db, TimeProvider time, LateAssetFindings late) : AssetChangeConsumer<VehicleDisposed>(db, time, late)
{
    protected override IEnumerable<(string UnitId, int FiscalYear)> Touched(VehicleDisposed m) => [(m.UnitId, m.On.Year)];
}

internal sealed class VehicleTransferredRecheck(AccountsDbContext db, TimeProvider time, LateAssetFindings late) : AssetChangeConsumer<VehicleTransferred>(db, time, late)
{
    protected override IEnumerable<(string UnitId, int FiscalYear)> Touched(VehicleTransferred m) => [(m.FromUnitId, m.On.Year), (m.ToUnitId, m.On.Year)];
}

/// <summary>A new approved version (a correction) replaces what the late findings were raised against.</summary>
internal sealed class ReturnApprovedRecheck(AccountsDbContext db, TimeProvider time, LateAssetFindings late) : AssetChangeConsumer<ReturnApproved>(db, time, late)
{
    protected override bool LaterYears => false;

    protected override IEnumerable<(string UnitId, int FiscalYear)> Touched(ReturnApproved m) => [(m.UnitId, m.FiscalYear)];
}

/// <summary>Retries (the assets service restarting, a concurrent recheck of the same year) and endpoint settings.</summary>
internal sealed class InventoryReportedRecheckDefinition : PlatformConsumerDefinition<InventoryReportedRecheck>;

internal sealed class VehicleAcquiredRecheckDefinition : PlatformConsumerDefinition<VehicleAcquiredRecheck>;

internal sealed class VehicleDisposedRecheckDefinition : PlatformConsumerDefinition<VehicleDisposedRecheck>;

internal sealed class VehicleTransferredRecheckDefinition : PlatformConsumerDefinition<VehicleTransferredRecheck>;

internal sealed class ReturnApprovedRecheckDefinition : PlatformConsumerDefinition<ReturnApprovedRecheck>;
