using Grpc.Core;
using Grpc.Net.Client;
using Google.Protobuf;
using Platform.Accounts.Host;
using Platform.Assets.Host;
using Platform.Grpc;
using Platform.Grpc.Security;
using Platform.Registry.Client;
using Platform.Registry.Host;
using Platform.Registry.V1;
using Platform.Accounts.V1;
using Platform.Assets.V1;
using Platform.Testing;
using CreditCode = Platform.Registry.Domain.CreditCode;

namespace Platform.Assets.FunctionalTests;

/// <summary>
/// The assets service with the registry and the accounts service in one host on a real Kestrel port, each on a fresh
/// PostgreSQL database (the embedded default's layout: events through the in-process bus): 000's department and its
/// units, a Changji department, and the callers the tests act as.
/// </summary>
public abstract class AssetsFixture : IAsyncLifetime
{
    protected const string Bureau = "urumqi-emergency";
    protected const string Seismic = "urumqi-seismic";
    protected const string Detachment = "urumqi-enforcement";
    protected const string Services = "urumqi-services";
    protected const string Changji = "changji-emergency";

    protected static readonly CallerIdentity RegistryAdmin = new("admin-xj", ["registry-admin"], "650000");
    protected static readonly CallerIdentity Clerk = new("clerk-seismic", ["clerk"], "650100", Seismic);
    protected static readonly CallerIdentity BureauClerk = new("clerk-bureau", ["clerk"], "650100", Bureau);
    protected static readonly CallerIdentity CityReviewer = new("reviewer-urumqi", ["reviewer"], "650100");
    protected static readonly CallerIdentity ChangjiReviewer = new("reviewer-changji", ["reviewer"], "652300");
    protected static readonly CallerIdentity Admin = new("admin-xj", ["assets-admin", "accounts-admin", "registry-admin"], "650000");
    protected static readonly CallerIdentity ChangjiAdmin = new("admin-changji", ["assets-admin"], "652300");

    protected TestHost Host { get; private set; } = null!;
    private GrpcChannel _channel = null!;
    protected AssetInventory.AssetInventoryClient Assets { get; private set; } = null!;
    protected FinalAccounts.FinalAccountsClient Accounts { get; private set; } = null!;
    protected UnitRegistry.UnitRegistryClient Registry { get; private set; } = null!;
    protected Platform.Accounts.V1.Consolidation.ConsolidationClient Consolidation { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await TestHost.StartAsync(
            configureBuilder: b => { b.AddRegistryService(); b.AddAccountsService(); b.AddAssetsService(); },
            configureApp: app => { app.MapRegistryService(); app.MapAccountsService(); app.MapAssetsService(); },
            settings: new Dictionary<string, string?>
            {
                ["ConnectionStrings:registry"] = await TestServers.CreatePostgresDatabaseAsync("registry"),
                ["ConnectionStrings:accounts"] = await TestServers.CreatePostgresDatabaseAsync("accounts"),
                ["ConnectionStrings:assets"] = await TestServers.CreatePostgresDatabaseAsync("assets"),
            });
        _channel = GrpcChannel.ForAddress(Host.Address);
        Assets = new AssetInventory.AssetInventoryClient(_channel);
        Accounts = new FinalAccounts.FinalAccountsClient(_channel);
        Registry = new UnitRegistry.UnitRegistryClient(_channel);
        Consolidation = new Platform.Accounts.V1.Consolidation.ConsolidationClient(_channel);
        foreach (var (code, name, kind, parent) in new[]
        {
            ("650000", "新疆维吾尔自治区", RegionKind.AutonomousRegion, ""),
            ("650100", "乌鲁木齐市", RegionKind.City, "650000"),
            ("652300", "昌吉回族自治州", RegionKind.Prefecture, "650000"),
        })
        {
            await Registry.AddRegionAsync(new AddRegionRequest { Code = code, Name = name, Kind = kind, ParentCode = parent }, As(RegistryAdmin));
        }
        var n = 0;
        foreach (var (id, name, region, parent) in new[]
        {
            (Bureau, "乌鲁木齐市应急管理局（市矿山安全监督管理局）", "650100", ""),
            (Detachment, "乌鲁木齐市应急管理综合行政执法支队", "650100", Bureau),
            (Services, "乌鲁木齐市应急管理事务服务中心", "650100", Bureau),
            (Seismic, "乌鲁木齐市地震监测中心", "650100", Bureau),
            (Changji, "昌吉回族自治州应急管理局", "652300", ""),
        })
        {
            await Registry.RegisterUnitAsync(new RegisterUnitRequest
            {
                Id = id, CreditCode = CreditCode.Complete($"{(parent.Length == 0 ? 11 : 12)}{region}MB{++n:0000000}").Value, Name = name, RegionCode = region,
                ParentId = parent, Nature = parent.Length == 0 ? "行政单位" : "事业单位", FromYear = 2020,
            }, As(RegistryAdmin));
        }
    }

    public virtual async Task DisposeAsync()
    {
        _channel.Dispose();
        await Host.DisposeAsync();
    }

    protected static CallOptions As(CallerIdentity caller) => TestHost.As(caller);

    protected static List<(string Field, string Description)> Violations(RpcException ex) =>
        ex.FieldViolations().Select(v => (v.Field, v.Description)).ToList();

    protected static byte[] Document(string name) => File.ReadAllBytes(Path.Combine(RepoRoot(), "services/Demo/disclosures", name));

    protected static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
        {
            dir = dir.Parent;
        }
        return dir!.FullName;
    }

    protected static ByteString Bytes(byte[] content) => ByteString.CopyFrom(content);
}
