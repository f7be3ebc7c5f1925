namespace Platform.Events.V1;

/// <summary>
/// A unit reported (or a publication stated) its state-asset inventory at 31 December of a fiscal year (assets service).
/// <see cref="ReportedBy"/>: who (null from senders before it was carried, and for an import with no person behind it).
/// </summary>
public sealed record AssetInventoryReported(
    string UnitId, int FiscalYear, long Revision, string Source, decimal? FixedAssets, int? Vehicles, decimal? VehiclesValue, DateTimeOffset At,
    string? ReportedBy = null);

/// <summary>The finance office over the unit accepted (审核通过) the inventory as reported; <see cref="Revision"/> is the acceptance's.</summary>
public sealed record AssetInventoryAccepted(string UnitId, int FiscalYear, long Revision, string AcceptedBy, DateTimeOffset At);

/// <summary>The finance office sent the inventory back (退回修改) with <see cref="Comment"/>; the unit reports again.</summary>
public sealed record AssetInventoryReturned(string UnitId, int FiscalYear, long Revision, string Comment, string ReturnedBy, DateTimeOffset At);

/// <summary>A vehicle entered the register: acquired by <see cref="UnitId"/> on <see cref="On"/> (purchase or allocation), original value in 元.</summary>
public sealed record VehicleAcquired(
    string VehicleId, string Plate, string Category, decimal OriginalValue, string UnitId, DateOnly On, string By, DateTimeOffset At);

/// <summary>A vehicle was disposed of (报废, 拍卖, …); it stays in the register.</summary>
public sealed record VehicleDisposed(string VehicleId, string Plate, string UnitId, DateOnly On, string Reason, string By, DateTimeOffset At);

/// <summary>A vehicle moved between two units of the platform (a decision, or a reorganization of the registry).</summary>
public sealed record VehicleTransferred(string VehicleId, string Plate, string FromUnitId, string ToUnitId, DateOnly On, string? Reason, string By, DateTimeOffset At);
