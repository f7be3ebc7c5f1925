using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Assets.Host.Persistence;
using Platform.Assets.V1;
using Platform.Grpc;
using Platform.Registry.V1;

namespace Platform.Assets.FunctionalTests.Grpc;

/// <summary>The vehicle register on PostgreSQL: acquisition with every bad input named, transfers, disposals, per-unit views by year, a merge from the registry, events.</summary>
public sealed class VehicleRegisterTests : AssetsFixture
{
    private static AcquireVehicleRequest Car(string plate, string unit = Seismic, string on = "2022-03-15", string value = "185000.00", string category = "执法执勤用车") =>
        new() { UnitId = unit, Plate = plate, Category = category, AcquiredOn = on, OriginalValue = value, Reason = "购置" };

    [Fact]
    public async Task AcquireVehicle_BadInput_EveryFieldNamedAndNothingSaved()
    {
        // A value the contract declares a non-negative amount is refused at the door, before the register's rules run.
        var negative = await Assert.ThrowsAsync<RpcException>(() => Assets.AcquireVehicleAsync(Car("新A12345", value: "-5"), As(Clerk)).ResponseAsync);
        Assert.Equal(("original_value", "NEGATIVE"), negative.FieldViolations().Select(v => (v.Field, v.Reason)).Single());

        var bad = new AcquireVehicleRequest { UnitId = Seismic, Plate = "新A1234", Category = "豪华用车", AcquiredOn = "2022-13-01", OriginalValue = "五万元" };
        var ex = await Assert.ThrowsAsync<RpcException>(() => Assets.AcquireVehicleAsync(bad, As(Clerk)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        // The unknown category too, though the date did not read (it was said in the round after the date's).
        Assert.Equal(["acquired_on", "category", "original_value", "plate"], Violations(ex).Select(v => v.Field).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(Violations(ex), v => v.Field == "plate" && v.Description.Contains("新能源车牌为 8 位", StringComparison.Ordinal));
        Assert.All(Violations(ex), v => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", v.Description));
        Assert.Contains("没有这个月份", Violations(ex).First(v => v.Field == "acquired_on").Description, StringComparison.Ordinal);
        // A date in form, before any the platform takes: out of range, not "not a valid date".
        var old = await Assert.ThrowsAsync<RpcException>(() => Assets.AcquireVehicleAsync(Car("新A12345", on: "1899-12-31"), As(Clerk)).ResponseAsync);
        Assert.Contains("年份超出范围", Assert.Single(Violations(old)).Description, StringComparison.Ordinal);

        var category = await Assert.ThrowsAsync<RpcException>(() => Assets.AcquireVehicleAsync(Car("新A12345", category: "豪华用车"), As(Clerk)).ResponseAsync);
        Assert.Contains("执法执勤用车", Assert.Single(Violations(category)).Description);
        var precise = await Assert.ThrowsAsync<RpcException>(() => Assets.AcquireVehicleAsync(Car("新A12345", value: "1.005"), As(Clerk)).ResponseAsync);
        Assert.Equal("original_value", Assert.Single(Violations(precise)).Field);
        var future = await Assert.ThrowsAsync<RpcException>(() => Assets.AcquireVehicleAsync(Car("新A12345", on: "2099-01-01"), As(Clerk)).ResponseAsync);
        Assert.Equal("acquired_on", Assert.Single(Violations(future)).Field);
        // A future date is said with the other fields' problems, not in a round of its own after them.
        var together = await Assert.ThrowsAsync<RpcException>(() => Assets.AcquireVehicleAsync(Car("新A1234", category: "", on: "2099-01-01"), As(Clerk)).ResponseAsync);
        Assert.Equal(["acquired_on", "category", "plate"], Violations(together).Select(v => v.Field).Distinct().Order(StringComparer.Ordinal));
        var province = await Assert.ThrowsAsync<RpcException>(() => Assets.AcquireVehicleAsync(Car("X A12345"), As(Clerk)).ResponseAsync);
        Assert.Contains("省、自治区、直辖市的简称", Assert.Single(Violations(province)).Description);
        var io = await Assert.ThrowsAsync<RpcException>(() => Assets.AcquireVehicleAsync(Car("新A1O345"), As(Clerk)).ResponseAsync);
        Assert.Contains("I 和 O", Assert.Single(Violations(io)).Description);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Assets.AcquireVehicleAsync(Car("新A12345", unit: "no-such-unit"), As(Clerk)).ResponseAsync);
        Assert.Equal("unit_id", Assert.Single(Violations(unknown)).Field);

        // Accepted: an ordinary, a small and a large new-energy plate (with the separator people type).
        var ordinary = await Assets.AcquireVehicleAsync(Car("新A·12345"), As(Clerk));
        Assert.Equal("新A12345", ordinary.Plate);
        await Assets.AcquireVehicleAsync(Car("新AD12345", category: "其他用车"), As(Clerk));
        await Assets.AcquireVehicleAsync(Car("新A12345F", category: "主要领导干部用车"), As(Clerk));
        var duplicate = await Assert.ThrowsAsync<RpcException>(() => Assets.AcquireVehicleAsync(Car("新a12345"), As(Clerk)).ResponseAsync);
        Assert.Equal(("plate", true), (Assert.Single(Violations(duplicate)).Field, Violations(duplicate)[0].Description.Contains("已有在用车辆登记", StringComparison.Ordinal)));
        var denied = await Assert.ThrowsAsync<RpcException>(() => Assets.AcquireVehicleAsync(Car("新A22222"), As(BureauClerk)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", denied.Status.Detail);
        Assert.DoesNotContain(BureauClerk.Subject, denied.Status.Detail, StringComparison.Ordinal);
        // An outsider learns nothing of the register: a plate in service is refused as theirs to register at all, not as a
        // duplicate (the register was consulted first, and said so).
        var probe = await Assert.ThrowsAsync<RpcException>(() => Assets.AcquireVehicleAsync(Car("新A12345"), As(BureauClerk)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, probe.StatusCode);

        var list = await Assets.ListVehiclesAsync(new ListVehiclesRequest { UnitId = Seismic, FiscalYear = 2022 }, As(CityReviewer));
        Assert.Equal((3, 3, "555000"), (list.Held, list.Acquired, list.HeldValue));
        Assert.Equal(1, list.HeldByCategory["PRINCIPAL"]);
    }

    [Fact]
    public async Task Movements_TransferAndDispose_EachUnitSeesItsYear()
    {
        var car = await Assets.AcquireVehicleAsync(Car("新A11111"), As(Clerk));
        var van = await Assets.AcquireVehicleAsync(Car("新A22222", category: "其他用车", value: "120000"), As(Clerk));

        // A date that does not read and no reason: both said at once (the reason waited for the next round).
        var both = await Assert.ThrowsAsync<RpcException>(() => Assets.DisposeVehicleAsync(
            new DisposeVehicleRequest { Plate = "新A22222", DisposedOn = "2022-13-01" }, As(Clerk)).ResponseAsync);
        Assert.Equal(["disposed_on", "reason"], Violations(both).Select(v => v.Field).Order(StringComparer.Ordinal));
        var beforeAcquisition = await Assert.ThrowsAsync<RpcException>(() => Assets.DisposeVehicleAsync(
            new DisposeVehicleRequest { Plate = "新A22222", DisposedOn = "2021-12-31", Reason = "报废" }, As(Clerk)).ResponseAsync);
        Assert.Equal("disposed_on", Assert.Single(Violations(beforeAcquisition)).Field);
        var outside = await Assert.ThrowsAsync<RpcException>(() => Assets.TransferVehicleAsync(
            new TransferVehicleRequest { Plate = "新A11111", ToUnitId = "a-unit-outside", TransferredOn = "2023-03-01" }, As(Clerk)).ResponseAsync);
        Assert.Equal("to_unit_id", Assert.Single(Violations(outside)).Field);
        var stale = await Assert.ThrowsAsync<RpcException>(() => Assets.TransferVehicleAsync(
            new TransferVehicleRequest { Plate = "新A11111", ToUnitId = Bureau, TransferredOn = "2023-03-01", Revision = car.Revision + 1 }, As(Clerk)).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);

        var moved = await Assets.TransferVehicleAsync(new TransferVehicleRequest { Plate = "新A11111", ToUnitId = Bureau, TransferredOn = "2023-03-01", Reason = "调剂", Revision = car.Revision }, As(Clerk));
        Assert.Equal((Bureau, 2), (moved.HolderUnitId, moved.Movements.Count));
        await Assets.DisposeVehicleAsync(new DisposeVehicleRequest { Plate = "新A22222", DisposedOn = "2023-06-01", Reason = "报废", Revision = van.Revision }, As(Clerk));
        var twice = await Assert.ThrowsAsync<RpcException>(() => Assets.DisposeVehicleAsync(new DisposeVehicleRequest { Plate = "新A22222", DisposedOn = "2023-07-01", Reason = "报废" }, As(Clerk)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        // The former holder's clerk no longer moves the transferred car, nor reads it by its plate: to whoever may not read
        // the holder's register it is as unknown as a plate never registered (403 here and 404 there told which exist).
        var formerHolder = await Assert.ThrowsAsync<RpcException>(() =>
            Assets.DisposeVehicleAsync(new DisposeVehicleRequest { Plate = "新A11111", DisposedOn = "2023-08-01", Reason = "报废" }, As(Clerk)).ResponseAsync);
        var neverRegistered = await Assert.ThrowsAsync<RpcException>(() =>
            Assets.DisposeVehicleAsync(new DisposeVehicleRequest { Plate = "新A99999", DisposedOn = "2023-08-01", Reason = "报废" }, As(Clerk)).ResponseAsync);
        Assert.Equal((StatusCode.NotFound, StatusCode.NotFound), (formerHolder.StatusCode, neverRegistered.StatusCode));
        Assert.DoesNotContain(Bureau, formerHolder.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() =>
            Assets.GetVehicleAsync(new GetVehicleRequest { Plate = "新A11111" }, As(Clerk)).ResponseAsync)).StatusCode);
        Assert.Equal(Bureau, (await Assets.GetVehicleAsync(new GetVehicleRequest { Plate = "新A11111" }, As(BureauClerk))).HolderUnitId);
        // What the new holder does next is not the former holder's business: its register shows the car as it left it.
        await Assets.DisposeVehicleAsync(new DisposeVehicleRequest { Plate = "新A11111", DisposedOn = "2024-02-01", Reason = "报废", Revision = moved.Revision }, As(BureauClerk));

        var seismic2022 = await Assets.ListVehiclesAsync(new ListVehiclesRequest { UnitId = Seismic, FiscalYear = 2022 }, As(Clerk));
        Assert.Equal(2, seismic2022.Held);
        var seismic2023 = await Assets.ListVehiclesAsync(new ListVehiclesRequest { UnitId = Seismic, FiscalYear = 2023 }, As(Clerk));
        Assert.Equal(0, seismic2023.Held);
        Assert.Equal([("新A11111", "TRANSFERRED_OUT"), ("新A22222", "DISPOSED")], seismic2023.Vehicles.Select(v => (v.Vehicle.Plate, v.StatusForUnit)).Order());
        var left = seismic2023.Vehicles.Single(v => v.Vehicle.Plate == "新A11111").Vehicle;
        Assert.Equal((Bureau, "IN_SERVICE", 2), (left.HolderUnitId, left.Status, left.Movements.Count));
        Assert.Equal("DISPOSED", (await Assets.GetVehicleAsync(new GetVehicleRequest { Plate = "新A11111" }, As(BureauClerk))).Status);
        var bureau2023 = await Assets.ListVehiclesAsync(new ListVehiclesRequest { UnitId = Bureau, FiscalYear = 2023 }, As(BureauClerk));
        Assert.Equal((1, 0), (bureau2023.Held, bureau2023.Acquired));
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            Assets.ListVehiclesAsync(new ListVehiclesRequest { UnitId = Seismic, FiscalYear = 2023 }, As(ChangjiReviewer)).ResponseAsync)).StatusCode);
        // A disposed plate may be issued again.
        await Assets.AcquireVehicleAsync(Car("新A22222", on: "2023-09-01"), As(Clerk));

        await using var scope = Host.Services.CreateAsyncScope();
        var types = await scope.ServiceProvider.GetRequiredService<AssetsDbContext>().OutboxMessages.Select(m => m.Type).ToListAsync();
        Assert.Equal(3, types.Count(t => t.EndsWith(".VehicleAcquired", StringComparison.Ordinal)));
        Assert.Single(types, t => t.EndsWith(".VehicleTransferred", StringComparison.Ordinal));
        Assert.Equal(2, types.Count(t => t.EndsWith(".VehicleDisposed", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Merge_RegistryReorganization_VehiclesMoveToTheTargetFromTheEffectiveYear()
    {
        await Assets.AcquireVehicleAsync(Car("新A33333"), As(Clerk));
        await Assets.AcquireVehicleAsync(Car("新A44444", category: "其他用车"), As(Clerk));
        await Registry.ReorganizeAsync(new ReorganizeRequest { EffectiveYear = 2023, Merge = new() { SourceId = Seismic, TargetId = Bureau } }, As(RegistryAdmin));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        Vehicle moved;
        while ((moved = await Assets.GetVehicleAsync(new GetVehicleRequest { Plate = "新A33333" }, As(Admin))).HolderUnitId != Bureau)
        {
            Assert.True(DateTime.UtcNow < deadline, "the merge did not move the vehicles");
            await Task.Delay(50);
        }
        Assert.Equal(("TRANSFER", "2023-01-01", Seismic, Bureau), (moved.Movements[^1].Kind, moved.Movements[^1].On, moved.Movements[^1].FromUnitId, moved.Movements[^1].ToUnitId));
        var before = await Assets.ListVehiclesAsync(new ListVehiclesRequest { UnitId = Seismic, FiscalYear = 2022 }, As(CityReviewer));
        var after = await Assets.ListVehiclesAsync(new ListVehiclesRequest { UnitId = Bureau, FiscalYear = 2023 }, As(CityReviewer));
        Assert.Equal((2, 2), (before.Held, after.Held));
        Assert.Equal(2, after.HeldByCategory.Values.Sum());
    }

    [Fact]
    public async Task ClosedYear_MovementsRefused()
    {
        await Assets.AcquireVehicleAsync(Car("新A55555"), As(Clerk));
        await Registry.CloseFiscalYearsAsync(new CloseFiscalYearsRequest { FiscalYear = 2022 }, As(RegistryAdmin));
        // The registry's FiscalYearsClosed reaches the assets service through the bus.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var scope = Host.Services.CreateAsyncScope();
            if ((await scope.ServiceProvider.GetRequiredService<AssetsDbContext>().Closure.AsNoTracking().FirstOrDefaultAsync())?.ClosedThrough == 2022)
            {
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, "FiscalYearsClosed was not consumed");
            await Task.Delay(50);
        }
        var acquire = await Assert.ThrowsAsync<RpcException>(() => Assets.AcquireVehicleAsync(Car("新A66666", on: "2022-05-01"), As(Clerk)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, acquire.StatusCode);
        // The date by its printed name: the whole message reaches a clerk ("acquired_on 2022-05-01 属于…" did).
        Assert.StartsWith("购置日期 2022-05-01 属于 2022 年度", acquire.Status.Detail, StringComparison.Ordinal);
        var dispose = await Assert.ThrowsAsync<RpcException>(() => Assets.DisposeVehicleAsync(new DisposeVehicleRequest { Plate = "新A55555", DisposedOn = "2022-12-01", Reason = "报废" }, As(Clerk)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, dispose.StatusCode);
        var report = await Assert.ThrowsAsync<RpcException>(() => Assets.ReportInventoryAsync(
            new ReportInventoryRequest { Ref = new InventoryRef { UnitId = Seismic, FiscalYear = 2022 }, Figures = new InventoryFigures { FixedAssetsTotal = "100" } }, As(Clerk)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, report.StatusCode);
        // Only checked, the same answer: validate_only makes every check a report makes.
        var check = await Assert.ThrowsAsync<RpcException>(() => Assets.ReportInventoryAsync(
            new ReportInventoryRequest { Ref = new InventoryRef { UnitId = Seismic, FiscalYear = 2022 }, Figures = new InventoryFigures { FixedAssetsTotal = "100" }, ValidateOnly = true }, As(Clerk)).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, report.Status.Detail), (check.StatusCode, check.Status.Detail));
        await Assets.DisposeVehicleAsync(new DisposeVehicleRequest { Plate = "新A55555", DisposedOn = "2023-02-01", Reason = "报废" }, As(Clerk));
    }
}
