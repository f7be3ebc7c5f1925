using Platform.Assets.Domain.Vehicles;
using Platform.Domain;
using Platform.Events.V1;

namespace Platform.Assets.Domain.Tests.Vehicles;

public sealed class VehicleTests
{
    private static readonly AssetReference Reference = AssetReference.LoadShipped();
    private static readonly Actor Clerk = new("clerk", [PlatformRoles.Clerk], "650100", "a");
    private static readonly DateTimeOffset Now = new(2024, 1, 10, 0, 0, 0, TimeSpan.Zero);

    private static Vehicle Car(decimal value = 185000m) =>
        Vehicle.Acquire("v1", Plate.Parse("新A12345").Plate!, Reference.VehicleCategory("执法执勤用车", 2022, "category"), value, "a", new DateOnly(2022, 3, 1), "购置", 0, Clerk, Now);

    [Fact]
    public void Movements_TransferThenDispose_HolderByDateAndEvents()
    {
        var v = Car();
        v.Transfer("b", new DateOnly(2023, 2, 1), "调剂", 0, Clerk, Now);
        v.Dispose(new DateOnly(2023, 9, 1), "报废", 0, Clerk, Now);
        Assert.Equal((null, "a", "b", null), (v.HolderAt(new DateOnly(2022, 2, 28)), v.HolderAt(new DateOnly(2022, 12, 31)), v.HolderAt(new DateOnly(2023, 8, 31)), v.HolderAt(new DateOnly(2023, 12, 31))));
        Assert.Equal([typeof(VehicleAcquired), typeof(VehicleTransferred), typeof(VehicleDisposed)], v.Events.Select(e => e.GetType()));
        Assert.Equal(VehicleStatus.Disposed, v.Status);
        var disposed = Assert.Throws<PreconditionFailedException>(() => v.Transfer("c", new DateOnly(2023, 10, 1), null, 0, Clerk, Now));
        Assert.Equal("车辆 新A12345 已于 2023-09-01 处置，不能再办理变动", disposed.Message);
    }

    [Fact]
    public void Movements_ReasonLongerThanANote_RefusedNamingReasonAndNothingMoved()
    {
        var v = Car();
        var longReason = new string('调', FreeText.NoteLength + 1);
        var transfer = Assert.Throws<ValidationException>(() => v.Transfer("b", new DateOnly(2023, 2, 1), longReason, 0, Clerk, Now));
        Assert.Equal(("reason", "TOO_LONG"), (transfer.Errors.Single().Field, transfer.Errors.Single().Code));
        var dispose = Assert.Throws<ValidationException>(() => v.Dispose(new DateOnly(2023, 2, 1), longReason, 0, Clerk, Now));
        Assert.Equal(("reason", "TOO_LONG"), (dispose.Errors.Single().Field, dispose.Errors.Single().Code));
        Assert.Equal("a", v.Holder);
        Assert.Single(v.Movements);
        v.Transfer("b", new DateOnly(2023, 2, 1), new string('调', FreeText.NoteLength), 0, Clerk, Now);
        Assert.Equal("b", v.Holder);
    }

    [Fact]
    public void Movements_OutOfOrderClosedOrSame_Refused()
    {
        var v = Car();
        Assert.Equal("disposed_on", Assert.Single(Assert.Throws<ValidationException>(() => v.Dispose(new DateOnly(2022, 2, 1), "报废", 0, Clerk, Now)).Errors).Field);
        Assert.Equal("to_unit_id", Assert.Single(Assert.Throws<ValidationException>(() => v.Transfer("a", new DateOnly(2022, 5, 1), null, 0, Clerk, Now)).Errors).Field);
        Assert.Throws<PreconditionFailedException>(() => v.Transfer("b", new DateOnly(2022, 5, 1), null, closedThrough: 2022, Clerk, Now));
        Assert.Equal("reason", Assert.Single(Assert.Throws<ValidationException>(() => v.Dispose(new DateOnly(2023, 5, 1), " ", 0, Clerk, Now)).Errors).Field);
        Assert.Equal(["original_value"], Assert.Throws<ValidationException>(() => Car(-1m)).Errors.Select(e => e.Field));
        var precise = Assert.Single(Assert.Throws<ValidationException>(() => Car(1.001m)).Errors);
        Assert.Equal("TOO_PRECISE", precise.Code);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", precise.Reason);
    }
}
