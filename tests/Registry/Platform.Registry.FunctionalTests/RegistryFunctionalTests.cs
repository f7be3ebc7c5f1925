using Grpc.Core;
using Grpc.Net.Client;
using Google.Rpc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Grpc;
using Platform.Grpc.Security;
using Platform.Registry.Client;
using Platform.Registry.Host;
using Platform.Registry.Host.Persistence;
using Platform.Registry.V1;
using Platform.Testing;
using DomainCreditCode = Platform.Registry.Domain.CreditCode;

namespace Platform.Registry.FunctionalTests;

/// <summary>The registry through the platform transport on a real Kestrel port, on each database.</summary>
public abstract partial class RegistryFunctionalTests : IAsyncLifetime
{
    private static readonly CallerIdentity Admin = new("admin-xj", ["registry-admin"], "650000");
    private static readonly CallerIdentity UrumqiAdmin = new("admin-urumqi", ["registry-admin"], "650100");
    private static readonly CallerIdentity ChangjiAdmin = new("admin-changji", ["registry-admin"], "652300");
    private static readonly CallerIdentity Clerk = new("clerk-1", ["clerk"], "650100");

    private const string Bureau = "urumqi-emergency";
    private const string Detachment = "urumqi-emergency-enforcement";
    private const string ServiceCentre = "urumqi-emergency-services";
    private const string Seismic = "urumqi-seismic";

    private TestHost _host = null!;
    private GrpcChannel _channel = null!;
    private string _connection = null!;

    protected UnitRegistry.UnitRegistryClient Registry { get; private set; } = null!;

    protected abstract Task<Dictionary<string, string?>> DatabaseSettingsAsync();

    public async Task InitializeAsync()
    {
        var settings = await DatabaseSettingsAsync();
        _connection = settings.Values.First()!;
        _host = await StartHostAsync(settings);
        _channel = GrpcChannel.ForAddress(_host.Address);
        Registry = new UnitRegistry.UnitRegistryClient(_channel);
        await SeedAsync();
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _host.DisposeAsync();
    }

    private static Task<TestHost> StartHostAsync(Dictionary<string, string?> settings) => TestHost.StartAsync(
        configureBuilder: b => b.AddRegistryService(),
        configureApp: app => app.MapRegistryService(),
        settings: settings);

    private static CallOptions As(CallerIdentity caller) => TestHost.As(caller);

    private static string Code(string seventeen) => DomainCreditCode.Complete(seventeen).Value;

    private async Task SeedAsync()
    {
        await Registry.AddRegionAsync(new AddRegionRequest { Code = "650000", Name = "新疆维吾尔自治区", Kind = RegionKind.AutonomousRegion }, As(Admin));
        await Registry.AddRegionAsync(new AddRegionRequest { Code = "650100", Name = "乌鲁木齐市", Kind = RegionKind.City, ParentCode = "650000" }, As(Admin));
        await Registry.AddRegionAsync(new AddRegionRequest { Code = "652300", Name = "昌吉回族自治州", Kind = RegionKind.Prefecture, ParentCode = "650000" }, As(Admin));
        await Register(Bureau, "11650100MB0000001", "乌鲁木齐市应急管理局(市矿山安全监督管理局)本级", null, "行政单位");
        await Register(Detachment, "12650100MB0000002", "乌鲁木齐市应急管理综合行政执法支队", Bureau, "参照公务员法管理事业单位");
        await Register(ServiceCentre, "12650100MB0000003", "乌鲁木齐市应急管理事务服务中心", Bureau, "事业单位");
        await Register(Seismic, "12650100MB0000004", "乌鲁木齐市地震监测中心", Bureau, "事业单位");
    }

    private Task<Unit> Register(string id, string code17, string name, string? parent, string nature, string region = "650100", int year = 2019) =>
        Registry.RegisterUnitAsync(new RegisterUnitRequest
        {
            Id = id, CreditCode = Code(code17), Name = name, RegionCode = region, ParentId = parent ?? "", Nature = nature, FromYear = year,
        }, As(UrumqiAdmin)).ResponseAsync;

