using Grpc.Core;
using Grpc.Net.Client;
using Google.Protobuf;
using Platform.Grpc;
using Platform.Grpc.Security;
using Platform.Performance.Host;
using Platform.Performance.V1;
using Platform.Registry.Client;
using Platform.Registry.Host;
using Platform.Registry.V1;
using Platform.Testing;
using Platform.Testing.Performance;

namespace Platform.Performance.FunctionalTests;

/// <summary>
/// The performance service with the registry on a real Kestrel port and a fresh PostgreSQL database per test class:
/// the region tree and the departments of the shared documents, and the callers the tests act as.
/// </summary>
public abstract class PerformanceFixture : IAsyncLifetime
{
    protected const string Bureau = "urumqi-emergency";
    protected const string Seismic = "urumqi-seismic";
    protected const string Xinshi = "xinshi-emergency";
    protected const string Changji = "changji-emergency";

    protected static readonly CallerIdentity RegistryAdmin = new("admin-xj", ["registry-admin"], "650000");
    protected static readonly CallerIdentity Clerk = new("clerk-seismic", ["clerk"], "650100", Seismic);
    protected static readonly CallerIdentity BureauClerk = new("clerk-bureau", ["clerk"], "650100", Bureau);
    protected static readonly CallerIdentity ChangjiClerk = new("clerk-changji", ["clerk"], "652300", Changji);
    protected static readonly CallerIdentity CityReviewer = new("reviewer-urumqi", ["reviewer"], "650100");
    protected static readonly CallerIdentity ChangjiReviewer = new("reviewer-changji", ["reviewer"], "652300");
    protected static readonly CallerIdentity RegionReviewer = new("reviewer-xj", ["reviewer"], "650000");
    protected static readonly CallerIdentity Importer = new("importer", ["performance-admin"], "650000");
    protected static readonly CallerIdentity ChangjiImporter = new("importer-changji", ["performance-admin"], "652300");

    protected TestHost Host { get; private set; } = null!;
    private GrpcChannel _channel = null!;
    protected PerformanceEvaluations.PerformanceEvaluationsClient Performance { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var settings = await DatabasesAsync();
        Host = await TestHost.StartAsync(
            configureBuilder: b => { b.AddRegistryService(); b.AddPerformanceService(); },
            configureApp: app => { app.MapRegistryService(); app.MapPerformanceService(); },
            settings: settings);
        _channel = GrpcChannel.ForAddress(Host.Address);
        Performance = new PerformanceEvaluations.PerformanceEvaluationsClient(_channel);
        var registry = new UnitRegistry.UnitRegistryClient(_channel);
        foreach (var (code, name, kind, parent) in new[]
        {
            ("650000", "新疆维吾尔自治区", RegionKind.AutonomousRegion, ""),
            ("650100", "乌鲁木齐市", RegionKind.City, "650000"),
            ("650104", "新市区", RegionKind.County, "650100"),
            ("652300", "昌吉回族自治州", RegionKind.Prefecture, "650000"),
        })
        {
            await registry.AddRegionAsync(new AddRegionRequest { Code = code, Name = name, Kind = kind, ParentCode = parent }, As(RegistryAdmin));
        }
        foreach (var (id, credit, name, region, parent) in new[]
        {
            (Bureau, "11650100MB00000016", "乌鲁木齐市应急管理局（市矿山安全监督管理局）", "650100", ""),
            (Seismic, "12650100MB0000004C", "乌鲁木齐市地震监测中心", "650100", Bureau),
            (Changji, "11652300MB0000009F", "昌吉回族自治州应急管理局", "652300", ""),
            (Xinshi, "11650104MB0000003M", "乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）应急管理局", "650104", ""),
        })
        {
            await registry.RegisterUnitAsync(new RegisterUnitRequest
            {
                Id = id, CreditCode = Platform.Registry.Domain.CreditCode.Complete(credit[..17]).Value, Name = name, RegionCode = region, ParentId = parent,
                Nature = parent.Length == 0 ? "行政单位" : "事业单位", FromYear = 2020,
            }, As(RegistryAdmin));
        }
    }

    /// <summary>PostgreSQL, a fresh database per service and test class; the embedded tests override this with SQLite files.</summary>
    protected virtual async Task<Dictionary<string, string?>> DatabasesAsync() => new()
    {
        ["ConnectionStrings:registry"] = await TestServers.CreatePostgresDatabaseAsync("registry"),
        ["ConnectionStrings:performance"] = await TestServers.CreatePostgresDatabaseAsync("performance"),
    };

    public virtual async Task DisposeAsync()
    {
        _channel.Dispose();
        await Host.DisposeAsync();
    }

    protected static CallOptions As(CallerIdentity caller) => TestHost.As(caller);

    protected static List<(string Field, string Description)> Violations(RpcException ex) =>
        ex.FieldViolations().Select(v => (v.Field, v.Description)).ToList();

    /// <summary>A transcription of the shared documents, as the repository carries them (services/Demo/disclosures).</summary>
    protected static byte[] Document(string name) => File.ReadAllBytes(Path.Combine(RepoRoot(), "services/Demo/disclosures", name));

    protected Task<ImportDisclosureResponse> ImportAsync(string name, CallerIdentity? caller = null) =>
        Performance.ImportDisclosureAsync(new ImportDisclosureRequest { Transcription = ByteString.CopyFrom(Document(name)), FileName = name }, As(caller ?? Importer)).ResponseAsync;

    /// <summary>The shared consistent project form (<see cref="SampleEvaluations.ProjectForm"/>).</summary>
    protected static ProjectForm SampleForm(string name = "地震监测设备运维") => SampleEvaluations.ProjectForm(name);

    protected static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
        {
            dir = dir.Parent;
        }
        return dir!.FullName;
    }
}
