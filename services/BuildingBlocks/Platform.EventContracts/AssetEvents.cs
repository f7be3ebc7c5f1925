namespace Platform.Events.V1;

/// <summary>A unit reported (or a publication stated) its state-asset inventory at 31 December of a fiscal year (assets service).</summary>
public sealed record AssetInventoryReported(
    string UnitId, int FiscalYear, long Revision, string Source, decimal? FixedAssets, int? Vehicles, decimal? VehiclesValue, DateTimeOffset At);

/// <summary>A vehicle entered the register: acquired by <see cref="UnitId"/> on <see cref="On"/> (purchase or allocation), original value in 元.</summary>
public sealed record VehicleAcquired(
    string VehicleId, string Plate, string Category, decimal OriginalValue, string UnitId, DateOnly On, string By, DateTimeOffset At);

/// <summary>A vehicle was disposed of (报废, 拍卖, …); it stays in the register.</summary>
public sealed record VehicleDisposed(string VehicleId, string Plate, string UnitId, DateOnly On, string Reason, string By, DateTimeOffset At);

/// <summary>A vehicle moved between two units of the platform (a decision, or a reorganization of the registry).</summary>
public sealed record VehicleTransferred(string VehicleId, string Plate, string FromUnitId, string ToUnitId, DateOnly On, string? Reason, string By, DateTimeOffset At);