    private async Task<List<string>> SubtreeAsync(string unitId, int year)
    {
        using var call = Registry.ExportSubtree(new ExportSubtreeRequest { UnitId = unitId, AsOfYear = year }, As(Clerk));
        var ids = new List<string>();
        await foreach (var unit in call.ResponseStream.ReadAllAsync())
        {
            ids.Add(unit.Id);
        }
        return ids;
    }

    private static List<string> Fields(RpcException ex) => ex.FieldViolations().Select(v => v.Field).ToList();

    [Fact]
    public async Task Merge_2023_ExportSubtreeBeforeAndAfterReturnsTheRightTrees()
    {
        await Registry.ReorganizeAsync(new ReorganizeRequest
        {
            EffectiveYear = 2023,
            Merge = new ReorganizeRequest.Types.Merge { SourceId = Detachment, TargetId = Bureau },
        }, As(UrumqiAdmin));

        Assert.Equal([Bureau, Detachment, ServiceCentre, Seismic], await SubtreeAsync(Bureau, 2022));
        Assert.Equal([Bureau, ServiceCentre, Seismic], await SubtreeAsync(Bureau, 2023));
        var merged = await Registry.GetUnitAsync(new GetUnitRequest { UnitId = Detachment, AsOfYear = 2023 }, As(Clerk));
        Assert.Equal("MERGED", merged.Status);
        Assert.Equal([Bureau], merged.SuccessorIds);
        Assert.Equal("ACTIVE", (await Registry.GetUnitAsync(new GetUnitRequest { UnitId = Detachment, AsOfYear = 2022 }, As(Clerk))).Status);
    }

