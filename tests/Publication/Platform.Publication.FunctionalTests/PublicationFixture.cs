using Grpc.Core;
using Grpc.Net.Client;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Platform.Accounts.Host;
using Platform.Accounts.V1;
using Platform.Assets.Host;
using Platform.Assets.V1;
using Platform.Grpc;
using Platform.Grpc.Security;
using Platform.Performance.Host;
using Platform.Performance.V1;
using Platform.Publication.Host;
using Platform.Publication.V1;
using Platform.Registry.Client;
using Platform.Registry.Host;
using Platform.Registry.V1;
using Platform.Testing;
using Platform.Testing.Accounts;
using Platform.Testing.Performance;
using AccountsCellValue = Platform.Accounts.V1.CellValue;
using AccountsSaveDraft = Platform.Accounts.V1.SaveDraftRequest;
using PerformanceSaveDraft = Platform.Performance.V1.SaveDraftRequest;

namespace Platform.Publication.FunctionalTests;

/// <summary>
/// Every service the disclosure is written from, with the publication service, in one Kestrel host on real PostgreSQL
/// (a database per service), RabbitMQ (events between them) and Redis (the document cache): the registry's regions and
/// departments, and the steps a department and its finance office take (file, approve, report, evaluate, correct).
/// Each test uses its own department, so the tests do not depend on each other's order.
/// </summary>
public sealed class PublicationFixture : IAsyncLifetime
{
    public static readonly CallerIdentity RegistryAdmin = new("admin-xj", ["registry-admin"], "650000");
    public static readonly CallerIdentity CityReviewer = new("reviewer-urumqi", ["reviewer"], "650100");
    public static readonly CallerIdentity RegionReviewer = new("reviewer-xj", ["reviewer"], "650000");
    public static readonly CallerIdentity ChangjiReviewer = new("reviewer-changji", ["reviewer"], "652300");

    /// <summary>The host's clock, moved forward by tests that need a deadline to pass.</summary>
    /// <summary>The clock of the host and of the callers' signatures (the overdue tests move it forward).</summary>
    public ShiftedTime Time => SharedTime;

    private static readonly ShiftedTime SharedTime = new();

