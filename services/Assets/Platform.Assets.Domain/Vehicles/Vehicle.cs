using Platform.Domain;
using Platform.Events.V1;

namespace Platform.Assets.Domain.Vehicles;

public enum VehicleStatus
{
    /// <summary>Held by a unit of the platform.</summary>
    InService,
    /// <summary>Disposed of (报废, 拍卖, 移交 outside the public sector): kept in the register, never deleted.</summary>
    Disposed,
}

public enum MovementKind
{
    Acquisition,
    Transfer,
    Disposal,
}

/// <summary>One movement of a vehicle: when (a date in a fiscal year), between which units, why, by whom.</summary>
public sealed record Movement(MovementKind Kind, DateOnly On, string? FromUnit, string? ToUnit, string? Reason, string Actor, DateTimeOffset At);

/// <summary>
/// Who may change the register: the holding unit's staff, or an assets administrator over the unit's region; who reviews
/// an inventory: a reviewer over the unit's region.
/// </summary>
public static class AssetAccess
{
    public const string Admin = "assets-admin";

    public static bool IsAdminOver(Actor actor, string regionCode) => actor.IsInRole(Admin) && Jurisdiction.Covers(actor.RegionCode, regionCode);

    public static void RequireKeeper(Actor actor, string unitId, string regionCode)
    {
        if (!actor.IsStaffOf(unitId) && !IsAdminOver(actor, regionCode))
        {
            throw new ForbiddenException(AssetsMessages.KeeperOnly(unitId, regionCode));
        }
    }

    /// <summary>An inventory is accepted or sent back by a reviewer of the finance office over the unit only.</summary>
    public static void RequireReviewer(Actor actor, string regionCode)
    {
        if (!actor.IsReviewerOver(regionCode))
        {
            throw new ForbiddenException(AssetsMessages.ReviewerOnly);
        }
    }

    /// <summary>A jurisdiction's inventories are listed for its finance office: a reviewer or an assets administrator over it.</summary>
    public static void RequireOffice(Actor actor, string regionCode)
    {
        if (!actor.IsReviewerOver(regionCode) && !IsAdminOver(actor, regionCode))
        {
            throw new ForbiddenException(AssetsMessages.OfficeOnly(regionCode));
        }
    }

    public static bool CanRead(Actor actor, string unitId, string regionCode) =>
        actor.IsPlatformService || actor.IsStaffOf(unitId) || actor.IsReviewerOver(regionCode) || IsAdminOver(actor, regionCode);

    public static void RequireReader(Actor actor, string unitId, string regionCode)
    {
        if (!CanRead(actor, unitId, regionCode))
        {
            throw new ForbiddenException(Messages.MayNotRead);
        }
    }
}

/// <summary>
/// An official vehicle in the register: plate, category, original value (元), and its movements — acquired by a unit,
/// transferred between units of the platform, disposed of. Movements are in date order and never rewritten; a
/// movement in a closed fiscal year is refused. Where a vehicle is on a date follows from its movements.
/// </summary>
public sealed class Vehicle
{
    private readonly List<Movement> _movements = [];
    private readonly List<object> _events = [];

    private Vehicle(string id, Plate plate, VehicleCategory category, decimal originalValue)
    {
        Id = id;
        Plate = plate;
        Category = category;
        OriginalValue = originalValue;
    }

    public string Id { get; }

    public Plate Plate { get; }

    public VehicleCategory Category { get; }

    /// <summary>原值 in 元, exact to the fen.</summary>
    public decimal OriginalValue { get; }

    public VehicleStatus Status { get; private set; }

    public string Holder { get; private set; } = "";

    public DateOnly AcquiredOn => _movements[0].On;

    public IReadOnlyList<Movement> Movements => _movements;

    public IReadOnlyList<object> Events => _events;

    public long Revision { get; private set; }

    /// <summary>A vehicle a unit acquires (purchase or allocation): its first movement.</summary>
    public static Vehicle Acquire(
        string id, Plate plate, VehicleCategory category, decimal originalValue, string unitId, DateOnly on, string? reason,
        int closedThrough, Actor actor, DateTimeOffset now)
    {
        var errors = ValueProblems(originalValue, "original_value").ToList();
        try
        {
            reason = FreeText.Check(reason, FreeText.NoteLength, "reason");
        }
        catch (ValidationException ex)
        {
            errors.AddRange(ex.Errors);
        }
        errors.AddRange(DateProblems(on, now, "acquired_on"));
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        RequireOpen(on, closedThrough, "购置日期");
        var v = new Vehicle(id, plate, category, originalValue) { Status = VehicleStatus.InService, Holder = unitId, Revision = 1 };
        v._movements.Add(new Movement(MovementKind.Acquisition, on, null, unitId, reason, actor.Subject, now));
        v._events.Add(new VehicleAcquired(id, plate.Value, category.Code, originalValue, unitId, on, actor.Subject, now));
        return v;
    }