    [Fact]
    public async Task BadInput_EachCase_StatusAndFieldAndNothingWritten()
    {
        async Task<RpcException> Fails(Func<Task> call) => await Assert.ThrowsAsync<RpcException>(call);

        var badCode = await Fails(() => Registry.RegisterUnitAsync(new RegisterUnitRequest
        {
            Id = "x", CreditCode = "91350100M000100Y44", Name = "某单位", RegionCode = "650100", Nature = "事业单位", FromYear = 2022,
        }, As(UrumqiAdmin)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, badCode.StatusCode);
        Assert.Equal(["credit_code"], Fields(badCode));
        Assert.Contains("应为 “3”，实际为 “4”", badCode.Status.Detail);

        var duplicate = await Fails(() => Register("dup", "11650100MB0000001", "重复单位", Bureau, "事业单位", year: 2022));
        Assert.Equal(["credit_code"], Fields(duplicate));

        var otherRegion = await Fails(() => Registry.RegisterUnitAsync(new RegisterUnitRequest
        {
            Id = "c", CreditCode = Code("12652300MB0000005"), Name = "昌吉州某中心", RegionCode = "652300", ParentId = Bureau, Nature = "事业单位", FromYear = 2022,
        }, As(Admin)).ResponseAsync);
        Assert.Equal(["parent_id"], Fields(otherRegion));

        var cycle = await Fails(() => Registry.ReorganizeAsync(new ReorganizeRequest
        {
            EffectiveYear = 2023, Transfer = new ReorganizeRequest.Types.Transfer { UnitId = Bureau, ParentId = Seismic },
        }, As(UrumqiAdmin)).ResponseAsync);
        Assert.Equal(["parent_id"], Fields(cycle));

        var intoSelf = await Fails(() => Registry.ReorganizeAsync(new ReorganizeRequest
        {
            EffectiveYear = 2023, Merge = new ReorganizeRequest.Types.Merge { SourceId = Seismic, TargetId = Seismic },
        }, As(UrumqiAdmin)).ResponseAsync);
        Assert.Equal(["target_id"], Fields(intoSelf));

        await Registry.ReorganizeAsync(new ReorganizeRequest { EffectiveYear = 2022, Dissolve = new ReorganizeRequest.Types.Dissolve { UnitId = ServiceCentre } }, As(UrumqiAdmin));
        var intoDissolved = await Fails(() => Registry.ReorganizeAsync(new ReorganizeRequest
        {
            EffectiveYear = 2023, Merge = new ReorganizeRequest.Types.Merge { SourceId = Seismic, TargetId = ServiceCentre },
        }, As(UrumqiAdmin)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, intoDissolved.StatusCode);

        var split = await Fails(() => Registry.ReportStaffingAsync(new ReportStaffingRequest
        {
            UnitId = Bureau, FiscalYear = 2022, ActualTotal = 165, InService = 92, RetiredLixiu = 0, Retired = 72,
        }, As(UrumqiAdmin)).ResponseAsync);
        Assert.Equal(["actual_total"], Fields(split));
        Assert.Contains("165 ≠ 在职 92 + 离休 0 + 退休 72 = 164", split.Status.Detail);

        await Registry.CloseFiscalYearsAsync(new CloseFiscalYearsRequest { FiscalYear = 2022 }, As(Admin));
        var closed = await Fails(() => Registry.ReorganizeAsync(new ReorganizeRequest
        {
            EffectiveYear = 2022, Rename = new ReorganizeRequest.Types.Rename { UnitId = Seismic, Name = "新名称" },
        }, As(UrumqiAdmin)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, closed.StatusCode);
        Assert.Contains("2022 年度已关闭", closed.Status.Detail);

        // Nothing partially written: still the four seeded units, no staffing.
        var all = await Registry.SearchUnitsAsync(new SearchUnitsRequest { AsOfYear = 2022, PageSize = 100 }, As(Clerk));
        Assert.Equal([Bureau, Detachment, ServiceCentre, Seismic], all.Units.Select(u => u.Id).Order());
        Assert.Equal("乌鲁木齐市地震监测中心", (await Registry.GetUnitAsync(new GetUnitRequest { UnitId = Seismic, AsOfYear = 2023 }, As(Clerk))).Name);
    }

    [Fact]
    public async Task RemainingOperations_GetRegionUpdateAncestorsSplit_Work()
    {
        var region = await Registry.GetRegionAsync(new GetRegionRequest { Code = "650100" }, As(Clerk));
        Assert.Equal(("乌鲁木齐市", RegionKind.City, "650000"), (region.Name, region.Kind, region.ParentCode));

        var updated = await Registry.UpdateUnitAsync(new UpdateUnitRequest
        {
            UnitId = Seismic, FromYear = 2023, Nature = "参照公务员法管理事业单位", SetSections = true, Sections = { "监测科", "预报科" },
        }, As(UrumqiAdmin));
        Assert.Equal(("参照公务员法管理事业单位", 2023), (updated.Nature, updated.VersionFromYear));
        Assert.Equal(["监测科", "预报科"], updated.Sections);
        Assert.Equal("事业单位", (await Registry.GetUnitAsync(new GetUnitRequest { UnitId = Seismic, AsOfYear = 2022 }, As(Clerk))).Nature);

        await Register("squad", "12650100MB0000021", "执法一大队", Detachment, "事业单位", year: 2021);
        var ancestors = await Registry.GetAncestorsAsync(new GetUnitRequest { UnitId = "squad", AsOfYear = 2022 }, As(Clerk));
        Assert.Equal([Detachment, Bureau], ancestors.Units.Select(u => u.Id));

        var split = await Registry.ReorganizeAsync(new ReorganizeRequest
        {
            EffectiveYear = 2024,
            Split = new ReorganizeRequest.Types.Split
            {
                SourceId = ServiceCentre,
                Parts =
                {
                    new RegisterUnitRequest { Id = "centre-a", CreditCode = Code("12650100MB0000022"), Name = "应急物资保障中心", RegionCode = "650100", ParentId = Bureau, Nature = "事业单位" },
                    new RegisterUnitRequest { Id = "centre-b", CreditCode = Code("12650100MB0000023"), Name = "应急宣传教育中心", RegionCode = "650100", ParentId = Bureau, Nature = "事业单位" },
                },
            },
        }, As(UrumqiAdmin));
        Assert.Equal("Split", split.Kind);
        Assert.Equal(["centre-a", "centre-b"], split.After);
        Assert.Equal("SPLIT", (await Registry.GetUnitAsync(new GetUnitRequest { UnitId = ServiceCentre, AsOfYear = 2024 }, As(Clerk))).Status);
        Assert.Contains("centre-b", await SubtreeAsync(Bureau, 2024));
        Assert.DoesNotContain("centre-b", await SubtreeAsync(Bureau, 2023));
    }

    [Fact]
    public async Task Authorization_AnonymousClerkAndForeignAdmin_Refused()
    {
        var request = new RegisterUnitRequest
        {
            Id = "n", CreditCode = Code("12650100MB0000006"), Name = "新单位", RegionCode = "650100", ParentId = Bureau, Nature = "事业单位", FromYear = 2022,
        };
        using var anonymous = GrpcChannel.ForAddress(_host.Address);
        var noCaller = await Assert.ThrowsAsync<RpcException>(() => new UnitRegistry.UnitRegistryClient(anonymous).GetUnitAsync(new GetUnitRequest { UnitId = Bureau, AsOfYear = 2022 }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, noCaller.StatusCode);
        var clerk = await Assert.ThrowsAsync<RpcException>(() => Registry.RegisterUnitAsync(request, As(Clerk)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, clerk.StatusCode);
        var foreign = await Assert.ThrowsAsync<RpcException>(() => Registry.RegisterUnitAsync(request, As(ChangjiAdmin)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, foreign.StatusCode);
        Assert.Contains("650100", foreign.Status.Detail);
        Assert.Equal("n", (await Registry.RegisterUnitAsync(request, As(UrumqiAdmin))).Id);
    }

    [Fact]
    public async Task GetUnit_OwnUnitTransferredToAnotherRegion_ItsStaffReadBothSidesOthersDoNot()
    {
        await Registry.RegisterUnitAsync(new RegisterUnitRequest
        {
            Id = "changji-dept", CreditCode = Code("11652300MB0000009"), Name = "昌吉回族自治州应急管理局", RegionCode = "652300", Nature = "行政单位", FromYear = 2019,
        }, As(Admin));
        await Registry.ReorganizeAsync(new ReorganizeRequest
        {
            EffectiveYear = 2024, Transfer = new ReorganizeRequest.Types.Transfer { UnitId = Seismic, ParentId = "changji-dept", RegionCode = "652300" },
        }, As(Admin));
        var before = new GetUnitRequest { UnitId = Seismic, AsOfYear = 2022 };
        var after = new GetUnitRequest { UnitId = Seismic, AsOfYear = 2025 };

        // The unit's clerk, whichever side of the move the account names, reads both sides of its own history.
        foreach (var region in new[] { "650100", "652300" })
        {
            var clerk = new CallerIdentity($"clerk-seismic-{region}", ["clerk"], region, Seismic);
            Assert.Equal("650100", (await Registry.GetUnitAsync(before, As(clerk))).RegionCode);
            Assert.Equal("652300", (await Registry.GetUnitAsync(after, As(clerk))).RegionCode);
        }
        // Not a token that only names the unit from a region it never sat in, nor a reviewer of the other side.
        foreach (var outsider in new[] { new CallerIdentity("clerk-elsewhere", ["clerk"], "652100", Seismic), new CallerIdentity("reviewer-changji", ["reviewer"], "652300") })
        {
            Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => Registry.GetUnitAsync(before, As(outsider)).ResponseAsync)).StatusCode);
        }
    }

    [Fact]
    public async Task Jurisdiction_ByRegionAndByUnit()
    {
        async Task<bool> Within(string unit, string scope, int year) =>
            (await Registry.IsWithinJurisdictionAsync(new JurisdictionRequest { UnitId = unit, Scope = scope, AsOfYear = year }, As(Clerk))).Within;
        Assert.True(await Within(Seismic, "650100", 2022));
        Assert.True(await Within(Seismic, "650000", 2022));
        Assert.False(await Within(Seismic, "652300", 2022));
        Assert.True(await Within(Seismic, Bureau, 2022));
        Assert.False(await Within(Bureau, Seismic, 2022));
    }

    [Fact]
    public async Task SearchUnits_KeysetPages_CoverEveryMatchOnce()
    {
        var seen = new List<string>();
        string token = "";
        do
        {
            var page = await Registry.SearchUnitsAsync(new SearchUnitsRequest { Query = "乌鲁木齐", AsOfYear = 2022, PageSize = 3, PageToken = token }, As(Clerk));
            Assert.True(page.Units.Count <= 3);
            seen.AddRange(page.Units.Select(u => u.Id));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        Assert.Equal([Bureau, Detachment, ServiceCentre, Seismic], seen);
        var byCode = await Registry.SearchUnitsAsync(new SearchUnitsRequest { Query = Code("12650100MB0000004")[..10], AsOfYear = 2022 }, As(Clerk));
        Assert.Contains(byCode.Units, u => u.Id == Seismic);
    }

    [Fact]
    public async Task Changes_EventsInOutboxOncePerChange_AndStateSurvivesRestart()
    {
        await Registry.ReportStaffingAsync(new ReportStaffingRequest
        {
            UnitId = Bureau, FiscalYear = 2022, ActualTotal = 165, InService = 92, RetiredLixiu = 0, Retired = 73,
        }, As(UrumqiAdmin));
        await Registry.DefineScopeAsync(new DefineScopeRequest { DepartmentId = Bureau, FiscalYear = 2022, UnitIds = { Bureau, Detachment, ServiceCentre, Seismic } }, As(UrumqiAdmin));
        await Registry.ReorganizeAsync(new ReorganizeRequest
        {
            EffectiveYear = 2023, Merge = new ReorganizeRequest.Types.Merge { SourceId = Detachment, TargetId = Bureau },
        }, As(UrumqiAdmin));

        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (await db.OutboxMessages.AnyAsync(m => m.PublishedAt == null))
            {
                Assert.True(DateTime.UtcNow < deadline, "outbox not drained");
                await Task.Delay(20);
            }
            var byType = (await db.OutboxMessages.AsNoTracking().ToListAsync()).GroupBy(m => m.Type).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(4, byType["Platform.Events.V1.UnitRegistered"]);
            Assert.Equal(1, byType["Platform.Events.V1.StaffingReported"]);
            Assert.Equal(1, byType["Platform.Events.V1.ScopeDefined"]);
            Assert.Equal(1, byType["Platform.Events.V1.UnitReorganized"]);
            Assert.Equal(1, byType["Platform.Events.V1.UnitChanged"]);
            Assert.Equal(3, byType["Platform.Events.V1.RegionAdded"]);
        }

        // A new host on the same database sees the same registry.
        await _host.DisposeAsync();
        _host = await StartHostAsync(await ReuseSettingsAsync());
        _channel.Dispose();
        _channel = GrpcChannel.ForAddress(_host.Address);
        Registry = new UnitRegistry.UnitRegistryClient(_channel);
        Assert.Equal([Bureau, ServiceCentre, Seismic], await SubtreeAsync(Bureau, 2023));
        Assert.Equal([Bureau, Detachment, ServiceCentre, Seismic], await SubtreeAsync(Bureau, 2022));
        Assert.Equal(4, (await Registry.GetScopeAsync(new GetScopeRequest { DepartmentId = Bureau, FiscalYear = 2022 }, As(Clerk))).UnitIds.Count);
    }

    protected virtual Task<Dictionary<string, string?>> ReuseSettingsAsync() => Task.FromResult(LastSettings!);

    protected Dictionary<string, string?>? LastSettings { get; set; }
}

public sealed class SqliteRegistryFunctionalTests : RegistryFunctionalTests
{
    protected override Task<Dictionary<string, string?>> DatabaseSettingsAsync()
    {
        var dir = Directory.CreateTempSubdirectory("registry-").FullName;
        LastSettings = new Dictionary<string, string?> { ["ConnectionStrings:registry"] = $"Data Source={Path.Combine(dir, "registry.db")}" };
        return Task.FromResult(LastSettings);
    }
}

public sealed class PostgresRegistryFunctionalTests : RegistryFunctionalTests
{
    protected override async Task<Dictionary<string, string?>> DatabaseSettingsAsync()
    {
        LastSettings = new Dictionary<string, string?> { ["ConnectionStrings:registry"] = await TestServers.CreatePostgresDatabaseAsync("registry") };
        return LastSettings;
    }
}