    public TestHost Host { get; private set; } = null!;
    public GrpcChannel Channel { get; private set; } = null!;
    public Uri HttpAddress { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public Publications.PublicationsClient Publications { get; private set; } = null!;
    public FinalAccounts.FinalAccountsClient Accounts { get; private set; } = null!;
    public UnitRegistry.UnitRegistryClient Registry { get; private set; } = null!;
    public PerformanceEvaluations.PerformanceEvaluationsClient Performance { get; private set; } = null!;
    public AssetInventory.AssetInventoryClient Assets { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Platform:HttpPort"] = "0",
            ["Messaging:RabbitMq"] = TestServers.RabbitMq.ToString(),
            ["Messaging:EndpointPrefix"] = "publication-" + Guid.NewGuid().ToString("N")[..8],
            ["Cache:Redis"] = TestServers.Redis,
        };
        foreach (var service in new[] { "registry", "accounts", "performance", "assets", "publication" })
        {
            settings[$"ConnectionStrings:{service}"] = await TestServers.CreatePostgresDatabaseAsync(service);
        }
        Host = await TestHost.StartAsync(
            configureBuilder: b =>
            {
                b.Services.AddSingleton<TimeProvider>(Time);
                b.AddRegistryService();
                b.AddAccountsService();
                b.AddPerformanceService();
                b.AddAssetsService();
                b.AddPublicationService();
            },
            configureApp: app =>
            {
                app.MapRegistryService();
                app.MapAccountsService();
                app.MapPerformanceService();
                app.MapAssetsService();
                app.MapPublicationService();
            },
            settings: settings);
        Channel = GrpcChannel.ForAddress(Host.Address);
        // The HTTP/1.1 listener publication sites and browsers use (the other address is the h2c gRPC port).
        HttpAddress = Host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).Single(a => a != Host.Address);
        Http = new HttpClient { BaseAddress = HttpAddress };
        Publications = new Publications.PublicationsClient(Channel);
        Accounts = new FinalAccounts.FinalAccountsClient(Channel);
        Registry = new UnitRegistry.UnitRegistryClient(Channel);
        Performance = new PerformanceEvaluations.PerformanceEvaluationsClient(Channel);
        Assets = new AssetInventory.AssetInventoryClient(Channel);
        foreach (var (code, name, kind, parent) in new[]
        {
            ("650000", "新疆维吾尔自治区", RegionKind.AutonomousRegion, ""),
            ("650100", "乌鲁木齐市", RegionKind.City, "650000"),
            ("652300", "昌吉回族自治州", RegionKind.Prefecture, "650000"),
        })
        {
            await Registry.AddRegionAsync(new AddRegionRequest { Code = code, Name = name, Kind = kind, ParentCode = parent }, As(RegistryAdmin));
        }
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        Channel.Dispose();
        await Host.DisposeAsync();
    }

    public static CallOptions As(CallerIdentity caller) => new(headers: TestHost.Codec().Headers(caller, SharedTime.GetUtcNow()));

    public static CallOptions Anonymous => new();

    private int _units;

    /// <summary>Registers a department of Ürümqi (行政单位) with its functions and sections; returns its id and clerk.</summary>
    public async Task<(string Id, CallerIdentity Clerk)> RegisterDepartmentAsync(string name)
    {
        var n = Interlocked.Increment(ref _units);
        var id = $"dept-{n}-{Guid.NewGuid().ToString("N")[..6]}";
        var request = new RegisterUnitRequest
        {
            Id = id, CreditCode = Platform.Registry.Domain.CreditCode.Complete($"11650100MB{n:0000000}").Value, Name = name, RegionCode = "650100",
            Nature = "行政单位", FromYear = 2020,
        };
        request.Functions.Add("（一）负责应急管理工作。");
        request.Sections.Add("办公室");
        request.Sections.Add("应急指挥中心");
        await Registry.RegisterUnitAsync(request, As(RegistryAdmin));
        return (id, new CallerIdentity($"clerk-{id}", ["clerk"], "650100", id));
    }

    /// <summary>Files the consistent 2022 return, explains every warning the validation raises (the assets reconciliation's included), submits.</summary>
    public async Task<Return> FileAndSubmitAsync(string unitId, CallerIdentity clerk, int version = 0, IEnumerable<(string Cell, string Value)>? changes = null)
    {
        var current = version == 0
            ? await Accounts.OpenReturnAsync(new OpenReturnRequest { UnitId = unitId, FiscalYear = 2022 }, As(clerk))
            : await Accounts.GetReturnAsync(new ReturnRef { UnitId = unitId, FiscalYear = 2022, Version = version }, As(clerk));
        var reference = new ReturnRef { UnitId = unitId, FiscalYear = 2022, Version = current.Version };
        var save = new AccountsSaveDraft { Ref = reference, Revision = current.Revision, Why = "entered from the ledger" };
        save.Cells.AddRange((changes ?? SampleReturns.Consistent2022).Select(c => new AccountsCellValue { Cell = c.Cell, Value = c.Value }));
        save.Explanations.Add(new Platform.Accounts.V1.Explanation { Target = "Z01[INC_TOTAL]", Text = "本年新增地震监测项目经费。" });
        var saved = await Accounts.SaveDraftAsync(save, As(clerk));
        var report = await Accounts.ValidateReturnAsync(reference, As(clerk));
        var unexplained = report.Findings.Where(f => f.Severity == "warning" && !f.Explained && f.ExplainAt.Length > 0).Select(f => f.ExplainAt).Distinct().ToList();
        if (unexplained.Count > 0)
        {
            var explain = new AccountsSaveDraft { Ref = reference, Revision = saved.Revision, Why = "explanations" };
            explain.Explanations.AddRange(unexplained.Select(at => new Platform.Accounts.V1.Explanation { Target = at, Text = "已与资产卡片核对，差异原因已说明。" }));
            saved = await Accounts.SaveDraftAsync(explain, As(clerk));
        }
        return await Accounts.SubmitReturnAsync(new SubmitReturnRequest { Ref = reference, Revision = saved.Revision }, As(clerk));
    }

    public Task<Return> ApproveAsync(string unitId, int version) =>
        Accounts.ReviewReturnAsync(new ReviewReturnRequest { Ref = new ReturnRef { UnitId = unitId, FiscalYear = 2022, Version = version }, Decision = ReviewReturnRequest.Types.Decision.Approve }, As(CityReviewer)).ResponseAsync;

    public Task<Inventory> ReportInventoryAsync(string unitId, CallerIdentity clerk)
    {
        var request = new ReportInventoryRequest { Ref = new InventoryRef { UnitId = unitId, FiscalYear = 2022 }, Figures = new InventoryFigures { FixedAssetsTotal = "2913570", BuildingsArea = "0", BuildingsValue = "0" } };
        return Assets.ReportInventoryAsync(request, As(clerk)).ResponseAsync;
    }

    public async Task<Platform.Performance.V1.Evaluation> SubmitEvaluationAsync(string unitId, CallerIdentity clerk)
    {
        var reference = new EvaluationRef { UnitId = unitId, FiscalYear = 2022, Project = "地震监测设备运维" };
        var draft = await Performance.SaveDraftAsync(new PerformanceSaveDraft { Ref = reference, ProjectForm = SampleEvaluations.ProjectForm() }, As(clerk));
        return await Performance.SubmitEvaluationAsync(new SubmitEvaluationRequest { Ref = reference, Revision = draft.Revision }, As(clerk));
    }

    /// <summary>Polls until <paramref name="condition"/> holds (events travel through RabbitMQ); fails with the last value after 60 s.</summary>
    public static Task<T> EventuallyAsync<T>(Func<AsyncUnaryCall<T>> read, Func<T, bool> condition, string what) =>
        EventuallyAsync(() => read().ResponseAsync, condition, what);

    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            T value;
            try
            {
                value = await read();
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
                continue;
            }
            if (condition(value))
            {
                return value;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen within 60 s; last: {value}");
            await Task.Delay(100);
        }
    }

    public Task<PublicationStatus> StatusAsync(string unitId) =>
        Publications.GetStatusAsync(new GetStatusRequest { UnitId = unitId, FiscalYear = 2022 }, As(CityReviewer)).ResponseAsync;

    public Task<HttpResponseMessage> GetAsync(string path, string? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }
        return Http.SendAsync(request);
    }

    public static void AssertStatus(HttpStatusCode expected, HttpResponseMessage response, string route) =>
        Assert.True(response.StatusCode == expected, $"{route}: expected {(int)expected}, got {(int)response.StatusCode}");
}

/// <summary>The system clock plus an offset a test can move (deadlines), shared by every service of the host.</summary>
public sealed class ShiftedTime : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}

[CollectionDefinition(Name)]
public sealed class PublicationCollection : ICollectionFixture<PublicationFixture>
{
    public const string Name = "publication";
}