    /// <summary>A movement's date is not later than today in China (the register records what happened).</summary>
    public static IEnumerable<FieldError> DateProblems(DateOnly on, DateTimeOffset now, string field)
    {
        if (DateOnly.FromDateTime(now.UtcDateTime.AddHours(8)) < on)
        {
            yield return new FieldError(field, AssetsMessages.InFuture(on), "FUTURE_DATE");
        }
    }

    /// <summary>An original value is 元 to the fen, not negative.</summary>
    public static IEnumerable<FieldError> ValueProblems(decimal value, string field)
    {
        if (value < 0)
        {
            yield return new FieldError(field, AssetsMessages.Negative(value), "NEGATIVE");
        }
        else if (value != Math.Round(value, 2))
        {
            yield return new FieldError(field, AssetsMessages.FinerThanAFen(value), "TOO_PRECISE");
        }
    }

    /// <summary>Disposal: not before the vehicle's last movement, not twice, not in a closed year.</summary>
    public void Dispose(DateOnly on, string reason, int closedThrough, Actor actor, DateTimeOffset now)
    {
        RequireInService();
        RequireAfterLast(on, "disposed_on");
        RequireOpen(on, closedThrough, "处置日期");
        var why = FreeText.Check(reason, FreeText.NoteLength, "reason")
            ?? throw new ValidationException("reason", AssetsMessages.DisposalReasonRequired, "REQUIRED");
        var from = Holder;
        Status = VehicleStatus.Disposed;
        Revision++;
        _movements.Add(new Movement(MovementKind.Disposal, on, from, null, why, actor.Subject, now));
        _events.Add(new VehicleDisposed(Id, Plate.Value, from, on, why, actor.Subject, now));
    }

    /// <summary>A transfer to another unit of the platform (the caller has checked it exists and is active on that date).</summary>
    public void Transfer(string toUnit, DateOnly on, string? reason, int closedThrough, Actor actor, DateTimeOffset now)
    {
        RequireInService();
        if (toUnit == Holder)
        {
            throw new ValidationException("to_unit_id", AssetsMessages.AlreadyHeldBy(toUnit), "SAME_UNIT");
        }
        reason = FreeText.Check(reason, FreeText.NoteLength, "reason");
        RequireAfterLast(on, "transferred_on");
        RequireOpen(on, closedThrough, "调出日期");
        var from = Holder;
        Holder = toUnit;
        Revision++;
        _movements.Add(new Movement(MovementKind.Transfer, on, from, toUnit, reason, actor.Subject, now));
        _events.Add(new VehicleTransferred(Id, Plate.Value, from, toUnit, on, reason, actor.Subject, now));
    }

    /// <summary>The unit holding the vehicle at the end of <paramref name="on"/>, or null (not yet acquired, or disposed).</summary>
    public string? HolderAt(DateOnly on)
    {
        string? holder = null;
        foreach (var m in _movements.Where(m => m.On <= on))
        {
            holder = m.ToUnit;
        }
        return holder;
    }

    public static Vehicle Restore(string id, Plate plate, VehicleCategory category, decimal originalValue, VehicleStatus status, string holder, long revision, IEnumerable<Movement> movements)
    {
        var v = new Vehicle(id, plate, category, originalValue) { Status = status, Holder = holder, Revision = revision };
        v._movements.AddRange(movements.OrderBy(m => m.On).ThenBy(m => m.At));
        return v;
    }

    public void ClearEvents() => _events.Clear();

    private void RequireInService()
    {
        if (Status == VehicleStatus.Disposed)
        {
            throw new PreconditionFailedException(AssetsMessages.Disposed(Plate, _movements[^1].On));
        }
    }

    private void RequireAfterLast(DateOnly on, string field)
    {
        var last = _movements[^1];
        if (on < last.On)
        {
            throw new ValidationException(field, AssetsMessages.BeforeLastMovement(on, last.Kind, last.On), "BEFORE_LAST_MOVEMENT");
        }
    }

    /// <summary>Fiscal years up to <paramref name="closedThrough"/> are closed (the registry closes them): their figures are final.</summary>
    internal static void RequireOpen(DateOnly on, int closedThrough, string what)
    {
        if (on.Year <= closedThrough)
        {
            // The date by its printed name: the message reaches a clerk whole ("acquired_on 2026-11-01 属于…" did).
            throw new PreconditionFailedException(AssetsMessages.InClosedYear(what, on, closedThrough));
        }
    }
}
